// Issue 11, finding 8, end to end in the app core: the stand-in's frontier refuses the software identity (the
// version typed differently from the registered one). Sending pauses; nothing — no probe, no look-up, no press of
// a channel that is not a change — lifts the pause or sends again; the status bar never says «In linea» while
// paused; saving the corrected profile lifts it with ONE send, which is accepted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../contract/profile.js';
import type { AppCore } from '../../main/core/app/app-core.js';
import type { MockCart } from '../../mock-cart/server.js';
import { connectionStatus } from '../../renderer/src/screens/outbox-view-model.js';
import type { TestPki } from '../support/pki.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';
import { BUILT_IN_SOFTWARE_IDENTITY } from '../../contract/software-identity.js';
import { startTestCart } from '../support/test-cart.js';
import { standInDocs } from './stand-in.js';
import { importCertificateFile } from '../support/certificate-upload.js';
import { testAppCore } from '../support/app-core.js';

// The stand-in registers the app's built-in identity; the profile overrides it with a mistyped version.
const REGISTERED = { ...BUILT_IN_SOFTWARE_IDENTITY };

let dir: string;
let cart: MockCart;
let pki: TestPki;
let core: AppCore;
let profile: Profile;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'software-identity-'));
  ({ pki, cart } = await startTestCart(dir, { registeredSoftware: REGISTERED }));
  core = testAppCore(join(dir, 'app'), {
    outbox: { backoff: { baseDelayMs: 50, maxDelayMs: 200 }, probeBackoff: { baseDelayMs: 50, maxDelayMs: 200 }, settleMs: 0 },
  });
  profile = {
    ...VALID_TEST_PROFILE,
    environment: 'custom',
    baseUrl: cart.url,
    trustedCaFile: cart.caFile,
    clinic: { ...VALID_TEST_PROFILE.clinic, organizationalSetting: 'AD_PSC107' },
    operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
    // Typed differently from the registered version: the frontier refuses it.
    software: { ...REGISTERED, version: '0.1' },
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

const overview = () => core.sending.overview({ limit: 0 });

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 50) {
    if (waited > ms) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a refused software identity pauses sending until the profile is corrected, then one send goes', async () => {
  const [doc] = await standInDocs(profile, 'SWID', 1);
  const id = core.outbox.enqueueCreate(doc!);
  await until('paused', () => overview().paused);
  const refused = cart.requests().filter((r) => r.operation === 'validateAndCreate');
  assert.equal(refused.length, 1);
  assert.equal(refused[0]!.status, 403);
  assert.equal(core.outbox.job(id)!.state, 'queued');

  // Network hints, connection checks and time: none of them lifts the pause or reaches the gateway's API.
  const seenBefore = cart.requests().length;
  for (let i = 0; i < 20; i++) {
    core.onlineHint();
    await new Promise((r) => setTimeout(r, 100));
    assert.notEqual(connectionStatus(overview()).kind, 'online', 'never «In linea» while paused for authorisation');
    assert.equal(overview().paused, true);
  }
  assert.equal(cart.requests().length, seenBefore, 'no request while paused');

  // The correction: the registered version. Saving the profile is the change that lifts the pause.
  assert.equal((await core.dispatch('profile:save', { profile: { ...profile, software: REGISTERED } })).ok, true);
  await core.sending.reconfigure();
  await until('accepted', () => core.outbox.job(id)!.state === 'accepted');
  const since = cart.requests().slice(seenBefore);
  assert.deepEqual(
    since.map((r) => `${r.operation} ${r.status}`),
    ['validateAndCreate 202'],
    'exactly one send lifted the pause',
  );
  await until('In linea', () => connectionStatus(overview()).kind === 'online');
});
