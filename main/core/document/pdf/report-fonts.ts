// The report's typeface: DejaVu Sans and DejaVu Sans Bold (resources/fonts, see PROVENANCE.md there),
// embedded as subsets (only the glyphs a report uses) through @pdf-lib/fontkit. A Unicode font instead
// of the standard Helvetica, whose WinAnsi encoding has no Greek letters, ≤ ≥, ł...
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as FontkitModule from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

export interface ReportFonts {
  regular: PDFFont;
  bold: PDFFont;
}

const FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

/** resources/fonts, found by walking up from this module: the same code runs from source, dist/ and the packaged app. */
function fontsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'resources', 'fonts', FILES.regular))) return join(dir, 'resources', 'fonts');
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`resources/fonts/${FILES.regular} not found above ${fileURLToPath(import.meta.url)}`);
}

let files: { regular: Uint8Array; bold: Uint8Array } | undefined;

/** The font files, read once per process (1.4 MB together). */
function fontFiles(): { regular: Uint8Array; bold: Uint8Array } {
  if (!files) {
    const dir = fontsDir();
    files = { regular: readFileSync(join(dir, FILES.regular)), bold: readFileSync(join(dir, FILES.bold)) };
  }
  return files;
}

type FontkitFont = ReturnType<typeof FontkitModule.create>;

/**
 * The font as pdf-lib gets it, with no OpenType shaping: each character is drawn with the glyph the
 * font's character map gives it. Hand-written because fontkit's layout runs its whole OpenType engine
 * even with every feature turned off (about 25 µs a character: six times the old rendering time of a
 * whole report), and pdf-lib reads nothing of a layout but its glyphs (to measure with their advance
 * widths, to encode, to build the subset). Without shaping there is no kerning (pdf-lib measures
 * without it anyway) and no substitution: no ligature, contextual form or fraction, so text copied or
 * extracted from the PDF is the CDA's text letter by letter. The scripts the report prints (Latin,
 * Greek, Cyrillic, symbols: printable-text.ts) need no shaping.
 */
function withoutShaping(font: FontkitFont): FontkitFont {
  const plain = Object.create(font) as FontkitFont;
  plain.layout = ((text: string) => ({ glyphs: font.glyphsForString(text) })) as unknown as FontkitFont['layout'];
  return plain;
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
let reportFontkit: Promise<Fontkit> | undefined;

/**
 * fontkit for pdf-lib, parsing each font file once per process (pdf-lib would parse it for every document).
 * Imported on the first report rendered: the package costs about as much to load as pdf-lib, and a process
 * that only reads or signs PDFs (or carries the CDA in the clinic's own PDF) never needs it.
 */
function loadReportFontkit(): Promise<Fontkit> {
  reportFontkit ??= import('@pdf-lib/fontkit').then(({ default: fontkit }) => {
    const parsed = new Map<Uint8Array, FontkitFont>();
    return {
      create(bytes, postscriptName) {
        let font = parsed.get(bytes);
        if (!font) parsed.set(bytes, (font = withoutShaping(fontkit.create(bytes, postscriptName))));
        return font;
      },
    };
  });
  return reportFontkit;
}

/**
 * Embeds both faces in `doc` as subsets (only the glyphs the report uses). The names carry a fixed
 * subset tag (six capitals and "+", as ISO 32000 asks of a subset font) instead of pdf-lib's numeric
 * suffix: readers then know the font is a subset.
 */
export async function embedReportFonts(doc: PDFDocument): Promise<ReportFonts> {
  doc.registerFontkit(await loadReportFontkit());
  const { regular, bold } = fontFiles();
  return {
    regular: await doc.embedFont(regular, { subset: true, customName: 'FSEDAA+DejaVuSans' }),
    bold: await doc.embedFont(bold, { subset: true, customName: 'FSEDAB+DejaVuSans-Bold' }),
  };
}
