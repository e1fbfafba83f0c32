// toReportView: the PDF's view of a report, built from the same section plan as the CDA.
import type { CdaContext } from './cda-context.js';
import { DOCUMENT_KINDS } from './document-kinds.js';
import { planSections } from './build-cda.js';
import { splitParagraphs } from './cda-xml.js';
import { isoRome, parseClinicDateTime } from './hl7-time.js';
import type { DocumentType } from './identificativo-doc.js';
import type { Address, ReportByType } from './report-model.js';
import type { ReportView } from './report-view.js';

export type { ReportView } from './report-view.js';

const SEX_LABELS = { M: 'Maschio', F: 'Femmina', UN: 'Non determinato' } as const;

export function addressLines(a: Address | undefined): string[] {
  if (!a) return [];
  const cityLine = [a.postalCode, a.city].filter(Boolean).join(' ') + (a.province ? ` (${a.province})` : '');
  return [a.street, cityLine];
}

/** The clinic's phone and e-mail (profile.clinic.phone/email) for the report header, when given. */
function contactOf(c: { phone?: string | undefined; email?: string | undefined }): { contact?: string } {
  const parts = [c.phone ? `Tel. ${c.phone}` : '', c.email ?? ''].filter(Boolean);
  return parts.length > 0 ? { contact: parts.join(' - ') } : {};
}

function iso(text: string): string {
  const d = parseClinicDateTime(text);
  return d ? isoRome(d) : text;
}

export function toReportView<T extends DocumentType>(type: T, report: ReportByType[T], ctx: CdaContext): ReportView {
  const doctorName = [report.doctor.title, report.doctor.givenName, report.doctor.familyName].filter(Boolean).join(' ');
  const sections = planSections(type, report, ctx).map((s) => {
    const section: ReportView['sections'][number] = { title: s.title, paragraphs: s.text ? splitParagraphs(s.text) : [] };
    if (s.table) section.table = { headers: [...s.table.headers], rows: s.table.rows.map((r) => [...r]) };
    return section;
  });
  const view: ReportView = {
    title: DOCUMENT_KINDS[type].title,
    clinic: { name: ctx.clinic.name, fiscalCode: ctx.clinic.fiscalCode, addressLines: addressLines(ctx.clinic.address), ...contactOf(ctx.clinic) },
    patient: {
      fullName: `${report.patient.givenName} ${report.patient.familyName}`,
      fiscalCode: report.patient.fiscalCode,
      birthDate: report.patient.birthDate,
      sex: SEX_LABELS[report.patient.sex],
    },
    doctor: { fullName: doctorName, fiscalCode: report.doctor.fiscalCode },
    serviceDate: iso(report.serviceDate),
    documentDate: iso(report.documentDate),
    sections,
    identificativoDoc: ctx.identificativoDoc,
    version: ctx.version,
  };
  if (report.doctor.specialty) view.doctor.specialty = report.doctor.specialty;
  return view;
}
