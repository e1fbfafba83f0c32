// Body of the RAD (Referto di Radiologia), after the official example RAD.xml (docs/cda-validation.md §1) and schematron
// RAD 4.1: "Esame eseguito" (with act entries carrying statusCode and effectiveTime) and
// "Referto" are mandatory; every act is classCode ACT, moodCode EVN.
import { loinc } from './cda-xml.js';
import { ts } from './cda-header.js';
import type { CdaContext } from './cda-context.js';
import type { RadReport } from './report-model.js';
import type { PlannedSection } from './section-plan.js';
import { codedWithText } from './coded-text.js';
import { formatClinicDateTime } from './hl7-time.js';

export function planRad(report: RadReport, _ctx: CdaContext): PlannedSection[] {
  const sections: PlannedSection[] = [];
  if (report.reason)
    sections.push({
      id: 'QUESITO_DIAGNOSTICO',
      code: loinc('18785-6', 'Motivo per lo studio - Radiologia'),
      title: 'Quesito diagnostico',
      text: report.reason,
    });
  if (report.history) sections.push({ id: 'STORIA_CLINICA', code: loinc('11329-0', 'Storia Generale'), title: 'Storia clinica', text: report.history });

  const rowIds = report.examinations.map((_, i) => `ESAME-${i + 1}`);
  sections.push({
    id: 'ESAME_ESEGUITO',
    code: loinc('55111-9', 'Descrizioni attuale procedure di imaging'),
    title: 'Esame eseguito',
    table: {
      headers: ['Esame', 'Codice', 'Data'],
      rows: report.examinations.map((e) => [e.description, e.code ? e.code.code : '', formatClinicDateTime(e.date ?? report.serviceDate)]),
      rowIds,
    },
    entries: (section) => {
      report.examinations.forEach((e, i) => {
        const act = section.ele('entry').ele('act', { classCode: 'ACT', moodCode: 'EVN' });
        codedWithText(act, e.code, `#${rowIds[i]}`);
        act.ele('statusCode', { code: 'completed' });
        act.ele('effectiveTime', { value: ts(e.date ?? report.serviceDate) });
      });
    },
  });

  sections.push({ id: 'REFERTO', code: loinc('18782-3', 'Rilievo - Radiologia'), title: 'Referto', text: report.findings });
  if (report.conclusions) sections.push({ id: 'CONCLUSIONI', code: loinc('55110-1', 'Conclusioni'), title: 'Conclusioni', text: report.conclusions });
  if (report.suggestions)
    sections.push({
      id: 'SUGGERIMENTI_MEDICO_PRESCRITTORE',
      code: loinc('18783-1', 'Raccomandazione studio - Radiologia'),
      title: 'Suggerimenti per il medico prescrittore',
      text: report.suggestions,
    });
  return sections;
}
