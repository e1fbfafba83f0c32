// The outbox with the real CART client against the real stand-in over mutual TLS, faults switched on.
// After every run: each prepared document is published exactly once, none is lost, and every job's
// state matches what the stand-in saw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox, type JobView } from '../../main/core/outbox/outbox.js';
import { createCartPort, type ClosableCartPort } from '../../main/core/outbox/cart-port-client.js';
import type { PublishedDoc } from '../../main/mock-cart/server.js';
import { startStandIn, standInDocs, type StandIn } from './stand-in.js';

let dir: string;
let si: StandIn;
let port: ClosableCartPort;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-faults-'));
  si = await startStandIn(dir);
  port = createCartPort(si.profile, { env: si.env });
});
after(async () => {
  await port.close();
  await si.cart.close();
  rmSync(dir, { recursive: true, force: true });
});

const FAST = { backoff: { baseDelayMs: 20, maxDelayMs: 200 }, probeBackoff: { baseDelayMs: 20, maxDelayMs: 200 }, settleMs: 0 };

function openOutbox(name: string): Outbox {
  return Outbox.open(join(dir, `${name}.sqlite`), port, FAST);
}

function published(prefix: string): Map<string, PublishedDoc> {
  return new Map(si.cart.documents().filter((d) => d.identificativoDoc.includes(`.${prefix}`)).map((d) => [d.identificativoDoc, d]));
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

async function runScenario(prefix: string, n: number, addFaults: () => void): Promise<{ outbox: Outbox; held: number }> {
  const outbox = openOutbox(prefix);
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
  assert.deepEqual(final.map((j) => j.state), Array(n).fill('accepted'));
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
  assert.ok(ev.every((e) => e.toState !== 'accepted' || e.xCartId), 'X-CART-id journaled');
  outbox.close();
});

test('with connections dropped before and after the body, nothing is published twice and nothing is lost', async () => {
  const { outbox, held } = await runScenario('DROP', 10, () => {
    si.cart.addFault({ fault: { kind: 'drop-before-body' }, times: 2, operation: 'validateAndCreate' });
    si.cart.addFault({ fault: { kind: 'drop-after-body' }, times: 2, operation: 'validateAndCreate' });
  });
  // A create whose answer was lost after CART applied it has no traceID to look up: it waits for the user.
  assert.ok(held >= 2, `held ${held}`);
  outbox.close();
});

test('a delete whose answer is lost is resent and the 404 on the resend completes it', async () => {
  const outbox = openOutbox('DEL');
  const [doc] = await standInDocs(si.profile, 'DEL', 1);
  outbox.enqueueCreate(doc!);
  const del = outbox.enqueueDelete({ identificativoDoc: doc!.identificativoDoc, personId: doc!.personId });
  si.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'delete' });
  await outbox.drain({ until: 'empty' });
  const j = outbox.job(del)!;
  assert.equal(j.state, 'accepted', JSON.stringify(j));
  assert.equal(published('DEL').get(doc!.identificativoDoc)?.deleted, true);
  assert.ok(outbox.events(del).some((e) => e.toState === 'needs-reconciliation'));
  outbox.close();
});

test('a replace whose answer is lost is settled without a second replacement', async () => {
  const outbox = openOutbox('REP');
  const [doc, next] = await standInDocs(si.profile, 'REP', 2);
  outbox.enqueueCreate(doc!);
  const rep = outbox.enqueueReplace({ ...next!, replacesId: doc!.identificativoDoc });
  si.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'replace' });
  await outbox.drain({ until: 'empty' });
  const j = outbox.job(rep)!;
  assert.equal(j.state, 'accepted', JSON.stringify(j));
  assert.equal(published('REP').get(doc!.identificativoDoc)?.replacedBy, next!.identificativoDoc);
  assert.match(j.warning ?? '', /verificare/);
  outbox.close();
});
