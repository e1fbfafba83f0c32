import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareCda } from '../../../main/core/document/cda/prepare-cda.js';
import { toReportView } from '../../../main/core/document/cda/report-view-mapping.js';
import { CLINIC, PROFILE, contextFor, ensureSchematron, exampleJson, parsed } from './cda-fixtures.js';

before(() => ensureSchematron());
const now = new Date('2026-03-12T10:30:00Z');

describe('prepareCda', () => {
  test('returns the CDA, its identificativoDoc, the PDF view and a clean validation', async () => {
    const r = await prepareCda('RSA', exampleJson('RSA'), PROFILE, { now, clinic: { address: CLINIC.address! } });
    assert.equal(r.ok, true, JSON.stringify(!r.ok && r.problems));
    if (!r.ok) return;
    assert.equal(r.identificativoDoc, '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.RSA-2026-000142');
    assert.ok(r.xml.includes('extension="01386030488.RSA.999.RSA-2026-000142"'));
    assert.equal(r.version, 1);
    assert.equal(r.validation.valid, true);
    assert.equal(r.view.title, 'Referto di specialistica ambulatoriale');
    assert.deepEqual(r.view.clinic.addressLines, ['Borgo San Frediano 5', '50124 Firenze (FI)']);
  });

  test('an explicit local id wins over the one in the report', async () => {
    const r = await prepareCda('RAD', exampleJson('RAD'), PROFILE, { now, localId: 'R-42' });
    assert.equal(r.ok && r.identificativoDoc, '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RAD.999.R-42');
  });

  test('without any local id one is generated', async () => {
    const json = exampleJson('LAB');
    delete json.localId;
    const r = await prepareCda('LAB', json, PROFILE, { now });
    assert.match(r.ok ? r.identificativoDoc : '', /^2\.16\.840\.1\.113883\.2\.9\.2\.90\.4\.4\^01386030488\.LAB\.999\.20260312T103000-[0-9A-F]{6}$/);
  });

  test('invalid input gives field problems and no XML', async () => {
    const json = { ...exampleJson('RSA'), patient: { ...(exampleJson('RSA').patient as object), fiscalCode: 'XXXXXX00X00X000X' } };
    const r = await prepareCda('RSA', json, PROFILE, { now });
    assert.equal(r.ok, false);
    assert.equal('xml' in r, false);
    assert.equal(!r.ok && r.problems[0]!.field, 'patient.fiscalCode');
  });

  test('a replacement becomes version n+1 of the replaced set', async () => {
    const prev = '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.RSA-2026-000142';
    const json = { ...exampleJson('RSA'), localId: 'RSA-2026-000142-2', replaces: { identificativoDoc: prev, setId: prev, version: 1 } };
    const r = await prepareCda('RSA', json, PROFILE, { now });
    assert.equal(r.ok, true, JSON.stringify(!r.ok && r.problems));
    assert.equal(r.ok && r.version, 2);
    assert.equal(r.ok && r.setId, prev);
  });

  test('a replacement reusing the replaced document id is refused', async () => {
    const prev = '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.RSA-2026-000142';
    const json = { ...exampleJson('RSA'), replaces: { identificativoDoc: prev, setId: prev, version: 1 } };
    const r = await prepareCda('RSA', json, PROFILE, { now });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.problems[0]!.field, 'localId');
  });
});

describe('toReportView', () => {
  test('LAB results become one table per specialty with Italian numbers and interpretations', () => {
    const view = toReportView('LAB', parsed('LAB', exampleJson('LAB')), contextFor('LAB'));
    assert.equal(view.title, 'Referto di medicina di laboratorio');
    assert.deepEqual(
      view.sections.map((s) => s.title),
      ['Chimica clinica', 'Ematologia'],
    );
    assert.deepEqual(view.sections[0]!.table!.rows[1], ['Creatinina [massa/volume] nel siero o plasma', '1,08', 'mg/dL', '0,7 - 1,2 mg/dL', 'Normale', '']);
  });

  test('RSA free text becomes paragraphs split at blank lines, with people and dates in ISO form', () => {
    const view = toReportView('RSA', parsed('RSA', exampleJson('RSA')), contextFor('RSA'));
    const history = view.sections.find((s) => s.title === 'Anamnesi')!;
    assert.equal(history.paragraphs.length, 2);
    assert.equal(view.doctor.fullName, 'Dott.ssa Maria Montanari');
    assert.equal(view.doctor.specialty, 'Cardiologia');
    assert.deepEqual(view.patient, { fullName: 'Lisio Ramos', fiscalCode: 'RMSLSO31M04Z404R', birthDate: '1931-08-04', sex: 'Maschio' });
    assert.equal(view.serviceDate, '2026-03-12T09:30:00+01:00');
    assert.equal(view.version, 1);
  });

  test('the clinic’s phone and e-mail from the profile are in the report header', () => {
    const clinic = { ...contextFor('RSA').clinic, phone: '055 123456', email: 'segreteria@example.it' };
    const view = toReportView('RSA', parsed('RSA', exampleJson('RSA')), contextFor('RSA', 'TEST-1', { clinic }));
    assert.equal(view.clinic.contact, 'Tel. 055 123456 - segreteria@example.it');
  });

  test('a clinic without phone or e-mail has no contact in the header', () => {
    const { phone: _phone, email: _email, ...clinic } = contextFor('RSA').clinic;
    const view = toReportView('RSA', parsed('RSA', exampleJson('RSA')), contextFor('RSA', 'TEST-1', { clinic }));
    assert.equal(view.clinic.contact, undefined);
  });
});
