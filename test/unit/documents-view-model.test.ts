// «Documenti»'s pure helpers (renderer/src/screens/documents/documents-view-model.ts): the search box becomes the
// right filter, the states read in Italian with what changed them, the pager counts right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  correctionRoute,
  documentsCount,
  hasFilters,
  listRequest,
  NO_FILTERS,
  pageRange,
  PAGE_SIZE,
  pendingText,
  stateText,
} from '../../renderer/src/screens/documents/documents-view-model.js';

test('a name typed in the search box searches by name, trimmed', () => {
  assert.deepEqual(listRequest({ ...NO_FILTERS, text: '  Rossi Mario ' }, 1), { page: 1, pageSize: PAGE_SIZE, text: 'Rossi Mario' });
});

test('a tax code, or its start, typed in any case searches by tax code', () => {
  assert.deepEqual(listRequest({ ...NO_FILTERS, text: 'rssmra80a01' }, 2), { page: 2, pageSize: PAGE_SIZE, fiscalCode: 'RSSMRA80A01' });
  assert.equal(listRequest({ ...NO_FILTERS, text: 'RSSMRA80A01H501U' }, 1).fiscalCode, 'RSSMRA80A01H501U');
});

test('dates, type and state go to the request only when chosen', () => {
  assert.deepEqual(listRequest({ text: '', from: '2026-11-01', to: '2026-11-30', type: 'LAB', state: 'rejected' }, 1), {
    page: 1,
    pageSize: PAGE_SIZE,
    from: '2026-11-01',
    to: '2026-11-30',
    type: 'LAB',
    state: 'rejected',
  });
  assert.equal(hasFilters(NO_FILTERS), false);
  assert.equal(hasFilters({ ...NO_FILTERS, type: 'RSA' }), true);
});

test('a replaced version says by which version', () => {
  assert.equal(stateText({ state: 'replaced', stateLabel: 'Sostituito', replacedBy: { documentId: 9, version: 2 } }), 'Sostituito dalla versione 2');
  assert.equal(stateText({ state: 'published', stateLabel: 'Pubblicato', replacedBy: null }), 'Pubblicato');
});

test('an action under way is named in Italian', () => {
  assert.equal(pendingText('delete'), 'eliminazione in corso');
  assert.equal(pendingText(null), null);
});

test('the count and the page range read naturally', () => {
  assert.equal(documentsCount(1), '1 documento');
  assert.equal(documentsCount(120), '120 documenti');
  assert.equal(pageRange(2, 25, 25, 120), 'Documenti 26–50 di 120');
  assert.equal(pageRange(5, 25, 20, 120), 'Documenti 101–120 di 120');
  assert.equal(pageRange(1, 25, 0, 0), '');
});

test('«Correggi e invia di nuovo» opens the form with the rejected document\u2019s content', () => {
  assert.deepEqual(correctionRoute(7), { screen: 'new-report', correctOf: 7 });
});
