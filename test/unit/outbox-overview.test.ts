// The outbox as the app shows it: overview, job views, history. Real SQLite in a temp dir; no
// CART connection (no profile), so the runner stays stopped and jobs stay where the test puts them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTBOX_STATE_LABELS, OUTBOX_STATES } from '../../contract/outbox.js';
import { createAppCore, type AppCore } from '../../main/core/app/app-core.js';
import { errorView, jobView } from '../../main/core/app/outbox-view.js';
import { allowedActions as actionsFor } from '../../main/core/outbox/actions.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import type { EnqueueCreate } from '../../main/core/outbox/outbox.js';
import { createInput } from '../outbox/helpers.js';
import { JOB_STATES, STATE_LABELS_IT } from '../../main/core/outbox/states.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { SIGNED_SAMPLES } from '../support/reference.js';
import { testClock } from '../support/clock.js';

const PATIENT_CF = 'RMSLSO31M04Z404R';
const PDF = new Uint8Array(readFileSync(join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf')));
const docId = (n: number): string => `2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.U${n}`;

function input(n: number): EnqueueCreate {
  const identificativoDoc = docId(n);
  const sample = createInput(n, PDF);
  return { ...sample, identificativoDoc, requestBody: { ...sample.requestBody, identificativoDoc } };
}

let dir: string;
let core: AppCore;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-overview-'));
  core = createAppCore({ dataDir: dir, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now: testClock });
  await core.sending.reconfigure();
});
after(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the contract lists the same states with the same Italian labels as the outbox', () => {
  assert.deepEqual([...OUTBOX_STATES].sort(), [...JOB_STATES].sort());
  assert.deepEqual(OUTBOX_STATE_LABELS, STATE_LABELS_IT);
});

test('without a saved profile the runner does not start and the overview says why sending is suspended', () => {
  const o = core.sending.overview({ limit: 0 });
  assert.equal(core.sending.isRunning, false);
  assert.equal(o.paused, true);
  assert.match(o.pauseMessage ?? '', /^Invii sospesi: il profilo della struttura non è ancora salvato/);
});

test('the overview counts jobs by state and lists them newest first, limited and filtered', () => {
  const ids = [1, 2, 3].map((n) => core.outbox.enqueueCreate(input(n)));
  const all = core.sending.overview({ limit: 2 });
  assert.equal(all.counts.queued, 3);
  assert.equal(all.pending, 3);
  assert.equal(all.total, 3);
  assert.deepEqual(
    all.jobs.map((j) => j.id),
    [ids[2], ids[1]],
  );
  assert.equal(core.sending.overview({ state: 'accepted' }).jobs.length, 0);
  assert.equal(core.sending.overview({ state: 'queued', limit: 0 }).total, 3);
});

test('no overview, history or job view contains the patient tax code, the person_id or PDF bytes', () => {
  const id = core.outbox.enqueueCreate(input(4));
  const text = JSON.stringify([core.sending.overview(), core.sending.history(id)]);
  assert.ok(!text.includes(PATIENT_CF));
  assert.ok(!text.includes('%PDF'));
  assert.ok(!/personId|patientCf|requestBody|pdfSha256/.test(text));
  assert.ok(text.length < 20_000, `overview unexpectedly large: ${text.length}`);
});

test('a job view carries the ids, the Italian state label, the document type and the allowed actions', () => {
  const id = core.outbox.enqueueCreate(input(5));
  const v = core.sending.overview().jobs.find((j) => j.id === id)!;
  assert.equal(v.stateLabel, 'In coda');
  assert.equal(v.type, 'LAB');
  assert.equal(v.operationLabel, 'Pubblicazione');
  assert.equal(v.identificativoDoc, docId(5));
  assert.deepEqual(v.actions, { retry: false, cancel: true, resolve: false });
  // Sending is suspended here (no profile): no next attempt is promised (issue 11, finding 9).
  assert.equal(v.nextAttemptAt, null);
});

test('CART text quoting a tax code reaches the screen masked', () => {
  const e = errorView({
    category: 'caller-fault',
    type: '/msg/cf',
    message: `Codice fiscale ${PATIENT_CF} non coerente`,
    detail: `person_id ${PATIENT_CF} differs from the CDA`,
  });
  assert.ok(e && !JSON.stringify(e).includes(PATIENT_CF));
  assert.match(e!.detail!, /\[CF OSCURATO\]/);
});

test('retry is offered only for rejections that applied nothing, resolve only for "Esito da verificare"', () => {
  assert.deepEqual(actionsFor({ state: 'rejected', lastError: { category: 'caller-fault', type: '/msg/cda-element', message: 'x' } }), {
    retry: false,
    cancel: true,
    resolve: false,
  });
  assert.deepEqual(actionsFor({ state: 'rejected', lastError: { category: 'transient', type: 'outbox/deadline', message: 'x' } }).retry, true);
  assert.deepEqual(actionsFor({ state: 'needs-reconciliation', lastError: null }), { retry: true, cancel: true, resolve: true });
  assert.deepEqual(actionsFor({ state: 'accepted', lastError: null }), { retry: false, cancel: false, resolve: false });
  assert.deepEqual(actionsFor({ state: 'sending', lastError: null }), { retry: false, cancel: false, resolve: false });
});

test('the history tells each transition in Italian with the X-CART-id CART gave', () => {
  const id = core.outbox.enqueueCreate(input(6));
  const store = core.outbox.store;
  const now = testClock().getTime();
  store.transition(id, ['queued'], 'sending', now, { attempts: 1 }, { kind: 'send', reason: 'send' });
  store.transition(
    id,
    ['sending'],
    'waiting',
    now,
    { nextAttemptAt: now + 60_000 },
    {
      kind: 'retry-scheduled',
      reason: 'transient',
      result: {
        ok: false,
        operation: 'validateAndCreate',
        httpStatus: 503,
        xCartId: 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0',
        error: { category: 'transient', message: 'Servizio non disponibile' },
      },
    },
  );
  const h = core.sending.history(id);
  assert.ok(h.ok);
  assert.deepEqual(
    h.value.history.map((e) => e.toStateLabel),
    ['In coda', 'Invio in corso', 'In attesa di nuovo invio'],
  );
  const last = h.value.history[2]!;
  assert.equal(last.description, 'Servizio non disponibile (HTTP 503): nuovo invio programmato automaticamente.');
  assert.equal(last.xCartId, 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0');
  assert.equal(h.value.job.xCartId, 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0');
  assert.equal(h.value.job.stateLabel, 'In attesa di nuovo invio');
});

test('jobView copies listed fields only: an unexpected field on the outbox record does not reach the screen', () => {
  const job = core.outbox.list()[0]!;
  const v = jobView({ ...job, patientCf: PATIENT_CF } as typeof job, 'LAB');
  assert.ok(!JSON.stringify(v).includes(PATIENT_CF));
});
