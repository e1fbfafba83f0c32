import { SIGNED_SAMPLES } from '../../support/reference.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { embedCda } from '../../../main/core/document/pdf/embed-cda.js';
import { PdfError, type PdfErrorCode } from '../../../main/core/document/pdf/errors.js';
import { inspectPdf } from '../../../main/core/document/pdf/inspect.js';
import { renderReportPdf } from '../../../main/core/document/pdf/render-report.js';
import { NOW, qpdfObjects, run, SAMPLE_CDA, sampleView, tempDir, writeTemp } from './support.js';

const SIGNED_SAMPLE = join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf');

async function rendered(): Promise<Uint8Array> {
  return renderReportPdf(sampleView(), { now: NOW });
}

async function rejectsWith(p: Promise<unknown>, code: PdfErrorCode, italian: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof PdfError, `expected PdfError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.userMessage, italian);
    assert.equal(err.toAppError().message, err.userMessage);
    return true;
  });
}

describe('embedCda', () => {
  it('embeds exactly one cda.xml that pdfdetach extracts byte-identical to the input', async () => {
    const dir = tempDir();
    const file = writeTemp(dir, 'with-cda.pdf', await embedCda(await rendered(), SAMPLE_CDA, { modDate: NOW }));
    const list = run('pdfdetach', ['-list', file]).stdout;
    assert.equal(list.trim(), '1 embedded files\n1: cda.xml');
    const out = join(dir, 'extracted.xml');
    assert.equal(run('pdfdetach', ['-savefile', 'cda.xml', '-o', out, file]).status, 0);
    assert.ok(readFileSync(out).equals(Buffer.from(SAMPLE_CDA, 'utf8')));
    assert.equal(run('qpdf', ['--check', file]).status, 0);
  });

  it('writes the flat /Names array, filespec and associated-file entries the gateway reads', async () => {
    const dir = tempDir();
    const file = writeTemp(dir, 'with-cda.pdf', await embedCda(await rendered(), SAMPLE_CDA, { modDate: NOW }));
    const q = qpdfObjects(file);
    const catalog = q.get(q.trailer['/Root']!);
    const ef = q.get(q.get(catalog['/Names']!)['/EmbeddedFiles']!);
    assert.equal(ef['/Kids'], undefined, 'no /Kids');
    const names = ef['/Names'] as string[];
    assert.equal(names.length, 2);
    assert.equal(names[0], 'u:cda.xml');
    const raw = readFileSync(file).toString('latin1');
    assert.match(raw, /\/Names \[ ?\(cda\.xml\) \d+ 0 R ?\]/, 'ASCII literal key in a flat array');
    const spec = q.get(names[1]!);
    assert.equal(spec['/Type'], '/Filespec');
    assert.equal(spec['/F'], 'u:cda.xml');
    assert.equal(spec['/UF'], 'u:cda.xml');
    assert.equal(spec['/AFRelationship'], '/Data');
    const stream = q.get((spec['/EF'] as Record<string, string>)['/F']!);
    assert.equal(stream['/Subtype'], '/application/xml');
    assert.match(raw, /\/Subtype \/application#2Fxml/);
    const params = stream['/Params'] as Record<string, unknown>;
    assert.equal(params['/Size'], Buffer.byteLength(SAMPLE_CDA, 'utf8'));
    assert.equal(params['/ModDate'], 'u:D:20261123094500Z');
    assert.deepEqual(catalog['/AF'], [names[1]]);
  });

  it('replaces an existing cda.xml instead of adding a second one', async () => {
    const first = await embedCda(await rendered(), SAMPLE_CDA, { modDate: NOW });
    const second = SAMPLE_CDA.replace('Referto', 'Referto aggiornato');
    const dir = tempDir();
    const file = writeTemp(dir, 'twice.pdf', await embedCda(first, second, { modDate: NOW }));
    assert.equal(run('pdfdetach', ['-list', file]).stdout.trim(), '1 embedded files\n1: cda.xml');
    const out = join(dir, 'x.xml');
    run('pdfdetach', ['-savefile', 'cda.xml', '-o', out, file]);
    assert.equal(readFileSync(out, 'utf8'), second);
    assert.ok(!readFileSync(file).toString('utf8').includes('<title>Referto di'), 'the old XML is gone from the file');
  });

  it('keeps the other attachments of a third-party PDF in the same flat array, sorted', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Referto gestionale', { font: await doc.embedFont(StandardFonts.TimesRoman), x: 60, y: 700 });
    await doc.attach(Buffer.from('note'), 'note.txt', { mimeType: 'text/plain' });
    await doc.attach(Buffer.from('<old/>'), 'CDA.XML', { mimeType: 'application/xml' });
    const dir = tempDir();
    const file = writeTemp(dir, 'other.pdf', await embedCda(await doc.save(), SAMPLE_CDA, { modDate: NOW }));
    assert.deepEqual((await inspectPdf(readFileSync(file))).embeddedFiles, ['cda.xml', 'note.txt']);
    const q = qpdfObjects(file);
    const ef = q.get(q.get(q.get(q.trailer['/Root']!)['/Names']!)['/EmbeddedFiles']!);
    assert.equal(ef['/Kids'], undefined);
  });

  it('embeds into a PDF written by another tool (cairo, xref streams)', async () => {
    const dir = tempDir();
    const ours = writeTemp(dir, 'ours.pdf', await rendered());
    const cairo = join(dir, 'cairo.pdf');
    assert.equal(run('pdftocairo', ['-pdf', ours, cairo]).status, 0);
    const objstm = join(dir, 'objstm.pdf');
    assert.equal(run('qpdf', ['--object-streams=generate', cairo, objstm]).status, 0);
    const file = writeTemp(dir, 'embedded.pdf', await embedCda(readFileSync(objstm), SAMPLE_CDA, { modDate: NOW }));
    assert.equal(run('pdfdetach', ['-list', file]).stdout.trim(), '1 embedded files\n1: cda.xml');
    assert.ok(run('pdftotext', ['-enc', 'UTF-8', file, '-']).stdout.includes('Niccolò D’Angelo'));
    assert.equal(run('qpdf', ['--check', file]).status, 0);
  });

  it('refuses an encrypted PDF', async () => {
    const dir = tempDir();
    const plain = writeTemp(dir, 'plain.pdf', await rendered());
    for (const user of ['secret', '']) {
      const enc = join(dir, `enc-${user || 'open'}.pdf`);
      assert.equal(run('qpdf', ['--encrypt', user, 'owner-pw', '256', '--', plain, enc]).status, 0);
      await rejectsWith(embedCda(readFileSync(enc), SAMPLE_CDA, { modDate: NOW }), 'encrypted', /protetto da password o cifrato/);
    }
  });

  it('refuses a PDF that already carries a signature', async () => {
    await rejectsWith(embedCda(readFileSync(SIGNED_SAMPLE), SAMPLE_CDA, { modDate: NOW }), 'already-signed', /contiene già una firma/);
  });

  it('refuses bytes that are not a PDF', async () => {
    await rejectsWith(embedCda(Buffer.from('<ClinicalDocument/>'), SAMPLE_CDA, { modDate: NOW }), 'not-pdf', /non è un PDF/);
    await rejectsWith(embedCda(new Uint8Array(0), SAMPLE_CDA, { modDate: NOW }), 'not-pdf', /non è un PDF/);
  });

  it('refuses XML that does not open with a UTF-8 declaration, as the gateway decodes by it', async () => {
    const pdf = await rendered();
    for (const xml of ['<ClinicalDocument/>', '\uFEFF' + SAMPLE_CDA, SAMPLE_CDA.replace('UTF-8', 'ISO-8859-1')]) {
      await rejectsWith(embedCda(pdf, xml, { modDate: NOW }), 'cda-declaration', /dichiarazione/);
    }
  });

  it('refuses a damaged PDF that cannot be parsed', async () => {
    const bytes = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await assert.rejects(
      embedCda(bytes, SAMPLE_CDA, { modDate: NOW }),
      (err: unknown) => err instanceof PdfError && ['unreadable', 'no-pages'].includes(err.code),
    );
  });
});

describe('inspectPdf', () => {
  it('reports an encrypted PDF as encrypted and unsigned', async () => {
    const dir = tempDir();
    const plain = writeTemp(dir, 'plain.pdf', await embedCda(await rendered(), SAMPLE_CDA, { modDate: NOW }));
    const enc = join(dir, 'enc.pdf');
    assert.equal(run('qpdf', ['--encrypt', '', 'owner-pw', '256', '--', plain, enc]).status, 0);
    const r = await inspectPdf(readFileSync(enc));
    assert.equal(r.encrypted, true);
    assert.equal(r.signed, false);
    assert.equal(r.pages, 1);
  });

  it('reports the signature, the embedded files and the pages of the signed sample', async () => {
    const r = await inspectPdf(readFileSync(SIGNED_SAMPLE));
    assert.deepEqual(r, { encrypted: false, signed: true, embeddedFiles: ['cda.xml'], pages: 1 });
  });
});
