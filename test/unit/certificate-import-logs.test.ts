// Passwords never reach the logs: every line written while certificates are imported, refused,
// listed and removed through the real dispatcher is captured and searched for the password.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../main/core/app/app-core.js';
import { createLogger } from '../../main/core/shared/logger.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { makeTestPki } from '../support/pki.js';
import { testClock } from '../support/clock.js';
import { VALID_TEST_PROFILE as VALID_PROFILE } from '../support/shell.js';
import { importCertificateFile } from '../support/certificate-upload.js';

test('no log line written during certificate imports contains the password', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cert-logs-'));
  const password = 'Zebra-Segreta-9431';
  const pki = makeTestPki(join(dir, 'pki'), password);
  const lines: string[] = [];
  const log = createLogger((line) => void lines.push(line), 'debug');
  const core = createAppCore({ dataDir: dir, version: 'test', shell: 'browser-shell', log, secrets: createMemorySecretStore(), now: testClock });
  try {
    assert.equal((await core.dispatch('profile:save', { profile: VALID_PROFILE })).ok, true);
    // Refused: wrong password (the real one as a near miss), wrong role, malformed requests with the password in them.
    await importCertificateFile(core.dispatch, 'auth', pki.authP12, `${password}x`);
    await importCertificateFile(core.dispatch, 'signature', pki.authP12, password);
    await core.dispatch('certificates:import', { role: 'auth', path: 'relative/auth.p12', password, extra: password });
    await core.dispatch('certificates:import', { role: 'auth', handle: 'AAAAAAAAAAAAAAAAAAAAAA', password });
    await core.dispatch('certificates:upload', { fileName: password, bytesBase64: Buffer.from(password).toString('base64') });
    // Accepted (a CART pair and a report signer, whose password is checked and not kept), listed, removed.
    assert.equal((await importCertificateFile(core.dispatch, 'auth', pki.authP12, password, { sameFileForBoth: true })).ok, true);
    assert.equal((await importCertificateFile(core.dispatch, 'documentSigner', pki.signerP12, password)).ok, true);
    await core.dispatch('certificates:list', undefined);
    await core.dispatch('certificates:remove', { role: 'auth' });
  } finally {
    core.close();
  }
  assert.ok(
    lines.some((l) => l.includes('certificate imported')),
    'the import itself is logged',
  );
  assert.ok(
    lines.some((l) => l.includes('certificate import refused')),
    'the refusals are logged',
  );
  const leaking = lines.filter((l) => l.includes(password));
  assert.deepEqual(leaking, []);
});
