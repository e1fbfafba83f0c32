// The app core starts the real outbox runner once the stored profile and the certificates (passwords
// in the secret store) allow a CART connection, and stops it, with the Italian reason, when they no
// longer do. The gateway address is never contacted: no job is queued.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppCore } from '../../main/core/app/app-core.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';
import { importCertificateFile } from '../support/certificate-upload.js';
import { testAppCore } from '../support/app-core.js';

let dir: string;
let core: AppCore;
let pki: TestPki;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-wiring-'));
  pki = makeTestPki(join(dir, 'pki'), 'Wiring-Pw-8812');
  core = testAppCore(join(dir, 'app'));
  await core.sending.reconfigure();
});
after(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const overview = () => core.sending.overview({ limit: 0 });
const profile = { ...VALID_TEST_PROFILE, environment: 'custom' as const, baseUrl: 'https://127.0.0.1:9/gateway/v2/' };

test('a profile without the operator keeps sending suspended with that reason', async () => {
  assert.equal((await core.dispatch('profile:save', { profile })).ok, true);
  await core.sending.reconfigure();
  assert.equal(core.sending.isRunning, false);
  assert.match(overview().pauseMessage ?? '', /^Invii sospesi: nel profilo della struttura manca l’operatore/);
});

test('with the operator but no certificates the reason names the Certificati section', async () => {
  assert.equal((await core.dispatch('profile:save', { profile: { ...profile, operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' } } })).ok, true);
  await core.sending.reconfigure();
  assert.match(overview().pauseMessage ?? '', /^Invii sospesi: mancano il certificato di autenticazione o quello di firma.*«Certificati»/);
});

test('importing both certificates through the channels starts the runner', async () => {
  for (const [role, path] of [
    ['auth', pki.authP12],
    ['signature', pki.signatureP12],
  ] as const) {
    assert.equal((await importCertificateFile(core.dispatch, role, path, pki.password)).ok, true);
  }
  await core.sending.reconfigure();
  assert.equal(core.sending.isRunning, true);
  assert.deepEqual({ paused: overview().paused, message: overview().pauseMessage }, { paused: false, message: null });
});

test('removing a certificate stops the runner and says why', async () => {
  assert.equal((await core.dispatch('certificates:remove', { role: 'signature' })).ok, true);
  await core.sending.reconfigure();
  assert.equal(core.sending.isRunning, false);
  assert.match(overview().pauseMessage ?? '', /^Invii sospesi: mancano il certificato/);
});
