// Line wrapping of the report's text (main/core/document/pdf/text-layout.ts): the lines it gives, and
// the work it does on a word longer than a line (it must stay linear in the word's length). With the
// report's own font (DejaVu Sans, embedded) and with Helvetica, whose kerning makes widths not additive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { embedReportFonts } from '../../../main/core/document/pdf/report-fonts.js';
import { wrapLine } from '../../../main/core/document/pdf/text-layout.js';

const SIZE = 10;
const WIDTH = 300;

async function helvetica(): Promise<PDFFont> {
  const doc = await PDFDocument.create();
  return doc.embedFont(StandardFonts.Helvetica);
}

async function dejaVu(): Promise<PDFFont> {
  return (await embedReportFonts(await PDFDocument.create())).regular;
}

/** The font, counting how many characters it was asked to measure. */
function counting(font: PDFFont): { font: PDFFont; measured: () => number } {
  let measured = 0;
  const proxy = new Proxy(font, {
    get(target, prop, receiver) {
      if (prop === 'widthOfTextAtSize') {
        return (text: string, size: number) => {
          measured += text.length;
          return target.widthOfTextAtSize(text, size);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { font: proxy, measured: () => measured };
}

/** The previous algorithm (shorten one character at a time), kept here as the reference for the lines. */
function referenceWrap(text: string, font: PDFFont, size: number, width: number): string[] {
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

test('every wrapped line fits the width and together they keep every character of the text', async () => {
  const font = await helvetica();
  const text = 'Controllo a 6 mesi. ' + 'ElettrocardiogrammaDinamicoSecondoHolter'.repeat(12) + ' fine del referto, con note finali.';
  const lines = wrapLine(text, font, SIZE, WIDTH);
  for (const l of lines) assert.ok(font.widthOfTextAtSize(l, SIZE) <= WIDTH, l);
  assert.equal(lines.join('').replace(/ /g, ''), text.replace(/ /g, ''));
});

test('overlong words are cut exactly where the previous algorithm cut them', async () => {
  const font = await helvetica();
  const samples = [
    'W'.repeat(500),
    'i'.repeat(700),
    'AVAVAVAVTeToWAYa'.repeat(40), // kerning pairs
    'breve ' + 'àèéìòù€«»'.repeat(60) + ' e poi parole normali che vanno a capo come sempre',
    'uno due ' + 'x'.repeat(61) + ' tre',
  ];
  for (const s of samples) assert.deepEqual(wrapLine(s, font, SIZE, WIDTH), referenceWrap(s, font, SIZE, WIDTH), s.slice(0, 20));
});

test('a 100,000-character word is laid out measuring each character a bounded number of times', async () => {
  const { font, measured } = counting(await helvetica());
  const word = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(2778).slice(0, 100_000);
  const lines = wrapLine(word, font, SIZE, WIDTH);
  assert.equal(lines.join(''), word);
  assert.ok(lines.length > 100);
  // The previous algorithm measured on the order of n³/line characters here; linear work stays a small multiple of n.
  assert.ok(measured() < 10 * word.length, `measured ${measured()} characters for ${word.length}`);
});

test('with the report font, a 100,000-character word is laid out measuring each character a bounded number of times', async () => {
  const { font, measured } = counting(await dejaVu());
  const word = 'γ-GT≤55µg±abcdefghijklmnopqrstuvwxyz0123456789'.repeat(2200).slice(0, 100_000);
  const lines = wrapLine(word, font, SIZE, WIDTH);
  assert.equal(lines.join(''), word);
  assert.ok(lines.length > 100);
  for (const l of lines) assert.ok(font.widthOfTextAtSize(l, SIZE) <= WIDTH, l);
  assert.ok(measured() < 10 * word.length, `measured ${measured()} characters for ${word.length}`);
});

test('with the report font, overlong words are cut where the previous algorithm cut them', async () => {
  const font = await dejaVu();
  for (const s of ['W'.repeat(300), 'breve ' + 'àèéìòù€«»αβγ≤≥'.repeat(20) + ' e poi parole normali', 'Łukasz' + 'ø'.repeat(200)]) {
    assert.deepEqual(wrapLine(s, font, SIZE, WIDTH), referenceWrap(s, font, SIZE, WIDTH), s.slice(0, 20));
  }
});

test('a word of characters beyond U+FFFF is cut between characters, never inside a surrogate pair', async () => {
  const font = await dejaVu();
  const astral = font.getCharacterSet().find((cp) => cp > 0xffff)!;
  const word = `a${String.fromCodePoint(astral)}`.repeat(300);
  const lines = wrapLine(word, font, SIZE, WIDTH);
  assert.ok(lines.length > 1);
  assert.equal(lines.join(''), word);
  // Every code point of every line is a whole pair (a lone surrogate would count as a 1-unit code point).
  for (const l of lines)
    assert.ok(
      Array.from(l).every((ch) => ch === 'a' || ch.codePointAt(0) === astral),
      'half a surrogate pair',
    );
});
