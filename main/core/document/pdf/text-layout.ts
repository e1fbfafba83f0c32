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

/**
 * Cuts a word wider than `width` into pieces that fit (each at least one character), the longest
 * prefix first. Linear in the word's length: a first guess adds up each character's own width (cached),
 * then the guess is corrected by measuring the piece itself, since pair kerning can move the total
 * by a character or so. Shortening a word one character at a time and re-measuring it whole was
 * cubic: 8,000 characters without a space took about a minute.
 */
function cutWord(word: string, font: PDFFont, size: number, width: number, fits: (s: string) => boolean): string[] {
  const charWidths = new Map<string, number>();
  const charWidth = (ch: string): number => {
    let w = charWidths.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, size);
      charWidths.set(ch, w);
    }
    return w;
  };
  const pieces: string[] = [];
  let rest = word;
  for (;;) {
    // Never measure the whole remainder while it is long: scan only as far as one line can reach.
    let cut = 0;
    for (let sum = 0; cut < rest.length; cut++) {
      sum += charWidth(rest[cut]!);
      if (sum > width) break;
    }
    if ((cut === rest.length && fits(rest)) || rest.length === 1) {
      pieces.push(rest);
      return pieces;
    }
    cut = Math.min(Math.max(cut, 1), rest.length - 1);
    while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
    while (cut + 1 < rest.length && fits(rest.slice(0, cut + 1))) cut++;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
}

/** Splits one paragraph (no newlines) into lines no wider than `width`; very long words are cut. */
export function wrapLine(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/ +/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  const fits = (s: string): boolean => font.widthOfTextAtSize(s, size) <= width;
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    const pieces = cutWord(word, font, size, width, fits);
    lines.push(...pieces.slice(0, -1));
    line = pieces[pieces.length - 1]!;
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
