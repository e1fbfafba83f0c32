// The report as the «Nuovo referto» form edits it, in the clinic's words: one shape for the three
// kinds (RSA visita specialistica, LAB laboratorio, RAD radiologia), with the kind's own block.
// Every text field is a string ('' = not filled) so a half-typed draft is still a valid ReportForm;
// the main process maps it onto the report model (main/core/document/cda/report-model.ts), runs
// the same checks the CDA would get and answers with problems pointing at these field paths.
import { z } from 'zod';
import { CF_PATTERN } from './profile.js';

export const REPORT_KINDS = ['RSA', 'LAB', 'RAD'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  RSA: 'Visita specialistica',
  LAB: 'Referto di laboratorio',
  RAD: 'Referto di radiologia',
};

/** Regime of provision (the gateway's `administrativeRequest`), with the names a clinic uses. */
export const ADMINISTRATIVE_REQUEST_OPTIONS = [
  { code: 'SSN', display: 'SSN (a carico del Servizio sanitario nazionale)' },
  { code: 'NOSSN', display: 'Privato (a carico del paziente)' },
  { code: 'SSR', display: 'SSR (a carico del Servizio sanitario regionale)' },
  { code: 'INPATIENT', display: 'Ricovero' },
  { code: 'DONOR', display: 'Donatore' },
] as const;
export type AdministrativeRequestCode = (typeof ADMINISTRATIVE_REQUEST_OPTIONS)[number]['code'];

/**
 * The default regime from the clinic's repository: REP999 (accredited private clinic) → NOSSN, REP201–203 (in
 * convenzione) → SSN. Same rule as main/core/gateway/derive-body.ts defaultAdministrativeRequest (kept here too so
 * the renderer can prefill the form without a call).
 */
export function defaultAdministrativeRequestFor(repository: string | undefined): AdministrativeRequestCode {
  return repository === '999' ? 'NOSSN' : 'SSN';
}

export const CONFIDENTIALITY_OPTIONS = [
  { code: 'N', display: 'Normale' },
  { code: 'R', display: 'Riservato' },
  { code: 'V', display: 'Molto riservato' },
] as const;

/** LAB abnormal flag (HL7 ObservationInterpretation): '' = not stated. */
export const ABNORMAL_FLAG_OPTIONS = [
  { code: 'N', display: 'Normale' },
  { code: 'H', display: 'Alto' },
  { code: 'L', display: 'Basso' },
  { code: 'A', display: 'Anomalo' },
  { code: 'HH', display: 'Criticamente alto' },
  { code: 'LL', display: 'Criticamente basso' },
  { code: 'POS', display: 'Positivo' },
  { code: 'NEG', display: 'Negativo' },
] as const;

/** LAB specimen types (HL7 SpecimenType) the form offers; '' = not stated. */
export const SPECIMEN_OPTIONS = [
  { code: 'BLD', display: 'Sangue intero' },
  { code: 'SER', display: 'Siero' },
  { code: 'PLAS', display: 'Plasma' },
  { code: 'UR', display: 'Urine' },
  { code: 'STL', display: 'Feci' },
  { code: 'CSF', display: 'Liquor' },
  { code: 'SPT', display: 'Espettorato' },
] as const;

/** LAB "sezioni di specialità" (LOINC section codes the schematron accepts), most used first. */
export const LAB_SECTION_OPTIONS = [
  { code: '18719-5', display: 'Chimica clinica' },
  { code: '18723-7', display: 'Ematologia' },
  { code: '18720-3', display: 'Coagulazione' },
  { code: '18729-4', display: 'Esami delle urine' },
  { code: '18727-8', display: 'Sierologia' },
  { code: '18725-2', display: 'Microbiologia' },
  { code: '18768-2', display: 'Conta cellulare e formula leucocitaria' },
  { code: '18767-4', display: 'Emogasanalisi' },
  { code: '18728-6', display: 'Tossicologia' },
  { code: '18721-1', display: 'Monitoraggio terapeutico dei farmaci' },
  { code: '18722-9', display: 'Fertilità' },
  { code: '18716-1', display: 'Allergologia' },
  { code: '18717-9', display: 'Banca del sangue' },
  { code: '18718-7', display: 'Marcatori cellulari' },
  { code: '18724-5', display: 'HLA' },
  { code: '18769-0', display: 'Suscettibilità antimicrobica' },
  { code: '26435-8', display: 'Patologia molecolare' },
  { code: '26436-6', display: 'Esami di laboratorio' },
  { code: '26437-4', display: 'Test di sensibilità a sostanze chimiche' },
  { code: '26438-2', display: 'Citologia' },
  { code: '26439-0', display: 'Patologia chirurgica' },
] as const;
export const DEFAULT_LAB_SECTION = '18719-5';

// Structural limits only: the content rules (required fields, formats, schematron) run in the main process so a
// draft with empty fields still travels. Lengths are generous caps against abuse, above the report model's.
const s = (max = 500) => z.string().max(max);
const long = s(100_000);

const addressSchema = z.object({ street: s(200), city: s(100), postalCode: s(10), province: s(10), istatCode: s(10) }).strict();

const patientSchema = z
  .object({
    fiscalCode: s(32),
    givenName: s(100),
    familyName: s(100),
    /** AAAA-MM-GG; prefilled from the tax code where possible (birthFromFiscalCode). */
    birthDate: s(10),
    sex: z.enum(['', 'M', 'F', 'UN']),
    address: addressSchema.optional(),
    phone: s(30),
    email: s(200),
  })
  .strict();

/** A service performed (RSA) or an exam (RAD): ICD9-CM code chosen from the searchable list, plus the description. */
const codedLineSchema = z.object({ code: s(64), description: s(500) }).strict();

const rsaSchema = z
  .object({
    reason: long,
    history: long,
    examination: long,
    services: z.array(codedLineSchema).max(100),
    findings: long,
    conclusions: long,
    suggestions: long,
  })
  .strict();

const labResultSchema = z
  .object({
    /** LAB section (LOINC specialty code, LAB_SECTION_OPTIONS). */
    section: s(16),
    /** The test, chosen by name: LOINC code + its name. */
    code: s(16),
    display: s(300),
    /** As typed: a number with comma or point becomes a number, anything else stays text (e.g. «assente»). */
    value: s(2000),
    unit: s(40),
    rangeLow: s(30),
    rangeHigh: s(30),
    rangeText: s(200),
    abnormal: z.enum(['', 'N', 'H', 'L', 'A', 'HH', 'LL', 'POS', 'NEG']),
    specimen: s(10),
    note: s(2000),
  })
  .strict();

const labSchema = z
  .object({
    /** When the specimens were collected (AAAA-MM-GGTHH:MM), '' = not stated. */
    collectedAt: s(30),
    results: z.array(labResultSchema).max(500),
  })
  .strict();

const radSchema = z
  .object({
    reason: long,
    history: long,
    exams: z.array(codedLineSchema).max(50),
    technique: long,
    findings: long,
    conclusions: long,
    suggestions: long,
  })
  .strict();

export const reportFormSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    patient: patientSchema,
    /** profile.doctors[i].id of the reporting doctor. */
    doctorId: s(40),
    /** AD_PSCnnn; the doctor's discipline by default. */
    discipline: s(16),
    /** AAAA-MM-GGTHH:MM, Italian local time. */
    serviceDate: s(30),
    documentDate: s(30),
    administrativeRequest: z.enum(['', 'SSN', 'NOSSN', 'SSR', 'INPATIENT', 'DONOR']),
    confidentiality: z.enum(['N', 'R', 'V']),
    /** Numero di ricetta elettronica (15 characters), '' when the service was not prescribed. */
    nre: s(20),
    rsa: rsaSchema.optional(),
    lab: labSchema.optional(),
    rad: radSchema.optional(),
    /** «Sostituisci»: the documentId (documents library) of the version this report replaces. */
    replaceOf: z.number().int().positive().optional(),
    /** «Correggi e invia di nuovo»: the documentId of the rejected report this one corrects (a new publication). */
    correctOf: z.number().int().positive().optional(),
    /** «Importa PDF»: the imported PDF (reports:import-pdf) that carries this report instead of the rendered one. */
    importId: s(64).optional(),
  })
  .strict();

export type ReportForm = z.infer<typeof reportFormSchema>;
export type ReportFormPatient = ReportForm['patient'];
export type RsaBlock = NonNullable<ReportForm['rsa']>;
export type LabBlock = NonNullable<ReportForm['lab']>;
export type LabResultRow = LabBlock['results'][number];
export type CodedLine = RsaBlock['services'][number];

/**
 * A problem of the form: `field` is the dotted path into ReportForm (`patient.fiscalCode`, `rsa.findings`,
 * `lab.results.2.unit`), '' when it belongs to no field (shown at the top of the form).
 */
export interface ReportProblem {
  field: string;
  /** Italian, ready to show. */
  message: string;
  severity: 'error' | 'warning';
}

export const emptyCodedLine = (): CodedLine => ({ code: '', description: '' });

export const emptyLabResult = (section: string = DEFAULT_LAB_SECTION): LabResultRow => ({
  section,
  code: '',
  display: '',
  value: '',
  unit: '',
  rangeLow: '',
  rangeHigh: '',
  rangeText: '',
  abnormal: '',
  specimen: '',
  note: '',
});

/** What emptyReportForm reads from the profile (a structural subset, so the renderer can pass its Profile). */
export interface ReportFormDefaults {
  clinic?: { repository?: string };
  doctors?: Array<{ id: string; discipline?: string | undefined }>;
}

/** `2026-03-12T09:30` in Italian local time: the value of an <input type="datetime-local">. */
export function formDateTime(at: Date): string {
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Rome',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at))
    parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * A new, empty report of one kind. With the profile: the only doctor preselected (with the doctor's discipline)
 * and the regime defaulted from the repository; with `now`: service and report dates set to now.
 */
export function emptyReportForm(kind: ReportKind, profile?: ReportFormDefaults, now?: Date): ReportForm {
  const doctors = profile?.doctors ?? [];
  const only = doctors.length === 1 ? doctors[0] : undefined;
  const when = now ? formDateTime(now) : '';
  const form: ReportForm = {
    kind,
    patient: { fiscalCode: '', givenName: '', familyName: '', birthDate: '', sex: '', phone: '', email: '' },
    doctorId: only?.id ?? '',
    discipline: only?.discipline ?? '',
    serviceDate: when,
    documentDate: when,
    administrativeRequest: profile?.clinic ? defaultAdministrativeRequestFor(profile.clinic.repository) : '',
    confidentiality: 'N',
    nre: '',
  };
  if (kind === 'RSA') form.rsa = { reason: '', history: '', examination: '', services: [emptyCodedLine()], findings: '', conclusions: '', suggestions: '' };
  if (kind === 'LAB') form.lab = { collectedAt: '', results: [emptyLabResult()] };
  if (kind === 'RAD') form.rad = { reason: '', history: '', exams: [emptyCodedLine()], technique: '', findings: '', conclusions: '', suggestions: '' };
  return form;
}

// Birth date and sex from the tax code, for prefilling. Hand-written (a dozen lines) because contract/ must stay
// free of dependencies apart from zod; the main process checks the whole code (check character included) with
// codice-fiscale-js. Omocodia (digits replaced by letters) is undone first.
const OMOCODIA = 'LMNPQRSTUV';
const MONTHS = 'ABCDEHLMPRST';

const digitOf = (c: string): string => (/[0-9]/.test(c) ? c : String(OMOCODIA.indexOf(c)));

/**
 * `{ birthDate: 'AAAA-MM-GG', sex: 'M' | 'F' }` from a personal tax code, or undefined when the code does not have
 * the shape of one. The century is the latest that does not put the birth after `today` (a 2-digit year).
 */
export function birthFromFiscalCode(fiscalCode: string, today: Date): { birthDate: string; sex: 'M' | 'F' } | undefined {
  const cf = fiscalCode.trim().toUpperCase();
  if (!CF_PATTERN.test(cf)) return undefined;
  const yy = Number(digitOf(cf[6]!) + digitOf(cf[7]!));
  const month = MONTHS.indexOf(cf[8]!) + 1;
  let day = Number(digitOf(cf[9]!) + digitOf(cf[10]!));
  const sex = day > 40 ? 'F' : 'M';
  if (day > 40) day -= 40;
  if (day < 1 || day > 31 || month < 1) return undefined;
  const currentYear = today.getUTCFullYear();
  let year = Math.floor(currentYear / 100) * 100 + yy;
  if (year > currentYear) year -= 100;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return undefined; // e.g. 31 February
  if (probe.getTime() > today.getTime()) year -= 100;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return { birthDate: `${year}-${pad(month)}-${pad(day)}`, sex };
}
