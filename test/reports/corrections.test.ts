// Sostituisci, Elimina, Aggiorna metadati on a published document, against the CART stand-in: each ends in the right
// document state, and what makes no sense (replacing or updating a deleted document, deleting it twice, a new
// version for another patient) is refused by the core with an Italian message.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReportForm } from '../../contract/report-form.js';
import { sampleForm, startReportEnv, type ReportEnv } from './support.js';

let env: ReportEnv;
before(async () => {
  env = await startReportEnv();
});
after(async () => env?.close());

async function publish(form: ReportForm): Promise<number> {
  const p = await env.service.preview({ form });
  assert.ok(p.ok && p.value.ready, JSON.stringify(p));
  const s = await env.service.sign({ previewId: p.value.previewId, password: env.pki.password });
  assert.ok(s.ok, JSON.stringify(s));
  await env.send();
  return s.value.documentId;
}

describe('Sostituisci', () => {
  test('a new version of a published report replaces it: same setId, version 2, the old one «sostituito»', async () => {
    const oldId = await publish(sampleForm('RSA'));
    assert.equal(env.library.stateOf(oldId), 'published');
    const form = { ...sampleForm('RSA'), replaceOf: oldId };
    form.rsa!.conclusions = 'Conclusioni corrette.';
    const newId = await publish(form);
    const old = env.library.stored(oldId)!;
    const next = env.library.stored(newId)!;
    assert.equal(next.setId, old.setId);
    assert.equal(next.version, 2);
    assert.notEqual(next.identificativoDoc, old.identificativoDoc);
    assert.equal(env.library.stateOf(newId), 'published');
    assert.equal(env.library.stateOf(oldId), 'replaced');
    assert.equal(env.cart.documents().find((d) => d.identificativoDoc === next.identificativoDoc)?.identificativoDoc, next.identificativoDoc);
  });

  test('a new version for another patient is refused on the tax code, pointing to delete for a wrong patient', async () => {
    const oldId = await publish(sampleForm('LAB'));
    const form = { ...sampleForm('LAB'), replaceOf: oldId };
    form.patient.fiscalCode = 'MNTMRA03M71C615V';
    const r = await env.service.validate(form);
    assert.ok(r.ok);
    const p = r.value.problems.find((x) => x.field === 'patient.fiscalCode' && x.severity === 'error');
    assert.ok(p, JSON.stringify(r.value.problems));
    assert.match(p.message, /stesso paziente.*Paziente sbagliato/);
  });

  test('a version already replaced cannot be replaced again (the form says so before signing)', async () => {
    const firstId = await publish(sampleForm('RAD'));
    await publish({ ...sampleForm('RAD'), replaceOf: firstId });
    const r = await env.service.preview({ form: { ...sampleForm('RAD'), replaceOf: firstId } });
    assert.ok(r.ok);
    assert.equal(r.value.ready, false);
    assert.ok(
      r.value.problems.some((x) => x.field === '' && /sostituita dalla versione 2/.test(x.message)),
      JSON.stringify(r.value.problems),
    );
  });

  test('a preview made before the document was deleted is refused at signing time', async () => {
    const id = await publish(sampleForm('RSA'));
    const p = await env.service.preview({ form: { ...sampleForm('RSA'), replaceOf: id } });
    assert.ok(p.ok && p.value.ready);
    assert.ok((await env.service.deleteDocument({ documentId: id, reason: 'wrong-content' })).ok);
    const s = await env.service.sign({ previewId: p.value.previewId, password: env.pki.password });
    assert.ok(!s.ok);
    assert.equal(s.error.code, 'refused');
  });
});

describe('Elimina', () => {
  test('a delete ends in «eliminato», and the gateway no longer holds the document', async () => {
    const id = await publish(sampleForm('RSA'));
    const r = await env.service.deleteDocument({ documentId: id, reason: 'wrong-patient' });
    assert.ok(r.ok, JSON.stringify(r));
    await env.send();
    assert.equal(env.library.stateOf(id), 'deleted');
    const stored = env.library.stored(id)!;
    assert.ok(env.outbox.job(r.value.jobId)?.state === 'accepted' || env.outbox.job(r.value.jobId)?.state === 'confirmed');
    assert.ok(!env.cart.documents().some((d) => d.identificativoDoc === stored.identificativoDoc && !d.deleted), 'deleted on the stand-in');
  });

  test('wrong patient: the document is deleted, and its stored form published again for the right patient', async () => {
    const id = await publish(sampleForm('LAB'));
    assert.ok((await env.service.deleteDocument({ documentId: id, reason: 'wrong-patient' })).ok);
    await env.send();
    const form = env.library.reportFormOf(id)!;
    form.patient = { ...form.patient, fiscalCode: 'MNTMRA03M71C615V', givenName: 'Maria', familyName: 'Montanari', birthDate: '', sex: '' };
    const newId = await publish(form);
    assert.equal(env.library.stateOf(id), 'deleted');
    assert.equal(env.library.stateOf(newId), 'published');
    assert.equal(env.library.stored(newId)!.patientFiscalCode, 'MNTMRA03M71C615V');
  });

  test('a deleted document cannot be deleted again, replaced or updated: the core refuses each', async () => {
    const id = await publish(sampleForm('LAB'));
    assert.ok((await env.service.deleteDocument({ documentId: id, reason: 'duplicate' })).ok);
    await env.send();
    const again = await env.service.deleteDocument({ documentId: id, reason: 'duplicate' });
    assert.ok(!again.ok);
    assert.equal(again.error.code, 'refused');
    assert.match(again.error.message, /già stato eliminato/);
    const meta = await env.service.updateMetadata({ documentId: id, metadata: { administrativeRequest: 'SSN' } });
    assert.ok(!meta.ok);
    assert.equal(meta.error.code, 'refused');
    const replace = await env.service.validate({ ...sampleForm('LAB'), replaceOf: id });
    assert.ok(replace.ok);
    assert.ok(replace.value.problems.some((p) => p.severity === 'error' && /eliminato/.test(p.message)));
  });

  test('a document not yet sent cannot be deleted (CART would not find it)', async () => {
    const p = await env.service.preview({ form: sampleForm('RSA') });
    assert.ok(p.ok && p.value.ready);
    const s = await env.service.sign({ previewId: p.value.previewId, password: env.pki.password });
    assert.ok(s.ok);
    const r = await env.service.deleteDocument({ documentId: s.value.documentId, reason: 'other' });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'refused');
    await env.send();
  });
});

describe('Aggiorna metadati', () => {
  test('the options list the allowed fields with Italian labels and coded values', () => {
    const r = env.service.metadataOptions(undefined);
    assert.ok(r.ok);
    const keys = r.value.fields.map((f) => f.key);
    assert.deepEqual(keys, ['administrativeRequest', 'assettoOrganizzativo', 'tipoAttivitaClinica', 'attiCliniciRegoleAccesso', 'serviceStart', 'serviceEnd']);
    const regime = r.value.fields[0]!;
    assert.ok(regime.options.some((o) => o.code === 'NOSSN' && /Privato/.test(o.display)));
    assert.ok(r.value.fields[1]!.options.some((o) => o.code === 'AD_PSC008'));
  });

  test('an update is sent with the values last sent plus the change, the document stays «pubblicato», and the options show the new values', async () => {
    const id = await publish(sampleForm('RSA'));
    const sentFirst = env.service.metadataOptions(id);
    assert.ok(sentFirst.ok);
    assert.equal(sentFirst.value.current?.administrativeRequest, 'NOSSN');
    assert.equal(sentFirst.value.current?.assettoOrganizzativo, 'AD_PSC008');
    const r = await env.service.updateMetadata({ documentId: id, metadata: { administrativeRequest: 'SSN', attiCliniciRegoleAccesso: ['P99'] } });
    assert.ok(r.ok, JSON.stringify(r));
    await env.send();
    assert.ok(['accepted', 'confirmed'].includes(env.outbox.job(r.value.jobId)!.state));
    assert.equal(env.library.stateOf(id), 'published');
    const body = JSON.parse(
      (env.outbox.db.prepare('SELECT request_body FROM outbox_jobs WHERE id = ?').get(r.value.jobId) as { request_body: string }).request_body,
    ) as Record<string, unknown>;
    assert.deepEqual(body.administrativeRequest, ['SSN']);
    assert.deepEqual(body.attiCliniciRegoleAccesso, ['P99']);
    assert.equal(body.assettoOrganizzativo, 'AD_PSC008', 'a field not changed keeps the value last sent');
    const sentNow = env.service.metadataOptions(id);
    assert.ok(sentNow.ok);
    assert.equal(sentNow.value.current?.administrativeRequest, 'SSN');
    assert.deepEqual(sentNow.value.current?.attiCliniciRegoleAccesso, ['P99']);
  });

  test('a value outside the lists is refused before anything is queued', async () => {
    const id = await publish(sampleForm('RAD'));
    const r = await env.service.updateMetadata({ documentId: id, metadata: { tipoAttivitaClinica: 'PHR' } });
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'validation');
    assert.equal(r.error.problems?.[0]?.path, 'metadata.tipoAttivitaClinica');
  });
});

describe('Correggi e invia di nuovo', () => {
  async function rejected(): Promise<number> {
    env.cart.addFault({ fault: { kind: 'problem', status: 400, type: '/msg/cda-element' }, operation: 'validateAndCreate' });
    const id = await publish(sampleForm('RSA'));
    assert.equal(env.library.stateOf(id), 'rejected');
    return id;
  }

  test('a corrected rejection links to its correction and offers no fix any more', async () => {
    const id = await rejected();
    assert.equal(env.library.get(id)!.rejection!.correctedBy, undefined);
    const fixedId = await publish({ ...sampleForm('RSA'), correctOf: id });
    assert.equal(env.library.stateOf(fixedId), 'published');
    assert.deepEqual(env.library.get(id)!.rejection!.correctedBy, { documentId: fixedId });
    assert.deepEqual(env.library.list({}).items.find((d) => d.documentId === id)!.rejection!.correctedBy, { documentId: fixedId });
  });

  test('the same rejection cannot be corrected twice: refused on the form and again at signing time', async () => {
    const id = await rejected();
    const early = await env.service.preview({ form: { ...sampleForm('RSA'), correctOf: id } });
    assert.ok(early.ok && early.value.ready, JSON.stringify(early));
    await publish({ ...sampleForm('RSA'), correctOf: id });
    const again = await env.service.preview({ form: { ...sampleForm('RSA'), correctOf: id } });
    assert.ok(again.ok && !again.value.ready);
    assert.ok(
      again.value.problems.some((p) => /già stato corretto/.test(p.message)),
      JSON.stringify(again.value.problems),
    );
    const late = await env.service.sign({ previewId: early.value.previewId, password: env.pki.password });
    assert.ok(!late.ok);
    assert.equal(late.error.code, 'refused');
    assert.match(late.error.message, /già stato corretto/);
  });

  test('a report that was not rejected cannot be «corrected»', async () => {
    const id = await publish(sampleForm('RSA'));
    const r = await env.service.preview({ form: { ...sampleForm('RSA'), correctOf: id } });
    assert.ok(r.ok && !r.value.ready);
    assert.ok(r.value.problems.some((p) => /non è \(più\) tra quelli rifiutati/.test(p.message)));
  });
});
