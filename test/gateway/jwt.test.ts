import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { importX509, jwtVerify } from 'jose';
import { signCartTokens } from '../../main/core/gateway/jwt-sign.js';
import { ClaimsError, type SignatureClaimsInput } from '../../main/core/gateway/jwt-claims.js';
import { loadPkcs12 } from '../../main/core/credentials/pkcs12.js';
import { testNow } from '../support/clock.js';
import { cartCn, makeCert, toPkcs12 } from '../support/pki.js';
import { decodeJwt, OPERATOR_CF, PATIENT_CF } from './helpers.js';

const ca = makeCert({ commonName: 'Test CA', isCa: true });
const sigCert = makeCert({ commonName: cartCn('S1'), issuer: ca, usage: 'sign' });
const bundle = loadPkcs12(toPkcs12(sigCert, 'pw', [ca]), 'pw');
const cred = { privateKey: bundle.privateKey, certificate: bundle.certificate };
// Half a second past a whole second of the test clock: iat must be floored. (The x5c certificate is valid then.)
const now = new Date(Math.floor(testNow().getTime() / 1000) * 1000 + 500);
const common = { signatureCertCn: cartCn('S1'), audience: 'https://fse20gwstage.regione.toscana.it/gateway/v2', operatorFiscalCode: OPERATOR_CF, now };
const pdf = Buffer.from('%PDF-1.7 exact bytes sent\n');
const doc = { code: '11488-4', codeSystem: '2.16.840.1.113883.6.1' };
const base = {
  locality: 'POLIAMBULATORIO TEST^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
  operatorRole: 'DRS',
  software: { applicationId: 'FSE Desk', vendor: 'FSE Desk Srl', version: '0.1.0' },
  patientId: PATIENT_CF,
};
type SigInput = Omit<SignatureClaimsInput, keyof typeof common>;
const create: SigInput = { ...base, operation: 'validateAndCreate', documentCode: doc, pdfBytes: pdf };

async function pair(input: SigInput = create) {
  const t = await signCartTokens(cred, common, input);
  return { auth: decodeJwt(t.authorization.token), sig: decodeJwt(t.signature!.token), raw: t };
}

test('both headers are RS256, typ JWT, with x5c holding one single-line base64 DER of the signature certificate', async () => {
  const { auth, sig } = await pair();
  for (const h of [auth.header, sig.header]) {
    assert.equal(h.alg, 'RS256');
    assert.equal(h.typ, 'JWT');
    const x5c = h.x5c as string[];
    assert.equal(x5c.length, 1);
    assert.doesNotMatch(x5c[0]!, /[\r\n]/);
    assert.ok(new X509Certificate(Buffer.from(x5c[0]!, 'base64')).subject.includes(cartCn('S1')));
  }
});

test('both tokens verify with the public key of the x5c certificate', async () => {
  const { raw } = await pair();
  const key = await importX509(bundle.certificate.toString(), 'RS256');
  await jwtVerify(raw.authorization.token, key, { currentDate: now });
  await jwtVerify(raw.signature!.token, key, { currentDate: now });
});

test('iss is auth: and integrity: followed by the CN of the signature certificate', async () => {
  const { auth, sig } = await pair();
  assert.equal(auth.payload.iss, `auth:${cartCn('S1')}`);
  assert.equal(sig.payload.iss, `integrity:${cartCn('S1')}`);
});

test('sub is the operator tax code with the MEF suffix, equal in both tokens', async () => {
  const { auth, sig } = await pair();
  assert.equal(auth.payload.sub, `${OPERATOR_CF}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`);
  assert.equal(sig.payload.sub, auth.payload.sub);
});

test('iat and exp are integer seconds with a five-minute lifetime, equal in both tokens', async () => {
  const { auth, sig } = await pair();
  assert.equal(auth.payload.iat, Math.floor(now.getTime() / 1000));
  assert.ok(Number.isInteger(auth.payload.exp));
  assert.equal((auth.payload.exp as number) - (auth.payload.iat as number), 300);
  assert.equal(sig.payload.iat, auth.payload.iat);
  assert.equal(sig.payload.exp, auth.payload.exp);
});

test('jti is a string, distinct in the two tokens and in every new pair', async () => {
  const a = await pair();
  const b = await pair();
  const ids = [a.auth.payload.jti, a.sig.payload.jti, b.auth.payload.jti, b.sig.payload.jti];
  for (const id of ids) assert.equal(typeof id, 'string');
  assert.equal(new Set(ids).size, 4);
});

test('aud is a single string, the same in both tokens', async () => {
  const { auth, sig } = await pair();
  assert.equal(auth.payload.aud, common.audience);
  assert.equal(sig.payload.aud, common.audience);
});

test('neither token has nbf', async () => {
  const { auth, sig } = await pair();
  assert.ok(!('nbf' in auth.payload));
  assert.ok(!('nbf' in sig.payload));
});

test('the Authorization token carries no custom claim', async () => {
  const { auth } = await pair();
  assert.deepEqual(Object.keys(auth.payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'sub']);
});

test('the signature token carries the organisation, locality, role and software claims verbatim', async () => {
  const { sig } = await pair();
  assert.equal(sig.payload.subject_organization_id, '090');
  assert.equal(sig.payload.subject_organization, 'Regione Toscana');
  assert.equal(sig.payload.locality, base.locality);
  assert.equal(sig.payload.subject_role, 'DRS');
  assert.equal(sig.payload.subject_application_id, 'FSE Desk');
  assert.equal(sig.payload.subject_application_vendor, 'FSE Desk Srl');
  assert.equal(sig.payload.subject_application_version, '0.1.0');
});

test('person_id is the patient tax code with the MEF suffix and patient_consent is boolean true', async () => {
  const { sig } = await pair();
  assert.equal(sig.payload.person_id, `${PATIENT_CF}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`);
  assert.equal(sig.payload.patient_consent, true);
});

test("resource_hl7_type is the document code wrapped as ('code^^codeSystem')", async () => {
  const { sig } = await pair();
  assert.equal(sig.payload.resource_hl7_type, "('11488-4^^2.16.840.1.113883.6.1')");
});

test('attachment_hash is the lowercase hex SHA-256 of the exact PDF bytes', async () => {
  const { sig } = await pair();
  assert.equal(sig.payload.attachment_hash, createHash('sha256').update(pdf).digest('hex'));
  assert.match(sig.payload.attachment_hash as string, /^[0-9a-f]{64}$/);
});

test('validate-and-create: action CREATE, purpose TREATMENT', async () => {
  const { sig } = await pair();
  assert.equal(sig.payload.action_id, 'CREATE');
  assert.equal(sig.payload.purpose_of_use, 'TREATMENT');
});

test('replace: action UPDATE, purpose UPDATE, with hash and resource type', async () => {
  const { sig } = await pair({ ...create, operation: 'replace' });
  assert.equal(sig.payload.action_id, 'UPDATE');
  assert.equal(sig.payload.purpose_of_use, 'UPDATE');
  assert.ok(sig.payload.attachment_hash);
  assert.ok(sig.payload.resource_hl7_type);
});

test('metadata update: action UPDATE, purpose UPDATE, resource type present, attachment_hash omitted', async () => {
  const { sig } = await pair({ ...base, operation: 'updateMetadata', documentCode: doc });
  assert.equal(sig.payload.action_id, 'UPDATE');
  assert.equal(sig.payload.purpose_of_use, 'UPDATE');
  assert.ok(sig.payload.resource_hl7_type);
  assert.ok(!('attachment_hash' in sig.payload));
});

test('metadata update accepts ACCESS UPDATE with its space', async () => {
  const { sig } = await pair({ ...base, operation: 'updateMetadata', documentCode: doc, purposeOfUse: 'ACCESS UPDATE' });
  assert.equal(sig.payload.purpose_of_use, 'ACCESS UPDATE');
});

test('delete: action DELETE, purpose UPDATE, no attachment_hash, resource type only when known', async () => {
  const { sig } = await pair({ ...base, operation: 'delete' });
  assert.equal(sig.payload.action_id, 'DELETE');
  assert.equal(sig.payload.purpose_of_use, 'UPDATE');
  assert.ok(!('attachment_hash' in sig.payload));
  assert.ok(!('resource_hl7_type' in sig.payload));
});

test('a purpose not accepted for the operation is refused before signing', async () => {
  await assert.rejects(signCartTokens(cred, common, { ...create, purposeOfUse: 'UPDATE' }), ClaimsError);
});

test('create without the PDF bytes is refused (attachment_hash required)', async () => {
  const { pdfBytes: _omit, ...noPdf } = create;
  await assert.rejects(signCartTokens(cred, common, noPdf), ClaimsError);
});

test('status look-ups get an Authorization token only', async () => {
  const t = await signCartTokens(cred, common);
  assert.equal(t.signature, undefined);
  assert.equal(decodeJwt(t.authorization.token).payload.iss, `auth:${cartCn('S1')}`);
});
