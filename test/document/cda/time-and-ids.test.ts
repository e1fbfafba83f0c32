import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hl7Timestamp, parseClinicDateTime } from '../../../main/core/document/cda/hl7-time.js';
import { makeIdentificativoDoc, parseIdentificativoDoc } from '../../../main/core/document/cda/identificativo-doc.js';

describe('identificativoDoc', () => {
  test('follows the CART rule root^P.IVA.TYPE.repository.localId', () => {
    assert.equal(
      makeIdentificativoDoc({ fiscalCode: '01386030488', type: 'LAB', repository: '999', localId: '18881699' }),
      '2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.18881699',
    );
  });

  test('parses back into the CDA id root and extension', () => {
    assert.deepEqual(parseIdentificativoDoc('2.16.840.1.113883.2.9.2.90.4.4^01386030488.RAD.201.A-7'), {
      root: '2.16.840.1.113883.2.9.2.90.4.4',
      extension: '01386030488.RAD.201.A-7',
      fiscalCode: '01386030488',
      type: 'RAD',
      repository: '201',
      localId: 'A-7',
    });
  });

  test('refuses a local id with characters outside letters, digits, - and _', () => {
    assert.throws(() => makeIdentificativoDoc({ fiscalCode: '01386030488', type: 'RSA', repository: '999', localId: 'a/b' }));
  });
});

describe('HL7 time stamps', () => {
  test('local clinic times are Rome time, with +0100 in winter', () => {
    assert.equal(hl7Timestamp(parseClinicDateTime('2026-01-10T09:30')!), '20260110093000+0100');
  });

  test('local clinic times are Rome time, with +0200 in summer', () => {
    assert.equal(hl7Timestamp(parseClinicDateTime('2026-08-10T09:30:15')!), '20260810093015+0200');
  });

  test('an instant given in UTC is written in Rome time', () => {
    assert.equal(hl7Timestamp(new Date('2026-03-29T01:30:00Z')), '20260329033000+0200');
  });

  test('a time that does not exist in the calendar is refused', () => {
    assert.equal(parseClinicDateTime('2026-13-01T10:00'), undefined);
  });
});
