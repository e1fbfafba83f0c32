// Text fitting for the standard PDF fonts: character substitution and line wrapping.
//
// The report uses the standard Helvetica faces with WinAnsi encoding, not an embedded TrueType
// font: WinAnsi covers every Italian letter (à è é ì í ò ó ù, capitals, ’ « » €), standard fonts
// need no font file in the package and no @pdf-lib/fontkit dependency, and pdf-lib's subset
// embedding adds name suffixes. The cost is that characters outside WinAnsi (e.g. ≤, Greek
// letters, Polish ł) are substituted below instead of drawn.
import type { PDFFont } from 'pdf-lib';

const SUBSTITUTES: Record<string, string> = {
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u00AD': '',
  '\u03BC': 'µ', // Greek mu → micro sign (µg, µmol), which WinAnsi has
  '\u2070': '0',
  '\u2074': '4',
  '\u2075': '5',
  '\u2076': '6',
  '\u2077': '7',
  '\u2078': '8',
  '\u2079': '9',
  '\u2044': '/',
  '\u2192': '->',
  '\u2190': '<-',
  '\u200B': '',
  '\uFEFF': '',
};

const charsets = new WeakMap<PDFFont, Set<number>>();

function charsetOf(font: PDFFont): Set<number> {
  let set = charsets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    charsets.set(font, set);
  }
  return set;
}

/** Makes `text` drawable with `font`: NFC, tabs to spaces, no control characters, non-encodable characters substituted. */
export function fitToFont(text: string, font: PDFFont): string {
  const set = charsetOf(font);
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\t/g, ' ')) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    if (set.has(cp)) {
      out += ch;
      continue;
    }
    const sub = SUBSTITUTES[ch];
    if (sub !== undefined) {
      out += sub;
      continue;
    }
    // Letters with diacritics WinAnsi lacks (ł → l is not decomposable, ş → s is): keep the base letter.
    const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    out += base && [...base].every((c) => set.has(c.codePointAt(0)!)) ? base : '?';
  }
  return out;
}

/** Splits one paragraph (no newlines) into lines no wider than `width`; very long words are cut. */
export function wrapLine(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/ +/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  const fits = (s: string): boolean => font.widthOfTextAtSize(s, size) <= width;
  for (let word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    while (!fits(word)) {
      let cut = word.length - 1;
      while (cut > 1 && !fits(word.slice(0, cut))) cut--;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    line = word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** Wraps text that may contain newlines: each source line is wrapped on its own; empty lines stay. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  return text.split(/\r?\n/).flatMap((l) => {
    const fitted = fitToFont(l, font).trim();
    return fitted ? wrapLine(fitted, font, size, width) : [''];
  });
}
