// Which characters the readable report can print, and the check that refuses the others before
// anything is drawn or signed. The PDF must say exactly what the CDA says: a character is printed
// with its own glyph or the report is refused, never replaced by a look-alike or a "?".
//
// The policy (docs/decisions.md §44):
// - printed: every character the embedded font (DejaVu Sans and DejaVu Sans Bold) has a glyph for:
//   Latin with all the accents of Italian and foreign names, Greek, Cyrillic, common symbols;
// - left out, as they show nothing: control characters (tabs become spaces) and Unicode's "default
//   ignorable" format characters (soft hyphen, zero-width space and joiners, variation selectors, BOM,
//   left-to-right mark);
// - refused: characters without a glyph (CJK, Indic and Thai scripts, most emoji); emoji even where
//   DejaVu has a black-and-white glyph (a rule a clinic can remember: no emoji); right-to-left scripts
//   (Hebrew, Arabic...: the layout is left to right only and would show them reversed); bidirectional
//   controls (they reorder what a CDA viewer shows, and the PDF would not).
import type { PDFFont } from 'pdf-lib';
import type { ReportView } from '../cda/report-view.js';
import { UnprintableCharacterError } from './errors.js';

const CONTROL = /\p{Cc}/u; // U+0000–U+001F and U+007F–U+009F
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const BIDI_CONTROL = /\p{Bidi_Control}/u;
const LEFT_TO_RIGHT_MARK = '\u200E';
const EMOJI = /\p{Emoji_Presentation}/u;
const RIGHT_TO_LEFT =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

const charsets = new WeakMap<PDFFont, Set<number>>();

function charsetOf(font: PDFFont): Set<number> {
  let set = charsets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    charsets.set(font, set);
  }
  return set;
}

/** Why `ch` (one code point) cannot be printed with every font in `fonts`; undefined when it can. */
function unprintableReason(ch: string, fonts: readonly PDFFont[]): string | undefined {
  if (BIDI_CONTROL.test(ch) && ch !== LEFT_TO_RIGHT_MARK) return 'bidirectional control character';
  if (EMOJI.test(ch)) return 'emoji';
  if (RIGHT_TO_LEFT.test(ch)) return 'right-to-left script';
  const cp = ch.codePointAt(0)!;
  for (const font of fonts) if (!charsetOf(font).has(cp)) return `no glyph in ${font.name}`;
  return undefined;
}

/** Whether `ch` is left out of the drawn text: a control or an invisible format character. */
const leftOut = (ch: string): boolean => CONTROL.test(ch) || (IGNORABLE.test(ch) && (!BIDI_CONTROL.test(ch) || ch === LEFT_TO_RIGHT_MARK));

/** The first character of `text` that cannot be printed with `fonts`, with its 1-based position in `text`. */
export function firstUnprintable(text: string, fonts: readonly PDFFont[]): { character: string; reason: string; position: number } | undefined {
  let position = 0;
  for (const ch of text.normalize('NFC')) {
    position++;
    if (ch === '\t' || leftOut(ch)) continue;
    const reason = unprintableReason(ch, fonts);
    if (reason) return { character: ch, reason, position };
  }
  return undefined;
}

/**
 * `text` as it is drawn: NFC, tabs as spaces, controls and invisible format characters left out.
 * Throws UnprintableCharacterError for anything `font` cannot print: renderReportPdf checks the whole
 * view first (checkPrintable), so here it only guards text that did not come from the view.
 */
export function printableText(text: string, font: PDFFont): string {
  const bad = firstUnprintable(text, [font]);
  if (bad) throw new UnprintableCharacterError(bad.character, 'report layout', 'nel testo del referto', bad.reason, bad.position);
  let out = '';
  for (const ch of text.normalize('NFC')) {
    if (ch === '\t') out += ' ';
    else if (!leftOut(ch)) out += ch;
  }
  return out;
}

/** Each text of the view that the report prints: where it is (view path, Italian phrase) and the text. */
function printedTexts(view: ReportView): Array<{ location: string; where: string; text: string }> {
  const t: Array<{ location: string; where: string; text: string }> = [
    { location: 'title', where: 'nel titolo del documento', text: view.title },
    { location: 'clinic.name', where: 'nel nome della struttura', text: view.clinic.name },
    { location: 'clinic.fiscalCode', where: 'nella partita IVA della struttura', text: view.clinic.fiscalCode },
    ...view.clinic.addressLines.map((text, i) => ({ location: `clinic.addressLines[${i}]`, where: 'nell’indirizzo della struttura', text })),
    { location: 'clinic.contact', where: 'nel telefono o nell’e-mail della struttura', text: view.clinic.contact ?? '' },
    { location: 'patient.fullName', where: 'nel nome del paziente', text: view.patient.fullName },
    { location: 'patient.fiscalCode', where: 'nel codice fiscale del paziente', text: view.patient.fiscalCode },
    { location: 'patient.birthDate', where: 'nella data di nascita del paziente', text: view.patient.birthDate ?? '' },
    { location: 'patient.sex', where: 'nel sesso del paziente', text: view.patient.sex ?? '' },
    { location: 'doctor.fullName', where: 'nel nome del medico', text: view.doctor.fullName },
    { location: 'doctor.fiscalCode', where: 'nel codice fiscale del medico', text: view.doctor.fiscalCode },
    { location: 'doctor.specialty', where: 'nella specialità del medico', text: view.doctor.specialty ?? '' },
    { location: 'serviceDate', where: 'nella data della prestazione', text: view.serviceDate },
    { location: 'documentDate', where: 'nella data del referto', text: view.documentDate },
    { location: 'identificativoDoc', where: 'nell’identificativo del documento', text: view.identificativoDoc },
  ];
  view.sections.forEach((s, i) => {
    const field = `nel campo ${s.title}`;
    t.push({ location: `sections[${i}].title`, where: `nel titolo della sezione ${i + 1}`, text: s.title });
    s.paragraphs.forEach((text, j) => t.push({ location: `sections[${i}].paragraphs[${j}]`, where: field, text }));
    s.table?.headers.forEach((text, c) =>
      t.push({ location: `sections[${i}].table.headers[${c}]`, where: `nella tabella del campo ${s.title} (intestazione della colonna ${c + 1})`, text }),
    );
    s.table?.rows.forEach((row, r) =>
      row.forEach((text, c) =>
        t.push({
          location: `sections[${i}].table.rows[${r}][${c}]`,
          where: `nella tabella del campo ${s.title} (riga ${r + 1}, colonna ${s.table?.headers[c] ?? c + 1})`,
          text,
        }),
      ),
    );
  });
  return t;
}

/**
 * Refuses the view if any text it prints has a character the report cannot print. Every text is checked
 * against both faces (regular and bold): which face draws which text is a layout detail, and the two
 * DejaVu faces differ only in mathematical alphanumerics and private-use characters.
 */
export function checkPrintable(view: ReportView, fonts: readonly PDFFont[]): void {
  for (const { location, where, text } of printedTexts(view)) {
    const bad = firstUnprintable(text, fonts);
    if (bad) throw new UnprintableCharacterError(bad.character, location, where, bad.reason, bad.position);
  }
}
