// Issue 11, finding 10, in the app core against the stand-in: «In linea» comes from a real check of the gateway
// (a TLS handshake with the clinic's certificate), not from "nothing failed yet". A document waits (Retry-After
// 15 min), the gateway goes down: after the check the bar is not «In linea»; back up: after the check it is.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../contract/profile.js';
import type { AppCore } from '../../main/core/app/app-core.js';
import { startMockCart, type MockCart } from '../../mock-cart/server.js';
import { connectionStatus } from '../../renderer/src/screens/outbox-view-model.js';
import { testClock } from '../support/clock.js';
import type { TestPki } from '../support/pki.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';
import { startTestCart } from '../support/test-cart.js';
import { standInDocs } from './stand-in.js';
import { importCertificateFile } from '../support/certificate-upload.js';
import { testAppCore } from '../support/app-core.js';

let dir: string;
let cart: MockCart;
let pki: TestPki;
let core: AppCore;
let profile: Profile;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'connection-probe-'));
  ({ pki, cart } = await startTestCart(dir));
  core = testAppCore(join(dir, 'app'), {
    outbox: { settleMs: 0 },
  });
  profile = {
    ...VALID_TEST_PROFILE,
    environment: 'custom',
    baseUrl: cart.url,
    trustedCaFile: cart.caFile,
    clinic: { ...VALID_TEST_PROFILE.clinic, organizationalSetting: 'AD_PSC107' },
    operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
  };
  assert.equal((await core.dispatch('profile:save', { profile })).ok, true);
  for (const [role, path] of [
    ['auth', pki.authP12],
    ['signature', pki.signatureP12],
  ] as const) {
    assert.equal((await importCertificateFile(core.dispatch, role, path, pki.password)).ok, true);
  }
  await core.sending.reconfigure();
});

after(async () => {
  await core?.close();
  await cart?.close();
  rmSync(dir, { recursive: true, force: true });
});

const bar = () => connectionStatus(core.sending.overview({ limit: 0 }));

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 50) {
    if (waited > ms) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the check after start reaches the gateway: «In linea»', async () => {
  await until('first check', () => core.sending.connection.state !== 'checking');
  assert.equal(bar().text, 'In linea');
});

test('gateway down with a document waiting: after the check the bar is not «In linea»; back up: it is again', async () => {
  cart.addFault({ fault: { kind: 'status', status: 503, retryAfterSeconds: 900 }, operation: 'validateAndCreate' });
  const [doc] = await standInDocs(profile, 'PROBE', 1);
  const id = core.outbox.enqueueCreate(doc!);
  await until('waiting', () => core.outbox.job(id)!.state === 'waiting');
  assert.equal(bar().text, 'In linea — 1 documento da inviare');

  const port = Number(new URL(cart.url).port);
  await cart.close();
  // What the minute timer does while documents wait.
  await core.sending.connection.check();
  assert.equal(bar().kind, 'offline');
  assert.equal(bar().text, 'Non in linea — 1 documento in attesa');

  cart = await startMockCart({
    stateDir: join(dir, 'state'),
    tlsKeyPem: pki.server.keyPem,
    tlsCertPem: pki.server.certPem,
    clientCaPem: pki.ca.certPem,
    now: testClock,
    port,
  });
  await core.sending.connection.check();
  assert.equal(bar().text, 'In linea — 1 documento da inviare');
});
