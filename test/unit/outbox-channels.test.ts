// The outbox channels of the contract: request validation before any handler, plain Italian
// results, actions through the real core on a temp SQLite file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANNELS, requestSchemas } from '../../contract/api.js';
import { createAppCore, type AppCore } from '../../main/core/app/app-core.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { SIGNED_SAMPLES } from '../support/reference.js';
import { testClock } from '../support/clock.js';
import { TEST_CLAIMS, createBody } from '../outbox/helpers.js';
import { testAppCore } from '../support/app-core.js';

let dir: string;
let core: AppCore;
const copied: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-channels-'));
  core = createAppCore({
    dataDir: dir,
    version: 'test',
    shell: 'electron',
    log: silentLogger,
    secrets: createMemorySecretStore(),
    copyText: (t) => void copied.push(t),
    now: testClock,
  });
  await core.sending.reconfigure();
});
after(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

function enqueue(tag: string): number {
  const identificativoDoc = `2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.${tag}`;
  return core.outbox.enqueueCreate({
    identificativoDoc,
    type: 'LAB',
    pdf: new Uint8Array(readFileSync(join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf'))),
    claims: TEST_CLAIMS,
    requestBody: createBody(identificativoDoc),
  });
}

test('the contract has the outbox channels, each with a request schema', () => {
  for (const c of [
    'outbox:overview',
    'outbox:events',
    'outbox:retry',
    'outbox:cancel',
    'outbox:resolve',
    'outbox:resume',
    'outbox:support-bundle',
    'app:copy-text',
  ] as const) {
    assert.ok((CHANNELS as readonly string[]).includes(c), c);
    assert.ok(requestSchemas[c], c);
  }
});

test('outbox:overview accepts no payload, an empty filter or a state with a limit', () => {
  const s = requestSchemas['outbox:overview'];
  assert.equal(s.safeParse(undefined).success, true);
  assert.equal(s.safeParse({}).success, true);
  assert.equal(s.safeParse({ state: 'needs-reconciliation', limit: 50 }).success, true);
});

test('malformed outbox requests are refused before any handler runs', async () => {
  for (const [channel, payload] of [
    ['outbox:overview', { state: 'lost' }],
    ['outbox:overview', { limit: -1 }],
    ['outbox:overview', { limit: 1_000_000 }],
    ['outbox:overview', { state: 'queued', extra: true }],
    ['outbox:retry', { jobId: '1' }],
    ['outbox:retry', { jobId: 0 }],
    ['outbox:cancel', { jobId: 1.5 }],
    ['outbox:resolve', { jobId: 1, outcome: 'maybe' }],
    ['outbox:resolve', { jobId: 1 }],
    ['outbox:resume', { now: true }],
    ['outbox:support-bundle', {}],
    ['app:copy-text', { text: '' }],
  ] as const) {
    assert.deepEqual(
      await core.dispatch(channel, payload),
      { ok: false, error: { code: 'bad-request', message: 'Richiesta non valida.' } },
      `${channel} ${JSON.stringify(payload)}`,
    );
  }
});

test('an action on a job that does not exist answers "Invio non trovato."', async () => {
  assert.deepEqual(await core.dispatch('outbox:retry', { jobId: 999_999 }), { ok: false, error: { code: 'not-found', message: 'Invio non trovato.' } });
  assert.deepEqual(await core.dispatch('outbox:events', { jobId: 999_999 }), { ok: false, error: { code: 'not-found', message: 'Invio non trovato.' } });
});

test('an action the state does not allow is refused with the Italian reason', async () => {
  const id = enqueue('C1');
  const r = await core.dispatch('outbox:retry', { jobId: id });
  assert.equal(r.ok, false);
  assert.match((r as { error: { message: string } }).error.message, /Non è possibile riprovare un invio nello stato «In coda»/);
});

test('outbox:cancel withdraws a queued job and answers with its new view', async () => {
  const id = enqueue('C2');
  const r = await core.dispatch('outbox:cancel', { jobId: id });
  assert.ok(r.ok);
  assert.equal((r.value as { stateLabel: string }).stateLabel, 'Annullato');
});

test('outbox:resolve "published" marks a job with an uncertain outcome as accepted', async () => {
  const id = enqueue('C3');
  const now = testClock().getTime();
  core.outbox.store.transition(id, ['queued'], 'sending', now, { attempts: 1 }, { kind: 'send', reason: 'send' });
  core.outbox.store.transition(
    id,
    ['sending'],
    'needs-reconciliation',
    now,
    { held: true, ambiguousAt: now },
    { kind: 'ambiguous', reason: 'held for the user' },
  );
  const view = await core.dispatch('outbox:overview', { state: 'needs-reconciliation' });
  assert.ok(view.ok);
  assert.deepEqual((view.value as { jobs: Array<{ actions: unknown }> }).jobs[0]!.actions, { retry: true, cancel: true, resolve: true });
  const r = await core.dispatch('outbox:resolve', { jobId: id, outcome: 'published' });
  assert.ok(r.ok);
  assert.equal((r.value as { state: string }).state, 'accepted');
});

test('outbox:resume with the configuration still missing stays suspended and says why', async () => {
  const r = await core.dispatch('outbox:resume', undefined);
  assert.ok(r.ok);
  const o = r.value as { paused: boolean; pauseMessage: string };
  assert.equal(o.paused, true);
  assert.match(o.pauseMessage, /^Invii sospesi: il profilo della struttura non è ancora salvato/);
});

test('outbox:support-bundle needs the clinic profile first', async () => {
  const id = enqueue('C4');
  const r = await core.dispatch('outbox:support-bundle', { jobId: id });
  assert.equal(r.ok, false);
  assert.equal((r as { error: { code: string } }).error.code, 'no-profile');
});

test('app:copy-text goes to the main-process clipboard where there is one', async () => {
  assert.deepEqual(await core.dispatch('app:copy-text', { text: 'X-CART-id 123' }), { ok: true, value: { copied: true } });
  assert.deepEqual(copied, ['X-CART-id 123']);
});

test('app:copy-text reports a failure of the asynchronous clipboard (Electron 45) instead of claiming success', async () => {
  const d = mkdtempSync(join(tmpdir(), 'outbox-channels-clipboard-'));
  const failing = createAppCore({
    dataDir: d,
    version: 'test',
    shell: 'electron',
    log: silentLogger,
    secrets: createMemorySecretStore(),
    copyText: () => Promise.reject(new Error('clipboard busy')),
    now: testClock,
  });
  try {
    const r = await failing.dispatch('app:copy-text', { text: 'abc' });
    assert.equal(r.ok, false);
    assert.equal((r as { error: { code: string } }).error.code, 'internal');
  } finally {
    await failing.close();
    rmSync(d, { recursive: true, force: true });
  }
});

test('app:copy-text without a main-process clipboard tells the page to copy by itself', async () => {
  const d = mkdtempSync(join(tmpdir(), 'outbox-channels-shell-'));
  const shellCore = testAppCore(d);
  try {
    const r = await shellCore.dispatch('app:copy-text', { text: 'abc' });
    assert.equal(r.ok, false);
    assert.equal((r as { error: { code: string } }).error.code, 'unsupported');
  } finally {
    await shellCore.close();
    rmSync(d, { recursive: true, force: true });
  }
});
