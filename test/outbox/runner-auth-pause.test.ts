// Issue 11, finding 8: a pause for a refused authorisation is lifted only by a change that can fix it (profile,
// certificate) or by the user, and then by ONE send: the queue goes back to full speed only once that send gets
// an answer that is not a refusal. Fake port: the runner's own rules, without TLS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakePort, fail, ok } from './fake-port.js';
import { createInput, makeEnv } from './helpers.js';

test('after a configuration change a still-refused identity costs exactly one more send', async () => {
  const port = new FakePort((req) => fail(req, 'auth', 403, {}, 'https://govway.org/handling-errors/403/AuthorizationContentDeny.html'));
  const env = makeEnv(port, { concurrency: 4 });
  try {
    for (const n of [1, 2, 3, 4, 5]) env.outbox.enqueueCreate(createInput(n));
    await env.outbox.drain({ until: 'empty' });
    const first = port.sent.length;
    assert.equal(env.outbox.counts().paused, true);
    env.outbox.configurationChanged();
    await env.outbox.drain({ until: 'empty' });
    assert.equal(port.sent.length, first + 1, 'one proving send, not one per free slot');
    assert.equal(env.outbox.counts().paused, true);
  } finally {
    env.cleanup();
  }
});

test('the proving send goes alone; once it is accepted the rest go at full speed', async () => {
  let refuse = true;
  const activeAtCall: number[] = [];
  const port: FakePort = new FakePort((req) => {
    activeAtCall.push(port.active);
    return refuse ? fail(req, 'auth', 403) : ok(req);
  });
  const env = makeEnv(port, { concurrency: 4 });
  try {
    const ids = [1, 2, 3, 4, 5].map((n) => env.outbox.enqueueCreate(createInput(n)));
    await env.outbox.drain({ until: 'empty' });
    const before = port.sent.length;
    refuse = false;
    env.outbox.resumeQueue();
    await env.outbox.drain({ until: 'empty' });
    assert.equal(activeAtCall[before], 1, 'the proving send was alone on the wire');
    assert.ok(Math.max(...activeAtCall.slice(before + 1)) > 1, 'then several at once again');
    assert.deepEqual(
      ids.map((id) => env.outbox.job(id)!.state),
      ['accepted', 'accepted', 'accepted', 'accepted', 'accepted'],
    );
  } finally {
    env.cleanup();
  }
});

test('the user pressing «Riprendi invii» again and again cannot turn a refusal into a resend loop', async () => {
  const port = new FakePort((req) => fail(req, 'auth', 403));
  const env = makeEnv(port, { concurrency: 4 });
  try {
    for (const n of [1, 2, 3]) env.outbox.enqueueCreate(createInput(n));
    await env.outbox.drain({ until: 'empty' });
    const before = port.sent.length;
    for (let i = 0; i < 10; i++) {
      env.outbox.resumeQueue();
      await env.outbox.drain({ until: 'empty' });
    }
    assert.equal(port.sent.length - before, 10, 'one send per press, never more');
  } finally {
    env.cleanup();
  }
});
