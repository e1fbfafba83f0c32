// ReportForm (what «Nuovo referto» edits, contract/report-form.ts) → the report model JSON the document room
// validates and builds the CDA from (main/core/document/cda/report-model.ts), and back: a problem the model, the
// XSD, the schematron or the terminology check finds on a model path is moved onto the form field that causes it.
// Empty rows of the form's lists are dropped here, so the model sees only what was filled in; the index maps
// keep the problems on the row the user typed.
import { birthFromFiscalCode, type LabResultRow, type ReportForm, type ReportProblem } from '../../../../contract/report-form.js';
import type { Doctor, Profile } from '../../../../contract/profile.js';

export interface ReplacedVersion {
  identificativoDoc: string;
  setId: string;
  version: number;
}

export interface MappedReport {
  type: ReportForm['kind'];
  /** The report model's input: validated by the document room. */
  report: Record<string, unknown>;
  /** Problems found while mapping (no doctor chosen, a number that is not one…). */
  problems: ReportProblem[];
  /** Model path → form path, for the problems of the later checks. */
  fieldOf(modelPath: string): string;
}

export interface MapOptions {
  now: Date;
  replaces?: ReplacedVersion | undefined;
  /** The name of a code in a terminology list, to fill a description left empty. */
  describe?: ((system: 'icd9cm' | 'loinc', code: string) => string | undefined) | undefined;
}

const blank = (v: string | undefined): boolean => v === undefined || v.trim() === '';
const orUndefined = (v: string | undefined): string | undefined => (blank(v) ? undefined : v!.trim());

/** `12,5` and `12.5` are numbers; anything else (e.g. «assente», «< 5») stays text. */
const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;
const toNumber = (v: string): number => Number(v.trim().replace(',', '.'));

export const doctorOf = (profile: Pick<Profile, 'doctors'>, doctorId: string): Doctor | undefined => profile.doctors?.find((d) => d.id === doctorId);

export function mapFormToReport(form: ReportForm, profile: Pick<Profile, 'doctors'>, opts: MapOptions): MappedReport {
  const problems: ReportProblem[] = [];
  const error = (field: string, message: string): void => void problems.push({ field, message, severity: 'error' });
  const report: Record<string, unknown> = {};

  // Patient: birth date and sex from the tax code when left empty (the form prefills them too).
  const p = form.patient;
  const derived = birthFromFiscalCode(p.fiscalCode, opts.now);
  const address = p.address && Object.values(p.address).some((v) => !blank(v)) ? p.address : undefined;
  report.patient = {
    fiscalCode: p.fiscalCode.trim().toUpperCase(),
    givenName: p.givenName,
    familyName: p.familyName,
    ...((orUndefined(p.birthDate) ?? derived?.birthDate) ? { birthDate: orUndefined(p.birthDate) ?? derived?.birthDate } : {}),
    ...(p.sex || derived?.sex ? { sex: p.sex || derived?.sex } : {}),
    ...(address
      ? {
          address: {
            street: address.street,
            city: address.city,
            ...(orUndefined(address.postalCode) ? { postalCode: address.postalCode.trim() } : {}),
            ...(orUndefined(address.province) ? { province: address.province.trim().toUpperCase() } : {}),
            ...(orUndefined(address.istatCode) ? { istatCode: address.istatCode.trim() } : {}),
          },
        }
      : {}),
    ...(orUndefined(p.phone) ? { phone: p.phone } : {}),
    ...(orUndefined(p.email) ? { email: p.email } : {}),
  };

  // The doctor comes from the clinic's list: its data are fixed in «Medici e operatori», not on the form.
  const doctor = blank(form.doctorId) ? undefined : doctorOf(profile, form.doctorId);
  if (blank(form.doctorId)) error('doctorId', 'Scegliere il medico che firma il referto.');
  else if (!doctor) error('doctorId', 'Il medico scelto non è più nell\u2019elenco della struttura: sceglierne un altro.');
  if (doctor) {
    report.doctor = {
      fiscalCode: doctor.fiscalCode,
      givenName: doctor.givenName,
      familyName: doctor.familyName,
      ...(doctor.title ? { title: doctor.title } : {}),
      ...(doctor.specialty ? { specialty: doctor.specialty } : {}),
      ...(doctor.phone ? { phone: doctor.phone } : {}),
      ...(doctor.email ? { email: doctor.email } : {}),
    };
  }

  if (!blank(form.serviceDate)) report.serviceDate = form.serviceDate.trim();
  if (!blank(form.documentDate)) report.documentDate = form.documentDate.trim();
  report.confidentiality = form.confidentiality;
  if (!blank(form.nre)) report.order = { nre: form.nre.trim().toUpperCase() };
  if (opts.replaces) report.replaces = { ...opts.replaces };

  // Rows kept → their index in the form.
  const lineIndex: number[] = [];
  const labIndex: Array<{ section: number; rows: number[] }> = [];
  const kindKey = form.kind.toLowerCase() as 'rsa' | 'lab' | 'rad';

  const codedLines = (lines: Array<{ code: string; description: string }>, system: 'icd9cm') =>
    lines.flatMap((line, i) => {
      if (blank(line.code) && blank(line.description)) return [];
      lineIndex.push(i);
      const code = orUndefined(line.code);
      const display = code ? opts.describe?.(system, code) : undefined;
      return [
        {
          ...(code ? { code: { code, system: 'ICD9CM', ...(display ? { display } : {}) } } : {}),
          // An empty description takes the code's name from the list: the clinic picked it, that is what it did.
          description: orUndefined(line.description) ?? display ?? '',
        },
      ];
    });

  if (form.kind === 'RSA') {
    const b = form.rsa;
    if (!b) error('', 'Mancano i dati della visita.');
    else {
      for (const k of ['reason', 'history', 'examination', 'findings', 'conclusions', 'suggestions'] as const) report[k] = b[k];
      report.services = codedLines(b.services, 'icd9cm');
    }
  } else if (form.kind === 'RAD') {
    const b = form.rad;
    if (!b) error('', 'Mancano i dati dell\u2019esame radiologico.');
    else {
      for (const k of ['reason', 'history', 'conclusions', 'suggestions'] as const) report[k] = b[k];
      report.examinations = codedLines(b.exams, 'icd9cm');
      // The RAD model has no technique section: the technique opens the «Referto» text (only when there is one, so
      // an empty report text is still reported as missing).
      report.findings = !blank(b.technique) && !blank(b.findings) ? `Tecnica: ${b.technique.trim()}\n\n${b.findings}` : b.findings;
    }
  } else {
    const b = form.lab;
    if (!b) error('', 'Mancano i risultati di laboratorio.');
    else {
      if (!blank(b.collectedAt)) report.specimenCollectedAt = b.collectedAt.trim();
      const sections = new Map<string, { specialty: string; results: unknown[] }>();
      b.results.forEach((row, i) => {
        if (blank(row.code) && blank(row.display) && blank(row.value)) return;
        const key = row.section.trim();
        let s = sections.get(key);
        if (!s) {
          s = { specialty: key, results: [] };
          sections.set(key, s);
          labIndex.push({ section: labIndex.length, rows: [] });
        }
        labIndex[[...sections.keys()].indexOf(key)]!.rows.push(i);
        s.results.push(labResult(row, i, error));
      });
      report.sections = [...sections.values()];
    }
  }

  const fieldOf = (modelPath: string): string => formField(modelPath, kindKey, lineIndex, labIndex);
  return { type: form.kind, report, problems, fieldOf };
}

function labResult(row: LabResultRow, i: number, error: (field: string, message: string) => void): Record<string, unknown> {
  const at = `lab.results.${i}`;
  const number = (v: string, field: string, what: string): number | undefined => {
    if (blank(v)) return undefined;
    if (!NUMBER.test(v.trim())) {
      error(`${at}.${field}`, `${what} deve essere un numero (es. 3,5).`);
      return undefined;
    }
    return toNumber(v);
  };
  const low = number(row.rangeLow, 'rangeLow', 'Il minimo dell\u2019intervallo di riferimento');
  const high = number(row.rangeHigh, 'rangeHigh', 'Il massimo dell\u2019intervallo di riferimento');
  const hasRange = low !== undefined || high !== undefined || !blank(row.rangeText);
  return {
    code: row.code.trim(),
    display: row.display,
    // A value the user did not type stays missing (the model says «Indicare il risultato»).
    ...(blank(row.value) ? {} : { value: NUMBER.test(row.value.trim()) ? toNumber(row.value) : row.value }),
    ...(orUndefined(row.unit) ? { unit: row.unit.trim() } : {}),
    ...(hasRange
      ? { range: { ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}), ...(blank(row.rangeText) ? {} : { text: row.rangeText }) } }
      : {}),
    ...(row.abnormal ? { interpretation: row.abnormal } : {}),
    ...(orUndefined(row.specimen) ? { specimen: row.specimen.trim().toUpperCase() } : {}),
    ...(orUndefined(row.note) ? { note: row.note } : {}),
  };
}

const LAB_FIELDS: Record<string, string> = {
  code: 'code',
  display: 'display',
  value: 'value',
  unit: 'unit',
  interpretation: 'abnormal',
  specimen: 'specimen',
  note: 'note',
  date: 'value',
};

/** The form field for a report-model path (`sections.1.results.0.unit` → `lab.results.3.unit`); '' when none. */
function formField(modelPath: string, kind: 'rsa' | 'lab' | 'rad', lines: number[], lab: Array<{ rows: number[] }>): string {
  const parts = modelPath.split('.');
  const [head, ...rest] = parts;
  switch (head) {
    case 'patient':
      // The address is one block on the form: its sub-fields keep their names.
      return modelPath === 'patient.address.country' ? 'patient.address' : modelPath || 'patient';
    case 'doctor':
      return 'doctorId';
    case 'serviceDate':
    case 'serviceEndDate':
      return 'serviceDate';
    case 'documentDate':
      return 'documentDate';
    case 'confidentiality':
      return 'confidentiality';
    case 'order':
      return 'nre';
    case 'reason':
    case 'history':
    case 'examination':
    case 'findings':
    case 'conclusions':
    case 'suggestions':
      return kind === 'lab' ? '' : `${kind}.${head}`;
    case 'services':
    case 'examinations': {
      const list = kind === 'rad' ? 'rad.exams' : 'rsa.services';
      if (rest.length === 0) return list;
      const row = lines[Number(rest[0])];
      if (row === undefined) return list;
      if (rest[1] === 'date') return 'serviceDate';
      return `${list}.${row}.${rest[1] === 'code' ? 'code' : 'description'}`;
    }
    case 'specimenCollectedAt':
      return 'lab.collectedAt';
    case 'sections': {
      if (rest.length === 0) return 'lab.results';
      const section = lab[Number(rest[0])];
      if (!section) return 'lab.results';
      if (rest[1] === 'specialty') return `lab.results.${section.rows[0]}.section`;
      if (rest[1] !== 'results' || rest[2] === undefined) return 'lab.results';
      const row = section.rows[Number(rest[2])];
      if (row === undefined) return 'lab.results';
      if (rest[3] === 'range') return `lab.results.${row}.${rest[4] === 'high' ? 'rangeHigh' : rest[4] === 'text' ? 'rangeText' : 'rangeLow'}`;
      return `lab.results.${row}${rest[3] ? `.${LAB_FIELDS[rest[3]] ?? 'value'}` : ''}`;
    }
    default:
      // localId, replaces, access: set by the app, not by the user.
      return '';
  }
}
