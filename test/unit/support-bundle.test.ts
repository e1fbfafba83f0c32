// The support request text (docs/cart-region.md §10: fixed subjects, recipients, request + response + X-Cart-id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxJobView } from '../../contract/outbox.js';
import type { Profile } from '../../contract/profile.js';
import type { JournalRow } from '../../main/core/gateway/journal.js';
import { buildSupportBundle, isProduction, redactForSupport } from '../../main/core/app/support-bundle.js';

const PATIENT_CF = 'RMSLSO31M04Z404R';
const OPERATOR_CF = 'MNTMRA03M71C615V';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJwZXJzb25faWQiOiJYIn0.c2lnbmF0dXJl';

const profile = (environment: Profile['environment'], baseUrl?: string): Pick<Profile, 'environment' | 'baseUrl' | 'clinic' | 'software'> => ({
  environment,
  ...(baseUrl ? { baseUrl } : {}),
  clinic: {
    name: 'Poliambulatorio Sant’Ambrogio',
    fiscalCode: '01386030488',
    istatCode: '048017',
    repository: '999',
    structureType: 'Territorio',
    locality: 'X^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^1',
  },
  software: { applicationId: 'FSE Desk', vendor: 'FSE Desk Srl', version: '0.1.0' },
});

const job: OutboxJobView = {
  id: 7,
  operation: 'validateAndCreate',
  operationLabel: 'Pubblicazione',
  identificativoDoc: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.18881699',
  type: 'LAB',
  version: 1,
  state: 'rejected',
  stateLabel: 'Rifiutato — serve un intervento',
  heldForUser: false,
  attempts: 1,
  nextAttemptAt: null,
  lastError: { message: 'Il CDA non è valido.', type: '/msg/cda-element', detail: 'Elemento mancante' },
  httpStatus: 400,
  xCartId: 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0',
  traceId: '1af6ac965f76f09fd25ec3fc87f9c438',
  spanId: '9c526315ba0a93d1',
  workflowInstanceId: '2.16.840.1.113883.2.9.2.120.4.4.abc^^^^urn:ihe:iti:xdw:2013:workflowInstanceId',
  warning: null,
  createdAt: '2026-05-01T09:00:00.000Z',
  updatedAt: '2026-05-01T09:00:02.000Z',
  actions: { retry: false, cancel: true, resolve: false },
};

const exchange: JournalRow = {
  id: 1,
  at: '2026-05-01T09:00:01.000Z',
  operation: 'validateAndCreate',
  method: 'POST',
  url: 'https://fse20gwstage.regione.toscana.it/gateway/v2/documents/validate-and-create',
  identificativo_doc: job.identificativoDoc,
  // A journal row written by an older build with a token in clear: the bundle must still not carry it.
  request_headers: JSON.stringify({ accept: 'application/json', authorization: `Bearer ${JWT}`, 'fse-jwt-signature': '[REDACTED jti=42]' }),
  token_summary: JSON.stringify({
    authorization: { header: { alg: 'RS256' }, claims: { sub: `${OPERATOR_CF}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`, person_id: '[present, not stored]' } },
  }),
  request_body: JSON.stringify({
    requestBody: { identificativoDoc: job.identificativoDoc, mode: 'ATTACHMENT' },
    file: { name: 'documento.pdf', size: 100, sha256: 'ab'.repeat(32) },
  }),
  response_status: 400,
  response_headers: JSON.stringify({ 'x-cart-id': job.xCartId }),
  response_body: `{"type":"/msg/cda-element","title":"Errore","detail":"Paziente ${PATIENT_CF}: elemento mancante","traceID":"${job.traceId}"}`,
  x_cart_id: job.xCartId,
  trace_id: job.traceId,
  span_id: job.spanId,
  workflow_instance_id: job.workflowInstanceId,
  ok: 0,
  category: 'caller-fault',
  error_type: '/msg/cda-element',
  duration_ms: 812,
};

test('stage: the Staging subject with structure, vendor, application and details, to fseprivati only', () => {
  const b = buildSupportBundle({ profile: profile('stage'), job, history: [], exchanges: [exchange] });
  assert.equal(
    b.subject,
    `FSE2.0 Richiesta Supporto Staging | Poliambulatorio Sant’Ambrogio + FSE Desk Srl + FSE Desk + Pubblicazione ${job.identificativoDoc} X-Cart-id ${job.xCartId} - Rifiutato — serve un intervento`,
  );
  assert.deepEqual(b.to, ['fseprivati@regione.toscana.it']);
  assert.deepEqual(b.cc, []);
  assert.match(b.text, /^A: fseprivati@regione\.toscana\.it\nOggetto: FSE2\.0 Richiesta Supporto Staging \| /);
  assert.doesNotMatch(b.text, /^Cc:/m);
});

test('production: the Produzione subject and cartdesk in copy', () => {
  const b = buildSupportBundle({ profile: profile('production'), job, history: [], exchanges: [exchange] });
  assert.match(b.subject, /^FSE2\.0 Richiesta Supporto Produzione \| Poliambulatorio Sant’Ambrogio \+ FSE Desk Srl \+ FSE Desk \+ /);
  assert.deepEqual(b.cc, ['cartdesk@regione.toscana.it']);
  assert.match(b.text, /^A: fseprivati@regione\.toscana\.it\nCc: cartdesk@regione\.toscana\.it\nOggetto: FSE2\.0 Richiesta Supporto Produzione/);
});

test('a custom address is production only when it is the production gateway', () => {
  assert.equal(isProduction({ environment: 'custom', baseUrl: 'https://fse20gw.regione.toscana.it/gateway/v2/' }), true);
  assert.equal(isProduction({ environment: 'custom', baseUrl: 'https://127.0.0.1:8443/gateway/v2/' }), false);
  assert.equal(isProduction({ environment: 'stage' }), false);
});

test('the body carries identificativoDoc, X-Cart-id, traceID, spanID, workflowInstanceId, times, the request and the response', () => {
  const b = buildSupportBundle({ profile: profile('stage'), job, history: [], exchanges: [exchange] });
  for (const line of [
    `identificativoDoc: ${job.identificativoDoc}`,
    `X-Cart-id: ${job.xCartId}`,
    `traceID: ${job.traceId}`,
    `spanID: ${job.spanId}`,
    `workflowInstanceId: ${job.workflowInstanceId}`,
    `Messo in coda: ${job.createdAt}`,
    `Ultimo aggiornamento: ${job.updatedAt}`,
    `Richiesta: POST ${exchange.url}`,
    'Risposta: HTTP 400, dopo 812 ms',
    '"mode": "ATTACHMENT"',
    '"detail":"Paziente [CF OSCURATO]: elemento mancante"',
  ]) {
    assert.ok(b.body.includes(line), `missing: ${line}`);
  }
});

test('no token and no tax code survive in the bundle: each is replaced by a mask', () => {
  const b = buildSupportBundle({ profile: profile('stage'), job, history: [], exchanges: [exchange] });
  assert.ok(!b.text.includes(PATIENT_CF));
  assert.ok(!b.text.includes(OPERATOR_CF));
  assert.ok(!b.text.includes(JWT));
  assert.doesNotMatch(b.text, /eyJ[\w-]+\./);
  assert.match(b.text, /authorization: \[TOKEN OSCURATO\]/);
  assert.match(b.text, /fse-jwt-signature: \[REDACTED jti=42\]/);
  assert.match(b.text, /\[CF OSCURATO\]\^\^\^&2\.16\.840/);
});

test('a job with no exchange says so instead of an empty section', () => {
  const b = buildSupportBundle({ profile: profile('stage'), job: { ...job, xCartId: null }, history: [], exchanges: [] });
  assert.match(b.body, /Nessuno scambio registrato per questo invio/);
  assert.match(b.body, /X-Cart-id: \(non disponibile\)/);
  assert.doesNotMatch(b.subject, /X-Cart-id/);
});

test('subject separators in the clinic name cannot break the fixed subject format', () => {
  const p = profile('stage');
  const b = buildSupportBundle({ profile: { ...p, clinic: { ...p.clinic, name: 'Studio | Rossi + Bianchi\nSrl' } }, job, history: [], exchanges: [] });
  assert.match(b.subject, /^FSE2\.0 Richiesta Supporto Staging \| Studio Rossi Bianchi Srl \+ FSE Desk Srl \+ FSE Desk \+ /);
});

test('redactForSupport masks JWTs and tax codes in any text', () => {
  assert.equal(redactForSupport(`Bearer ${JWT} per ${PATIENT_CF}`), 'Bearer [TOKEN OSCURATO] per [CF OSCURATO]');
});
