// The readable PDF says exactly what the CDA says (issue 12 §2): a report full of Greek lab names,
// symbols and foreign names goes through `fse-desk prepare`, and the text pdftotext extracts from the
// signed PDF is compared with the CDA's narrative; a character the PDF cannot print is refused before
// anything is signed, with the character and the field named; a report saved with a BOM is read.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { PDFDocument } from 'pdf-lib';
import { checkPrintable, firstUnprintable, printableText } from '../../../main/core/document/pdf/printable-text.js';
import { embedReportFonts, type ReportFonts } from '../../../main/core/document/pdf/report-fonts.js';
import { renderReportPdf } from '../../../main/core/document/pdf/render-report.js';
import { PdfError, UnprintableCharacterError } from '../../../main/core/document/pdf/errors.js';
import { makeTestPki, type TestPki } from '../../support/pki.js';
import { NOW, run, sampleView, tempDir } from './support.js';

let dir: string;
let pki: TestPki;
let profileFile: string;

before(() => {
  dir = tempDir('fse-unicode-');
  pki = makeTestPki(join(dir, 'pki'));
  const profile = JSON.parse(readFileSync('examples/profile.stage.json', 'utf8'));
  profile.documentSigner = { p12: pki.signerP12, passwordEnv: 'TEST_SIGNER_PASSWORD' };
  delete profile.authCertificate;
  delete profile.signatureCertificate;
  profileFile = join(dir, 'profile.json');
  writeFileSync(profileFile, JSON.stringify(profile));
});

function prepare(input: string, out: string, profile = profileFile) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'main/cli/main.ts', 'prepare', '--profile', profile, '--type', 'RSA', '--input', input, '--out', out],
    { encoding: 'utf8', env: { ...process.env, TEST_SIGNER_PASSWORD: pki.password } },
  );
  return { code: r.status, json: r.stdout ? JSON.parse(r.stdout) : null, err: r.stderr };
}

/** The RSA example with text a lab, a clinic abroad and a patient with a foreign name really bring. */
function unicodeReport(): Record<string, unknown> {
  const report = JSON.parse(readFileSync('examples/reports/rsa.json', 'utf8'));
  report.patient.givenName = 'Łukasz Øster';
  report.patient.familyName = 'D’Alò Müller';
  report.doctor.givenName = 'Zoë';
  report.doctor.familyName = "D'Alò-Şahin";
  report.reason = 'Controllo di γ-GT e β-HCG; glicemia ≤ 110 mg/dL, PCR ≥ 5 mg/L.';
  report.history = 'Ipertensione dal 2015 (PA 150/95 mmHg ± 5).\nAllergia ai β-lattamici.\n\nHa vissuto a Kraków, Malmö e Ærøskøbing; è nato a Đakovo.';
  report.examination = 'T 37,2 °C, SpO₂ 97 %, BMI 27,4 kg/m². Toni validi — pause libere; «riferisce» “dolore” ‘lieve’ … ½ dose.';
  report.findings =
    'γ-GT 78 U/L (v.n. ≤ 55); β-HCG < 2 mUI/mL; Na⁺ 140 mEq/L; ΔQT +12 ms; α₁-antitripsina nella norma; µ-albuminuria 35 mg/24h; ' +
    'rapporto ≈ 1:3; Ω-3 × 2/die; costo 35 € ‰ ±0,5 → nessuna variazione.';
  report.conclusions = 'Steatosi epatica; ipertensione non a target. Контроль через 3 месяца.';
  report.services[0].description = 'Dosaggio γ-GT';
  report.services[1].description = 'β-HCG quantitativa';
  return report;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Each piece of narrative of the CDA (paragraphs, table headers and cells), whitespace collapsed as CDA narrative is read. */
function narrativeOf(cdaXml: string): string[] {
  const doc = new DOMParser().parseFromString(cdaXml, 'text/xml');
  const pieces: string[] = [];
  for (const name of ['paragraph', 'th', 'td']) {
    const els = doc.getElementsByTagName(name);
    for (let i = 0; i < els.length; i++) pieces.push(squash((els[i] as Element).textContent ?? ''));
  }
  return pieces.filter((p) => p.length > 0);
}

/** How many times each non-ASCII character occurs. */
function nonAscii(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of text) if (ch.codePointAt(0)! > 0x7e) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}

describe('the signed PDF of a report full of Greek letters, symbols and foreign names', () => {
  let pdfText: string;
  let cdaXml: string;
  let out: string;

  before(() => {
    const input = join(dir, 'unicode.json');
    writeFileSync(input, JSON.stringify(unicodeReport(), null, 2));
    out = join(dir, 'unicode.pdf');
    const r = prepare(input, out);
    assert.equal(r.code, 0, JSON.stringify(r.json) + r.err);
    pdfText = squash(run('pdftotext', ['-enc', 'UTF-8', out, '-']).stdout);
    const cda = join(dir, 'unicode-cda.xml');
    assert.equal(run('pdfdetach', ['-savefile', 'cda.xml', '-o', cda, out]).status, 0);
    cdaXml = readFileSync(cda, 'utf8');
  });

  test('shows every paragraph and table cell of the CDA narrative, character for character', () => {
    const pieces = narrativeOf(cdaXml);
    assert.ok(
      pieces.some((p) => p.includes('γ-GT 78 U/L (v.n. ≤ 55)')),
      'the fixture reached the CDA',
    );
    for (const piece of pieces) assert.ok(pdfText.includes(piece), `the PDF text lacks: ${piece}`);
  });

  test('has at least as many of each non-ASCII character as the narrative, and no "?" or replacement character', () => {
    const inPdf = nonAscii(pdfText);
    for (const [ch, n] of nonAscii(narrativeOf(cdaXml).join(' '))) {
      assert.ok((inPdf.get(ch) ?? 0) >= n, `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}): ${inPdf.get(ch) ?? 0} in the PDF, ${n} in the CDA`);
    }
    assert.doesNotMatch(pdfText, /[?\uFFFD]/);
  });

  test('prints the patient’s and the doctor’s names as the CDA header has them', () => {
    for (const name of ['Łukasz Øster D’Alò Müller', "Dott.ssa Zoë D'Alò-Şahin"]) assert.ok(pdfText.includes(name), name);
    for (const part of ['Łukasz Øster', 'D’Alò Müller', 'Zoë', "D'Alò-Şahin"]) assert.ok(cdaXml.includes(part), part);
  });

  test('prints the clinic’s phone and e-mail from the profile in the header', () => {
    assert.ok(pdfText.includes('Tel. 055 123456 - segreteria@poliambulatoriosanfrediano.example'), pdfText.slice(0, 300));
  });

  test('embeds the report font as subsets, and still carries a valid signature and the CDA', () => {
    const fonts = run('pdffonts', [out]).stdout;
    assert.match(fonts, /FSEDAA\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    assert.match(fonts, /FSEDAB\+DejaVuSans-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    assert.doesNotMatch(fonts, /Helvetica/);
    const sig = run('pdfsig', ['-nocert', out]).stdout;
    assert.match(sig, /Signature is Valid\./);
    assert.match(sig, /Total document signed/);
    assert.match(cdaXml, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    const xsd = run('xmllint', ['--noout', '--nonet', '--schema', 'resources/cda/xsd/POCD_MT000040UV02/CDA.xsd', join(dir, 'unicode-cda.xml')]);
    assert.equal(xsd.status, 0, xsd.stderr);
  });
});

describe('a character the PDF cannot print', () => {
  test('refuses the report in `prepare` with exit 2, naming the character and the field, and writes nothing', () => {
    const report = unicodeReport();
    report.conclusions = 'Quadro stabile 😀 al controllo.';
    const input = join(dir, 'emoji.json');
    writeFileSync(input, JSON.stringify(report));
    const out = join(dir, 'emoji.pdf');
    const r = prepare(input, out);
    assert.equal(r.code, 2, JSON.stringify(r.json) + r.err);
    assert.equal(r.json.ok, false);
    const [problem] = r.json.problems;
    assert.equal(problem.code, 'unprintable-character');
    assert.equal(problem.message, 'Il carattere "😀" (U+1F600) nel campo Conclusioni non può essere stampato nel PDF: sostituirlo o rimuoverlo.');
    assert.match(problem.location, /^sections\[\d+\]\.paragraphs\[0\]$/);
    assert.equal(problem.detail, `report text cannot be drawn in the PDF: U+1F600 (emoji) in ${problem.location} at character 16`);
    assert.equal(existsSync(out), false);
  });

  test('is a typed error of the library (UnprintableCharacterError, a PdfError) thrown before anything is drawn', async () => {
    const view = sampleView({ patient: { fullName: 'Wang 王 Wei', fiscalCode: 'DNGNCL80A01D612X' } });
    await assert.rejects(renderReportPdf(view, { now: NOW }), (err: unknown) => {
      assert.ok(err instanceof UnprintableCharacterError && err instanceof PdfError);
      assert.equal(err.code, 'unprintable-character');
      assert.equal(err.character, '王');
      assert.equal(err.location, 'patient.fullName');
      assert.equal(err.userMessage, 'Il carattere "王" (U+738B) nel nome del paziente non può essere stampato nel PDF: sostituirlo o rimuoverlo.');
      assert.equal(err.toAppError().code, 'pdf/unprintable-character');
      // The log line names the code point and the place, never the patient's name.
      assert.doesNotMatch(err.message, /Wang|Wei/);
      return true;
    });
  });

  test('in a table cell is located by field, row and column', async () => {
    const base = sampleView();
    const view = sampleView({
      sections: base.sections.map((s) =>
        s.table ? { ...s, table: { headers: s.table.headers, rows: [s.table.rows[0]!, ['Glicemia', '110 ✅', 'mg/dL', '70 - 100']] } } : s,
      ),
    });
    await assert.rejects(renderReportPdf(view, { now: NOW }), {
      name: 'UnprintableCharacterError',
      userMessage:
        'Il carattere "✅" (U+2705) nella tabella del campo Esame obiettivo (riga 2, colonna Valore) non può essere stampato nel PDF: sostituirlo o rimuoverlo.',
    });
  });
});

describe('which characters the report prints', () => {
  let fonts: ReportFonts;
  before(async () => {
    fonts = await embedReportFonts(await PDFDocument.create());
  });
  const both = (): [ReportFonts['regular'], ReportFonts['bold']] => [fonts.regular, fonts.bold];

  test('every letter of Italian and European names, in both faces', () => {
    const letters = "àèéìíîòóùúÀÈÉÌÍÎÒÓÙÚ äöüßÄÖÜ áâãçñÁÂÃÇÑ øåæØÅÆ łśźżćńąęŁŚŹŻĆŃĄĘ şţăâîȘșȚțŞŢĂ čšžđćČŠŽĐ őűŐŰ ğıİĞ ýÿœŒ ’‘'";
    assert.equal(firstUnprintable(letters, both()), undefined);
  });

  test('Greek, Cyrillic and the symbols of clinical reports', () => {
    const text = 'αβγδεζηθικλμνξοπρστυφχψω ΑΒΓΔΩ µ ≤ ≥ ± ° ² ³ ½ ¼ € … ‰ × ÷ √ ∞ ≈ ≠ → ← ↑ ↓ • ™ © ® § ¶ † ₂ ⁺ ⁻ Ω Δ № ℃ абвгдежзийклмнопрстуфхцчшщъыьэюя';
    assert.equal(firstUnprintable(text, both()), undefined);
  });

  test('refuses emoji (even those DejaVu draws), CJK, Indic and Thai, right-to-left scripts and bidirectional controls', () => {
    const reasons = new Map([
      ['😀', 'emoji'],
      ['✅', 'emoji'],
      ['🩺', 'emoji'],
      ['中', 'no glyph in DejaVuSans'],
      ['한', 'no glyph in DejaVuSans'],
      ['ह', 'no glyph in DejaVuSans'],
      ['ก', 'no glyph in DejaVuSans'],
      ['א', 'right-to-left script'],
      ['ع', 'right-to-left script'],
      ['\u202E', 'bidirectional control character'],
      ['\u200F', 'bidirectional control character'],
    ]);
    for (const [ch, reason] of reasons) assert.deepEqual(firstUnprintable(`ab ${ch} cd`, both()), { character: ch, reason, position: 4 }, ch);
  });

  test('leaves out invisible characters and controls instead of refusing them: they print nothing', () => {
    assert.equal(printableText('a\u00ADb\u200Bc\uFEFFd\u200Ee\u0007f\tg', fonts.regular), 'abcde' + 'f g');
  });

  test('writes accents composed (NFC), so a decomposed "e" + accent prints as "é"', () => {
    assert.equal(printableText('cafe\u0301', fonts.regular), 'café');
  });

  test('names an invisible bidirectional control by code point and position only', () => {
    const view = sampleView({ sections: [{ title: 'Conclusioni', paragraphs: ['abc\u202Edef'] }] });
    assert.throws(() => checkPrintable(view, both()), {
      userMessage: 'Il carattere di controllo invisibile U+202E nel campo Conclusioni (posizione 4) non può essere stampato nel PDF: rimuoverlo.',
    });
  });
});

test('a report JSON and a profile saved with a UTF-8 byte order mark (Windows Notepad) are read by `prepare`', () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const input = join(dir, 'bom.json');
  writeFileSync(input, Buffer.concat([bom, readFileSync('examples/reports/rsa.json')]));
  const profile = join(dir, 'bom-profile.json');
  writeFileSync(profile, Buffer.concat([bom, readFileSync(profileFile)]));
  const out = join(dir, 'bom.pdf');
  const r = prepare(input, out, profile);
  assert.equal(r.code, 0, JSON.stringify(r.json) + r.err);
  assert.equal(r.json.ok, true);
  assert.ok(existsSync(out));
});
