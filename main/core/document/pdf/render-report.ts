// The readable A4 report: clinic header, patient and doctor blocks, service and document dates,
// the report's sections (wrapped paragraphs, simple tables), and on every page a footer with the
// document id, version and "Pagina X di Y". Output depends only on the view and opts.now.
import { formatWrittenDate, formatWrittenDateTime } from '../../../../contract/format-it.js';
import { degrees, drawText, PDFArray, PDFDocument, PDFHexString, PDFName, rgb, type Color, type PDFFont, type PDFPage } from 'pdf-lib';
import { sha256Hex } from '../../shared/index.js';
import type { ReportView } from '../cda/report-view.js';
import { checkPrintable, printableText } from './printable-text.js';
import { embedReportFonts, type ReportFonts as Fonts } from './report-fonts.js';
import { wrapText } from './text-layout.js';
import { buildXmp } from './xmp.js';

export interface RenderOptions {
  /** Creation/modification date of the PDF; also seeds the file identifier. */
  now: Date;
  /** Application name and version for /Creator and xmp:CreatorTool, e.g. "FSE Desk 0.1.0". */
  creator?: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 56, right: 56, top: 52, bottom: 64 };
const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const ACCENT = rgb(0.11, 0.3, 0.45);
const GREY = rgb(0.38, 0.38, 0.38);
const RULE = rgb(0.75, 0.78, 0.82);
const TABLE_HEAD = rgb(0.92, 0.94, 0.96);
const BLACK = rgb(0, 0, 0);

const BODY = { size: 10.5, leading: 14.5 };
const TABLE = { size: 9.5, leading: 12.5, pad: 4 };

// PDFPage.drawText() registers the font under a new resource name on every call (pdf-lib
// 1.17), so a page would list the same font dozens of times. Text is drawn with pdf-lib's
// public drawText operators instead, with one resource name per font and page.
const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

function put(page: PDFPage, text: string, o: { x: number; y: number; font: PDFFont; size: number; color: Color }): void {
  let keys = fontKeys.get(page);
  if (!keys) fontKeys.set(page, (keys = new Map()));
  let key = keys.get(o.font);
  if (!key) keys.set(o.font, (key = page.node.newFontDictionary(o.font.name, o.font.ref)));
  const zero = degrees(0);
  page.pushOperators(...drawText(o.font.encodeText(text), { x: o.x, y: o.y, font: key, size: o.size, color: o.color, rotate: zero, xSkew: zero, ySkew: zero }));
}

/** Lays content out top to bottom and opens a new page (with a short running header) when needed. */
class Layout {
  page!: PDFPage;
  y = 0;
  readonly pages: PDFPage[] = [];

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
    private readonly runningHeader: string,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN.top;
    if (this.pages.length > 1) {
      this.text(this.runningHeader, MARGIN.left, this.y - 8, this.fonts.regular, 8.5, GREY, CONTENT_WIDTH);
      this.y -= 14;
      this.rule(this.y, RULE, 0.5);
      this.y -= 16;
    }
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  /** Draws one line of already fitted text; shrinks it if it would overflow `maxWidth`. */
  text(s: string, x: number, y: number, font: PDFFont, size: number, color = BLACK, maxWidth = CONTENT_WIDTH): void {
    const t = printableText(s, font);
    let sz = size;
    while (sz > 5 && font.widthOfTextAtSize(t, sz) > maxWidth) sz -= 0.5;
    put(this.page, t, { x, y, font, size: sz, color });
  }

  rule(y: number, color = RULE, thickness = 0.75): void {
    this.page.drawLine({ start: { x: MARGIN.left, y }, end: { x: A4.width - MARGIN.right, y }, thickness, color });
  }

  /** Wrapped paragraph at the cursor, page breaks between lines. */
  paragraph(s: string, font = this.fonts.regular, size = BODY.size, leading = BODY.leading): void {
    for (const line of wrapText(s, font, size, CONTENT_WIDTH)) {
      this.ensure(leading);
      this.y -= leading;
      if (line) put(this.page, line, { x: MARGIN.left, y: this.y + (leading - size) / 2, font, size, color: BLACK });
    }
  }
}

function drawHeader(l: Layout, view: ReportView): void {
  const { regular, bold } = l.fonts;
  l.y -= 16;
  l.text(view.clinic.name, MARGIN.left, l.y, bold, 15, ACCENT);
  // Phone and e-mail share the P.IVA line (the header keeps its height), or take their own when too wide.
  const ids = [`P.IVA ${view.clinic.fiscalCode}`, ...(view.clinic.contact ? [view.clinic.contact] : [])];
  const idsLine = ids.join(' - ');
  const idLines = regular.widthOfTextAtSize(printableText(idsLine, regular), 9.5) <= CONTENT_WIDTH ? [idsLine] : ids;
  for (const line of [...view.clinic.addressLines, ...idLines]) {
    l.y -= 12.5;
    l.text(line, MARGIN.left, l.y, regular, 9.5, GREY);
  }
  l.y -= 10;
  l.rule(l.y, ACCENT, 1.5);
  l.y -= 30;
  const title = printableText(view.title, bold);
  let size = 16;
  while (size > 10 && bold.widthOfTextAtSize(title, size) > CONTENT_WIDTH) size -= 0.5;
  put(l.page, title, { x: (A4.width - bold.widthOfTextAtSize(title, size)) / 2, y: l.y, font: bold, size, color: BLACK });
  l.y -= 22;
}

/** Two boxes side by side: "Paziente" and "Medico", each a bold name and labelled lines. */
function drawPeople(l: Layout, view: ReportView): void {
  const { regular, bold } = l.fonts;
  const gap = 14;
  const boxWidth = (CONTENT_WIDTH - gap) / 2;
  const pad = 9;
  const inner = boxWidth - 2 * pad;
  const sexLabel = (s?: string): string | undefined => (s === 'M' ? 'Maschio' : s === 'F' ? 'Femmina' : s);

  const blocks: Array<{ label: string; name: string; lines: string[] }> = [
    {
      label: 'PAZIENTE',
      name: view.patient.fullName,
      lines: [
        `Codice fiscale: ${view.patient.fiscalCode}`,
        ...(view.patient.birthDate ? [`Data di nascita: ${formatWrittenDate(view.patient.birthDate)}`] : []),
        ...(sexLabel(view.patient.sex) ? [`Sesso: ${sexLabel(view.patient.sex)}`] : []),
      ],
    },
    {
      label: 'MEDICO REFERTANTE',
      name: view.doctor.fullName,
      lines: [`Codice fiscale: ${view.doctor.fiscalCode}`, ...(view.doctor.specialty ? [`Specialità: ${view.doctor.specialty}`] : [])],
    },
  ];
  const wrapped = blocks.map((b) => ({
    label: b.label,
    name: wrapText(b.name, bold, 11.5, inner),
    lines: b.lines.flatMap((s) => wrapText(s, regular, 9.5, inner)),
  }));
  const heightOf = (b: (typeof wrapped)[number]): number => pad + 10 + 4 + b.name.length * 14 + b.lines.length * 13 + pad;
  const height = Math.max(...wrapped.map(heightOf));
  l.ensure(height);
  const top = l.y;
  wrapped.forEach((b, i) => {
    const x = MARGIN.left + i * (boxWidth + gap);
    l.page.drawRectangle({ x, y: top - height, width: boxWidth, height, borderColor: RULE, borderWidth: 0.75 });
    let y = top - pad - 8;
    put(l.page, b.label, { x: x + pad, y, font: bold, size: 7.5, color: ACCENT });
    y -= 4;
    for (const line of b.name) {
      y -= 14;
      put(l.page, line, { x: x + pad, y, font: bold, size: 11.5, color: BLACK });
    }
    for (const line of b.lines) {
      y -= 13;
      put(l.page, line, { x: x + pad, y, font: regular, size: 9.5, color: BLACK });
    }
  });
  l.y = top - height - 16;
}

function drawDates(l: Layout, view: ReportView): void {
  const { regular, bold } = l.fonts;
  const rows: Array<[string, string]> = [
    ['Data della prestazione:', formatWrittenDateTime(view.serviceDate)],
    ['Data del referto:', formatWrittenDateTime(view.documentDate)],
  ];
  // The values start after the widest label (DejaVu Sans Bold is wider than Helvetica was).
  const indent = Math.max(130, ...rows.map(([label]) => bold.widthOfTextAtSize(label, 10) + 8));
  for (const [label, value] of rows) {
    l.ensure(14);
    l.y -= 14;
    put(l.page, label, { x: MARGIN.left, y: l.y, font: bold, size: 10, color: BLACK });
    l.text(value, MARGIN.left + indent, l.y, regular, 10, BLACK, CONTENT_WIDTH - indent);
  }
  l.y -= 10;
}

/** Column widths from the natural width of the content, each at least 45 pt, summing to the content width. */
function columnWidths(table: { headers: string[]; rows: string[][] }, f: Fonts): number[] {
  const n = Math.max(table.headers.length, ...table.rows.map((r) => r.length));
  const natural = Array.from({ length: n }, (_, c) => {
    const cells = [
      f.bold.widthOfTextAtSize(printableText(table.headers[c] ?? '', f.bold), TABLE.size),
      ...table.rows.map((r) => f.regular.widthOfTextAtSize(printableText(r[c] ?? '', f.regular), TABLE.size)),
    ];
    return Math.min(Math.max(...cells) + 2 * TABLE.pad, CONTENT_WIDTH * 0.6);
  });
  const min = 45;
  const total = natural.reduce((a, b) => a + b, 0);
  const scaled = natural.map((w) => Math.max(min, (w / total) * CONTENT_WIDTH));
  const sum = scaled.reduce((a, b) => a + b, 0);
  return scaled.map((w) => (w / sum) * CONTENT_WIDTH);
}

function drawTable(l: Layout, table: { headers: string[]; rows: string[][] }): void {
  const f = l.fonts;
  const widths = columnWidths(table, f);
  const cellLines = (row: string[], font: PDFFont): string[][] => widths.map((w, c) => wrapText(row[c] ?? '', font, TABLE.size, w - 2 * TABLE.pad));
  const rowHeight = (lines: string[][]): number => Math.max(...lines.map((x) => x.length)) * TABLE.leading + 2 * TABLE.pad;

  const head = cellLines(table.headers, f.bold);
  const headHeight = rowHeight(head);
  const drawRow = (lines: string[][], font: PDFFont, height: number, fill: boolean): void => {
    let x = MARGIN.left;
    widths.forEach((w, c) => {
      l.page.drawRectangle({ x, y: l.y - height, width: w, height, borderColor: RULE, borderWidth: 0.6, ...(fill ? { color: TABLE_HEAD } : {}) });
      let y = l.y - TABLE.pad - TABLE.size + 1;
      for (const line of lines[c] ?? []) {
        if (line) put(l.page, line, { x: x + TABLE.pad, y, font, size: TABLE.size, color: BLACK });
        y -= TABLE.leading;
      }
      x += w;
    });
    l.y -= height;
  };

  l.ensure(headHeight + (table.rows[0] ? rowHeight(cellLines(table.rows[0], f.regular)) : 0));
  l.y -= 4;
  drawRow(head, f.bold, headHeight, true);
  for (const row of table.rows) {
    const lines = cellLines(row, f.regular);
    const h = rowHeight(lines);
    if (l.y - h < MARGIN.bottom) {
      l.newPage();
      drawRow(head, f.bold, headHeight, true); // repeat the header on the new page
    }
    drawRow(lines, f.regular, h, false);
  }
  l.y -= 8;
}

function drawSections(l: Layout, view: ReportView): void {
  const { bold } = l.fonts;
  for (const section of view.sections) {
    // Keep the heading with at least two lines of its text.
    l.ensure(22 + 2 * BODY.leading);
    l.y -= 20;
    l.text(section.title, MARGIN.left, l.y, bold, 11.5, ACCENT);
    l.y -= 4;
    l.rule(l.y, RULE, 0.5);
    l.y -= 2;
    section.paragraphs.forEach((p, i) => {
      if (i > 0) l.y -= 4;
      l.paragraph(p);
    });
    if (section.table && (section.table.headers.length > 0 || section.table.rows.length > 0)) {
      l.y -= 4;
      drawTable(l, section.table);
    }
  }
}

function drawFooters(l: Layout, view: ReportView): void {
  const { regular } = l.fonts;
  const total = l.pages.length;
  const y = MARGIN.bottom - 30;
  l.pages.forEach((page, i) => {
    page.drawLine({ start: { x: MARGIN.left, y: y + 12 }, end: { x: A4.width - MARGIN.right, y: y + 12 }, thickness: 0.5, color: RULE });
    const pageText = `Pagina ${i + 1} di ${total}`;
    const pageWidth = regular.widthOfTextAtSize(pageText, 8.5);
    put(page, pageText, { x: A4.width - MARGIN.right - pageWidth, y, font: regular, size: 8.5, color: GREY });
    const left = printableText(`Documento ${view.identificativoDoc} - versione ${view.version}`, regular);
    const max = CONTENT_WIDTH - pageWidth - 16;
    let size = 8.5;
    while (size > 5 && regular.widthOfTextAtSize(left, size) > max) size -= 0.25;
    put(page, left, { x: MARGIN.left, y, font: regular, size, color: GREY });
  });
}

function setMetadata(doc: PDFDocument, view: ReportView, opts: RenderOptions): void {
  const creator = opts.creator ?? 'FSE Desk';
  const producer = 'FSE Desk (pdf-lib)';
  const title = view.title;
  const author = view.doctor.fullName;
  const subject = `${view.title} - ${view.clinic.name}`;
  // File identifier from the document identity and time, not random: same input, same bytes.
  const id = sha256Hex(`${view.identificativoDoc}\u0000${view.version}\u0000${opts.now.toISOString()}`).slice(0, 32);

  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(author);
  doc.setSubject(subject);
  doc.setCreator(creator);
  doc.setProducer(producer);
  doc.setCreationDate(opts.now);
  doc.setModificationDate(opts.now);
  doc.setLanguage('it-IT');

  const xmp = buildXmp({ title, author, subject, creatorTool: creator, producer, created: opts.now, modified: opts.now, documentId: id, language: 'it-IT' });
  const ctx = doc.context;
  const metadata = ctx.stream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(metadata));
  const idArray = PDFArray.withContext(ctx);
  idArray.push(PDFHexString.of(id));
  idArray.push(PDFHexString.of(id));
  ctx.trailerInfo.ID = idArray;
}

export async function renderReportPdf(view: ReportView, opts: RenderOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedReportFonts(doc);
  // Before anything is drawn (and so before anything is signed): a character the PDF cannot show is refused.
  checkPrintable(view, [fonts.regular, fonts.bold]);
  const running = `${view.clinic.name} - ${view.title} - ${view.patient.fullName}`;
  const l = new Layout(doc, fonts, running);
  drawHeader(l, view);
  drawPeople(l, view);
  drawDates(l, view);
  drawSections(l, view);
  drawFooters(l, view);
  setMetadata(doc, view, opts);
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}
