// reports:preview and reports:sign — the preview is the exact bytes that get signed (the signature is an incremental
// update appended to them), signing happens here with the report doctor's certificate and the password given now
// or kept for the session, and the document goes through the outbox to the CART stand-in until it is published.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ReportsPreviewResponse } from '../../contract/reports.js';
import type { ReportForm } from '../../contract/report-form.js';
import { run } from '../document/pdf/support.js';
import { OTHER_DOCTOR, PATIENT_CF, sampleForm, startReportEnv, type ReportEnv } from './support.js';

let env: ReportEnv;
before(async () => {
  env = await startReportEnv();
});
after(async () => env?.close());

type Ready = Extract<ReportsPreviewResponse, { ready: true }>;

async function preview(form: ReportForm): Promise<Ready> {
  const r = await env.service.preview({ form });
  assert.ok(r.ok, JSON.stringify(r));
  assert.ok(r.value.ready, JSON.stringify(r.value.problems));
  return r.value;
}

async function publish(form: ReportForm): Promise<{ documentId: number; jobId: number }> {
  const p = await preview(form);
  const s = await env.service.sign({ previewId: p.previewId, password: env.pki.password });
  assert.ok(s.ok, JSON.stringify(s));
  return s.value;
}

const storedPdf = (documentId: number): Buffer => Buffer.from(env.library.pdfOf(documentId)!.bytes);

describe('preview and signature', () => {
  test('the signed PDF starts with the previewed bytes, and poppler finds its signature valid over the whole file', async () => {
    const p = await preview(sampleForm('RSA'));
    const previewed = Buffer.from(p.pdfBase64, 'base64');
    const s = await env.service.sign({ previewId: p.previewId, password: env.pki.password });
    assert.ok(s.ok, JSON.stringify(s));
    const signed = storedPdf(s.value.documentId);
    assert.ok(signed.length > previewed.length);
    assert.ok(signed.subarray(0, previewed.length).equals(previewed), 'the signature must be appended to the previewed bytes');
    const file = join(env.dir, 'signed.pdf');
    writeFileSync(file, signed);
    const out = run('pdfsig', ['-nocert', file]).stdout;
    assert.match(out, /Signature Validation: Signature is Valid\./);
    assert.match(out, /Total document signed/);
  });

  test('the preview names the signer and the signature note; the structure certificate of «Dott. Mario Rossi» matches doctor Rossi', async () => {
    const p = await preview(sampleForm('LAB'));
    assert.equal(p.signer?.name, 'Dott. Mario Rossi');
    assert.equal(p.signer?.owner, 'structure');
    assert.equal(p.signer?.matchesDoctor, true);
    assert.equal(p.signatureNote, 'Firmato digitalmente da Dott. Mario Rossi');
    assert.ok(!p.problems.some((x) => x.field === 'doctorId'));
  });

  test('a report of another doctor signed with that certificate carries a visible warning on the doctor', async () => {
    const p = await preview({ ...sampleForm('RSA'), doctorId: OTHER_DOCTOR.id });
    assert.equal(p.signer?.matchesDoctor, false);
    const w = p.problems.find((x) => x.field === 'doctorId' && x.severity === 'warning');
    assert.ok(w, JSON.stringify(p.problems));
    assert.match(w.message, /Dott\. Mario Rossi.*non è Maria Montanari/);
  });

  test('without any report-signing certificate there is no preview: the form shows it on the doctor', async () => {
    const local = await startReportEnv({ documentSigner: undefined });
    try {
      const r = await local.service.preview({ form: sampleForm('RSA') });
      assert.ok(r.ok);
      assert.equal(r.value.ready, false);
      assert.match(r.value.problems.find((x) => x.field === 'doctorId' && x.severity === 'error')?.message ?? '', /importarlo in «Certificati»/);
    } finally {
      await local.close();
    }
  });

  test('a form with errors gives no preview, only the problems', async () => {
    const form = sampleForm('RSA');
    form.rsa!.findings = '';
    const r = await env.service.preview({ form });
    assert.ok(r.ok);
    assert.equal(r.value.ready, false);
    assert.ok(r.value.problems.some((x) => x.field === 'rsa.findings'));
  });

  test('a wrong password is refused in Italian and the preview is kept: the right one then signs it', async () => {
    const p = await preview(sampleForm('RAD'));
    const wrong = await env.service.sign({ previewId: p.previewId, password: 'not-the-password' });
    assert.ok(!wrong.ok);
    assert.equal(wrong.error.code, 'wrong-password');
    assert.match(wrong.error.message, /Password del certificato di firma errata.*anteprima è conservata/);
    const right = await env.service.sign({ previewId: p.previewId, password: env.pki.password });
    assert.ok(right.ok, JSON.stringify(right));
  });

  test('without a password, and none kept, signing asks for it', async () => {
    const p = await preview(sampleForm('RSA'));
    const r = await env.service.sign({ previewId: p.previewId });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'password-required');
  });

  test('a preview is signed once: a second signature of the same preview is refused', async () => {
    const p = await preview(sampleForm('RSA'));
    assert.ok((await env.service.sign({ previewId: p.previewId, password: env.pki.password })).ok);
    const again = await env.service.sign({ previewId: p.previewId, password: env.pki.password });
    assert.ok(!again.ok);
    assert.equal(again.error.code, 'preview-expired');
  });

  test('«ricorda per questa sessione» signs the next report without asking, and the password never reaches the logs', async () => {
    const local = await startReportEnv();
    try {
      const first = await local.service.preview({ form: sampleForm('RSA') });
      assert.ok(first.ok && first.value.ready);
      assert.equal(first.value.signer?.passwordKnown, false);
      assert.ok((await local.service.sign({ previewId: first.value.previewId, password: local.pki.password, keepPasswordForSession: true })).ok);
      const second = await local.service.preview({ form: sampleForm('LAB') });
      assert.ok(second.ok && second.value.ready);
      assert.equal(second.value.signer?.passwordKnown, true);
      const signed = await local.service.sign({ previewId: second.value.previewId });
      assert.ok(signed.ok, JSON.stringify(signed));
      // A wrong attempt is logged too: still without the password or the patient's tax code.
      const third = await local.service.preview({ form: sampleForm('RAD') });
      assert.ok(third.ok && third.value.ready);
      await local.service.sign({ previewId: third.value.previewId, password: 'Sbagliata-123' });
      const text = JSON.stringify(local.logs);
      assert.ok(local.logs.some((l) => l.msg === 'report signed and queued'));
      assert.ok(!text.includes(local.pki.password), 'the certificate password must never be logged');
      assert.ok(!text.includes('Sbagliata-123'));
      assert.ok(!text.includes(PATIENT_CF), 'the patient tax code must never be logged');
    } finally {
      await local.close();
    }
  });

  test('a password not kept for the session is asked again for the next report', async () => {
    const local = await startReportEnv();
    try {
      const first = await local.service.preview({ form: sampleForm('RSA') });
      assert.ok(first.ok && first.value.ready);
      assert.ok((await local.service.sign({ previewId: first.value.previewId, password: local.pki.password })).ok);
      const second = await local.service.preview({ form: sampleForm('RSA') });
      assert.ok(second.ok && second.value.ready);
      assert.equal(second.value.signer?.passwordKnown, false);
      const r = await local.service.sign({ previewId: second.value.previewId });
      assert.ok(!r.ok);
      assert.equal(r.error.code, 'password-required');
    } finally {
      await local.close();
    }
  });
});

test('the draft the report was written in is deleted when the signed report is recorded', async () => {
  const form = sampleForm('RSA');
  const { draftId } = env.library.drafts.save(form);
  const p = await preview(form);
  const s = await env.service.sign({ previewId: p.previewId, password: env.pki.password, draftId });
  assert.ok(s.ok, JSON.stringify(s));
  assert.equal(env.library.drafts.get(draftId), undefined);
  assert.deepEqual(env.library.reportFormOf(s.value.documentId)?.rsa, form.rsa, 'the form is kept with the document for «Sostituisci»');
});

describe('published on the stand-in', () => {
  for (const kind of ['RSA', 'LAB', 'RAD'] as const) {
    test(`a ${kind} report goes from the form to «pubblicato»`, async () => {
      const { documentId } = await publish(sampleForm(kind));
      assert.equal(env.library.stateOf(documentId), 'queued');
      await env.send();
      assert.equal(env.library.stateOf(documentId), 'published');
      const stored = env.library.stored(documentId)!;
      const onCart = env.cart.documents().find((d) => d.identificativoDoc === stored.identificativoDoc);
      assert.ok(onCart, 'the stand-in holds the document');
      assert.equal(stored.type, kind);
      assert.equal(stored.patientFiscalCode, PATIENT_CF);
    });
  }

  test('the regime chosen on the form is the administrativeRequest sent', async () => {
    const { documentId } = await publish({ ...sampleForm('RSA'), administrativeRequest: 'SSN' });
    const row = env.outbox.db.prepare('SELECT request_body FROM outbox_jobs WHERE id = ?').get(env.library.stored(documentId)!.jobId) as {
      request_body: string;
    };
    const body = JSON.parse(row.request_body) as Record<string, unknown>;
    assert.deepEqual(body.administrativeRequest, ['SSN']);
    assert.equal(body.assettoOrganizzativo, 'AD_PSC008');
  });
});
