// The soak (scripts/soak.ts, `npm run soak`) in small: 30 documents with mixed operations through the stand-in
// over real TLS, lost create answers, 503, 429, resets, a stand-in that ignores traceparent, and the drainer
// killed with SIGKILL 5 times. Every document ends in its expected state, none published twice, none left for the user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../../scripts/soak.js';

test('30 documents through faults and 5 kills of the drainer: all settled as expected, none twice, none left for the user', async (t) => {
  const f = await runSoak({ docs: 30, kills: 5, killMinMs: 100, killMaxMs: 1_500 });
  t.diagnostic(JSON.stringify({ ...f, notInExpectedState: f.notInExpectedState.length }));
  assert.deepEqual(f.notInExpectedState, []);
  assert.equal(f.inExpectedState, 30);
  assert.equal(f.leftForUser, 0);
  assert.ok(f.kills >= 5, `killed ${f.kills} times`);
  // Only a create resent after an unknown outcome may reach the index twice, and the index refused it.
  assert.ok(f.duplicatesRefused <= f.ambiguousOutcomes, `${f.duplicatesRefused} duplicates for ${f.ambiguousOutcomes} ambiguous outcomes`);
  // Every job confirmed: nothing left accepted-but-unknown, nothing for the user.
  assert.equal(f.jobStates.confirmed ?? 0, f.jobs, JSON.stringify(f.jobStates));
});
