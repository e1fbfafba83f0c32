// One rule for the user's actions: for every state, each action the "Invii" screen offers is accepted
// by the core, and each action it does not offer is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTBOX_STATES, type OutboxActions, type OutboxState } from '../../contract/outbox.js';
import { jobView } from '../../main/core/app/outbox-view.js';
import type { ActionResult } from '../../main/core/outbox/outbox.js';
import { createInput, makeEnv } from '../outbox/helpers.js';

interface Case {
  state: OutboxState;
  held?: boolean;
  errorType?: string;
}

const CASES: Case[] = [
  ...OUTBOX_STATES.map((state) => ({ state })),
  { state: 'needs-reconciliation', held: true },
  { state: 'accepted', held: true },
  { state: 'rejected', errorType: '/msg/cda-element' },
  { state: 'rejected', errorType: 'outbox/deadline' },
  { state: 'rejected', errorType: '/msg/generic-error' },
  { state: 'rejected', errorType: 'outbox/stored-job-invalid' },
];

type Attempt = [keyof OutboxActions, (outbox: ReturnType<typeof makeEnv>['outbox'], id: number) => ActionResult];

const ATTEMPTS: Attempt[] = [
  ['retry', (o, id) => o.retry(id)],
  ['cancel', (o, id) => o.cancel(id)],
  ['resolve', (o, id) => o.resolve(id, 'published')],
  ['resolve', (o, id) => o.resolve(id, 'not-published')],
];

for (const c of CASES) {
  const label = `${c.state}${c.held ? ' (held)' : ''}${c.errorType ? ` (${c.errorType})` : ''}`;
  test(`${label}: the core accepts exactly the actions the screen offers`, () => {
    const env = makeEnv(undefined);
    try {
      const ids = ATTEMPTS.map((_, i) => env.outbox.enqueueCreate(createInput(`${i}`)));
      const lastError = c.errorType ? JSON.stringify({ category: 'caller-fault', type: c.errorType, message: 'x' }) : null;
      for (const id of ids) {
        env.outbox.db.prepare('UPDATE outbox_jobs SET state = ?, held = ?, last_error = ? WHERE id = ?').run(c.state, c.held ? 1 : 0, lastError, id);
      }
      const offered = jobView(env.outbox.job(ids[0]!)!, 'LAB').actions;
      ATTEMPTS.forEach(([action, run], i) => {
        const r = run(env.outbox, ids[i]!);
        assert.equal(r.ok, offered[action], `${label}: ${action} offered ${offered[action]}, core answered ${JSON.stringify(r)}`);
        if (!r.ok) assert.equal(r.code, 'not-allowed');
      });
    } finally {
      env.cleanup();
    }
  });
}

test('the screen offers something in the states that need the user, and nothing once the document is settled', () => {
  const env = makeEnv(undefined);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    const offers = (state: OutboxState): OutboxActions => {
      env.outbox.db.prepare('UPDATE outbox_jobs SET state = ? WHERE id = ?').run(state, id);
      return jobView(env.outbox.job(id)!, 'LAB').actions;
    };
    assert.deepEqual(offers('needs-reconciliation'), { retry: true, cancel: true, resolve: true });
    for (const s of ['sending', 'accepted', 'confirmed', 'cancelled'] as const) assert.deepEqual(offers(s), { retry: false, cancel: false, resolve: false }, s);
  } finally {
    env.cleanup();
  }
});
