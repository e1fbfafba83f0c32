// «Medici e operatori» in the renderer: the tax code checked as typed, the drafts sent to the main process,
// and which channels the actions journal records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  doctorDraftOf,
  firstErrorField,
  fiscalCodeProblemAsTyped,
  fiscalCodeProblemOnSave,
  DOCTOR_FIELDS,
  problemsByField,
} from '../../renderer/src/screens/people/people-view-model.js';
import { isJournaledAction } from '../../main/core/app/people/actions-journal.js';
import { checkFiscalCode } from '../../main/core/shared/fiscal-code.js';

test('a tax code being typed shows nothing until it is complete', () => {
  assert.equal(fiscalCodeProblemAsTyped(''), undefined);
  assert.equal(fiscalCodeProblemAsTyped('RSSMRA80'), undefined);
});

test('a character that can never be in a tax code is shown at once', () => {
  assert.match(fiscalCodeProblemAsTyped('RSS-') ?? '', /solo lettere e cifre/);
});

test('a complete tax code with a wrong check character is shown as typed', () => {
  assert.match(fiscalCodeProblemAsTyped('RSSMRA80A01D612X') ?? '', /ultimo carattere non corrisponde/);
  assert.equal(fiscalCodeProblemAsTyped('rssmra80a01d612y'), undefined);
});

test('the check character agrees with the library the main process uses, omocodia included', () => {
  for (const cf of ['RSSMRA80A01D612Y', 'BNCNNA85M41D612R', 'VRDLGU75C10G702H', 'MNTMRA03M71C615V', 'RMSLSO31M04Z404R', 'RSSMRA80A01D61NF']) {
    assert.equal(fiscalCodeProblemAsTyped(cf) === undefined, checkFiscalCode(cf).ok, cf);
  }
});

test('a short tax code is wrong only when the form is sent', () => {
  assert.equal(fiscalCodeProblemAsTyped('RSSMRA80A01'), undefined);
  assert.equal(fiscalCodeProblemOnSave('RSSMRA80A01'), 'Il codice fiscale ha 16 caratteri.');
  assert.equal(fiscalCodeProblemOnSave(' '), 'Indicare il codice fiscale.');
});

test('a doctor draft leaves blank optional fields out and sends the tax code in capitals', () => {
  assert.deepEqual(
    doctorDraftOf({ fiscalCode: ' rssmra80a01d612y ', givenName: ' Mario ', familyName: 'Rossi', title: '', phone: '055 1', email: ' ' }, undefined),
    {
      fiscalCode: 'RSSMRA80A01D612Y',
      givenName: 'Mario',
      familyName: 'Rossi',
      phone: '055 1',
    },
  );
  assert.equal(doctorDraftOf({ fiscalCode: '', givenName: '', familyName: '' }, 'rossi-1').id, 'rossi-1');
});

test('the focus goes to the first field in error in the form\u2019s order, not the server\u2019s', () => {
  const { byField, general } = problemsByField(
    [
      { path: 'phone', message: 'x' },
      { path: 'fiscalCode', message: 'y' },
      { path: 'somethingElse', message: 'z' },
    ],
    DOCTOR_FIELDS,
  );
  assert.equal(firstErrorField(DOCTOR_FIELDS, byField), 'fiscalCode');
  assert.deepEqual(general, ['z']);
});

test('the actions journal records changes, not reads', () => {
  for (const c of [
    'outbox:retry',
    'outbox:cancel',
    'reports:sign',
    'documents:delete',
    'session:set-operator',
    'people:save-doctor',
    'profile:save',
    'certificates:import',
  ])
    assert.equal(isJournaledAction(c), true, c);
  for (const c of [
    'outbox:overview',
    'outbox:events',
    'people:get',
    'session:get',
    'documents:list',
    'documents:pdf',
    'reports:preview',
    'profile:validate',
    'app:info',
  ])
    assert.equal(isJournaledAction(c), false, c);
});
