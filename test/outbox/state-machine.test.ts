import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FakePort, fail, ok } from './fake-port.js';
import { createInput, deleteInput, docId, makeEnv, metadataInput, samplePdf } from './helpers.js';
import { retryDelayMs } from '../../main/core/outbox/backoff.js';
import { OutboxBusyError } from '../../main/core/outbox/runner.js';
import { testClock } from '../support/clock.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('enqueue stores document, PDF, job and first event together, and a PDF shared by two documents once', () => {
  const env = makeEnv(undefined);
  try {
    const a = env.outbox.enqueueCreate(createInput(1));
    const b = env.outbox.enqueueCreate(createInput(2));
    const db = env.outbox.db;
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM outbox_blobs').get() as { n: number }).n, 1);
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM outbox_documents').get() as { n: number }).n, 2);
    assert.deepEqual(
      env.outbox.list().map((j) => [j.id, j.state, j.pdfSha256]),
      [
        [a, 'queued', sha(samplePdf())],
        [b, 'queued', sha(samplePdf())],
      ],
    );
    assert.equal(env.outbox.events(a)[0]?.toState, 'queued');
  } finally {
    env.cleanup();
  }
});

test('an enqueue that fails midway leaves nothing behind', () => {
  const env = makeEnv(undefined);
  try {
    env.outbox.db.exec("CREATE TRIGGER boom BEFORE INSERT ON outbox_events BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    assert.throws(() => env.outbox.enqueueCreate(createInput(1)), /disk full/);
    const n = (t: string): number => (env.outbox.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    assert.deepEqual([n('outbox_blobs'), n('outbox_documents'), n('outbox_jobs')], [0, 0, 0]);
  } finally {
    env.cleanup();
  }
});

test('a 2xx answer makes the job accepted and keeps the CART ids in the job and the journal', async () => {
  const port = new FakePort((req) => ok(req, { xCartId: 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0', traceId: 'trace-1' }));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    const r = await env.outbox.drain({ until: 'empty' });
    assert.equal(r.stoppedBecause, 'empty');
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'accepted');
    assert.equal(j.xCartId, 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0');
    const ev = env.outbox.events(id).at(-1)!;
    assert.deepEqual([ev.fromState, ev.toState, ev.xCartId, ev.traceId], ['sending', 'accepted', 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0', 'trace-1']);
  } finally {
    env.cleanup();
  }
});

test('a caller fault makes the job rejected, and retry is refused without touching the stored bytes', async () => {
  const port = new FakePort((req) => fail(req, 'caller-fault', 400, {}, '/msg/cda-element'));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'rejected');
    const r = env.outbox.retry(id);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /nuova versione/);
    assert.equal(env.outbox.job(id)!.state, 'rejected');
    assert.equal(env.outbox.job(id)!.pdfSha256, sha(samplePdf()));
    assert.equal(port.sent.length, 1);
  } finally {
    env.cleanup();
  }
});

test('a 429 with Retry-After schedules the next attempt no sooner than Retry-After', async () => {
  const port = new FakePort((req) => fail(req, 'transient', 429, { retryAfterMs: 120_000 }));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    const j = env.outbox.store.job(id)!;
    assert.equal(j.state, 'waiting');
    assert.ok(j.nextAttemptAt >= env.clock.t + 120_000);
    assert.equal(port.sent.length, 1);
  } finally {
    env.cleanup();
  }
});

test('a 503 waits with exponential backoff whose jitter stays within half and all of the capped delay', async () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
  for (let attempt = 1; attempt <= 12; attempt++) {
    const d = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
    assert.equal(
      retryDelayMs(attempt, policy, () => 0),
      d / 2,
    );
    assert.equal(
      retryDelayMs(attempt, policy, () => 0.999999),
      Math.round(d / 2 + 0.999999 * (d / 2)),
    );
  }
  const port = new FakePort((req) => fail(req, 'transient', 503));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await env.outbox.drain({ until: 'idle' });
      const j = env.outbox.store.job(id)!;
      assert.equal(j.state, 'waiting');
      delays.push(j.nextAttemptAt - env.clock.t);
      env.clock.t = j.nextAttemptAt;
    }
    // random() = 0.5 in tests: 3/4 of min(cap, base·2^(n-1)).
    assert.deepEqual(delays, [750, 1500, 3000, 6000, 12000, 24000, 45000, 45000]);
  } finally {
    env.cleanup();
  }
});

test('past the overall deadline a transient failure becomes rejected, and retry re-queues it', async () => {
  const port = new FakePort((req) => fail(req, 'transient', 503));
  const env = makeEnv(port, { deadlineMs: 10_000 });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    for (let i = 0; i < 10 && env.outbox.job(id)!.state !== 'rejected'; i++) {
      await env.outbox.drain({ until: 'idle' });
      env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    }
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'rejected');
    assert.equal(j.lastError?.type, 'outbox/deadline');
    port.setScript((req) => ok(req));
    assert.equal(env.outbox.retry(id).ok, true);
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
  } finally {
    env.cleanup();
  }
});

test('an authentication failure pauses the whole queue and leaves the other jobs untouched', async () => {
  const port = new FakePort((req) => fail(req, 'auth', 401));
  port.probeAnswer = 'auth-failed';
  const env = makeEnv(port, { concurrency: 1 });
  try {
    const ids = [1, 2, 3].map((n) => env.outbox.enqueueCreate(createInput(n)));
    const r = await env.outbox.drain({ until: 'empty' });
    assert.equal(r.stoppedBecause, 'paused');
    assert.equal(port.sent.length, 1);
    const c = env.outbox.counts();
    assert.equal(c.paused, true);
    assert.match(c.pauseMessage ?? '', /Invii sospesi/);
    assert.deepEqual(
      ids.map((id) => env.outbox.job(id)!.state),
      ['queued', 'queued', 'queued'],
    );
    assert.deepEqual(
      ids.slice(1).map((id) => env.outbox.job(id)!.attempts),
      [0, 0],
    );
  } finally {
    env.cleanup();
  }
});

test('resumeQueue after the certificates are fixed sends the paused jobs', async () => {
  const port = new FakePort((req) => fail(req, 'auth', 403));
  port.probeAnswer = 'auth-failed';
  const env = makeEnv(port);
  try {
    const ids = [1, 2].map((n) => env.outbox.enqueueCreate(createInput(n)));
    await env.outbox.drain({ until: 'empty' });
    port.setScript((req) => ok(req));
    env.outbox.resumeQueue();
    assert.equal(env.outbox.counts().paused, false);
    await env.outbox.drain({ until: 'empty' });
    assert.deepEqual(
      ids.map((id) => env.outbox.job(id)!.state),
      ['accepted', 'accepted'],
    );
  } finally {
    env.cleanup();
  }
});

test('a paused queue is not resumed by a probe that reaches CART: only the user or a configuration change lifts it', async () => {
  // Issue 11, finding 8: a probe or a look-up carries no software identity, so it proves nothing about the refusal.
  const port = new FakePort((req) => fail(req, 'auth', 403));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.counts().paused, true);
    port.setScript((req) => ok(req));
    port.probeAnswer = 'online';
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.counts().paused, true);
    assert.equal(port.sent.length, 1);
    env.outbox.configurationChanged();
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.counts().paused, false);
    assert.equal(env.outbox.job(id)!.state, 'accepted');
  } finally {
    env.cleanup();
  }
});

test('a network failure marks the outbox offline and a later probe brings it back online to finish', async () => {
  let down = true;
  const port = new FakePort((req) => (down ? fail(req, 'transient') : ok(req)));
  port.probeAnswer = 'offline';
  const env = makeEnv(port, { backoff: { baseDelayMs: 0, maxDelayMs: 0 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    assert.equal(env.outbox.job(id)!.state, 'waiting');
    assert.equal(env.outbox.counts().online, false);
    down = false;
    port.probeAnswer = 'online';
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.equal(env.outbox.counts().online, true);
    assert.ok(port.probes.includes('online'));
  } finally {
    env.cleanup();
  }
});

test('an ambiguous create is reconciled by a workflow look-up and never resent when it had arrived', async () => {
  const port = new FakePort((req) => fail(req, 'ambiguous', 504, { workflowInstanceId: 'wii-1', traceId: 't-1' }));
  port.lookupByWorkflow = async (wii) => {
    port.lookups.push(wii);
    return { ok: true, operation: 'statusByWorkflow', httpStatus: 200, body: { transactionData: [{ eventType: 'PUBLICATION', eventStatus: 'SUCCESS' }] } };
  };
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    assert.equal(env.outbox.job(id)!.state, 'needs-reconciliation');
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'confirmed');
    assert.deepEqual(port.lookups, ['wii-1']);
    assert.equal(port.sent.length, 1);
  } finally {
    env.cleanup();
  }
});

test('an ambiguous create whose look-up answers not found is resent with the same bytes and id', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous', 500, { traceId: 't-9' }) : ok(req)));
  port.lookupByTrace = async (t) => {
    port.lookups.push(t);
    return { ok: false, operation: 'statusByTrace', httpStatus: 404, error: { category: 'not-found', type: '/msg/record-not-found', message: 'non trovato' } };
  };
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    // The job's own trace id first (not trusted: the gateway was never seen to continue it), then CART's traceID.
    assert.deepEqual(port.lookups, [env.outbox.job(id)!.clientTraceId, 't-9']);
    assert.equal(port.sent.length, 2);
    assert.equal(port.sent[0]!.pdfSha256, port.sent[1]!.pdfSha256);
    assert.deepEqual(port.sent[0]!.req.requestBody, port.sent[1]!.req.requestBody);
  } finally {
    env.cleanup();
  }
});

test('an ambiguous create with no usable look-up is resent by itself after the backoff, with the same id and bytes', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous') : ok(req)));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    const waiting = env.outbox.store.job(id)!;
    assert.deepEqual([waiting.state, waiting.held], ['needs-reconciliation', false]);
    assert.ok(waiting.nextAttemptAt > env.clock.t, 'the resend waits for the usual backoff');
    env.clock.t = waiting.nextAttemptAt;
    const r = await env.outbox.drain({ until: 'empty' });
    assert.equal(r.stoppedBecause, 'empty');
    const j = env.outbox.job(id)!;
    assert.deepEqual([j.state, j.heldForUser, j.attempts], ['accepted', false, 2]);
    assert.equal(port.sent[0]!.pdfSha256, port.sent[1]!.pdfSha256);
    assert.deepEqual(port.sent[0]!.req.requestBody, port.sent[1]!.req.requestBody);
    assert.ok(env.outbox.events(id).some((e) => e.kind === 'reconciled' && /rule: create resent/.test(e.reason)));
  } finally {
    env.cleanup();
  }
});

const duplicateStatus = {
  ok: true as const,
  operation: 'statusByWorkflow' as const,
  httpStatus: 200,
  body: {
    transactionData: [
      { eventType: 'PUBLICATION', eventStatus: 'SUCCESS' },
      { eventType: 'SEND_TO_INI', eventStatus: 'BLOCKING_ERROR', message: 'Documento già presente su INI (uniqueId duplicato)' },
    ],
  },
};

test('a duplicate refusal of the resend of a create whose answer was lost confirms the job: the earlier attempt published it', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous') : ok(req)));
  port.lookupByWorkflow = async (wii) => {
    port.lookups.push(wii);
    return duplicateStatus;
  };
  const env = makeEnv(port, { confirm: { firstDelayMs: 0 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'confirmed');
    assert.equal(j.lastError, null);
    assert.equal(j.warning, 'Già pubblicato dal tentativo precedente, la cui risposta era andata persa.');
    const events = env.outbox.events(id);
    assert.ok(
      events.every((e) => e.toState !== 'rejected'),
      'never «Rifiutato»',
    );
    const last = events.at(-1)!;
    assert.deepEqual([last.kind, last.fromState, last.toState], ['earlier-attempt-applied', 'accepted', 'confirmed']);
    assert.equal(port.sent.length, 2);
  } finally {
    env.cleanup();
  }
});

test('a duplicate refusal of a create that had no ambiguous earlier attempt stays a rejection', async () => {
  const port = new FakePort((req) => ok(req));
  port.lookupByWorkflow = async () => duplicateStatus;
  const env = makeEnv(port, { confirm: { firstDelayMs: 0 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'rejected');
    assert.equal(j.lastError?.type, 'outbox/async-blocking-error');
  } finally {
    env.cleanup();
  }
});

test('a synchronous "already present" answer to the resend of a create whose answer was lost confirms the job', async () => {
  let n = 0;
  const port = new FakePort((req) =>
    n++ === 0
      ? fail(req, 'ambiguous', 504)
      : { ...fail(req, 'caller-fault', 409), error: { category: 'caller-fault', message: 'x', detail: 'Documento già presente' } },
  );
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.deepEqual([j.state, j.warning], ['confirmed', 'Già pubblicato dal tentativo precedente, la cui risposta era andata persa.']);
    assert.equal(env.outbox.events(id).at(-1)!.kind, 'earlier-attempt-applied');
  } finally {
    env.cleanup();
  }
});

test('the manual override of a create to verify: "not published" resends it once, "published" accepts it without sending', async () => {
  const port = new FakePort((req) => fail(req, 'ambiguous'));
  const env = makeEnv(port);
  try {
    const a = env.outbox.enqueueCreate(createInput(1));
    const b = env.outbox.enqueueCreate(createInput(2));
    await env.outbox.drain({ until: 'idle' });
    port.setScript((req) => ok(req));
    assert.equal(env.outbox.resolve(a, 'not-published').ok, true);
    assert.equal(env.outbox.resolve(b, 'published').ok, true);
    await env.outbox.drain({ until: 'empty' });
    assert.deepEqual([env.outbox.job(a)!.state, env.outbox.job(b)!.state], ['accepted', 'accepted']);
    assert.equal(port.sentFor('validateAndCreate', docId(1)).length, 2);
    assert.equal(port.sentFor('validateAndCreate', docId(2)).length, 1);
  } finally {
    env.cleanup();
  }
});

test('an ambiguous delete is resent and a 404 on the resend counts as done', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous', 502) : fail(req, 'not-found', 404, {}, '/msg/record-not-found')));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueDelete(deleteInput(docId(1)));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'confirmed');
    assert.equal(j.warning, 'Già eliminato dal tentativo precedente, la cui risposta era andata persa.');
    assert.equal(env.outbox.events(id).at(-1)!.kind, 'earlier-attempt-applied');
  } finally {
    env.cleanup();
  }
});

test('a bare 404 (no gateway problem) on the resend of an ambiguous delete is not taken as proof: accepted with a note, not confirmed', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous', 502) : fail(req, 'not-found', 404)));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueDelete(deleteInput(docId(1)));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.ok(env.outbox.events(id).every((e) => e.kind !== 'earlier-attempt-applied'));
  } finally {
    env.cleanup();
  }
});

test('a first delete answered 404 is rejected: the document was never there', async () => {
  const port = new FakePort((req) => fail(req, 'not-found', 404, {}, '/msg/record-not-found'));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueDelete(deleteInput(docId(1)));
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'rejected');
  } finally {
    env.cleanup();
  }
});

test('an ambiguous replace is resent and a bare 404 (no gateway problem type) on the resend is accepted with a warning, with nothing left to look up', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous') : fail(req, 'not-found', 404)));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueReplace({ ...createInput('1b'), replacesId: docId(1) });
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'accepted');
    assert.match(j.warning ?? '', /già avvenuta con il tentativo precedente/);
    assert.equal(env.outbox.store.job(id)!.held, true, 'no status checks of a transaction that does not exist');
    assert.equal(port.sent[1]!.req.pathId, docId(1));
  } finally {
    env.cleanup();
  }
});

test('an ambiguous replace whose resend gets the gateway’s own «record not found» is confirmed as done by the earlier attempt', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous') : fail(req, 'not-found', 404, {}, '/msg/record-not-found')));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueReplace({ ...createInput('1b'), replacesId: docId(1) });
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'confirmed');
    assert.match(j.warning ?? '', /già avvenuta con il tentativo precedente/);
    assert.equal(port.sent.length, 2);
  } finally {
    env.cleanup();
  }
});

test('an ambiguous metadata update is resent', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous', 504) : ok(req)));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueMetadataUpdate(metadataInput(docId(1)));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.equal(port.sent.length, 2);
  } finally {
    env.cleanup();
  }
});

test('replace, metadata and delete of a document wait until its create is accepted', async () => {
  let createOk = false;
  const port = new FakePort((req) =>
    req.operation === 'validateAndCreate' && !createOk && (req.requestBody as { identificativoDoc: string }).identificativoDoc === docId(1)
      ? fail(req, 'transient', 503)
      : ok(req),
  );
  const env = makeEnv(port);
  try {
    const c = env.outbox.enqueueCreate(createInput(1));
    const r = env.outbox.enqueueReplace({ ...createInput('1v2'), replacesId: docId(1) });
    const m = env.outbox.enqueueMetadataUpdate(metadataInput(docId('1v2')));
    const d = env.outbox.enqueueDelete(deleteInput(docId('1v2')));
    const other = env.outbox.enqueueCreate(createInput(2));
    await env.outbox.drain({ until: 'idle' });
    assert.deepEqual(
      [c, r, m, d, other].map((id) => env.outbox.job(id)!.state),
      ['waiting', 'queued', 'queued', 'queued', 'accepted'],
    );
    assert.equal(env.outbox.job(r)!.version, 2);
    createOk = true;
    env.clock.t = env.outbox.store.job(c)!.nextAttemptAt;
    await env.outbox.drain({ until: 'empty' });
    assert.deepEqual(
      port.sent
        .filter((s) => s.req.operation !== 'validateAndCreate' || s.req.pathId === undefined)
        .map((s) => s.req.operation)
        .slice(-4),
      ['validateAndCreate', 'replace', 'updateMetadata', 'delete'],
    );
    assert.deepEqual(
      [c, r, m, d].map((id) => env.outbox.job(id)!.state),
      ['accepted', 'accepted', 'accepted', 'accepted'],
    );
  } finally {
    env.cleanup();
  }
});

test('different documents are sent in parallel up to the configured concurrency', async () => {
  const port = new FakePort();
  let release!: () => void;
  port.gate = new Promise((r) => (release = r));
  const env = makeEnv(port, { concurrency: 3 });
  try {
    for (let i = 0; i < 7; i++) env.outbox.enqueueCreate(createInput(i));
    const drained = env.outbox.drain({ until: 'empty' });
    while (port.active < 3) await new Promise((r) => setImmediate(r));
    assert.equal(env.outbox.counts().sending, 3);
    release();
    port.gate = undefined;
    await drained;
    assert.equal(port.maxActive, 3);
    assert.equal(env.outbox.counts().accepted, 7);
  } finally {
    env.cleanup();
  }
});

test('a job left in sending by a crash becomes needs-reconciliation on start, then is resent by the rules after the backoff', async () => {
  const port = new FakePort();
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    const del = env.outbox.enqueueDelete(deleteInput(docId(9)));
    for (const j of [id, del]) env.outbox.store.transition(j, ['queued'], 'sending', env.clock.t, { attempts: 1 }, { kind: 'send', reason: 'send' });
    env.reopen();
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.deepEqual([j.state, j.heldForUser], ['accepted', false]);
    assert.ok(env.outbox.events(id).some((e) => e.kind === 'crash-recovery'));
    assert.ok(env.outbox.events(id).some((e) => e.kind === 'reconciled' && e.toState === 'queued'));
    assert.equal(port.sentFor('validateAndCreate').length, 1);
    assert.equal(env.outbox.job(del)!.state, 'accepted');
  } finally {
    env.cleanup();
  }
});

test('every attempt sends exactly the stored bytes', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ < 2 ? fail(req, 'transient', 503) : ok(req)));
  const env = makeEnv(port);
  try {
    const pdf = samplePdf();
    const id = env.outbox.enqueueCreate(createInput(1, pdf));
    pdf.fill(0); // the caller's buffer changing afterwards must not matter
    for (let i = 0; i < 3; i++) {
      await env.outbox.drain({ until: 'idle' });
      env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    }
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.equal(port.sent.length, 3);
    const stored = env.outbox.job(id)!.pdfSha256;
    assert.deepEqual(
      port.sent.map((s) => s.pdfSha256),
      [stored, stored, stored],
    );
    assert.equal(stored, sha(samplePdf()));
    assert.equal(new Set(port.sent.map((s) => s.req.correlationId)).size, 1);
  } finally {
    env.cleanup();
  }
});

const recordNotFound = (clientTraceId?: string, traceId?: string) => ({
  ok: false,
  operation: 'statusByTrace' as const,
  httpStatus: 404,
  ...(clientTraceId ? { clientTraceId } : {}),
  ...(traceId ? { traceId } : {}),
  error: { category: 'not-found' as const, type: '/msg/record-not-found', message: 'non trovato' },
});

test('an ambiguous create found by a look-up of its own trace id is accepted and never resent', async () => {
  const port = new FakePort((req) => fail(req, 'ambiguous'));
  port.lookupByTrace = async (t) => {
    port.lookups.push(t);
    return { ok: true, operation: 'statusByTrace', httpStatus: 200, body: { transactionData: [{ eventType: 'PUBLICATION', eventStatus: 'SUCCESS' }] } };
  };
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t += 3_600_000;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'confirmed');
    assert.equal(port.lookups[0], j.clientTraceId);
    assert.equal(port.sent.length, 1);
  } finally {
    env.cleanup();
  }
});

test('"not found" for a create\'s own trace id proves nothing until the gateway is seen to continue client trace ids: the resend is the rule\'s', async () => {
  let first = true;
  const port = new FakePort((req) => {
    if ((req.requestBody as { identificativoDoc: string }).identificativoDoc === docId(1) && first) {
      first = false;
      return fail(req, 'ambiguous');
    }
    return ok(req, { traceId: req.correlationId! });
  });
  port.lookupByTrace = async (t) => {
    port.lookups.push(t);
    return recordNotFound();
  };
  const env = makeEnv(port, { concurrency: 1 });
  try {
    const a = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t += 3_600_000;
    await env.outbox.drain({ until: 'empty' });
    const reasons = env.outbox
      .events(a)
      .filter((e) => e.kind === 'reconciled')
      .map((e) => e.reason);
    assert.equal(reasons.length, 1);
    assert.match(reasons[0]!, /rule: create resent/);
    assert.equal(env.outbox.job(a)!.state, 'accepted');
    assert.equal(port.sentFor('validateAndCreate', docId(1)).length, 2);
    assert.deepEqual(port.lookups, [env.outbox.job(a)!.clientTraceId]);
    // The resend's answer carried the trace id it sent: from now on "not found" proves absence.
    assert.equal(env.outbox.store.queueState().correlationHonoured, true);
  } finally {
    env.cleanup();
  }
});

test('a look-up whose answer carries the trace id it sent shows the gateway continues client traces, and its "not found" leads to a resend', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous') : ok(req)));
  port.lookupByTrace = async (t) => {
    port.lookups.push(t);
    return recordNotFound('0af7651916cd43dd8448eb211c80319c', '0af7651916cd43dd8448eb211c80319c');
  };
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t += 3_600_000;
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.equal(port.sent.length, 2);
    assert.equal(port.sent[0]!.req.correlationId, port.sent[1]!.req.correlationId);
    assert.equal(env.outbox.store.queueState().correlationHonoured, true);
  } finally {
    env.cleanup();
  }
});

test('a look-up by a trace id the gateway does not continue ("not found", other trace id) decides nothing: the create is resent by the rule', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous') : ok(req)));
  port.lookupByTrace = async (t) => {
    port.lookups.push(t);
    return recordNotFound('0af7651916cd43dd8448eb211c80319c', '1a2b3c4d5e6f7a8b');
  };
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t += 3_600_000;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.deepEqual([j.state, j.heldForUser], ['accepted', false]);
    assert.ok(env.outbox.events(id).some((e) => e.kind === 'reconciled' && /rule: create resent/.test(e.reason)));
    assert.equal(env.outbox.store.queueState().correlationHonoured, false);
    assert.equal(port.sent.length, 2);
  } finally {
    env.cleanup();
  }
});

test('cancel withdraws a queued job and is refused for an accepted one', async () => {
  const port = new FakePort();
  const env = makeEnv(port);
  try {
    const a = env.outbox.enqueueCreate(createInput(1));
    const b = env.outbox.enqueueCreate(createInput(2));
    assert.equal(env.outbox.cancel(a).ok, true);
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(a)!.state, 'cancelled');
    assert.equal(env.outbox.cancel(b).ok, false);
    assert.equal(port.sent.length, 1);
  } finally {
    env.cleanup();
  }
});

test('the journal of state changes cannot be altered', () => {
  const env = makeEnv(undefined);
  try {
    env.outbox.enqueueCreate(createInput(1));
    assert.throws(() => env.outbox.db.exec("UPDATE outbox_events SET reason = 'x'"), /append-only/);
    assert.throws(() => env.outbox.db.exec('DELETE FROM outbox_events'), /append-only/);
  } finally {
    env.cleanup();
  }
});

test('a second runner on the same outbox is refused while the first process is alive', async () => {
  const env = makeEnv(new FakePort());
  try {
    env.outbox.db.prepare('UPDATE outbox_queue_state SET lease_pid = ?, lease_host = ? WHERE id = 1').run(process.ppid, (await import('node:os')).hostname());
    await assert.rejects(env.outbox.drain(), OutboxBusyError);
  } finally {
    env.cleanup();
  }
});

test('list and counts never contain the patient tax code', async () => {
  const env = makeEnv(new FakePort());
  try {
    env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain();
    const text = JSON.stringify({ list: env.outbox.list(), counts: env.outbox.counts(), events: env.outbox.events(1) });
    assert.doesNotMatch(text, /RMSLSO31M04Z404R/);
  } finally {
    env.cleanup();
  }
});

test('a look-up answered by a bare 404 (no status endpoint) decides nothing: the create is resent by the rule', async () => {
  let n = 0;
  const port = new FakePort((req) => (n++ === 0 ? fail(req, 'ambiguous', 504, { traceId: 't-1' }) : ok(req)));
  port.lookupByTrace = async (t) => {
    port.lookups.push(t);
    return { ok: false, operation: 'statusByTrace', httpStatus: 404, error: { category: 'not-found', type: 'http/404', message: 'non trovato' } };
  };
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t += 3_600_000;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.deepEqual([j.state, j.heldForUser], ['accepted', false]);
    assert.deepEqual(port.lookups.slice(0, 2), [j.clientTraceId, 't-1']);
    assert.ok(env.outbox.events(id).some((e) => e.kind === 'reconciled' && /rule: create resent/.test(e.reason)));
    assert.equal(port.sent.length, 2);
  } finally {
    env.cleanup();
  }
});

test('a create look-up answering not found is not trusted before the settle time', async () => {
  const port = new FakePort((req) => fail(req, 'ambiguous', 500, { traceId: 't-2' }));
  port.lookupByTrace = async () => ({
    ok: false,
    operation: 'statusByTrace',
    httpStatus: 404,
    error: { category: 'not-found', type: '/msg/record-not-found', message: 'non trovato' },
  });
  const env = makeEnv(port, { settleMs: 600_000 });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    env.clock.t = env.outbox.store.job(id)!.nextAttemptAt;
    await env.outbox.drain({ until: 'idle' });
    const j = env.outbox.store.job(id)!;
    assert.equal(j.state, 'needs-reconciliation');
    assert.ok(j.nextAttemptAt >= (j.ambiguousAt ?? 0) + 600_000);
    assert.equal(port.sent.length, 1);
  } finally {
    env.cleanup();
  }
});

const statusBody = (...events: Array<[string, string, string?]>) => ({
  transactionData: events.map(([eventType, eventStatus, message]) => ({ eventType, eventStatus, ...(message ? { message } : {}) })),
});

test('an accepted job is confirmed by a status check once the first check delay has passed', async () => {
  const port = new FakePort();
  port.lookupByWorkflow = async (wii) => {
    port.lookups.push(wii);
    return { ok: true, operation: 'statusByWorkflow', httpStatus: 200, body: statusBody(['PUBLICATION', 'SUCCESS'], ['SEND_TO_INI', 'SUCCESS']) };
  };
  const env = makeEnv(port, { confirm: { firstDelayMs: 30_000 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'empty' });
    assert.equal(env.outbox.job(id)!.state, 'accepted');
    assert.equal(port.lookups.length, 0, 'a drain does not wait for checks that are not due');
    env.clock.t += 30_000;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'confirmed');
    assert.deepEqual(port.lookups, [j.workflowInstanceId]);
    assert.ok(env.outbox.events(id).some((e) => e.fromState === 'accepted' && e.toState === 'confirmed' && /^status check 1/.test(e.reason)));
  } finally {
    env.cleanup();
  }
});

test("a status check showing a blocking error makes an accepted job rejected with the gateway's detail", async () => {
  const port = new FakePort();
  port.lookupByWorkflow = async () => ({
    ok: true,
    operation: 'statusByWorkflow',
    httpStatus: 200,
    body: statusBody(['PUBLICATION', 'SUCCESS'], ['SEND_TO_INI', 'BLOCKING_ERROR', 'Documento già presente su INI (uniqueId duplicato)']),
  });
  const env = makeEnv(port, { confirm: { firstDelayMs: 1_000 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'empty' });
    env.clock.t += 1_000;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.job(id)!;
    assert.equal(j.state, 'rejected');
    assert.equal(j.lastError?.type, 'outbox/async-blocking-error');
    assert.match(j.lastError?.detail ?? '', /già presente su INI/);
    assert.match(j.lastError?.message ?? '', /già presente sul Fascicolo/);
  } finally {
    env.cleanup();
  }
});

test('status checks of a job still in progress back off and stop after the bound, leaving it accepted', async () => {
  const port = new FakePort();
  port.lookupByWorkflow = async (wii) => {
    port.lookups.push(wii);
    return { ok: true, operation: 'statusByWorkflow', httpStatus: 200, body: statusBody(['PUBLICATION', 'SUCCESS'], ['SEND_TO_INI', 'ASYNC_RETRY']) };
  };
  const env = makeEnv(port, { confirm: { firstDelayMs: 1_000, maxDelayMs: 8_000, maxChecks: 4 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'empty' });
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = env.outbox.store.job(id)!;
      if (before.held) break;
      gaps.push(before.nextAttemptAt - env.clock.t);
      env.clock.t = before.nextAttemptAt;
      await env.outbox.drain({ until: 'empty' });
    }
    const j = env.outbox.job(id)!;
    assert.equal(port.lookups.length, 4);
    assert.equal(j.state, 'accepted');
    assert.equal(j.heldForUser, false);
    assert.match(j.note ?? '', /not confirmed after 4 status checks/);
    // random() = 0.5 → 3/4 of the capped doubling delay: 1 s first, then 1.5 s, 3 s, 6 s.
    assert.deepEqual(gaps, [1_000, 1_500, 3_000, 6_000]);
  } finally {
    env.cleanup();
  }
});

test('status checks stop at once when CART has no status service (bare 404)', async () => {
  const port = new FakePort();
  port.lookupByWorkflow = async (wii) => {
    port.lookups.push(wii);
    return { ok: false, operation: 'statusByWorkflow', httpStatus: 404, error: { category: 'not-found', type: 'http/404', message: 'non trovato' } };
  };
  const env = makeEnv(port, { confirm: { firstDelayMs: 1_000 } });
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'empty' });
    env.clock.t += 1_000;
    await env.outbox.drain({ until: 'empty' });
    env.clock.t += 3_600_000;
    await env.outbox.drain({ until: 'empty' });
    const j = env.outbox.store.job(id)!;
    assert.deepEqual([j.state, j.held], ['accepted', true]);
    assert.equal(port.lookups.length, 1);
  } finally {
    env.cleanup();
  }
});

test('a long-running runner does not pile up abort listeners on its signal while it waits', async () => {
  const { Outbox } = await import('../../main/core/outbox/outbox.js');
  const { openDatabase } = await import('../../main/core/shared/db/database.js');
  const { EventEmitter } = await import('node:events');
  const getEventListeners = EventEmitter.getEventListeners;
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'outbox-listeners-')), 'o.sqlite'));
  // CART keeps answering 503: the job waits with backoff, so the runner sleeps between attempts.
  const port = {
    send: async () => ({
      ok: false,
      operation: 'validateAndCreate' as const,
      httpStatus: 503,
      error: { category: 'transient' as const, message: 'non disponibile' },
    }),
    probe: async () => 'online' as const,
    close: async () => undefined,
  };
  const outbox = new Outbox(db, port as never, { confirm: false, now: testClock });
  outbox.enqueueCreate(createInput(1));
  const ac = new AbortController();
  const done = outbox.drain({ until: 'empty', signal: ac.signal });
  try {
    // Wake the sleeping runner many times: every wake ends one wait and starts another.
    for (let i = 0; i < 50; i++) {
      outbox.onlineHint();
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.ok(getEventListeners(ac.signal, 'abort').length <= 2, `listeners: ${getEventListeners(ac.signal, 'abort').length}`);
  } finally {
    ac.abort();
    await done;
    db.close();
  }
});
