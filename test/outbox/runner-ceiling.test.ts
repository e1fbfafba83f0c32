// Issue 11, finding 8: a hard ceiling on requests that no state of the runner can exceed. Every refusal the
// stand-in gateway can give is answered to every request for two simulated minutes, while the user presses
// «Riprendi invii» and «Riprova» at every tick and the runner's own back-off is cut to 1 ms: the requests about
// one document still stay within the per-document ceiling (6 in any minute), those of the queue within its own.
// Without the ceiling the same runs make dozens of requests a minute (checked by hand with a ceiling of 10^6).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../contract/profile.js';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { createCartPort, type ClosableCartPort } from '../../main/core/outbox/cart-port-client.js';
import { DEFAULT_REQUEST_CEILING, type RequestCeiling } from '../../main/core/outbox/request-ceiling.js';
import { envCredentialSource } from '../../main/cli/profile-file.js';
import type { FaultKind, MockCart } from '../../mock-cart/server.js';
import { manualClock } from '../support/clock.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { testProfile } from '../support/profiles.js';
import { startTestCart } from '../support/test-cart.js';
import { standInDocs } from './stand-in.js';
import { validateProfile } from '../../main/core/shared/index.js';

const clock = manualClock();
let dir: string;
let cart: MockCart;
let pki: TestPki;
let profile: Profile;
let n = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runner-ceiling-'));
  // The stand-in shares the manual clock: the tokens' iat/exp follow the simulated minutes.
  ({ pki, cart } = await startTestCart(dir, { now: clock.now }));
  profile = testProfile(cart.url, { caFile: cart.caFile, authP12: pki.authP12, signatureP12: pki.signatureP12 });
});
after(async () => {
  await cart.close();
  rmSync(dir, { recursive: true, force: true });
});

const problem = (status: number, type: string): FaultKind => ({ kind: 'problem', status, type });

/** Every kind of refusal the stand-in can give, by its frontier (GovWay names) or its dispatcher (/msg/ types). */
const REFUSALS: Array<[string, FaultKind]> = [
  ['401 TokenAuthenticationFailed', problem(401, 'TokenAuthenticationFailed')],
  ['401 TokenAuthenticationRequired', problem(401, 'TokenAuthenticationRequired')],
  ['401 /msg/unauthorized', problem(401, '/msg/unauthorized')],
  ['403 AuthorizationContentDeny', problem(403, 'AuthorizationContentDeny')],
  ['403 AuthorizationDeny', problem(403, 'AuthorizationDeny')],
  ['403 /msg/jwt-validation', problem(403, '/msg/jwt-validation')],
  ['403 /msg/mandatory-element-token', problem(403, '/msg/mandatory-element-token')],
  ['400 /msg/mandatory-element', problem(400, '/msg/mandatory-element')],
  ['400 /msg/cda-match', problem(400, '/msg/cda-match')],
  ['400 /msg/document-hash', problem(400, '/msg/document-hash')],
  ['400 /msg/generic-error', problem(400, '/msg/generic-error')],
  ['404 /msg/record-not-found', problem(404, '/msg/record-not-found')],
  ['409 Conflict', problem(409, 'Conflict')],
  ['413 RequestTooLarge', problem(413, 'RequestTooLarge')],
  ['415 /msg/document-type', problem(415, '/msg/document-type')],
  ['422 /msg/semantic', problem(422, '/msg/semantic')],
  ['429 TooManyRequests', { kind: 'status', status: 429 }],
  ['429 with Retry-After: 1', { kind: 'status', status: 429, retryAfterSeconds: 1 }],
  ['500 /msg/generic-error', { kind: 'status', status: 500 }],
  ['502 InvalidResponse', { kind: 'status', status: 502 }],
  ['503 APIUnavailable', { kind: 'status', status: 503 }],
  ['504 EndpointRequestTimedOut', { kind: 'status', status: 504 }],
  ['connection dropped after the body', { kind: 'drop-after-body' }],
];

/**
 * Drives `docs` documents against the stand-in for about 2.5 simulated minutes and returns how many requests (by
 * `seen`: their times on the stand-in's clock) fell in each simulated minute. Simulated time runs 100 times
 * faster than real time, and at every tick the user presses «Riprendi invii» and «Riprova» on every job.
 */
async function drive(docs: number, p: Profile, ceiling: RequestCeiling | undefined, seen: () => number[]): Promise<number[]> {
  const prefix = `CEIL${++n}X`;
  const outbox = Outbox.open(join(dir, `${prefix}.sqlite`), undefined, { now: clock.now });
  const port: ClosableCartPort = createCartPort(p, {
    credentialSource: envCredentialSource({ TEST_AUTH_PW: pki.password, TEST_SIG_PW: pki.password }),
    ...(ceiling ? { ceiling } : {}),
    timeouts: { connectMs: 2_000, headersMs: 2_000, bodyMs: 2_000 },
    now: clock.now,
  });
  // The runner's own restraint cut to nothing: only the ceiling stands between a refusal and a flood.
  const sender = new Outbox(outbox.db, port, {
    now: clock.now,
    backoff: { baseDelayMs: 1, maxDelayMs: 1 },
    probeBackoff: { baseDelayMs: 1, maxDelayMs: 1 },
    storageBackoff: { baseDelayMs: 1, maxDelayMs: 1 },
    settleMs: 0,
    confirm: { firstDelayMs: 0 },
    random: () => 0.5,
  });
  const ids = (await standInDocs(profile, prefix, docs)).map((d) => sender.enqueueCreate(d));
  const t0 = clock.t;
  const earlier = seen().length;
  const ticker = setInterval(() => {
    clock.advance(500);
    sender.resumeQueue();
    for (const id of ids) sender.retry(id);
  }, 5);
  try {
    const end = performance.now() + 1_500;
    while (performance.now() < end) await sender.drain({ until: 'empty', signal: AbortSignal.timeout(Math.max(1, Math.round(end - performance.now()))) });
  } finally {
    clearInterval(ticker);
    await port.close();
    outbox.close();
  }
  const perMinute: number[] = [];
  for (const at of seen().slice(earlier)) {
    const m = Math.floor((at - t0) / 60_000);
    perMinute[m] = (perMinute[m] ?? 0) + 1;
  }
  return Array.from(perMinute, (v) => v ?? 0);
}

const requestTimes = (): number[] => cart.requests().map((r) => r.at);

for (const [name, fault] of REFUSALS) {
  test(`answered "${name}" to every request, one document gets at most ${DEFAULT_REQUEST_CEILING.perDocument} requests a minute`, async () => {
    cart.addFault({ fault, times: Infinity });
    try {
      const perMinute = await drive(1, profile, DEFAULT_REQUEST_CEILING, requestTimes);
      for (const count of perMinute) assert.ok(count <= DEFAULT_REQUEST_CEILING.perDocument, `${perMinute.join(', ')} requests per minute`);
      assert.ok(
        perMinute.some((c) => c > 0),
        'the refusal was actually exercised',
      );
    } finally {
      cart.clearFaults();
    }
  });
}

test('a refused TLS client certificate: the handshakes of one document stay bounded too', async () => {
  const stranger = makeTestPki(join(dir, 'stranger-pki'), pki.password);
  const p = { ...profile, authCertificate: { p12: stranger.authP12, passwordEnv: 'TEST_AUTH_PW' } };
  const perMinute = await drive(1, p, DEFAULT_REQUEST_CEILING, () => cart.tlsRefusals());
  // Each send costs its own handshake and the refusal check's idle one; connection checks add one each.
  for (const count of perMinute) assert.ok(count <= 3 * DEFAULT_REQUEST_CEILING.perDocument, `${perMinute.join(', ')} refused handshakes per minute`);
  assert.ok(
    perMinute.some((c) => c > 0),
    'the refusal was actually exercised',
  );
});

test('many documents answered 503: the whole queue stays within its ceiling', async () => {
  const ceiling = { perDocument: 6, perQueue: 10 };
  cart.addFault({ fault: { kind: 'status', status: 503 }, times: Infinity });
  try {
    const perMinute = await drive(8, profile, ceiling, requestTimes);
    for (const count of perMinute) assert.ok(count <= ceiling.perQueue, `${perMinute.join(', ')} requests per minute`);
    assert.ok(perMinute.some((c) => c > 0));
  } finally {
    cart.clearFaults();
  }
});

test('the profile sets the ceiling: 2 requests a minute for a document', async () => {
  cart.addFault({ fault: { kind: 'status', status: 503 }, times: Infinity });
  try {
    const perMinute = await drive(1, { ...profile, outbox: { maxRequestsPerDocumentPerMinute: 2 } }, undefined, requestTimes);
    for (const count of perMinute) assert.ok(count <= 2, `${perMinute.join(', ')} requests per minute`);
    assert.ok(perMinute.some((c) => c > 0));
  } finally {
    cart.clearFaults();
  }
});

test('the profile check accepts the ceiling settings within their bounds and refuses the rest', () => {
  const check = (outbox: Record<string, unknown>) => validateProfile({ ...profile, outbox }).ok;
  assert.equal(check({ maxRequestsPerDocumentPerMinute: 6, maxRequestsPerMinute: 120 }), true);
  for (const bad of [
    { maxRequestsPerDocumentPerMinute: 0 },
    { maxRequestsPerDocumentPerMinute: 61 },
    { maxRequestsPerMinute: 1.5 },
    { maxRequestsPerMinute: 601 },
  ])
    assert.equal(check(bad), false, JSON.stringify(bad));
});
