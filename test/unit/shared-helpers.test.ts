// One home for each small helper and constant (issue #8): SHA-256 hex, the tax code in free text,
// and the OIDs, with what is built from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CF_PATTERN } from '../../contract/profile.js';
import { sha256Hex } from '../../main/core/shared/hash.js';
import { replaceTaxCodes } from '../../main/core/shared/fiscal-code.js';
import { OID } from '../../main/core/shared/oids.js';
import { redact } from '../../main/core/shared/logger.js';
import { maskTaxCodes } from '../../main/core/app/mask-tax-codes.js';
import { CF_SUFFIX } from '../../main/core/gateway/jwt-claims.js';
import { ID_DOC_PATTERN, ID_REP_PATTERN, ID_SUBMISSION_PATTERN } from '../../main/core/gateway/request-bodies.js';

test('sha256Hex: 64 lowercase hex digits, the same for bytes and for their UTF-8 text', () => {
  assert.equal(sha256Hex(new Uint8Array()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(sha256Hex(new TextEncoder().encode('Niccolò')), sha256Hex('Niccolò'));
});

test('tax codes in free text: any case, omocodia letters, whole words only; the mask is taken literally', () => {
  assert.equal(replaceTaxCodes('paziente RMSLSO31M04Z404R, rmslso31m04z404r e RMSLSO31M04Z40QO', '[cf]'), 'paziente [cf], [cf] e [cf]');
  assert.equal(replaceTaxCodes('XRMSLSO31M04Z404R RMSLSO31M04Z404', '[cf]'), 'XRMSLSO31M04Z404R RMSLSO31M04Z404');
  assert.equal(replaceTaxCodes('RMSLSO31M04Z404R', '$&$&'), '$&$&');
  assert.ok(CF_PATTERN.test('RMSLSO31M04Z404R'));
});

test('the logger and the screen mask tax codes with the same shape', () => {
  const text = 'CF RMSLSO31M04Z404R in errore';
  assert.equal(redact(text), 'CF [cf] in errore');
  assert.equal(maskTaxCodes(text), 'CF [CF OSCURATO] in errore');
  // Repeated calls: no regular-expression state carried between them.
  assert.equal(redact(text), 'CF [cf] in errore');
});

test('the MEF tax-code OID and LOINC OID', () => {
  assert.equal(OID.fiscalCode, '2.16.840.1.113883.2.9.4.3.2');
  assert.equal(OID.loinc, '2.16.840.1.113883.6.1');
  assert.equal(CF_SUFFIX, '^^^&2.16.840.1.113883.2.9.4.3.2&ISO');
});

test('the regional id patterns built from the OIDs: dots are literal', () => {
  assert.ok(ID_DOC_PATTERN.test('2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.A1'));
  assert.ok(!ID_DOC_PATTERN.test('2.16.840.1.113883.2.9.2.90.4.4^'));
  assert.ok(!ID_DOC_PATTERN.test('2x16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.A1'));
  assert.ok(ID_REP_PATTERN.test('2.16.840.1.113883.2.9.2.90.4.5.999'));
  assert.ok(!ID_REP_PATTERN.test('2.16.840.1.113883.2.9.2.90.4.5.0999'));
  assert.ok(!ID_REP_PATTERN.test('2.16.840.1.113883.2.9.2.90.4x5.999'));
  assert.ok(ID_SUBMISSION_PATTERN.test('2.16.840.1.113883.2.9.2.90.4.3.17730000000001234'));
  assert.ok(!ID_SUBMISSION_PATTERN.test('2.16.840.1.113883.2.9.2.90.4.3'));
});
