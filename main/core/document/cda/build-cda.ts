// buildCda: report + context → CDA2 XML text (UTF-8, no BOM, XML declaration first), written
// with xmlbuilder2 so every text and attribute is escaped by the library.
import { buildHeader } from './cda-header.js';
import type { CdaContext } from './cda-context.js';
import { narrativeParagraphs, narrativeTable, sectionEl } from './cda-xml.js';
import type { DocumentType } from './identificativo-doc.js';
import type { ReportByType } from './report-model.js';
import type { PlannedSection } from './section-plan.js';
import { planRsa } from './build-rsa.js';
import { planLab } from './build-lab.js';
import { planRad } from './build-rad.js';

export function planSections<T extends DocumentType>(type: T, report: ReportByType[T], ctx: CdaContext): PlannedSection[] {
  switch (type) {
    case 'RSA':
      return planRsa(report as ReportByType['RSA'], ctx);
    case 'LAB':
      return planLab(report as ReportByType['LAB'], ctx);
    case 'RAD':
      return planRad(report as ReportByType['RAD'], ctx);
    default:
      throw new Error(`unknown document type ${String(type)}`);
  }
}

export function buildCda<T extends DocumentType>(type: T, report: ReportByType[T], ctx: CdaContext): string {
  const { doc, root } = buildHeader(type, report, ctx);
  const body = root.ele('component').ele('structuredBody');
  for (const planned of planSections(type, report, ctx)) {
    const { section, text } = sectionEl(body, planned);
    if (planned.table) {
      const t = planned.table;
      narrativeTable(
        text,
        t.headers,
        t.rows.map((cells, i) => ({
          id: t.rowIds?.[i],
          cells: cells.map((c, j) => ({ text: c, id: t.cellIds?.[i]?.[j] })),
        })),
      );
    }
    if (planned.text) narrativeParagraphs(text, planned.text);
    planned.entries?.(section);
  }
  // Pretty-printed for people who open cda.xml. The indentation it adds inside narrative blocks is
  // not significant: CDA narrative collapses whitespace like HTML does.
  return doc.end({ prettyPrint: true });
}
