// The report channels through the app core's dispatch, as Electron and the browser shell call them: requests are
// validated against the contract (nothing unexpected reaches the service), answers are plain JSON.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AppCore } from '../../main/core/app/app-core.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';
import { DOCTOR, sampleForm } from './support.js';
import { testAppCore } from '../support/app-core.js';

let dir: string;
let core: AppCore;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'reports-channels-'));
  core = testAppCore(join(dir, 'app'));
});
after(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('before the clinic profile exists, validation says to complete it first', async () => {
  const r = await core.dispatch('reports:validate', { form: sampleForm('RSA') });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'no-profile');
  assert.match(r.error.message, /profilo della struttura/);
});

test('a sign request carrying anything but the contract fields is refused before any handler runs', async () => {
  const r = await core.dispatch('reports:sign', { previewId: 'x', password: 'p', p12: '/etc/passwd' });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'bad-request');
});

test('a form with an unknown kind is refused as a bad request', async () => {
  const r = await core.dispatch('reports:validate', { form: { ...sampleForm('RSA'), kind: 'LDO' } });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'bad-request');
});

test('with a profile and its doctors, validation answers problems on the form fields', async () => {
  const saved = await core.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE, doctors: [DOCTOR] } });
  assert.ok(saved.ok, JSON.stringify(saved));
  const form = sampleForm('RSA');
  form.patient.fiscalCode = 'RMSLSO31M04Z404X';
  const r = await core.dispatch('reports:validate', { form });
  assert.ok(r.ok, JSON.stringify(r));
  const problems = (r.value as { problems: Array<{ field: string; severity: string }> }).problems;
  assert.ok(
    problems.some((p) => p.field === 'patient.fiscalCode' && p.severity === 'error'),
    JSON.stringify(problems),
  );
});

test('terminology:search answers through the dispatch', async () => {
  const r = await core.dispatch('terminology:search', { system: 'icd9cm', text: '89.52' });
  assert.ok(r.ok);
  assert.equal((r.value as Array<{ code: string }>)[0]?.code, '89.52');
});

test('documents:metadata-options without a document lists the fields', async () => {
  const r = await core.dispatch('documents:metadata-options', {});
  assert.ok(r.ok);
  assert.equal((r.value as { fields: unknown[] }).fields.length, 6);
});
