// The status bar's line (renderer/src/screens/outbox-view-model.ts connectionStatus) and the next-attempt time of
// a job while sending is paused (main/core/app/outbox-view.ts): issue 11, findings 9 and 10, and issue 9's
// fresh install that must not greet the clinic with a red «Invii sospesi».
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxOverview } from '../../contract/outbox.js';
import { jobView } from '../../main/core/app/outbox-view.js';
import type { JobView } from '../../main/core/outbox/index.js';
import { connectionStatus } from '../../renderer/src/screens/outbox-view-model.js';

type Bar = Pick<OutboxOverview, 'paused' | 'pauseMessage' | 'online' | 'connection' | 'pending'>;
const bar = (o: Partial<Bar>): Bar => ({ paused: false, pauseMessage: null, online: true, connection: 'online', pending: 0, ...o });
const NO_PROFILE =
  'Invii sospesi: il profilo della struttura non è ancora salvato. Completarlo nella sezione «Profilo della struttura»: i documenti restano in coda.';

test('a fresh install with nothing queued shows no sending problem, and nothing red', () => {
  const s = connectionStatus(bar({ paused: true, pauseMessage: NO_PROFILE, online: false, connection: 'checking' }));
  assert.equal(s.kind, 'idle');
  assert.equal(s.tone, 'neutral');
  assert.equal(s.text, 'Nessun documento da inviare');
  assert.equal(s.canResume, false);
});

test('the same problem is shown, with «Riprendi invii», once a document waits', () => {
  const s = connectionStatus(bar({ paused: true, pauseMessage: NO_PROFILE, online: false, connection: 'checking', pending: 1 }));
  assert.deepEqual({ kind: s.kind, tone: s.tone, text: s.text, canResume: s.canResume }, { kind: 'paused', tone: 'error', text: NO_PROFILE, canResume: true });
});

test('until the first check of the gateway finishes the bar says so, not «In linea»', () => {
  const s = connectionStatus(bar({ online: false, connection: 'checking', pending: 2 }));
  assert.equal(s.text, 'Verifica della connessione…');
  assert.equal(s.kind, 'checking');
});

test('«In linea» only after a check reached the gateway; a failed check says «Non in linea» with the documents waiting', () => {
  assert.equal(connectionStatus(bar({ pending: 1 })).text, 'In linea — 1 documento da inviare');
  assert.equal(connectionStatus(bar({ online: false, connection: 'offline', pending: 2 })).text, 'Non in linea — 2 documenti in attesa');
  assert.equal(connectionStatus(bar({ online: false, connection: 'offline' })).text, 'Non in linea');
});

test('a refused client certificate or an untrusted server certificate is never «In linea»', () => {
  for (const connection of ['refused', 'server-untrusted'] as const) {
    const s = connectionStatus(bar({ online: false, connection, pending: 1 }));
    assert.equal(s.tone, 'error', connection);
    assert.doesNotMatch(s.text, /In linea/);
  }
});

test('paused for authorisation with documents waiting: the pause, never «In linea»', () => {
  const s = connectionStatus(bar({ paused: true, pauseMessage: 'Invii sospesi: CART ha rifiutato…', online: true, connection: 'online', pending: 3 }));
  assert.equal(s.kind, 'paused');
});

const queuedJob: JobView = {
  id: 1,
  operation: 'validateAndCreate',
  identificativoDoc: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.T1',
  version: 1,
  pathId: null,
  state: 'queued',
  stateLabel: 'In coda',
  heldForUser: false,
  attempts: 0,
  clientTraceId: '0123456789abcdef0123456789abcdef',
  nextAttemptAt: '2026-01-01T00:00:00.000Z',
  deadlineAt: '2026-01-04T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  pdfSha256: null,
  httpStatus: null,
  xCartId: null,
  traceId: null,
  spanId: null,
  workflowInstanceId: null,
  warning: null,
  lastError: null,
  note: null,
};

test('while sending is paused a queued job has no next attempt to show («Prossimo tentativo: a breve» would be false)', () => {
  assert.equal(jobView(queuedJob, 'LAB').nextAttemptAt, queuedJob.nextAttemptAt);
  assert.equal(jobView(queuedJob, 'LAB', { sendingPaused: true }).nextAttemptAt, null);
  assert.equal(jobView({ ...queuedJob, state: 'waiting' }, 'LAB', { sendingPaused: true }).nextAttemptAt, null);
});
