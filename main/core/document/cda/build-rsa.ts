// Body of the RSA (Referto di Specialistica Ambulatoriale), after the official example RSA.xml (docs/cda-validation.md §1) and
// schematron RSA 8.3: "Prestazioni" (with entries) and "Referto" are mandatory, the rest optional.
import { loinc } from './cda-xml.js';
import { codedWithText } from './coded-text.js';
import { ts } from './cda-header.js';
import type { CdaContext } from './cda-context.js';
import type { RsaReport } from './report-model.js';
import type { PlannedSection } from './section-plan.js';
import { formatClinicDateTime } from './hl7-time.js';

export function planRsa(report: RsaReport, _ctx: CdaContext): PlannedSection[] {
  const sections: PlannedSection[] = [];
  if (report.reason)
    sections.push({ id: 'QUESITO_DIAGNOSTICO', code: loinc('29299-5', 'Motivo della visita'), title: 'Quesito diagnostico', text: report.reason });
  if (report.history) sections.push({ id: 'STORIA_CLINICA', code: loinc('11329-0', 'Storia Generale'), title: 'Anamnesi', text: report.history });
  if (report.examination)
    sections.push({ id: 'ESAME_OBIETTIVO', code: loinc('29545-1', 'Osservazioni fisiche'), title: 'Esame obiettivo', text: report.examination });

  const rowIds = report.services.map((_, i) => `PRESTAZIONE-${i + 1}`);
  sections.push({
    id: 'PRESTAZIONI',
    code: loinc('62387-6', 'Interventi'),
    title: 'Prestazioni eseguite',
    table: {
      headers: ['Prestazione', 'Codice', 'Data'],
      rows: report.services.map((s) => [s.description, s.code ? s.code.code : '', formatClinicDateTime(s.date ?? report.serviceDate)]),
      rowIds,
    },
    entries: (section) => {
      report.services.forEach((s, i) => {
        const act = section.ele('entry').ele('act', { classCode: 'ACT', moodCode: 'EVN' });
        codedWithText(act, s.code, `#${rowIds[i]}`);
        act.ele('statusCode', { code: 'completed' });
        act.ele('effectiveTime', { value: ts(s.date ?? report.serviceDate) });
      });
    },
  });

  sections.push({ id: 'REFERTO', code: loinc('47045-0', 'Referto'), title: 'Referto', text: report.findings });
  if (report.conclusions) sections.push({ id: 'CONCLUSIONI', code: loinc('55110-1', 'Conclusioni'), title: 'Conclusioni', text: report.conclusions });
  if (report.suggestions)
    sections.push({
      id: 'SUGGERIMENTI_MEDICO_PRESCRITTORE',
      code: loinc('62385-0', 'Raccomandazioni'),
      title: 'Suggerimenti per il medico prescrittore',
      text: report.suggestions,
    });
  return sections;
}
