// The CART client against a tiny local HTTPS server that requires a client certificate from the test CA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClock, testNow } from '../support/clock.js';
import { makeTestPki, makeCert, toPkcs12, cartCn, type TestPki } from '../support/pki.js';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { CartClient } from '../../main/core/gateway/cart-client.js';
import { executeCartOperation, prepareCartCall } from '../../main/core/gateway/execute.js';
import { loadCartCredentials } from '../../main/core/credentials/cart-credentials.js';
import { loadPkcs12 } from '../../main/core/credentials/pkcs12.js';
import { cdaXml, decodeJwt, pdfWithCda, PATIENT_CF, testCredentialSource, testProfile } from './helpers.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}
type Reply = (req: Seen, res: ServerResponse) => void;

let dir: string;
let pki: TestPki;
let server: Server;
let base: string;
let reply: Reply;
const seen: Seen[] = [];

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      'X-Cart-Id': 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cart-local-'));
  pki = makeTestPki(join(dir, 'pki'));
  server = createServer({ key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      reply(s, res);
    });
  });
  return new Promise<void>((r) =>
    server.listen(0, '127.0.0.1', () => {
      base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/gateway/v2/`;
      r();
    }),
  );
});
after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

const profile = () => testProfile(base, pki);
const passwords = () => testCredentialSource(pki.password);
const last = () => seen[seen.length - 1]!;

async function run(request: Parameters<typeof executeCartOperation>[1], r: Reply, journal?: CartJournal) {
  reply = r;
  return executeCartOperation(profile(), request, { credentialSource: passwords(), now: testClock, ...(journal ? { journal } : {}) });
}

test('publish sends a multipart POST with requestBody as a plain field and the PDF as a file part', async () => {
  const pdf = await pdfWithCda(cdaXml());
  const r = await run({ operation: 'validateAndCreate', pdf, fileName: 'referto.pdf' }, json(202, { traceID: 't1', spanID: 's1', workflowInstanceId: 'w1' }));
  assert.equal(r.ok, true, JSON.stringify(r));
  const s = last();
  assert.equal(s.method, 'POST');
  assert.equal(s.url, '/gateway/v2/documents/validate-and-create');
  assert.match(String(s.headers['content-type']), /^multipart\/form-data; boundary=/);
  const text = s.body.toString('latin1');
  assert.match(text, /Content-Disposition: form-data; name="requestBody"\r\n\r\n\{/);
  assert.match(text, /Content-Disposition: form-data; name="file"; filename="referto.pdf"\r\nContent-Type: application\/pdf\r\n/);
  assert.ok(s.body.includes(pdf));
});

test('the call carries Bearer authorization, the signature token without prefix and Accept JSON', async () => {
  const pdf = await pdfWithCda(cdaXml());
  await run({ operation: 'validateAndCreate', pdf }, json(202, {}));
  const h = last().headers;
  assert.match(String(h.authorization), /^Bearer ey/);
  assert.match(String(h['fse-jwt-signature']), /^ey/);
  assert.equal(h.accept, 'application/json');
  assert.equal(decodeJwt(String(h['fse-jwt-signature'])).payload.person_id, `${PATIENT_CF}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`);
});

test('a 202 yields status, X-CART-id read case-insensitively, traceID, spanID, workflowInstanceId and warning', async () => {
  const r = await run(
    { operation: 'validateAndCreate', pdf: await pdfWithCda(cdaXml()) },
    json(202, { traceID: 't1', spanID: 's1', workflowInstanceId: 'w1', warning: 'attenzione' }),
  );
  assert.deepEqual(
    { ok: r.ok, s: r.httpStatus, x: r.xCartId, t: r.traceId, sp: r.spanId, w: r.workflowInstanceId, warn: r.warning },
    { ok: true, s: 202, x: 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0', t: 't1', sp: 's1', w: 'w1', warn: 'attenzione' },
  );
});

test('ids in paths are URL-encoded (^ becomes %5E)', async () => {
  await run({ operation: 'delete', id: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.1', patientFiscalCode: PATIENT_CF }, json(200, {}));
  assert.equal(last().method, 'DELETE');
  assert.equal(last().url, '/gateway/v2/documents/2.16.840.1.113883.2.9.2.90.4.4%5E01386030488.RSA.999.1');
});

test('metadata update is a PUT with an application/json body', async () => {
  await run(
    { operation: 'updateMetadata', id: '2.16.840.1.113883.2.9.2.90.4.4^X.1', pdf: await pdfWithCda(cdaXml()), metadata: { attiCliniciRegoleAccesso: ['P99'] } },
    json(200, {}),
  );
  const s = last();
  assert.equal(s.method, 'PUT');
  assert.equal(s.url, '/gateway/v2/documents/2.16.840.1.113883.2.9.2.90.4.4%5EX.1/metadata');
  assert.equal(s.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(s.body.toString()).attiCliniciRegoleAccesso, ['P99']);
});

test('a path override from the profile is used', async () => {
  reply = json(200, {});
  const p = { ...profile(), paths: { delete: 'docs/{id}/remove' } };
  await executeCartOperation(
    p,
    { operation: 'delete', id: '2.16.840.1.113883.2.9.2.90.4.4^A.1', patientFiscalCode: PATIENT_CF },
    { credentialSource: passwords(), now: testClock },
  );
  assert.equal(last().url, '/gateway/v2/docs/2.16.840.1.113883.2.9.2.90.4.4%5EA.1/remove');
});

test('a problem+json 400 is a caller fault carrying type, title, detail and an Italian message', async () => {
  const r = await run(
    { operation: 'validateAndCreate', pdf: await pdfWithCda(cdaXml()) },
    json(400, { type: '/msg/sign-error', title: 'Errore firma', detail: 'Il pdf non risulta firmato', traceID: 't2' }),
  );
  assert.equal(r.error?.category, 'caller-fault');
  assert.equal(r.error?.type, '/msg/sign-error');
  assert.equal(r.error?.detail, 'Il pdf non risulta firmato');
  assert.equal(r.traceId, 't2');
  assert.match(r.error!.message, /firma/);
});

test('a 429 with Retry-After is transient and keeps the delay', async () => {
  const r = await run({ operation: 'validateAndCreate', pdf: await pdfWithCda(cdaXml()) }, json(429, {}, { 'Retry-After': '7' }));
  assert.equal(r.error?.category, 'transient');
  assert.equal(r.retryAfterMs, 7000);
});

test('a status look-up answered 404 says plainly that CART may not offer it', async () => {
  const r = await run({ operation: 'statusByTrace', traceId: 'abc' }, json(404, {}));
  assert.equal(r.error?.category, 'not-found');
  assert.match(r.error!.message, /CART potrebbe non offrire/);
  assert.equal(last().headers['fse-jwt-signature'], undefined);
});

test('a status look-up returns the JSON body', async () => {
  const r = await run({ operation: 'statusByWorkflow', workflowInstanceId: 'w^^^^urn' }, json(200, { events: [{ eventType: 'PUBLICATION' }] }));
  assert.deepEqual(r.body, { events: [{ eventType: 'PUBLICATION' }] });
  assert.equal(last().url, '/gateway/v2/status/w%5E%5E%5E%5Eurn');
});

test('a refused connection is transient', async () => {
  const free = createTcpServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', () => r()));
  const port = (free.address() as AddressInfo).port;
  await new Promise<void>((r) => free.close(() => r()));
  const r = await executeCartOperation(
    testProfile(`https://127.0.0.1:${port}/gateway/v2/`, pki),
    { operation: 'statusByTrace', traceId: 'x' },
    { credentialSource: passwords(), now: testClock },
  );
  assert.equal(r.error?.category, 'transient');
  assert.equal(r.error?.type, 'network/ECONNREFUSED');
});

test('a client certificate from another CA is refused by the server: auth', async () => {
  const otherCa = makeCert({ commonName: 'Other CA', isCa: true });
  const foreign = loadPkcs12(toPkcs12(makeCert({ commonName: cartCn('A1'), issuer: otherCa, usage: 'client' }), 'pw', [otherCa]), 'pw');
  const creds = loadCartCredentials(profile(), passwords(), testNow());
  reply = json(200, {});
  const client = new CartClient({
    profile: profile(),
    credentials: { auth: foreign, signature: creds.signature },
    trustedCaPem: pki.ca.certPem,
    now: testClock,
  });
  const r = await client.send({ operation: 'statusByTrace', traceId: 'x' });
  await client.close();
  assert.equal(r.error?.category, 'auth', JSON.stringify(r.error));
  assert.match(r.error!.message, /certificato di autenticazione/);
});

test('a server certificate not trusted by the profile is auth, never silently accepted', async () => {
  const p = { ...profile() };
  delete p.trustedCaFile;
  const r = await executeCartOperation(p, { operation: 'statusByTrace', traceId: 'x' }, { credentialSource: passwords(), now: testClock });
  assert.equal(r.error?.category, 'auth');
  assert.match(r.error!.message, /certificato del server CART non è rilasciato da un\u2019autorità riconosciuta/);
});

test('no answer within the headers timeout after the request was sent is ambiguous', async () => {
  reply = () => undefined; // never answers
  const r = await executeCartOperation(
    profile(),
    { operation: 'validateAndCreate', pdf: await pdfWithCda(cdaXml()) },
    { credentialSource: passwords(), now: testClock, timeouts: { headersMs: 300 } },
  );
  assert.equal(r.error?.category, 'ambiguous');
  assert.equal(r.error?.type, 'network/UND_ERR_HEADERS_TIMEOUT');
});

test('an unknown metadata property is refused before anything is sent', async () => {
  const countBefore = seen.length;
  const r = await run({ operation: 'validateAndCreate', pdf: await pdfWithCda(cdaXml()), metadata: { priorita: true } }, json(202, {}));
  assert.equal(seen.length, countBefore);
  assert.equal(r.error?.type, 'local/body');
  assert.match(r.error!.detail!, /priorita/);
});

test('the journal records the exchange with X-CART-id, redacted tokens and no patient tax code', async () => {
  const db = openDatabase(join(dir, 'journal.sqlite'));
  const journal = new CartJournal(db);
  const pdf = await pdfWithCda(cdaXml());
  const r = await run({ operation: 'validateAndCreate', pdf }, json(202, { traceID: 't9' }), journal);
  const rows = journal.byXCartId('b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0');
  assert.equal(rows.length, 1);
  const row = rows[0]!;
  assert.equal(row.id, r.journalId);
  assert.equal(row.identificativo_doc, '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.0001');
  assert.equal(row.response_status, 202);
  assert.equal(row.trace_id, 't9');
  assert.match(row.request_headers, /REDACTED jti=/);
  assert.doesNotMatch(row.request_headers, /ey[A-Za-z0-9_-]{20,}/);
  const all = JSON.stringify(row);
  assert.ok(!all.includes(PATIENT_CF), 'patient tax code must not be stored');
  const body = JSON.parse(row.request_body!);
  assert.equal(body.file.size, pdf.byteLength);
  assert.match(body.file.sha256, /^[0-9a-f]{64}$/);
  db.close();
});

test('the journal refuses UPDATE and DELETE', async () => {
  const db = openDatabase(join(dir, 'journal.sqlite'));
  assert.throws(() => db.prepare('UPDATE cart_journal SET ok = 0').run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM cart_journal').run(), /append-only/);
  db.close();
});

test('prepared calls read person_id and resource type from the PDF for delete when given', async () => {
  const call = await prepareCartCall(profile(), { operation: 'delete', id: '2.16.840.1.113883.2.9.2.90.4.4^A.1', pdf: await pdfWithCda(cdaXml()) }, testNow());
  assert.deepEqual(call.operation === 'delete' && call.claims, {
    patientId: PATIENT_CF,
    documentCode: { code: '11488-4', codeSystem: '2.16.840.1.113883.6.1' },
  });
});

test('certificates in the wrong roles are refused before any call', async () => {
  const p = { ...profile(), authCertificate: profile().signatureCertificate!, signatureCertificate: profile().authCertificate! };
  const r = await executeCartOperation(p, { operation: 'statusByTrace', traceId: 'x' }, { credentialSource: passwords(), now: testClock });
  assert.equal(r.error?.type, 'local/certificate');
  assert.equal(r.error?.category, 'auth');
  assert.ok(readFileSync(pki.caFile));
});

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

test('every call carries a W3C traceparent: version 00, 32-hex trace id, 16-hex span id, sampled', async () => {
  await run({ operation: 'statusByTrace', traceId: 'x' }, json(200, { transactionData: [] }));
  const m = TRACEPARENT.exec(String(last().headers.traceparent));
  assert.ok(m, String(last().headers.traceparent));
  assert.doesNotMatch(m[1]!, /^0+$/);
  assert.doesNotMatch(m[2]!, /^0+$/);
});

test('a caller-supplied trace id is sent on every attempt with a new span id each time, and returned in the result', async () => {
  const creds = loadCartCredentials(profile(), passwords(), testNow());
  const client = new CartClient({ profile: profile(), credentials: creds, trustedCaPem: pki.ca.certPem, now: testClock });
  reply = json(200, { transactionData: [] });
  const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const a = await client.send({ operation: 'statusByTrace', traceId: 'x', clientTraceId: trace });
  const first = TRACEPARENT.exec(String(last().headers.traceparent))!;
  const b = await client.send({ operation: 'statusByTrace', traceId: 'x', clientTraceId: trace });
  const second = TRACEPARENT.exec(String(last().headers.traceparent))!;
  await client.close();
  assert.deepEqual([first[1], second[1]], [trace, trace]);
  assert.notEqual(first[2], second[2]);
  assert.deepEqual([a.clientTraceId, b.clientTraceId], [trace, trace]);
  assert.equal(a.clientSpanId, first[2]);
});

test('without a caller trace id, or with an invalid one, each call starts its own trace', async () => {
  const creds = loadCartCredentials(profile(), passwords(), testNow());
  const client = new CartClient({ profile: profile(), credentials: creds, trustedCaPem: pki.ca.certPem, now: testClock });
  reply = json(200, { transactionData: [] });
  const a = await client.send({ operation: 'statusByTrace', traceId: 'x' });
  const b = await client.send({ operation: 'statusByTrace', traceId: 'x', clientTraceId: 'NOT-A-TRACE-ID' });
  await client.close();
  assert.match(a.clientTraceId ?? '', /^[0-9a-f]{32}$/);
  assert.match(b.clientTraceId ?? '', /^[0-9a-f]{32}$/);
  assert.notEqual(a.clientTraceId, b.clientTraceId);
});

test('the journal records the traceparent that was sent, also when no answer came back', async () => {
  const db = openDatabase(join(dir, `journal-tp-${Date.now()}.sqlite`));
  try {
    const journal = new CartJournal(db);
    const creds = loadCartCredentials(profile(), passwords(), testNow());
    const client = new CartClient({ profile: profile(), credentials: creds, trustedCaPem: pki.ca.certPem, journal, now: testClock });
    reply = (_req, res) => res.socket?.destroy();
    const trace = '0af7651916cd43dd8448eb211c80319c';
    const r = await client.send({ operation: 'statusByTrace', traceId: 'x', clientTraceId: trace });
    await client.close();
    assert.equal(r.httpStatus, undefined);
    const row = journal.all().at(-1)!;
    assert.equal(JSON.parse(row.request_headers).traceparent, `00-${trace}-${r.clientSpanId}-01`);
  } finally {
    db.close();
  }
});
