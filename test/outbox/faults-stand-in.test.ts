// The outbox with the real CART client against the real stand-in over mutual TLS, faults switched on.
// After every run: each prepared document is published exactly once, none is lost, and every job's
// state matches what the stand-in saw. The stand-in continues the client's traceparent like the national
// dispatcher, so lost answers are settled by status look-ups of the job's own trace id, without the user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox, type JobView } from '../../main/core/outbox/outbox.js';
import { createCartPort, type ClosableCartPort } from '../../main/core/outbox/cart-port-client.js';
import { envCredentialSource } from '../../main/cli/profile-file.js';
import type { PublishedDoc } from '../../mock-cart/server.js';
import { testClock } from '../support/clock.js';
import { startStandIn, standInDocs, type StandIn } from './stand-in.js';

let dir: string;
let si: StandIn;
let port: ClosableCartPort;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-faults-'));
  si = await startStandIn(dir);
  port = createCartPort(si.profile, { credentialSource: envCredentialSource(si.env), now: testClock });
});
after(async () => {
  await port.close();
  await si.cart.close();
  rmSync(dir, { recursive: true, force: true });
});

// Status checks of accepted jobs at once: the stand-in writes its events before answering.
const FAST = {
  backoff: { baseDelayMs: 20, maxDelayMs: 200 },
  probeBackoff: { baseDelayMs: 20, maxDelayMs: 200 },
  settleMs: 0,
  confirm: { firstDelayMs: 0 },
  now: testClock,
};

function openOutbox(name: string, p: ClosableCartPort = port): Outbox {
  return Outbox.open(join(dir, `${name}.sqlite`), p, FAST);
}

function published(prefix: string): Map<string, PublishedDoc> {
  return new Map(
    si.cart
      .documents()
      .filter((d) => d.identificativoDoc.includes(`.${prefix}`))
      .map((d) => [d.identificativoDoc, d]),
  );
}

/** Every job is accepted (and then on the stand-in exactly once) or held for the user (then at most once there). */
function assertMatchesStandIn(jobs: JobView[], prefix: string): void {
  const seen = published(prefix);
  for (const j of jobs) {
    const d = seen.get(j.identificativoDoc);
    assert.ok(d === undefined || d.createCount === 1, `${j.identificativoDoc} created ${d?.createCount} times`);
    if (j.state === 'accepted' || j.state === 'confirmed') assert.ok(d, `${j.identificativoDoc} accepted but not on the stand-in`);
    else assert.equal(j.state, 'needs-reconciliation', `${j.identificativoDoc} in unexpected state ${j.state}`);
  }
}

/** What the clinic does for a held job: looks at the FSE (here: the stand-in) and answers. */
function userResolves(outbox: Outbox, prefix: string): number {
  const seen = published(prefix);
  const held = outbox.list('needs-reconciliation');
  for (const j of held) outbox.resolve(j.id, seen.has(j.identificativoDoc) ? 'published' : 'not-published');
  return held.length;
}

async function runScenario(prefix: string, n: number, addFaults: () => void, p: ClosableCartPort = port): Promise<{ outbox: Outbox; held: number }> {
  const outbox = openOutbox(prefix, p);
  for (const doc of await standInDocs(si.profile, prefix, n)) outbox.enqueueCreate(doc);
  addFaults();
  await outbox.drain({ until: 'empty' });
  si.cart.clearFaults();
  const jobs = outbox.list();
  assert.equal(jobs.length, n, 'no job lost');
  assertMatchesStandIn(jobs, prefix);
  const held = userResolves(outbox, prefix);
  await outbox.drain({ until: 'empty' });
  const final = outbox.list();
  // With look-ups every job ends confirmed by its status check; without, accepted.
  const done = p.lookupByTrace ? 'confirmed' : 'accepted';
  assert.deepEqual(
    final.map((j) => j.state),
    Array(n).fill(done),
  );
  const seen = published(prefix);
  assert.equal(seen.size, n);
  for (const d of seen.values()) assert.equal(d.createCount, 1, `${d.identificativoDoc} created ${d.createCount} times`);
  return { outbox, held };
}

test('with latency, 429 (Retry-After) and 503 every document is published exactly once without help', async () => {
  const { outbox, held } = await runScenario('LAT', 12, () => {
    si.cart.addFault({ fault: { kind: 'latency', ms: 30 }, times: Infinity });
    si.cart.addFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, times: 2, operation: 'validateAndCreate' });
    si.cart.addFault({ fault: { kind: 'status', status: 503 }, times: 3, operation: 'validateAndCreate' });
  });
  assert.equal(held, 0);
  const retried = outbox.list().filter((j) => j.attempts > 1);
  assert.ok(retried.length >= 1);
  const ev = outbox.events(retried[0]!.id);
  assert.ok(ev.some((e) => e.toState === 'waiting' && (e.httpStatus === 429 || e.httpStatus === 503)));
  assert.ok(
    ev.every((e) => e.toState !== 'accepted' || e.xCartId),
    'X-CART-id journaled',
  );
  outbox.close();
});

test('with connections dropped before and after the body, status look-ups settle every job without the user, exactly once', async () => {
  const { outbox, held } = await runScenario('DROP', 10, () => {
    si.cart.addFault({ fault: { kind: 'drop-before-body' }, times: 2, operation: 'validateAndCreate' });
    si.cart.addFault({ fault: { kind: 'drop-after-body' }, times: 2, operation: 'validateAndCreate' });
  });
  assert.equal(held, 0);
  const settled = outbox.list().filter((j) => outbox.events(j.id).some((e) => e.toState === 'needs-reconciliation'));
  assert.equal(settled.length, 4, 'four answers were lost');
  // Dropped after the body: found by the job's trace id, never resent. Dropped before: not found, resent once.
  const viaLookup = settled.filter((j) => outbox.events(j.id).some((e) => /reconciled via clientTraceId: it had arrived/.test(e.reason)));
  const resent = settled.filter((j) => outbox.events(j.id).some((e) => /reconciled: look-up by clientTraceId: not found/.test(e.reason)));
  assert.deepEqual([viaLookup.length, resent.length], [2, 2]);
  for (const j of viaLookup) assert.equal(j.attempts, 1);
  for (const j of resent) assert.equal(j.attempts, 2);
  outbox.close();
});

test('without status look-ups a create whose answer was lost is never resent and waits for the user', async () => {
  const noLookups = createCartPort(si.profile, { credentialSource: envCredentialSource(si.env), lookups: false, now: testClock });
  try {
    const { outbox, held } = await runScenario(
      'NOLK',
      6,
      () => {
        si.cart.addFault({ fault: { kind: 'drop-after-body' }, times: 2, operation: 'validateAndCreate' });
      },
      noLookups,
    );
    assert.equal(held, 2);
    outbox.close();
  } finally {
    await noLookups.close();
  }
});

test('behind a frontier that drops traceparent, a create whose answer was lost is never resent and waits for the user', async () => {
  const other = await startStandIn(join(dir, 'no-traceparent'), { honourTraceparent: false });
  const p = createCartPort(other.profile, { credentialSource: envCredentialSource(other.env), now: testClock });
  const outbox = Outbox.open(join(dir, 'NOTP.sqlite'), p, FAST);
  try {
    const docs = await standInDocs(other.profile, 'NOTP', 4);
    for (const d of docs) outbox.enqueueCreate(d);
    other.cart.addFault({ fault: { kind: 'drop-after-body' }, times: 1, operation: 'validateAndCreate' });
    other.cart.addFault({ fault: { kind: 'drop-before-body' }, times: 1, operation: 'validateAndCreate' });
    await outbox.drain({ until: 'empty' });
    const held = outbox.list('needs-reconciliation');
    assert.equal(held.length, 2);
    assert.ok(held.every((j) => j.heldForUser && j.attempts === 1));
    assert.equal(outbox.store.queueState().correlationHonoured, false);
    for (const d of other.cart.documents()) assert.equal(d.createCount, 1);
  } finally {
    outbox.close();
    await p.close();
    await other.cart.close();
  }
});

test('a delete whose answer is lost is found by its trace id and not sent again', async () => {
  const outbox = openOutbox('DEL');
  const [doc] = await standInDocs(si.profile, 'DEL', 1);
  outbox.enqueueCreate(doc!);
  const del = outbox.enqueueDelete({ identificativoDoc: doc!.identificativoDoc, claims: { patientId: doc!.claims.patientId } });
  si.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'delete' });
  await outbox.drain({ until: 'empty' });
  const j = outbox.job(del)!;
  assert.equal(j.state, 'confirmed', JSON.stringify(j));
  assert.equal(j.attempts, 1);
  assert.equal(published('DEL').get(doc!.identificativoDoc)?.deleted, true);
  assert.ok(outbox.events(del).some((e) => e.toState === 'needs-reconciliation'));
  outbox.close();
});

test('a replace whose answer is lost is found by its trace id, without a second replacement', async () => {
  const outbox = openOutbox('REP');
  const [doc, next] = await standInDocs(si.profile, 'REP', 2);
  outbox.enqueueCreate(doc!);
  const rep = outbox.enqueueReplace({ ...next!, replacesId: doc!.identificativoDoc });
  si.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'replace' });
  await outbox.drain({ until: 'empty' });
  const j = outbox.job(rep)!;
  assert.equal(j.state, 'confirmed', JSON.stringify(j));
  assert.equal(j.attempts, 1);
  assert.equal(published('REP').get(doc!.identificativoDoc)?.replacedBy, next!.identificativoDoc);
  outbox.close();
});

test('a second create of an already published id is accepted with 202, then its status check rejects it with the INI refusal', async () => {
  const outbox = openOutbox('DUP');
  const [doc] = await standInDocs(si.profile, 'DUP', 1);
  const first = outbox.enqueueCreate(doc!);
  const second = outbox.enqueueCreate(doc!);
  await outbox.drain({ until: 'empty' });
  assert.equal(outbox.job(first)!.state, 'confirmed');
  const j = outbox.job(second)!;
  assert.equal(j.state, 'rejected');
  assert.equal(j.httpStatus, 202, 'CART accepted it before INI refused it');
  assert.match(j.lastError?.detail ?? '', /già presente su INI/);
  assert.ok(outbox.events(second).some((e) => e.fromState === 'accepted' && e.toState === 'rejected'));
  outbox.close();
});

test("every request carries the job's trace id in traceparent and the stand-in answers with it", async () => {
  const outbox = openOutbox('TP');
  const [doc] = await standInDocs(si.profile, 'TP', 1);
  const id = outbox.enqueueCreate(doc!);
  await outbox.drain({ until: 'empty' });
  const j = outbox.job(id)!;
  assert.match(j.clientTraceId, /^[0-9a-f]{32}$/);
  assert.equal(j.traceId, j.clientTraceId);
  assert.equal(outbox.store.queueState().correlationHonoured, true);
  outbox.close();
});
