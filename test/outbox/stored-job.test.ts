// A stored job is read back through the job codec before every send: a row that does not parse is
// parked as rejected with the reason, and nothing goes to CART.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakePort } from './fake-port.js';
import { createInput, deleteInput, docId, makeEnv } from './helpers.js';

const corrupt: Array<[string, string, string | null, RegExp]> = [
  ['a body that is no longer JSON', 'request_body', '{"identificativoDoc": "2.16.840', /request_body is not JSON/],
  ['a body the gateway would refuse', 'request_body', JSON.stringify({ identificativoDoc: docId(1), priorita: true }), /body/],
  ['a person_id that is not a tax code', 'person_id', 'RMSLSO31M04Z404R^^^&9.9.9&ISO', /person_id/],
  ['a missing resource_hl7_type', 'resource_hl7_type', null, /claims\.documentCode/],
];

for (const [what, column, value, why] of corrupt) {
  test(`a stored job with ${what} is parked as rejected with the reason and never sent`, async () => {
    const port = new FakePort();
    const env = makeEnv(port);
    try {
      const bad = env.outbox.enqueueCreate(createInput(1));
      const good = env.outbox.enqueueCreate(createInput(2));
      env.outbox.db.prepare(`UPDATE outbox_jobs SET ${column} = ? WHERE id = ?`).run(value, bad);
      await env.outbox.drain({ until: 'empty' });

      assert.deepEqual(port.sentFor('validateAndCreate', docId(1)), [], 'no network call for the damaged job');
      assert.equal(port.sentFor('validateAndCreate', docId(2)).length, 1, 'the other jobs go on');
      const j = env.outbox.job(bad)!;
      assert.equal(j.state, 'rejected');
      assert.equal(j.attempts, 0);
      assert.equal(j.lastError?.type, 'outbox/stored-job-invalid');
      assert.match(j.lastError?.message ?? '', /non è stato inviato nulla/);
      assert.match(j.lastError?.detail ?? '', why);
      const last = env.outbox.events(bad).at(-1)!;
      assert.deepEqual([last.fromState, last.toState, last.kind, last.reason], ['queued', 'rejected', 'stored-data-unusable', 'stored data unusable']);
      // Parked for good: «Riprova» would send the same damaged data.
      assert.equal(env.outbox.retry(bad).ok, false);
      assert.equal(env.outbox.job(good)!.state, 'accepted');
    } finally {
      env.cleanup();
    }
  });
}

test('a stored delete with a damaged path id is parked too, and the user can cancel it', async () => {
  const port = new FakePort();
  const env = makeEnv(port);
  try {
    const del = env.outbox.enqueueDelete(deleteInput(docId(3)));
    env.outbox.db.prepare('UPDATE outbox_jobs SET path_id = ? WHERE id = ?').run('no-caret', del);
    await env.outbox.drain({ until: 'empty' });
    assert.equal(port.sent.length, 0);
    assert.equal(env.outbox.job(del)!.state, 'rejected');
    assert.match(env.outbox.job(del)!.lastError?.detail ?? '', /pathId/);
    assert.equal(env.outbox.cancel(del).ok, true);
  } finally {
    env.cleanup();
  }
});
