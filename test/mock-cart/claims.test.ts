// The dispatcher's claim checks on FSE-JWT-Signature (docs/jwt-claims.md §4-§6) and the CDA cross-checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, MEF, newDocId, publicationBody, RSA1, sha256hex, startEnv, stopEnv, type CallResult, type Env } from './helpers.js';

function jwtError(r: CallResult, instance: string): void {
  assert.equal(r.status, 403, JSON.stringify(r.json));
  assert.equal(r.json.type, '/msg/jwt-validation');
  assert.equal(r.json.instance, instance);
  assert.equal(typeof r.json.traceID, 'string');
}

describe('stand-in dispatcher claim checks', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(() => stopEnv(env));

  test('a missing person_id is a missing mandatory field', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => delete c.person_id }), '/jwt-mandatory-field-missing');
  });

  test('a missing attachment_hash on create is a missing mandatory field', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => delete c.attachment_hash }), '/jwt-mandatory-field-missing');
  });

  test('an empty subject_application_version is a missing mandatory field', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.subject_application_version = '') }), '/jwt-mandatory-field-missing');
  });

  test('a sub with an invalid check character is malformed', async () => {
    jwtError(
      await call(env, { op: 'validateAndCreate', auth: (c) => (c.sub = 'BRGLRZ80D58H501A' + MEF), sig: (c) => (c.sub = 'BRGLRZ80D58H501A' + MEF) }),
      '/jwt-malformed-field',
    );
  });

  test('a sub differing between the two tokens is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.sub = 'RMSLSO31M04Z404R' + MEF) }), '/jwt-malformed-field');
  });

  test('a custom claim in the Authorization token is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', auth: (c) => (c.subject_role = 'AAS') }), '/jwt-malformed-field');
  });

  test('a subject_organization not matching subject_organization_id is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.subject_organization = 'Regione Lazio') }), '/jwt-malformed-field');
  });

  test('a numeric subject_organization_id is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.subject_organization_id = 90) }), '/jwt-malformed-field');
  });

  test('a coherent organization of another region is refused by CART with 403 AuthorizationContentDeny', async () => {
    const r = await call(env, { op: 'validateAndCreate', sig: (c) => ((c.subject_organization_id = '120'), (c.subject_organization = 'Regione Lazio')) });
    assert.equal(r.status, 403);
    assert.equal(r.json.type, 'https://govway.org/handling-errors/403/AuthorizationContentDeny.html');
  });

  test('a locality that is not XON is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.locality = 'POLIAMBULATORIO PROVA') }), '/jwt-malformed-field');
  });

  test('an unknown subject_role is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.subject_role = 'MED') }), '/jwt-malformed-field');
  });

  test('patient_consent false is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.patient_consent = false) }), '/jwt-malformed-field');
  });

  test("patient_consent as the string 'true' is malformed", async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.patient_consent = 'true') }), '/jwt-malformed-field');
  });

  test('action_id UPDATE on create is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.action_id = 'UPDATE') }), '/jwt-malformed-field');
  });

  test('purpose_of_use UPDATE on create is malformed', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.purpose_of_use = 'UPDATE') }), '/jwt-malformed-field');
  });

  test("resource_hl7_type without the ('...') wrapper is malformed", async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.resource_hl7_type = '11488-4^^2.16.840.1.113883.6.1') }), '/jwt-malformed-field');
  });

  test('resource_hl7_type of another document type than the CDA code is a document-type mismatch', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.resource_hl7_type = "('11502-2^^2.16.840.1.113883.6.1')") }), '/jwt-document-type');
  });

  test('a person_id not among the CDA patient ids is a person-id mismatch', async () => {
    jwtError(await call(env, { op: 'validateAndCreate', sig: (c) => (c.person_id = 'RMSLSO31M04Z404R' + MEF) }), '/jwt-person-id');
  });

  test('an attachment_hash of other bytes gets 400 /msg/document-hash with instance /jwt-hash-match', async () => {
    const r = await call(env, { op: 'validateAndCreate', sig: (c) => (c.attachment_hash = sha256hex(Buffer.from('the CDA, not the PDF'))) });
    assert.equal(r.status, 400);
    assert.equal(r.json.type, '/msg/document-hash');
    assert.equal(r.json.instance, '/jwt-hash-match');
  });

  test('a base64 attachment_hash gets /msg/document-hash', async () => {
    const r = await call(env, { op: 'validateAndCreate', sig: (c) => (c.attachment_hash = Buffer.from(sha256hex(RSA1), 'hex').toString('base64')) });
    assert.equal(r.json.type, '/msg/document-hash');
  });

  test('an uppercase hex attachment_hash is accepted (compared case-insensitively)', async () => {
    const r = await call(env, { op: 'validateAndCreate', body: publicationBody(newDocId()), sig: (c) => (c.attachment_hash = sha256hex(RSA1).toUpperCase()) });
    assert.equal(r.status, 202);
  });

  test("purpose_of_use 'ACCESS_UPDATE' on a metadata update is malformed, 'ACCESS UPDATE' is accepted", async () => {
    const id = newDocId();
    assert.equal((await call(env, { op: 'validateAndCreate', body: publicationBody(id) })).status, 202);
    jwtError(await call(env, { op: 'updateMetadata', id, sig: (c) => (c.purpose_of_use = 'ACCESS_UPDATE') }), '/jwt-malformed-field');
    assert.equal((await call(env, { op: 'updateMetadata', id, sig: (c) => (c.purpose_of_use = 'ACCESS UPDATE') })).status, 200);
  });

  test('action_id CREATE on delete is malformed', async () => {
    jwtError(await call(env, { op: 'delete', id: newDocId(), sig: (c) => (c.action_id = 'CREATE') }), '/jwt-malformed-field');
  });

  test('purpose_of_use TREATMENT on replace is accepted (fix #2096)', async () => {
    const id = newDocId();
    assert.equal((await call(env, { op: 'validateAndCreate', body: publicationBody(id) })).status, 202);
    const r = await call(env, { op: 'replace', id, body: publicationBody(newDocId()), sig: (c) => (c.purpose_of_use = 'TREATMENT') });
    assert.equal(r.status, 202, JSON.stringify(r.json));
  });
});
