import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyReportForm, type ReportProblem } from '../../contract/report-form.js';
import {
  checkFiscalCode,
  copyForAnotherPatient,
  fieldId,
  firstStepWithError,
  problemsOfStep,
  setIn,
  stepOfField,
  withFiscalCode,
} from '../../renderer/src/screens/report/report-form-model.js';
import { testNow } from '../support/clock.js';

const problem = (field: string, severity: ReportProblem['severity'] = 'error'): ReportProblem => ({ field, message: 'x', severity });

test('a tax code being typed says how many characters are missing, not an error', () => {
  assert.deepEqual(checkFiscalCode('RSSMRA80', testNow()), { kind: 'typing', remaining: 8 });
});

test('a complete tax code with the right check character gives birth date and sex', () => {
  assert.deepEqual(checkFiscalCode('rssmra80a01h501u', testNow()), { kind: 'valid', birthDate: '1980-01-01', sex: 'M' });
  assert.deepEqual(checkFiscalCode('RSSMRA80A41H501Y', testNow()), { kind: 'valid', birthDate: '1980-01-01', sex: 'F' });
});

test('a typo in a tax code is caught by the check character', () => {
  const r = checkFiscalCode('RSSMRA80A01H501X', testNow());
  assert.equal(r.kind, 'invalid');
  assert.match(r.kind === 'invalid' ? r.message : '', /ultimo carattere/);
});

test('a tax code with the wrong shape or a non-existent birth date is refused', () => {
  assert.equal(checkFiscalCode('12345678901234AB', testNow()).kind, 'invalid');
  assert.equal(checkFiscalCode('RSSMRA80B31H501?', testNow()).kind, 'invalid');
});

test('an 11-digit provisional tax code is accepted without deriving anything', () => {
  assert.deepEqual(checkFiscalCode('12345678901', testNow()), { kind: 'valid' });
});

test('birth date and sex are prefilled from the tax code and follow it while they are the derived ones', () => {
  const empty = emptyReportForm('RSA').patient;
  const first = withFiscalCode(empty, 'RSSMRA80A01H501U', testNow());
  assert.equal(first.birthDate, '1980-01-01');
  assert.equal(first.sex, 'M');
  const corrected = withFiscalCode(first, 'RSSMRA80A41H501Y', testNow());
  assert.equal(corrected.sex, 'F');
});

test('a birth date the user typed over is not replaced by the tax code', () => {
  const typed = { ...emptyReportForm('RSA').patient, birthDate: '1979-12-31' };
  assert.equal(withFiscalCode(typed, 'RSSMRA80A01H501U', testNow()).birthDate, '1979-12-31');
});

test('each problem belongs to the step that shows its field; problems of no field show on every step', () => {
  assert.equal(stepOfField('patient.fiscalCode'), 'patient');
  assert.equal(stepOfField('lab.results.2.value'), 'content');
  assert.equal(stepOfField('serviceDate'), 'doctor');
  assert.equal(stepOfField(''), undefined);
  const list = [problem('patient.givenName'), problem('rsa.findings'), problem('')];
  assert.deepEqual(
    problemsOfStep(list, 'content').map((p) => p.field),
    ['rsa.findings', ''],
  );
});

test('after a refused preview the guide returns to the first step holding an error, warnings aside', () => {
  assert.equal(firstStepWithError([problem('patient.birthDate', 'warning'), problem('doctorId'), problem('rad.findings')]), 'content');
  assert.equal(firstStepWithError([problem('serviceDate', 'warning')]), undefined);
});

test('a field path names its control and updates the form without touching the rest', () => {
  assert.equal(fieldId('lab.results.0.unit'), 'rf-lab-results-0-unit');
  const form = emptyReportForm('LAB');
  const next = setIn(form, 'lab.results.0.unit', 'mg/dL');
  assert.equal(next.lab?.results[0]?.unit, 'mg/dL');
  assert.equal(form.lab?.results[0]?.unit, '');
  assert.equal(next.patient, form.patient);
});

test('the wrong-patient copy keeps the content and empties the patient and the link to the old version', () => {
  const form = { ...emptyReportForm('RSA'), replaceOf: 7, patient: { ...emptyReportForm('RSA').patient, familyName: 'Rossi' } };
  const copy = copyForAnotherPatient({ ...form, rsa: { ...form.rsa!, findings: 'Nella norma' } });
  assert.equal(copy.patient.familyName, '');
  assert.equal(copy.rsa?.findings, 'Nella norma');
  assert.equal('replaceOf' in copy, false);
});
