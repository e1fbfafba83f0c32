// Guide v2.24 (16/09/2026) makes `administrativeRequest` required on create, replace, metadata update and
// validate-and-create: FSE Desk always sends exactly one value, defaulted from the repository and chosen per report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBodySchema } from '../../main/core/gateway/request-bodies.js';
import { BodyError, deriveCreateBody, deriveMetadataBody, deriveReplaceBody } from '../../main/core/gateway/derive-body.js';
import { EVENT_CODES } from '../../main/core/gateway/event-codes.js';
import { readCdaFacts } from '../../main/core/document/cda/cda-facts.js';
import { cdaXml, testProfile } from './helpers.js';
import { testClock } from '../support/clock.js';

const PKI = { caFile: 'ca.pem', authP12: 'a.p12', signatureP12: 's.p12' };
const privateClinic = testProfile('https://127.0.0.1:1/gateway/v2/', PKI);
const inConvenzione = testProfile('https://127.0.0.1:1/gateway/v2/', PKI, { clinic: { ...privateClinic.clinic, repository: '202' } });
const facts = readCdaFacts(cdaXml());

test('a private accredited clinic (REP999) sends NOSSN on create, replace and metadata update', () => {
  assert.deepEqual(deriveCreateBody(privateClinic, facts, undefined, testClock()).administrativeRequest, ['NOSSN']);
  assert.deepEqual(deriveReplaceBody(privateClinic, facts, undefined, testClock()).administrativeRequest, ['NOSSN']);
  assert.deepEqual(deriveMetadataBody(privateClinic, facts, undefined, testClock()).administrativeRequest, ['NOSSN']);
});

test('a clinic in convenzione (REP201–203) sends SSN', () => {
  assert.deepEqual(deriveCreateBody(inConvenzione, facts, undefined, testClock()).administrativeRequest, ['SSN']);
});

test('a report provided under another regime chooses its own value', () => {
  assert.deepEqual(deriveCreateBody(privateClinic, facts, { administrativeRequest: ['SSR'] }, testClock()).administrativeRequest, ['SSR']);
});

test('a body without administrativeRequest is refused before anything is sent, with the field named', () => {
  assert.throws(
    () => deriveCreateBody(privateClinic, facts, { administrativeRequest: null }, testClock()),
    (e: unknown) => e instanceof BodyError && e.problems.some((p) => p.path === 'administrativeRequest' && /obbligatorio/.test(p.message)),
  );
});

test('AUTO (citizen-made documents), an unknown value and two values at once are refused', () => {
  for (const bad of [['AUTO'], ['PRIVATO'], ['SSN', 'NOSSN'], []]) {
    assert.throws(() => deriveCreateBody(privateClinic, facts, { administrativeRequest: bad }, testClock()), BodyError, JSON.stringify(bad));
  }
});

test('event codes follow Affinity Domain 2.6.4: 234 codes, the newer P81 included', () => {
  assert.equal(new Set(EVENT_CODES).size, 234);
  const valid = deriveCreateBody(privateClinic, facts, undefined, testClock());
  assert.equal(createBodySchema.safeParse({ ...valid, attiCliniciRegoleAccesso: ['P81', 'J07BX06'] }).success, true);
  assert.equal(createBodySchema.safeParse({ ...valid, attiCliniciRegoleAccesso: ['P42'] }).success, false);
});
