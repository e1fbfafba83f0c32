/**
 * A renderer-neutral view of a clinical report: what the PDF shows.
 * Built by `toReportView` (see report-view-mapping.ts) from the same input that builds the CDA,
 * so the readable PDF and the embedded cda.xml never disagree.
 */
export interface ReportView {
  title: string; // Italian, e.g. "Referto di specialistica ambulatoriale"
  /** contact: the clinic's phone and e-mail, printed next to its P.IVA. */
  clinic: { name: string; fiscalCode: string; addressLines: string[]; contact?: string };
  patient: { fullName: string; fiscalCode: string; birthDate?: string; sex?: string };
  doctor: { fullName: string; fiscalCode: string; specialty?: string };
  serviceDate: string; // ISO date-time
  documentDate: string; // ISO date-time
  sections: Array<{ title: string; paragraphs: string[]; table?: { headers: string[]; rows: string[][] } }>;
  identificativoDoc: string;
  version: number;
}
