import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHttpError, classifyNetworkError } from '../../main/core/gateway/classify.js';
import { operationUrl, audienceOf, baseUrlOf } from '../../main/core/gateway/endpoints.js';
import { parseRetryAfter } from '../../main/core/gateway/cart-client.js';
import { testProfile } from './helpers.js';

const pki = { caFile: 'ca.pem', authP12: 'a.p12', signatureP12: 's.p12' };

test('stage and production use the regional base URLs', () => {
  assert.equal(baseUrlOf({ ...testProfile('https://x/', pki), environment: 'stage' }), 'https://fse20gwstage.regione.toscana.it/gateway/v2/');
  assert.equal(baseUrlOf({ ...testProfile('https://x/', pki), environment: 'production' }), 'https://fse20gw.regione.toscana.it/gateway/v2/');
});

test('the default audience is the base URL without its trailing slash', () => {
  assert.equal(audienceOf({ ...testProfile('https://x/', pki), environment: 'stage' }), 'https://fse20gwstage.regione.toscana.it/gateway/v2');
  assert.equal(audienceOf({ ...testProfile('https://x/', pki), audience: 'A' }), 'A');
});

test('the production delete URL keeps documents/ (the regional text has a typo)', () => {
  assert.equal(
    operationUrl({ ...testProfile('https://x/', pki), environment: 'production' }, 'delete', 'R^1').href,
    'https://fse20gw.regione.toscana.it/gateway/v2/documents/R%5E1',
  );
});

test('a /msg/ 400 is a caller fault', () => assert.equal(classifyHttpError('validateAndCreate', 400, { type: '/msg/syntax' }).category, 'caller-fault'));
test('a frontier 401 is auth', () =>
  assert.equal(
    classifyHttpError('validateAndCreate', 401, { type: 'https://govway.org/handling-errors/401/TokenAuthenticationFailed.html' }).category,
    'auth',
  ));
test('a frontier 403 without a /msg/ type is auth', () =>
  assert.equal(classifyHttpError('delete', 403, { type: 'https://govway.org/handling-errors/403/AuthorizationContentDeny.html' }).category, 'auth'));
test('a dispatcher 403 /msg/jwt-validation is a caller fault', () =>
  assert.equal(classifyHttpError('replace', 403, { type: '/msg/jwt-validation' }).category, 'caller-fault'));
test('422 /msg/semantic is a caller fault', () =>
  assert.equal(classifyHttpError('validateAndCreate', 422, { type: '/msg/semantic' }).category, 'caller-fault'));
test('429 and 503 are transient', () => {
  assert.equal(classifyHttpError('validateAndCreate', 429, {}).category, 'transient');
  assert.equal(classifyHttpError('validateAndCreate', 503, {}).category, 'transient');
});
test('500 /msg/connection-refused and 504 /msg/generic-timeout are transient (nothing queued)', () => {
  assert.equal(classifyHttpError('validateAndCreate', 500, { type: '/msg/connection-refused' }).category, 'transient');
  assert.equal(classifyHttpError('validateAndCreate', 504, { type: '/msg/generic-timeout' }).category, 'transient');
});
test('502, 504 and 500 generic-error are ambiguous', () => {
  for (const [s, t] of [
    [502, undefined],
    [504, undefined],
    [500, '/msg/generic-error'],
  ] as const)
    assert.equal(classifyHttpError('validateAndCreate', s, t ? { type: t } : {}).category, 'ambiguous');
});
test('404 /msg/record-not-found is not-found', () => assert.equal(classifyHttpError('delete', 404, { type: '/msg/record-not-found' }).category, 'not-found'));
test('a status look-up answered 405 is not-found and says CART may not offer it', () => {
  const e = classifyHttpError('statusByWorkflow', 405, {});
  assert.equal(e.category, 'not-found');
  assert.match(e.message, /CART potrebbe non offrire/);
});
test('connection refused is transient', () =>
  assert.equal(classifyNetworkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'connecting').category, 'transient'));
test('DNS failure is transient', () =>
  assert.equal(classifyNetworkError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 'connecting').category, 'transient'));
test('a TLS alert refusing our certificate is auth even after sending', () => {
  assert.equal(classifyNetworkError(Object.assign(new Error('alert'), { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' }), 'sent').category, 'auth');
  assert.equal(
    classifyNetworkError(Object.assign(new Error('sslv3 alert bad certificate'), { code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' }), 'connecting').category,
    'auth',
  );
  assert.equal(classifyNetworkError(Object.assign(new Error('x'), { code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN' }), 'sent').category, 'auth');
});
test('a reset while the request was still being written is transient', () =>
  assert.equal(classifyNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'sending').category, 'transient'));
test('a reset after the request was written is ambiguous', () =>
  assert.equal(classifyNetworkError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'sent').category, 'ambiguous'));
test('Retry-After is read as seconds or as an HTTP date', () => {
  const now = new Date('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('12', now), 12000);
  assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now), 60000);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});
