// The badge of an outbox job (renderer/src/screens/outbox-view-model.ts jobStateText) and the lines of its history
// (main/core/app/outbox-view.ts describeEvent), in «Invii» and on a document's page (issue 10): a confirmed delete
// was labelled «Pubblicato sul Fascicolo».
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OUTBOX_STATE_LABELS } from '../../contract/outbox.js';
import { describeEvent } from '../../main/core/app/outbox-view.js';
import { jobStateText } from '../../renderer/src/screens/outbox-view-model.js';

const confirmed = { state: 'confirmed' as const, stateLabel: OUTBOX_STATE_LABELS.confirmed };

test('a confirmed job says what was confirmed, never «Pubblicato sul Fascicolo» for a delete', () => {
  assert.equal(jobStateText({ ...confirmed, operation: 'delete' }), 'Eliminazione confermata');
  assert.equal(jobStateText({ ...confirmed, operation: 'updateMetadata' }), 'Aggiornamento confermato');
  assert.equal(jobStateText({ ...confirmed, operation: 'replace' }), 'Sostituzione confermata');
  assert.equal(jobStateText({ ...confirmed, operation: 'validateAndCreate' }), 'Pubblicazione confermata');
});

test('the other states keep their label', () => {
  assert.equal(jobStateText({ state: 'accepted', stateLabel: 'Accettato da CART', operation: 'delete' }), 'Accettato da CART');
  assert.equal(
    jobStateText({ state: 'rejected', stateLabel: 'Rifiutato — serve un intervento', operation: 'validateAndCreate' }),
    'Rifiutato — serve un intervento',
  );
});

test('a job\u2019s history names the confirmed outcome of its own operation', () => {
  const ev = (kind: 'status-check' | 'reconciled') => ({ kind, fromState: 'accepted' as const, toState: 'confirmed' as const, attempt: 1, httpStatus: 200 });
  assert.equal(describeEvent(ev('status-check')), 'Pubblicazione sul Fascicolo confermata.');
  assert.equal(describeEvent(ev('status-check'), 'delete'), 'Eliminazione dal Fascicolo confermata.');
  assert.equal(describeEvent(ev('reconciled'), 'delete'), 'Eliminazione dal Fascicolo confermata.');
  assert.equal(describeEvent(ev('status-check'), 'replace'), 'Sostituzione sul Fascicolo confermata.');
  assert.equal(describeEvent(ev('status-check'), 'updateMetadata'), 'Aggiornamento dei metadati confermato.');
});
