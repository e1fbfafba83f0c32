// The history of a job in Italian is worded from each event's kind, never from its English reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTBOX_STATES } from '../../contract/outbox.js';
import { describeEvent, historyEntry } from '../../main/core/app/outbox-view.js';
import { EVENT_KINDS } from '../../main/core/outbox/event-kinds.js';
import { FakePort, fail } from '../outbox/fake-port.js';
import { createInput, makeEnv } from '../outbox/helpers.js';

test('«Riprova» on an outcome to verify reads as a new check asked by the user, not as waiting for the user', async () => {
  const port = new FakePort((req) => fail(req, 'ambiguous'));
  const env = makeEnv(port);
  try {
    const id = env.outbox.enqueueCreate(createInput(1));
    await env.outbox.drain({ until: 'idle' });
    assert.equal(env.outbox.job(id)!.state, 'needs-reconciliation');
    assert.equal(env.outbox.retry(id).ok, true);

    const history = env.outbox.events(id).map(historyEntry);
    assert.deepEqual(
      history.map((h) => h.description),
      [
        'Documento messo in coda per l\u2019invio.',
        'Invio a CART, tentativo 1.',
        'Nessuna risposta certa da CART: l\u2019applicazione verifica da sola se è stata applicata, prima di qualsiasi nuovo invio.',
        'Nuova verifica dell\u2019esito richiesta dall\u2019utente.',
      ],
    );
    // The reason that used to be matched by /held|user/ is still there, for the logs.
    assert.equal(env.outbox.events(id).at(-1)!.reason, 'reconcile again, asked by the user');
  } finally {
    env.cleanup();
  }
});

test('every event kind, to any state, has one Italian line', () => {
  for (const kind of EVENT_KINDS) {
    for (const toState of OUTBOX_STATES) {
      const line = describeEvent({ kind, fromState: 'needs-reconciliation', toState, attempt: 1, httpStatus: null });
      assert.match(line, /^[A-ZÈ].+\.$/, `${kind} → ${toState}: ${line}`);
    }
  }
});
