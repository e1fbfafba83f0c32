// reports:import-pdf — the readable PDF of the clinic's own software carries the structured report instead of the
// rendered one: it is checked first (a PDF, readable, not encrypted, not already signed), then previewed, signed and
// published like a written report.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SIGNED_SAMPLES } from '../support/reference.js';
import { run } from '../document/pdf/support.js';
import { sampleForm, startReportEnv, type ReportEnv } from './support.js';

let env: ReportEnv;
before(async () => {
  env = await startReportEnv();
});
after(async () => env?.close());

/** What a clinic's reporting software prints: two pages of text, no CDA, no signature. */
async function clinicPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const line of ['Referto ecografico del software della clinica', 'Seconda pagina del referto']) {
    doc.addPage([595, 842]).drawText(line, { x: 50, y: 780, size: 12, font });
  }
  return doc.save();
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

test('a readable PDF is imported, previewed with its own pages, signed and published as «imported»', async () => {
  const imported = await env.service.importPdf({ fileName: 'C:\\referti\\eco.pdf', pdfBase64: b64(await clinicPdf()) });
  assert.ok(imported.ok, JSON.stringify(imported));
  assert.equal(imported.value.pageCount, 2);
  assert.equal(imported.value.fileName, 'eco.pdf');
  const form = { ...sampleForm('RSA'), importId: imported.value.importId };
  const p = await env.service.preview({ form });
  assert.ok(p.ok && p.value.ready, JSON.stringify(p));
  const file = join(env.dir, 'imported-preview.pdf');
  writeFileSync(file, Buffer.from(p.value.pdfBase64, 'base64'));
  assert.match(run('pdftotext', [file, '-']).stdout, /software della clinica/);
  assert.equal(run('pdfdetach', ['-list', file]).stdout.trim(), '1 embedded files\n1: cda.xml');
  const s = await env.service.sign({ previewId: p.value.previewId, password: env.pki.password });
  assert.ok(s.ok, JSON.stringify(s));
  await env.send();
  assert.equal(env.library.stateOf(s.value.documentId), 'published');
  assert.equal(env.library.get(s.value.documentId)?.source, 'imported');
});

test('a PDF with its own form fields and annotations on page 1 still signs valid (the signature field joins them)', async () => {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Referto con campi compilabili', { x: 50, y: 780, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  doc.getForm().createTextField('note.medico').addToPage(page, { x: 50, y: 700, width: 200, height: 20 });
  const imported = await env.service.importPdf({ fileName: 'modulo.pdf', pdfBase64: b64(await doc.save()) });
  assert.ok(imported.ok, JSON.stringify(imported));
  const p = await env.service.preview({ form: { ...sampleForm('RAD'), importId: imported.value.importId } });
  assert.ok(p.ok && p.value.ready, JSON.stringify(p));
  const s = await env.service.sign({ previewId: p.value.previewId, password: env.pki.password });
  assert.ok(s.ok, JSON.stringify(s));
  const file = join(env.dir, 'with-fields.pdf');
  const signed = Buffer.from(env.library.pdfOf(s.value.documentId)!.bytes);
  assert.ok(signed.subarray(0, Buffer.from(p.value.pdfBase64, 'base64').length).equals(Buffer.from(p.value.pdfBase64, 'base64')));
  writeFileSync(file, signed);
  const out = run('pdfsig', ['-nocert', file]).stdout;
  assert.match(out, /Signature Validation: Signature is Valid\./);
  assert.match(out, /Total document signed/);
  assert.equal(run('qpdf', ['--check', file]).status, 0);
  await env.send();
  assert.equal(env.library.stateOf(s.value.documentId), 'published');
});

test('an imported PDF is used once: after signing, its importId is gone', async () => {
  const imported = await env.service.importPdf({ fileName: 'eco.pdf', pdfBase64: b64(await clinicPdf()) });
  assert.ok(imported.ok);
  const form = { ...sampleForm('LAB'), importId: imported.value.importId };
  const p = await env.service.preview({ form });
  assert.ok(p.ok && p.value.ready);
  assert.ok((await env.service.sign({ previewId: p.value.previewId, password: env.pki.password })).ok);
  const again = await env.service.validate(form);
  assert.ok(again.ok);
  assert.ok(again.value.problems.some((x) => x.field === '' && /importarlo di nuovo/.test(x.message)));
  await env.send();
});

test('an already signed PDF is refused: signing it again would break its signature', async () => {
  const r = await env.service.importPdf({ fileName: 'firmato.pdf', pdfBase64: b64(readFileSync(join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf'))) });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'pdf-refused');
  assert.match(r.error.message, /contiene già una firma digitale/);
});

test('an encrypted PDF is refused', async () => {
  const plain = join(env.dir, 'plain.pdf');
  const locked = join(env.dir, 'locked.pdf');
  writeFileSync(plain, await clinicPdf());
  const q = run('qpdf', ['--encrypt', 'utente', 'proprietario', '256', '--', plain, locked]);
  assert.equal(q.status, 0, q.stderr);
  const r = await env.service.importPdf({ fileName: 'locked.pdf', pdfBase64: b64(readFileSync(locked)) });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'pdf-refused');
  assert.match(r.error.message, /protetto da password o cifrato/);
});

test('a file that is not a PDF is refused', async () => {
  const r = await env.service.importPdf({ fileName: 'referto.docx', pdfBase64: b64(Buffer.from('PK\u0003\u0004 not a pdf')) });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'pdf-refused');
  assert.match(r.error.message, /non è un PDF/);
});
