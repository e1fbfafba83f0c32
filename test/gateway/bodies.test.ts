import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBodySchema, metadataBodySchema, replaceBodySchema } from '../../main/core/gateway/request-bodies.js';
import { BodyError, deriveCreateBody, deriveMetadataBody, documentId, newSubmissionId } from '../../main/core/gateway/derive-body.js';
import { readCdaFacts } from '../../main/core/document/cda/cda-facts.js';
import { cdaXml, testProfile } from './helpers.js';
import { testClock } from '../support/clock.js';

const profile = testProfile('https://127.0.0.1:1/gateway/v2/', { caFile: 'ca.pem', authP12: 'a.p12', signatureP12: 's.p12' });
const facts = readCdaFacts(cdaXml());
const valid = deriveCreateBody(profile, facts, undefined, testClock());

test('the create body derived from profile and CDA is exactly the expected set of fields', () => {
  assert.deepEqual(Object.keys(valid).sort(), [
    'administrativeRequest',
    'assettoOrganizzativo',
    'dataFinePrestazione',
    'dataInizioPrestazione',
    'healthDataFormat',
    'identificativoDoc',
    'identificativoRep',
    'identificativoSottomissione',
    'mode',
    'tipoAttivitaClinica',
    'tipoDocumentoLivAlto',
    'tipologiaStruttura',
  ]);
  assert.equal(valid.mode, 'ATTACHMENT');
  assert.equal(valid.healthDataFormat, 'CDA');
  assert.equal(valid.tipoDocumentoLivAlto, 'REF');
  assert.equal(valid.tipologiaStruttura, 'Territorio');
  assert.equal(valid.assettoOrganizzativo, 'AD_PSC107');
  assert.equal(valid.dataInizioPrestazione, '20240131083000');
});

test('create never carries workflowInstanceId or priorita', () => {
  assert.equal(createBodySchema.safeParse({ ...valid, workflowInstanceId: 'x' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, priorita: true }).success, false);
});

test('an unknown property is refused with an Italian message naming it', () => {
  assert.throws(
    () => deriveCreateBody(profile, facts, { colore: 'rosso' }, testClock()),
    (e: unknown) => e instanceof BodyError && /colore/.test(e.problems[0]!.message),
  );
});

test('enum values must be the exact Java names', () => {
  assert.equal(createBodySchema.safeParse({ ...valid, tipologiaStruttura: 'territorio' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, tipologiaStruttura: 'MdsPN-DGC' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, tipologiaStruttura: 'MdsPN_DGC' }).success, true);
  assert.equal(createBodySchema.safeParse({ ...valid, tipoAttivitaClinica: 'Sistema_TS' }).success, true);
  assert.equal(createBodySchema.safeParse({ ...valid, tipoAttivitaClinica: 'SISTEMA_TS' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, administrativeRequest: ['SSN', 'ssr'] }).success, false);
});

test('assettoOrganizzativo must be a code of the national table', () => {
  assert.equal(createBodySchema.safeParse({ ...valid, assettoOrganizzativo: 'AD_PSC016' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, assettoOrganizzativo: 'AD_PSC999' }).success, true);
});

test('dates must be 14 digits of a real date and time', () => {
  assert.equal(createBodySchema.safeParse({ ...valid, dataInizioPrestazione: '2024-01-31' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, dataInizioPrestazione: '20240231083000' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, dataFinePrestazione: '20240131250000' }).success, false);
});

test('identificativoDoc must use the Tuscan root and have text after ^', () => {
  assert.equal(createBodySchema.safeParse({ ...valid, identificativoDoc: '2.16.840.1.113883.2.9.2.120.4.4^X' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, identificativoDoc: '2.16.840.1.113883.2.9.2.90.4.4^' }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, identificativoDoc: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.1' }).success, true);
});

test('identificativoRep is the regional repository OID ending with the repository code', () => {
  assert.equal(valid.identificativoRep, '2.16.840.1.113883.2.9.2.90.4.5.999');
  assert.equal(createBodySchema.safeParse({ ...valid, identificativoRep: '2.16.840.1.113883.2.9.2.120.4.5.1' }).success, false);
});

test('identificativoSottomissione has the AD form and differs on every call', () => {
  const a = newSubmissionId(testClock());
  assert.match(a, /^2\.16\.840\.1\.113883\.2\.9\.2\.90\.4\.3\.[1-9]\d*$/);
  assert.notEqual(
    deriveCreateBody(profile, facts, undefined, testClock()).identificativoSottomissione,
    deriveCreateBody(profile, facts, undefined, testClock()).identificativoSottomissione,
  );
});

test('a CDA id with the regional root is used as identificativoDoc', () => {
  assert.equal(valid.identificativoDoc, '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.0001');
});

test('another CDA id becomes P.IVA.TYPE.repository plus a hash without patient data', () => {
  const f = readCdaFacts(cdaXml({ idRoot: '2.16.840.1.113883.2.9.2.120.4.4', idExt: '030702.RSSMRA22A01A399Z.1' }));
  const id = documentId(profile, f)!;
  assert.match(id, /^2\.16\.840\.1\.113883\.2\.9\.2\.90\.4\.4\^01386030488\.RSA\.999\.[0-9a-f]{20}$/);
  assert.doesNotMatch(id, /RSSMRA/);
});

test('overrides replace derived fields and null removes one', () => {
  const b = deriveCreateBody(profile, facts, { tipoAttivitaClinica: 'CON', dataFinePrestazione: null }, testClock());
  assert.equal(b.tipoAttivitaClinica, 'CON');
  assert.ok(!('dataFinePrestazione' in b));
});

test('replace accepts the same fields as create and refuses priorita', () => {
  assert.equal(replaceBodySchema.safeParse(valid).success, true);
  assert.equal(replaceBodySchema.safeParse({ ...valid, priorita: false }).success, false);
});

test('metadata refuses identificativoDoc, mode and healthDataFormat', () => {
  const m = deriveMetadataBody(profile, facts, undefined, testClock());
  assert.equal(metadataBodySchema.safeParse(m).success, true);
  for (const k of ['identificativoDoc', 'mode', 'healthDataFormat'])
    assert.equal(metadataBodySchema.safeParse({ ...m, [k]: (valid as Record<string, unknown>)[k] }).success, false);
});

test('metadata without a CDA needs tipoDocumentoLivAlto from the overrides', () => {
  assert.throws(() => deriveMetadataBody(profile, undefined, undefined, testClock()), BodyError);
  assert.equal(deriveMetadataBody(profile, undefined, { tipoDocumentoLivAlto: 'REF' }, testClock()).tipoDocumentoLivAlto, 'REF');
});

test('access rules must be known event codes, case-insensitively', () => {
  assert.equal(createBodySchema.safeParse({ ...valid, attiCliniciRegoleAccesso: ['p99'] }).success, true);
  assert.equal(createBodySchema.safeParse({ ...valid, attiCliniciRegoleAccesso: ['X12'] }).success, false);
});

test('descriptions must have exactly three parts', () => {
  assert.equal(createBodySchema.safeParse({ ...valid, descriptions: ['A^B'] }).success, false);
  assert.equal(createBodySchema.safeParse({ ...valid, descriptions: ['A^B^2.16.840.1.113883.2.9.6.1.5'] }).success, true);
});
