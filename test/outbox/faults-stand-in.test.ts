// The outbox with the real CART client against the real stand-in over mutual TLS, faults switched on.
// After every run: each prepared document is published exactly once, none is lost, and every job's
// state matches what the stand-in saw. The stand-in continues the client's traceparent like the national
// dispatcher, so lost answers are settled by status look-ups of the job's own trace id, without the user;
// behind a frontier that drops traceparent they are settled by resending (earlier-attempt.ts).
import { describe, test, before, after } from 'node:test';
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

/** Every job ends accepted or confirmed and is on the stand-in; a document the index saw twice was refused the second time. */
function assertMatchesStandIn(jobs: JobView[], prefix: string, ambiguous: number): void {
  const seen = published(prefix);
  let refused = 0;
  for (const j of jobs) {
    const d = seen.get(j.identificativoDoc);
    assert.ok(j.state === 'accepted' || j.state === 'confirmed', `${j.identificativoDoc} in unexpected state ${j.state}`);
    assert.ok(d, `${j.identificativoDoc} ${j.state} but not on the stand-in`);
    refused += d.createCount - 1;
  }
  // Only a create resent after a lost answer may reach the index twice (and is refused there).
  assert.ok(refused <= ambiguous, `${refused} duplicate publications refused, more than the ${ambiguous} lost answers`);
}

async function runScenario(prefix: string, n: number, addFaults: () => void, p: ClosableCartPort = port): Promise<{ outbox: Outbox; ambiguous: number }> {
  const outbox = openOutbox(prefix, p);
  for (const doc of await standInDocs(si.profile, prefix, n)) outbox.enqueueCreate(doc);
  addFaults();
  await outbox.drain({ until: 'settled' });
  si.cart.clearFaults();
  const jobs = outbox.list();
  assert.equal(jobs.length, n, 'no job lost');
  const ambiguous = jobs.filter((j) => outbox.events(j.id).some((e) => e.kind === 'ambiguous')).length;
  assertMatchesStandIn(jobs, prefix, ambiguous);
  // With look-ups every job ends confirmed by its status check; without, accepted. None is left for the user.
  const done = p.lookupByTrace ? 'confirmed' : 'accepted';
  assert.deepEqual(
    jobs.map((j) => j.state),
    Array(n).fill(done),
  );
  assert.equal(published(prefix).size, n);
  return { outbox, ambiguous };
}

test('with latency, 429 (Retry-After) and 503 every document is published exactly once without help', async () => {
  const { outbox, ambiguous } = await runScenario('LAT', 12, () => {
    si.cart.addFault({ fault: { kind: 'latency', ms: 30 }, times: Infinity });
    si.cart.addFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, times: 2, operation: 'validateAndCreate' });
    si.cart.addFault({ fault: { kind: 'status', status: 503 }, times: 3, operation: 'validateAndCreate' });
  });
  assert.equal(ambiguous, 0);
  for (const d of published('LAT').values()) assert.equal(d.createCount, 1, `${d.identificativoDoc} created ${d.createCount} times`);
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
  const { outbox } = await runScenario('DROP', 10, () => {
    si.cart.addFault({ fault: { kind: 'drop-before-body' }, times: 2, operation: 'validateAndCreate' });
    si.cart.addFault({ fault: { kind: 'drop-after-body' }, times: 2, operation: 'validateAndCreate' });
  });
  for (const d of published('DROP').values()) assert.equal(d.createCount, 1, `${d.identificativoDoc} created ${d.createCount} times`);
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

test('without status look-ups a create whose answer was lost is resent by itself, and the index refuses the second copy', async () => {
  const noLookups = createCartPort(si.profile, { credentialSource: envCredentialSource(si.env), lookups: false, now: testClock });
  try {
    const { outbox, ambiguous } = await runScenario(
      'NOLK',
      6,
      () => {
        si.cart.addFault({ fault: { kind: 'drop-after-body' }, times: 2, operation: 'validateAndCreate' });
      },
      noLookups,
    );
    assert.equal(ambiguous, 2);
    const twice = [...published('NOLK').values()].filter((d) => d.createCount === 2);
    assert.equal(twice.length, 2, 'each lost answer led to one resend, refused by the index');
    outbox.close();
  } finally {
    await noLookups.close();
  }
});

describe('behind a frontier that drops traceparent (no look-up can find a lost answer)', () => {
  let other: StandIn;
  let p: ClosableCartPort;
  before(async () => {
    other = await startStandIn(join(dir, 'no-traceparent'), { honourTraceparent: false });
    p = createCartPort(other.profile, { credentialSource: envCredentialSource(other.env), now: testClock });
  });
  after(async () => {
    await p.close();
    await other.cart.close();
  });
  const open = (name: string): Outbox => Outbox.open(join(dir, `${name}.sqlite`), p, FAST);
  const onStandIn = (id: string): PublishedDoc | undefined => other.cart.documents().find((d) => d.identificativoDoc === id);

  test('a create whose answer was lost is resent and confirmed as published by the earlier attempt, none left for the user', async () => {
    const outbox = open('NOTP');
    try {
      const docs = await standInDocs(other.profile, 'NOTP', 4);
      const ids = docs.map((d) => outbox.enqueueCreate(d));
      other.cart.addFault({ fault: { kind: 'drop-after-body' }, times: 1, operation: 'validateAndCreate' });
      other.cart.addFault({ fault: { kind: 'drop-before-body' }, times: 1, operation: 'validateAndCreate' });
      const report = await outbox.drain({ until: 'settled' });
      assert.equal(report.stoppedBecause, 'empty');
      assert.deepEqual(
        ids.map((id) => outbox.job(id)!.state),
        ['confirmed', 'confirmed', 'confirmed', 'confirmed'],
      );
      assert.equal(outbox.store.queueState().correlationHonoured, false);
      const jobs = ids.map((id) => outbox.job(id)!);
      const byEarlier = jobs.filter((j) => outbox.events(j.id).some((e) => e.kind === 'earlier-attempt-applied'));
      const resent = jobs.filter((j) => j.attempts === 2 && !byEarlier.includes(j));
      // Dropped after the body: applied, resent, the index refused the copy → published by the first attempt.
      assert.equal(byEarlier.length, 1);
      const lost = byEarlier[0]!;
      assert.equal(lost.attempts, 2);
      assert.equal(lost.warning, 'Già pubblicato dal tentativo precedente, la cui risposta era andata persa.');
      assert.ok(outbox.events(lost.id).every((e) => e.toState !== 'rejected'));
      assert.equal(onStandIn(lost.identificativoDoc)?.createCount, 2);
      // Dropped before the body: nothing applied, the resend published it once.
      assert.equal(resent.length, 1);
      assert.equal(onStandIn(resent[0]!.identificativoDoc)?.createCount, 1);
    } finally {
      outbox.close();
    }
  });

  test('a delete whose answer was lost is resent, and the 404 of the resend confirms it as done', async () => {
    const outbox = open('NOTP-DEL');
    try {
      const [doc] = await standInDocs(other.profile, 'NOTPDEL', 1);
      outbox.enqueueCreate(doc!);
      const del = outbox.enqueueDelete({ identificativoDoc: doc!.identificativoDoc, claims: { patientId: doc!.claims.patientId } });
      other.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'delete' });
      await outbox.drain({ until: 'settled' });
      const j = outbox.job(del)!;
      assert.deepEqual([j.state, j.attempts, j.httpStatus], ['confirmed', 2, 404]);
      assert.equal(j.warning, 'Già eliminato dal tentativo precedente, la cui risposta era andata persa.');
      assert.equal(onStandIn(doc!.identificativoDoc)?.deleted, true);
    } finally {
      outbox.close();
    }
  });

  test('a replace whose answer was lost is resent, and the 404 of the resend is taken as done, without a second replacement', async () => {
    const outbox = open('NOTP-REP');
    try {
      const [doc, next] = await standInDocs(other.profile, 'NOTPREP', 2);
      outbox.enqueueCreate(doc!);
      const rep = outbox.enqueueReplace({ ...next!, replacesId: doc!.identificativoDoc });
      other.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'replace' });
      await outbox.drain({ until: 'settled' });
      const j = outbox.job(rep)!;
      assert.deepEqual([j.state, j.attempts, j.httpStatus], ['confirmed', 2, 404]);
      assert.match(j.warning ?? '', /già avvenuta con il tentativo precedente/);
      assert.equal(onStandIn(doc!.identificativoDoc)?.replacedBy, next!.identificativoDoc);
      assert.equal(onStandIn(next!.identificativoDoc)?.createCount, 1);
    } finally {
      outbox.close();
    }
  });

  test('a metadata update whose answer was lost is resent with the same values and confirmed', async () => {
    const outbox = open('NOTP-META');
    try {
      const [doc] = await standInDocs(other.profile, 'NOTPMETA', 1);
      outbox.enqueueCreate(doc!);
      const { identificativoDoc: _id, identificativoRep: _rep, mode: _mode, healthDataFormat: _fmt, ...metadata } = doc!.requestBody;
      const meta = outbox.enqueueMetadataUpdate({ identificativoDoc: doc!.identificativoDoc, requestBody: metadata, claims: doc!.claims });
      other.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'updateMetadata' });
      await outbox.drain({ until: 'settled' });
      const j = outbox.job(meta)!;
      assert.deepEqual([j.state, j.attempts], ['confirmed', 2]);
      // Both attempts reached the gateway: one more metadata version, nothing refused.
      assert.equal(onStandIn(doc!.identificativoDoc)?.metadataUpdates, 2);
    } finally {
      outbox.close();
    }
  });
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
