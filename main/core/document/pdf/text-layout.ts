// Line wrapping of the report's text, measured with the embedded font (report-fonts.ts). Which
// characters can be drawn at all is printable-text.ts's job: nothing is substituted here.
import type { PDFFont } from 'pdf-lib';
import { printableText } from './printable-text.js';

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
  // Cut between code points, never inside a surrogate pair (DejaVu draws some characters beyond U+FFFF).
  const chars = Array.from(word);
  const piece = (from: number, to: number): string => chars.slice(from, to).join('');
  const pieces: string[] = [];
  let start = 0;
  for (;;) {
    const left = chars.length - start;
    // Never measure the whole remainder while it is long: scan only as far as one line can reach.
    let cut = 0;
    for (let sum = 0; cut < left; cut++) {
      sum += charWidth(chars[start + cut]!);
      if (sum > width) break;
    }
    if ((cut === left && fits(piece(start, chars.length))) || left === 1) {
      pieces.push(piece(start, chars.length));
      return pieces;
    }
    cut = Math.min(Math.max(cut, 1), left - 1);
    while (cut > 1 && !fits(piece(start, start + cut))) cut--;
    while (cut + 1 < left && fits(piece(start, start + cut + 1))) cut++;
    pieces.push(piece(start, start + cut));
    start += cut;
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
    const fitted = printableText(l, font).trim();
    return fitted ? wrapLine(fitted, font, size, width) : [''];
  });
}
