// Body of the LAB (Referto di Medicina di Laboratorio), after the official example LAB.xml (docs/cda-validation.md §1) and
// schematron LAB 27.1: one "sezione di specialità" per LOINC specialty, with a narrative table and
// one entry per result (act → observation). Every observation carries statusCode, effectiveTime
// and value; every reference range an interpretationCode (ERRORE-b22..b27).
import { formatNumber } from '../../../../contract/format-it.js';
import { OID } from '../../shared/index.js';
import { codeEl, decimal, loinc, xsiType, type El } from './cda-xml.js';
import { ts } from './cda-header.js';
import type { CdaContext } from './cda-context.js';
import { LAB_SPECIALTIES, type LabReport, type LabResult } from './report-model.js';
import type { PlannedSection } from './section-plan.js';

const INTERPRETATIONS: Record<string, { display: string; italian: string }> = {
  N: { display: 'Normal', italian: 'Normale' },
  H: { display: 'High', italian: 'Alto' },
  L: { display: 'Low', italian: 'Basso' },
  A: { display: 'Abnormal', italian: 'Anomalo' },
  HH: { display: 'Critical high', italian: 'Criticamente alto' },
  LL: { display: 'Critical low', italian: 'Criticamente basso' },
  AA: { display: 'Critical abnormal', italian: 'Criticamente anomalo' },
  POS: { display: 'Positive', italian: 'Positivo' },
  NEG: { display: 'Negative', italian: 'Negativo' },
  DET: { display: 'Detected', italian: 'Rilevato' },
  ND: { display: 'Not detected', italian: 'Non rilevato' },
  IND: { display: 'Indeterminate', italian: 'Indeterminato' },
};

const SPECIMENS: Record<string, string> = {
  BLD: 'Whole blood',
  SER: 'Serum',
  PLAS: 'Plasma',
  UR: 'Urine',
  STL: 'Stool = Fecal',
  CSF: 'Cerebral spinal fluid',
  SPT: 'Sputum',
};

/** UCUM unity for dimensionless numbers (PQ needs a unit). */
const UNITY = '1';

export function formatRange(r: LabResult['range'], unit?: string): string {
  if (!r) return '';
  const u = unit && unit !== UNITY ? ` ${unit}` : '';
  let s = '';
  if (r.low !== undefined && r.high !== undefined) s = `${formatNumber(r.low)} - ${formatNumber(r.high)}${u}`;
  else if (r.low !== undefined) s = `> ${formatNumber(r.low)}${u}`;
  else if (r.high !== undefined) s = `< ${formatNumber(r.high)}${u}`;
  if (r.text) s = s ? `${s} (${r.text})` : r.text;
  return s;
}

export function formatResultValue(r: LabResult): string {
  return typeof r.value === 'number' ? formatNumber(r.value) : r.value;
}

export function interpretationLabel(code: string | undefined): string {
  return code ? (INTERPRETATIONS[code]?.italian ?? code) : '';
}

export function planLab(report: LabReport, _ctx: CdaContext): PlannedSection[] {
  return report.sections.map((sec, s) => {
    const sid = `SEZ-${s + 1}`;
    const specialty = LAB_SPECIALTIES[sec.specialty] ?? sec.specialty;
    const noteIds = sec.results.map((r, i) => (r.note ? `${sid}-NOTA-${i + 1}` : undefined));
    return {
      id: sid,
      code: loinc(sec.specialty, specialty.toUpperCase()),
      title: sec.title ?? specialty,
      table: {
        headers: ['Esame', 'Risultato', 'Unità di misura', 'Intervallo di riferimento', 'Interpretazione', 'Note'],
        rows: sec.results.map((r) => [
          r.display,
          formatResultValue(r),
          r.unit ?? '',
          formatRange(r.range, r.unit),
          interpretationLabel(r.interpretation),
          r.note ?? '',
        ]),
        rowIds: sec.results.map((_, i) => `${sid}-RIS-${i + 1}`),
        cellIds: sec.results.map((_, i) => [undefined, undefined, undefined, undefined, undefined, noteIds[i]]),
      },
      entries: (section: El) => {
        sec.results.forEach((r, i) => resultEntry(section, r, report, noteIds[i]));
      },
    };
  });
}

function resultEntry(section: El, r: LabResult, report: LabReport, noteId: string | undefined): void {
  const act = section.ele('entry', { typeCode: 'DRIV' }).ele('act', { classCode: 'ACT', moodCode: 'EVN' });
  codeEl(act, 'code', loinc(r.code, r.display));
  act.ele('statusCode', { code: 'completed' });
  if (r.specimen) specimenEl(act, r.specimen);
  if (noteId) {
    const note = act.ele('entryRelationship', { typeCode: 'SUBJ' }).ele('act', { classCode: 'ACT', moodCode: 'EVN' });
    codeEl(note, 'code', loinc('48767-8', 'Annotazioni e commenti'));
    note.ele('text').ele('reference', { value: `#${noteId}` });
  }
  const obs = act.ele('entryRelationship', { typeCode: 'COMP' }).ele('observation', { classCode: 'OBS', moodCode: 'EVN' });
  codeEl(obs, 'code', loinc(r.code, r.display));
  obs.ele('statusCode', { code: 'completed' });
  obs.ele('effectiveTime', { value: ts(r.date ?? report.specimenCollectedAt ?? report.serviceDate) });
  if (typeof r.value === 'number') {
    xsiType(obs.ele('value', { value: decimal(r.value), unit: r.unit ?? UNITY }), 'PQ');
  } else {
    xsiType(obs.ele('value'), 'ST').txt(r.value);
  }
  if (r.interpretation) interpretationEl(obs, r.interpretation);
  if (r.range) {
    const range = obs.ele('referenceRange').ele('observationRange');
    if (r.range.text) range.ele('text').txt(r.range.text);
    if (r.range.low !== undefined || r.range.high !== undefined) {
      const v = xsiType(range.ele('value'), 'IVL_PQ');
      if (r.range.low !== undefined) v.ele('low', { value: decimal(r.range.low), unit: r.unit ?? UNITY });
      if (r.range.high !== undefined) v.ele('high', { value: decimal(r.range.high), unit: r.unit ?? UNITY });
    }
    // The range given is the normal one (LAB 27.1 ERRORE-b27 wants an interpretationCode here).
    interpretationEl(range, 'N');
  }
}

function interpretationEl(parent: El, code: string): void {
  codeEl(parent, 'interpretationCode', {
    code,
    codeSystem: OID.interpretation,
    codeSystemName: 'HL7 Observation Interpretation',
    displayName: INTERPRETATIONS[code]?.display,
  });
}

function specimenEl(parent: El, code: string): void {
  const entity = parent.ele('specimen').ele('specimenRole').ele('specimenPlayingEntity');
  codeEl(entity, 'code', { code, codeSystem: OID.specimenType, codeSystemName: 'SpecimenType', displayName: SPECIMENS[code] });
}
