import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from '../../../main/core/document/cda/report-model.js';
import { checkFiscalCode } from '../../../main/core/shared/fiscal-code.js';
import { exampleJson } from './cda-fixtures.js';

describe('report model', () => {
  for (const type of ['RSA', 'LAB', 'RAD'] as const) {
    test(`the ${type} example input is accepted`, () => {
      const r = parseReport(type, exampleJson(type));
      assert.equal(r.ok, true, JSON.stringify(!r.ok && r.problems));
    });
  }

  test('the regional test tax codes of CART.md pass the tax-code check', () => {
    for (const cf of ['RMSLSO31M04Z404R', 'MNTMRA03M71C615V', 'MNZLSN99E05F205J', 'DRCGNN12A46A326K', 'BRGLRZ80D58H501Q']) {
      assert.equal(checkFiscalCode(cf).ok, true, cf);
    }
  });

  test('a patient tax code with a wrong check character is refused in Italian at patient.fiscalCode', () => {
    const r = parseReport('RSA', { ...exampleJson('RSA'), patient: { ...(exampleJson('RSA').patient as object), fiscalCode: 'RMSLSO31M04Z404A' } });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems, [{ field: 'patient.fiscalCode', message: 'Codice fiscale non valido: il carattere di controllo non corrisponde.' }]);
  });

  test('a lower-case tax code is accepted and stored upper-case', () => {
    const r = parseReport('RAD', { ...exampleJson('RAD'), doctor: { ...(exampleJson('RAD').doctor as object), fiscalCode: 'mntmra03m71c615v' } });
    assert.equal(r.ok && r.report.doctor.fiscalCode, 'MNTMRA03M71C615V');
  });

  test('a doctor without phone or e-mail is refused (the author needs a telecom)', () => {
    const json = exampleJson('RSA');
    const { email: _e, ...doctor } = json.doctor as Record<string, unknown>;
    const r = parseReport('RSA', { ...json, doctor });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems, [{ field: 'doctor.phone', message: 'Indicare almeno un recapito del medico (telefono o e-mail).' }]);
  });

  test('an RSA without services performed or without findings is refused with both fields named', () => {
    const json = { ...exampleJson('RSA'), services: [], findings: '  ' };
    const r = parseReport('RSA', json);
    assert.equal(r.ok, false);
    const fields = !r.ok ? r.problems.map((p) => p.field) : [];
    assert.deepEqual(fields.sort(), ['findings', 'services']);
  });

  test('a LAB section with a specialty code outside the schematron list is refused', () => {
    const json = exampleJson('LAB');
    const sections = json.sections as Array<Record<string, unknown>>;
    sections[0] = { ...sections[0], specialty: '12345-6' };
    const r = parseReport('LAB', json);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.problems[0]!.field, 'sections.0.specialty');
  });

  test('an impossible date is refused with the expected format in the message', () => {
    const r = parseReport('RAD', { ...exampleJson('RAD'), serviceDate: '2026-02-30T10:00' });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.problems[0]!.message : '', /formato 2026-03-12T09:30/);
  });

  test('unknown fields are reported by name', () => {
    const r = parseReport('RAD', { ...exampleJson('RAD'), urgent: true });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.problems[0]!.message : '', /Campi non previsti: urgent/);
  });

  test('a missing required field says so in Italian', () => {
    const json = exampleJson('LAB');
    delete json.documentDate;
    const r = parseReport('LAB', json);
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems[0], { field: 'documentDate', message: 'Indicare la data del referto.' });
  });
});
