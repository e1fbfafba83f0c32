// The desktop notifications' rules (renderer/src/notifications.ts outboxNotes, issue 10): what changed in the queue
// since the last look becomes a notification, in Italian, without any patient data (it shows on a lock screen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTBOX_STATES, type OutboxOverview, type OutboxState } from '../../contract/outbox.js';
import { outboxNotes, type OutboxWatch } from '../../renderer/src/notifications.js';

type Observed = Pick<OutboxOverview, 'counts' | 'paused' | 'connection' | 'online' | 'pending'>;

function overview(o: { rejected?: number; pending?: number; paused?: boolean; connection?: OutboxOverview['connection'] } = {}): Observed {
  const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
  counts.rejected = o.rejected ?? 0;
  const connection = o.connection ?? 'online';
  return { counts, pending: o.pending ?? 0, paused: o.paused ?? false, connection, online: connection === 'online' };
}

/** Feeds the looks in order and returns every notification given. */
function run(...looks: Observed[]) {
  let watch: OutboxWatch | null = null;
  const all = [];
  for (const look of looks) {
    const r = outboxNotes(watch, look);
    watch = r.watch;
    all.push(...r.notes);
  }
  return all;
}

test('what is already there when the app opens is not notified', () => {
  assert.deepEqual(run(overview({ rejected: 2, pending: 3, connection: 'offline' })), []);
});

test('a newly rejected document is notified with a count and no patient data', () => {
  const notes = run(overview({ rejected: 1 }), overview({ rejected: 2 }));
  assert.deepEqual(notes, [{ tag: 'rejected', title: 'Documento rifiutato', body: '1 documento rifiutato: aprire FSE Desk' }]);
});

test('several documents rejected between two looks make one notification', () => {
  const notes = run(overview(), overview({ rejected: 3 }));
  assert.equal(notes.length, 1);
  assert.equal(notes[0]!.body, '3 documenti rifiutati: aprire FSE Desk');
});

test('a rejected document retried (fewer rejections) notifies nothing', () => {
  assert.deepEqual(run(overview({ rejected: 2 }), overview({ rejected: 1, pending: 1 })), []);
});

test('sending paused with documents waiting is notified once, however long it lasts', () => {
  const paused = overview({ pending: 2, paused: true, connection: 'online' });
  const notes = run(overview({ pending: 2 }), paused, paused, overview({ pending: 3, paused: true }));
  assert.deepEqual(notes, [{ tag: 'stopped', title: 'Invii sospesi', body: '2 documenti in attesa: aprire FSE Desk' }]);
});

test('CART unreachable with documents waiting is an outage too, and says the documents will go by themselves', () => {
  const notes = run(overview(), overview({ pending: 1, connection: 'offline' }));
  assert.deepEqual(notes, [
    { tag: 'stopped', title: 'Invii sospesi', body: 'CART non raggiungibile, 1 documento in attesa: partiranno da soli al ritorno della linea' },
  ]);
});

test('offline with nothing waiting, or paused with an empty queue, is not an outage worth a notification', () => {
  assert.deepEqual(run(overview(), overview({ connection: 'offline' }), overview({ paused: true }), overview()), []);
});

test('when the waiting documents have all gone out after an outage, it says so once', () => {
  const notes = run(
    overview(),
    overview({ pending: 2, connection: 'offline' }),
    overview({ pending: 2, connection: 'checking' }),
    overview({ pending: 1, connection: 'online' }),
    overview({ pending: 0, connection: 'online' }),
    overview({ pending: 0, connection: 'online' }),
  );
  assert.deepEqual(
    notes.map((n) => n.tag),
    ['stopped', 'resumed'],
  );
  assert.equal(notes[1]!.body, 'Tutti i documenti in attesa sono stati inviati: aprire FSE Desk');
});

test('an app opened during an outage still says when its documents have gone out', () => {
  const notes = run(overview({ pending: 4, paused: true }), overview({ pending: 0 }));
  assert.deepEqual(
    notes.map((n) => n.tag),
    ['resumed'],
  );
});

test('no notification ever carries a tax code or a name', () => {
  const notes = run(overview(), overview({ rejected: 1, pending: 5, connection: 'offline' }), overview({ rejected: 1 }));
  assert.equal(notes.length, 3);
  for (const n of notes) assert.doesNotMatch(`${n.title} ${n.body}`, /[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]/);
});
