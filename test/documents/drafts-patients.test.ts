// Drafts of «Nuovo referto» (saved as typed, atomic, kept across a restart) and the patients seen before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyReportForm } from '../../contract/report-form.js';
import { createDispatch } from '../../main/core/app/handlers.js';
import { createDocumentHandlers } from '../../main/core/app/documents/document-handlers.js';
import { DocumentLibrary } from '../../main/core/app/documents/document-library.js';
import { createLogger } from '../../main/core/shared/logger.js';
import { makeLibEnv, PATIENT, type LibEnv } from './helpers.js';

const form = (findings: string) => {
  const f = emptyReportForm('RSA');
  f.patient = { ...f.patient, fiscalCode: PATIENT.fiscalCode, givenName: 'Mario', familyName: 'Rossi' };
  f.rsa!.findings = findings;
  return f;
};

function dispatchOf(env: LibEnv, lines: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'docs-'));
  const log = createLogger((l) => void lines.push(l));
  const dispatch = createDispatch(createDocumentHandlers({ library: env.lib, log, dataDir: dir }), log);
  return { dispatch, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a draft is saved, saved again in place, listed with a masked tax code, read back and discarded', async () => {
  const env = makeLibEnv();
  const { dispatch, cleanup } = dispatchOf(env);
  try {
    const first = (await dispatch('drafts:save', { form: form('Nella norma') })) as { ok: true; value: { draftId: number; savedAt: string } };
    assert.equal(first.ok, true);
    env.clock.advance(1_000);
    const again = (await dispatch('drafts:save', { draftId: first.value.draftId, form: form('Nella norma.') })) as typeof first;
    assert.equal(again.value.draftId, first.value.draftId);
    assert.equal(again.value.savedAt, new Date(env.clock.t).toISOString());
    const list = (await dispatch('drafts:list', undefined)) as { ok: true; value: Array<Record<string, unknown>> };
    assert.deepEqual(
      list.value.map((d) => [d.draftId, d.kind, d.kindLabel, d.patientName, d.maskedFiscalCode]),
      [[first.value.draftId, 'RSA', 'Visita specialistica', 'Mario Rossi', 'RSSMRA*********U']],
    );
    const got = (await dispatch('drafts:get', { draftId: first.value.draftId })) as { ok: true; value: { form: ReturnType<typeof form> } };
    assert.equal(got.value.form.rsa?.findings, 'Nella norma.');
    assert.deepEqual(await dispatch('drafts:discard', { draftId: first.value.draftId }), { ok: true, value: { discarded: true } });
    assert.equal(((await dispatch('drafts:get', { draftId: first.value.draftId })) as { ok: false; error: { code: string } }).error.code, 'not-found');
  } finally {
    cleanup();
    env.cleanup();
  }
});

test('saving into a draft discarded meanwhile starts a new draft instead of failing', () => {
  const env = makeLibEnv();
  try {
    const { draftId } = env.lib.drafts.save(form('a'));
    env.lib.drafts.discard(draftId);
    const again = env.lib.drafts.save(form('ab'), draftId);
    assert.notEqual(again.draftId, draftId);
    assert.equal(env.lib.drafts.get(again.draftId)?.form.rsa?.findings, 'ab');
  } finally {
    env.cleanup();
  }
});

test('a save that fails midway leaves the previous draft whole', () => {
  const env = makeLibEnv();
  try {
    const { draftId } = env.lib.drafts.save(form('prima versione'));
    env.outbox.db.exec("CREATE TRIGGER boom BEFORE UPDATE ON library_drafts BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    assert.throws(() => env.lib.drafts.save(form('seconda versione'), draftId), /disk full/);
    assert.equal(env.lib.drafts.get(draftId)?.form.rsa?.findings, 'prima versione');
  } finally {
    env.cleanup();
  }
});

test('a draft survives closing and reopening the database', () => {
  const env = makeLibEnv();
  try {
    const { draftId } = env.lib.drafts.save(form('scritto prima della chiusura'));
    const reopened = env.reopen();
    const lib = new DocumentLibrary(reopened.db, env.clock.now);
    assert.equal(lib.drafts.get(draftId)?.form.rsa?.findings, 'scritto prima della chiusura');
  } finally {
    env.cleanup();
  }
});

test('a malformed draft is refused before anything is stored', async () => {
  const env = makeLibEnv();
  const { dispatch, cleanup } = dispatchOf(env);
  try {
    const r = (await dispatch('drafts:save', { form: { kind: 'XYZ' } })) as { ok: false; error: { code: string } };
    assert.equal(r.error.code, 'bad-request');
    assert.deepEqual(env.lib.drafts.list(), []);
  } finally {
    cleanup();
    env.cleanup();
  }
});

test('recording the signed document deletes its draft', () => {
  const env = makeLibEnv();
  try {
    const { draftId } = env.lib.drafts.save(form('x'));
    env.create(1, {}, { draftId });
    assert.equal(env.lib.drafts.get(draftId), undefined);
  } finally {
    env.cleanup();
  }
});

test('patients are found by tax code prefix or name prefix, once each, with the data of their latest document', () => {
  const env = makeLibEnv();
  try {
    env.create(1, { address: { street: 'Via Roma 1', city: 'Firenze', postalCode: '50100', province: 'FI', istatCode: '048017' } });
    env.clock.advance(60_000);
    env.create(2, { address: { street: 'Via Dante 2', city: 'Prato', postalCode: '59100', province: 'PO', istatCode: '100005' }, phone: '055123' });
    env.create(3, { fiscalCode: 'RSSLRA85M41D612W', givenName: 'Laura', familyName: 'Rossini' });
    const byName = env.lib.patients.search('ross');
    assert.deepEqual(byName.map((p) => p.fiscalCode).sort(), ['RSSLRA85M41D612W', 'RSSMRA80A01H501U']);
    const mario = env.lib.patients.search('RSSMRA80')[0]!;
    assert.deepEqual(
      [mario.givenName, mario.familyName, mario.birthDate, mario.sex, mario.address?.city, mario.phone],
      ['Mario', 'Rossi', '1980-01-01', 'M', 'Prato', '055123'],
    );
    assert.deepEqual(
      env.lib.patients.search('mario ro').map((p) => p.fiscalCode),
      ['RSSMRA80A01H501U'],
    );
    assert.deepEqual(env.lib.patients.search('verdi'), []);
  } finally {
    env.cleanup();
  }
});

test('the patient search returns at most 20 patients', () => {
  const env = makeLibEnv();
  try {
    for (let i = 0; i < 25; i++) env.create(i, { fiscalCode: `RSSMRA80A01H5${String(i).padStart(2, '0')}X`, familyName: `Rossi${i}` });
    assert.equal(env.lib.patients.search('rossi').length, 20);
  } finally {
    env.cleanup();
  }
});

test('the form a document was made from is kept for «Sostituisci» and given back with the document', () => {
  const env = makeLibEnv();
  try {
    const kept = form('Referto da sostituire');
    const withForm = env.create(1, {}, { reportForm: kept }).documentId;
    const imported = env.create(2).documentId;
    assert.deepEqual(env.lib.reportFormOf(withForm), kept);
    assert.deepEqual(env.lib.get(withForm)?.reportForm, kept);
    assert.equal(env.lib.get(imported)?.reportForm, null);
  } finally {
    env.cleanup();
  }
});
