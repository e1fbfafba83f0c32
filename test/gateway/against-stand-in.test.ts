// The CART client and CLI against the project's stand-in gateway (mock-cart/) over real mutual TLS.
import { SIGNED_SAMPLES } from '../support/reference.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MockCart } from '../../mock-cart/server.js';
import { startTestCart } from '../support/test-cart.js';
import { daysFrom, testClock, testNow } from '../support/clock.js';
import { makeCert, toPkcs12, cartCn, type TestPki } from '../support/pki.js';
import { CartClient, type CartCall } from '../../main/core/gateway/cart-client.js';
import { loadCartCredentials, type CartCredentials } from '../../main/core/credentials/cart-credentials.js';
import { executeCartOperation, prepareCartCall } from '../../main/core/gateway/execute.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { openDatabase, type Database } from '../../main/core/shared/db/database.js';
import { loadPkcs12 } from '../../main/core/credentials/pkcs12.js';
import { runCli } from '../../main/cli/main.js';
import type { Profile } from '../../contract/profile.js';
import type { CartResult } from '../../main/core/gateway/types.js';
import { cdaXml, pdfWithCda, samplePdf, testCredentialSource, testEnv, testProfile } from './helpers.js';

let dir: string;
let pki: TestPki;
let cart: MockCart;
let profile: Profile;
let creds: CartCredentials;
let db: Database;
let journal: CartJournal;
const results: CartResult[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cart-standin-'));
  ({ pki, cart } = await startTestCart(dir));
  profile = testProfile(cart.url, { ...pki, caFile: cart.caFile }, { dataDir: join(dir, 'data') });
  creds = loadCartCredentials(profile, testCredentialSource(pki.password), testNow());
  db = openDatabase(join(dir, 'journal.sqlite'));
  journal = new CartJournal(db);
});
after(async () => {
  db.close();
  await cart.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(call: CartCall, o: { profile?: Profile; credentials?: CartCredentials; timeouts?: { headersMs: number } } = {}): Promise<CartResult> {
  const client = new CartClient({
    profile: o.profile ?? profile,
    credentials: o.credentials ?? creds,
    trustedCaPem: pki.ca.certPem,
    journal,
    ...(o.timeouts ? { timeouts: o.timeouts } : {}),
    now: testClock,
  });
  try {
    const r = await client.send(call);
    results.push(r);
    return r;
  } finally {
    await client.close();
  }
}

async function publishCall(pdf?: Buffer, metadata?: Record<string, unknown>): Promise<Extract<CartCall, { operation: 'validateAndCreate' }>> {
  const call = await prepareCartCall(
    profile,
    { operation: 'validateAndCreate', pdf: pdf ?? samplePdf('SIGNED_RSA1.pdf'), fileName: 'referto.pdf', ...(metadata ? { metadata } : {}) },
    testNow(),
  );
  assert.equal(call.operation, 'validateAndCreate');
  return call as Extract<CartCall, { operation: 'validateAndCreate' }>;
}

function expectFault(r: CartResult, category: string, type?: RegExp, message?: RegExp): void {
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(r.error?.category, category, JSON.stringify(r.error));
  if (type) assert.match(r.error?.type ?? '', type);
  if (message) assert.match(r.error!.message, message);
}

// ---- every operation through the CLI ----------------------------------------------------------

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env: testEnv(pki.password) });
  return { code, json: JSON.parse(out) as Record<string, unknown> };
}

function profileFile(): string {
  const file = join(dir, 'profile.json');
  const { dataDir: _d, ...p } = profile;
  writeFileSync(file, JSON.stringify(p));
  return file;
}

test('each signed sample is published through the CLI with claims from its embedded CDA', async () => {
  const pf = profileFile();
  for (const name of ['SIGNED_RSA1.pdf', 'SIGNED_LAB2.pdf', 'SIGNED_RAD1.pdf'] as const) {
    const pdfFile = join(SIGNED_SAMPLES, name);
    const { code, json } = await cli(['publish', '--profile', pf, '--pdf', pdfFile]);
    assert.equal(code, 0, `${name}: ${JSON.stringify(json)}`);
    assert.equal(json.ok, true);
    assert.equal(json.httpStatus, 202);
    assert.match(String(json.xCartId), /^[0-9a-f-]{36}$/);
    assert.ok(json.traceId && json.spanId && json.workflowInstanceId);
  }
  assert.equal(cart.documents().length, 3);
});

test('replace, update-metadata, status and delete run end to end through the CLI', async () => {
  const pf = profileFile();
  const rsa = join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf');
  const call = await publishCall();
  const id = call.body.identificativoDoc;
  const rep = await cli(['replace', '--profile', pf, '--id', id, '--pdf', rsa]);
  assert.equal(rep.code, 0, JSON.stringify(rep.json));
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify({ attiCliniciRegoleAccesso: ['P99'] }));
  const upd = await cli(['update-metadata', '--profile', pf, '--id', id, '--metadata', meta, '--pdf', rsa]);
  assert.equal(upd.code, 0, JSON.stringify(upd.json));
  const st = await cli(['status', '--profile', pf, '--workflow', String(rep.json.workflowInstanceId)]);
  assert.equal(st.code, 0, JSON.stringify(st.json));
  assert.ok(st.json.body);
  const tr = await cli(['status', '--profile', pf, '--trace', String(rep.json.traceId)]);
  assert.equal(tr.code, 0, JSON.stringify(tr.json));
  const del = await cli(['delete', '--profile', pf, '--id', id, '--pdf', rsa]);
  assert.equal(del.code, 0, JSON.stringify(del.json));
  assert.equal(cart.documents().find((d) => d.identificativoDoc === id)?.deleted, true);
  for (const r of [rep, upd, st, tr, del]) assert.match(String(r.json.xCartId), /^[0-9a-f-]{36}$/);
  const again = await cli(['delete', '--profile', pf, '--id', id, '--patient-cf', 'RSSMRA22A01A399Z']);
  assert.equal(again.code, 1);
  assert.equal((again.json.error as { category: string }).category, 'not-found');
});

test('an unknown metadata property makes the CLI exit 2 before sending', async () => {
  const meta = join(dir, 'bad-meta.json');
  writeFileSync(meta, JSON.stringify({ colore: 'rosso' }));
  const countBefore = cart.requests().length;
  const r = await cli(['publish', '--profile', profileFile(), '--pdf', join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf'), '--metadata', meta]);
  assert.equal(r.code, 2);
  assert.equal(cart.requests().length, countBefore);
});

// ---- deliberate faults, each with its category and message ------------------------------------

test('fault 1: a subject_role outside the list is a caller fault', async () => {
  expectFault(
    await send(await publishCall(), { profile: { ...profile, operator: { fiscalCode: profile.operator!.fiscalCode, role: 'XXX' as 'DRS' } } }),
    'caller-fault',
  );
});

test('fault 2: a wrong audience is refused at the frontier as auth', async () => {
  expectFault(await send(await publishCall(), { profile: { ...profile, audience: 'https://wrong.example/gateway/v2' } }), 'auth', /TokenAuthenticationFailed/);
});

test('fault 3: tokens signed by a certificate of another CA are auth', async () => {
  const otherCa = makeCert({ commonName: 'Other CA', isCa: true });
  const foreign = loadPkcs12(toPkcs12(makeCert({ commonName: cartCn('S1'), issuer: otherCa, usage: 'sign' }), 'pw', [otherCa]), 'pw');
  expectFault(await send(await publishCall(), { credentials: { auth: creds.auth, signature: foreign } }), 'auth');
});

test('fault 4: tokens signed with the authentication certificate are auth', async () => {
  expectFault(await send(await publishCall(), { credentials: { auth: creds.auth, signature: creds.auth } }), 'auth');
});

test('fault 5: the signature certificate used for TLS is auth', async () => {
  expectFault(
    await send(await publishCall(), { credentials: { auth: creds.signature, signature: creds.signature } }),
    'auth',
    /AuthorizationContentDeny/,
    /non autorizza/,
  );
});

test('fault 6: an attachment_hash over other bytes is a caller fault (/msg/document-hash)', async () => {
  const call = await publishCall();
  const real = call.pdf;
  let reads = 0;
  // The first read signs the hash over different bytes; later reads send the real PDF.
  Object.defineProperty(call, 'pdf', { get: () => (reads++ === 0 ? Buffer.concat([real, Buffer.from('\n')]) : real) });
  expectFault(await send(call), 'caller-fault', /\/msg\/document-hash/, /impronta/);
});

test('fault 7: an unknown body property sent anyway is refused as a caller fault (/msg/mandatory-element)', async () => {
  const call = await publishCall();
  (call.body as Record<string, unknown>).priorita = true;
  (call.body as Record<string, unknown>).colore = 'rosso';
  expectFault(await send(call), 'caller-fault', /\/msg\/mandatory-element/);
});

test('fault 8: a bad enum value sent anyway is a caller fault', async () => {
  const call = await publishCall();
  (call.body as Record<string, unknown>).tipologiaStruttura = 'territorio';
  expectFault(await send(call), 'caller-fault', /\/msg\//);
});

test('fault 9: an unsigned PDF is a caller fault (/msg/sign-error)', async () => {
  expectFault(await send(await publishCall(await pdfWithCda(cdaXml()))), 'caller-fault', /\/msg\/sign-error/, /firmato/);
});

test('fault 10: a signed PDF whose attachment is not named cda.xml is a caller fault (/msg/cda-element)', async () => {
  const call = await publishCall();
  const original = samplePdf('SIGNED_RSA1.pdf');
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(original.toString('latin1'))![1];
  // Incremental update renaming the attachment: the signature still covers the original bytes.
  let tail = '\n';
  const off5 = original.length + tail.length;
  tail += '5 0 obj\n<< /Names [ (cdx.xml) 8 0 R ] >>\nendobj\n';
  const off8 = original.length + tail.length;
  tail += '8 0 obj\n<< /EF 10 0 R /F (cdx.xml) /Type /Filespec >>\nendobj\n';
  const xref = original.length + tail.length;
  const pad = (n: number): string => String(n).padStart(10, '0');
  tail += `xref\n0 1\n0000000000 65535 f \n5 1\n${pad(off5)} 00000 n \n8 1\n${pad(off8)} 00000 n \ntrailer\n<< /Size 18 /Root 1 0 R /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
  const pdf = Buffer.concat([original, Buffer.from(tail, 'latin1')]);
  expectFault(await send({ ...call, pdf }), 'caller-fault', /\/msg\/cda-element/);
});

test('fault 11: a PDF without cda.xml is refused locally before sending', async () => {
  const r = await executeCartOperation(
    profile,
    { operation: 'validateAndCreate', pdf: await pdfWithCda(cdaXml(), 'note.xml') },
    { credentialSource: testCredentialSource(pki.password), now: testClock },
  );
  expectFault(r, 'caller-fault', /^local\/pdf$/, /cda\.xml/);
});

test('fault 12: a person_id that differs from the CDA patient is a caller fault (/msg/jwt-validation)', async () => {
  const call = await publishCall();
  expectFault(await send({ ...call, claims: { ...call.claims, patientId: 'MNZLSN99E05F205J' } }), 'caller-fault', /\/msg\/jwt-validation/);
});

test('fault 13: a resource_hl7_type that differs from the CDA code is a caller fault', async () => {
  const call = await publishCall();
  expectFault(
    await send({ ...call, claims: { ...call.claims, documentCode: { code: '11502-2', codeSystem: '2.16.840.1.113883.6.1' } } }),
    'caller-fault',
    /\/msg\/jwt-validation/,
  );
});

test('fault 14: a client certificate from another CA is auth', async () => {
  const otherCa = makeCert({ commonName: 'Other CA', isCa: true });
  const foreign = loadPkcs12(toPkcs12(makeCert({ commonName: cartCn('A1'), issuer: otherCa, usage: 'client' }), 'pw', [otherCa]), 'pw');
  expectFault(
    await send({ operation: 'statusByTrace', traceId: 'x' }, { credentials: { auth: foreign, signature: creds.signature } }),
    'auth',
    undefined,
    /certificato di autenticazione/,
  );
});

test('fault 15: an expired client certificate is auth', async () => {
  const expired = makeCert({ commonName: cartCn('A1'), issuer: pki.ca, usage: 'client', notBefore: daysFrom(-400), notAfter: daysFrom(-1) });
  const bundle = loadPkcs12(toPkcs12(expired, 'pw', [pki.ca]), 'pw');
  expectFault(await send({ operation: 'statusByTrace', traceId: 'x' }, { credentials: { auth: bundle, signature: creds.signature } }), 'auth');
});

test('fault 16: 429 with Retry-After is transient and keeps the delay', async () => {
  cart.addFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 30 } });
  const r = await send(await publishCall());
  expectFault(r, 'transient', undefined, /Troppe richieste/);
  assert.equal(r.retryAfterMs, 30_000);
});

test('fault 17: 503 is transient', async () => {
  cart.addFault({ fault: { kind: 'status', status: 503 } });
  expectFault(await send(await publishCall()), 'transient');
});

test('fault 18: 502 from the frontier is ambiguous', async () => {
  cart.addFault({ fault: { kind: 'status', status: 502 } });
  expectFault(await send(await publishCall()), 'ambiguous', undefined, /verificare lo stato/);
});

test('fault 19: 504 is ambiguous', async () => {
  cart.addFault({ fault: { kind: 'status', status: 504 } });
  expectFault(await send(await publishCall()), 'ambiguous');
});

test('fault 20: 500 /msg/generic-error is ambiguous', async () => {
  cart.addFault({ fault: { kind: 'status', status: 500, type: '/msg/generic-error' } });
  expectFault(await send(await publishCall()), 'ambiguous');
});

test('fault 21: a connection dropped after the body was applied is ambiguous, and the stand-in did apply it', async () => {
  const call = await publishCall(samplePdf('SIGNED_LAB2.pdf'));
  const countBefore = cart.documents().find((d) => d.identificativoDoc === call.body.identificativoDoc)?.createCount ?? 0;
  cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'validateAndCreate' });
  expectFault(await send(call), 'ambiguous', /network\//, /non è certo/);
  assert.equal(cart.documents().find((d) => d.identificativoDoc === call.body.identificativoDoc)?.createCount, countBefore + 1);
});

test('fault 22: a connection dropped as soon as the headers arrive is ambiguous once the client wrote the whole request', async () => {
  // The client cannot see how far the server read: with the request fully written it must reconcile.
  cart.addFault({ fault: { kind: 'drop-before-body' } });
  expectFault(
    await send({ operation: 'delete', id: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.zz', claims: { patientId: 'RSSMRA22A01A399Z' } }),
    'ambiguous',
    /network\//,
  );
});

test('fault 23: a gateway that never answers hits the headers timeout: ambiguous', async () => {
  cart.addFault({ fault: { kind: 'hang', ms: 5000 } });
  expectFault(await send(await publishCall(), { timeouts: { headersMs: 400 } }), 'ambiguous', /HEADERS_TIMEOUT/, /in tempo/);
});

test('fault 24: latency beyond the timeout is ambiguous', async () => {
  cart.addFault({ fault: { kind: 'latency', ms: 3000 }, times: 1 });
  expectFault(await send(await publishCall(), { timeouts: { headersMs: 400 } }), 'ambiguous', /HEADERS_TIMEOUT/);
  cart.clearFaults();
});

test('fault 25: replacing an unknown document is not-found', async () => {
  const call = await publishCall();
  expectFault(await send({ ...call, operation: 'replace', id: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.unknown' }), 'not-found', /record-not-found/);
});

test('fault 26: deleting an unknown document is not-found and says it may already be gone', async () => {
  expectFault(
    await send({ operation: 'delete', id: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.nope', claims: { patientId: 'RSSMRA22A01A399Z' } }),
    'not-found',
    /record-not-found/,
    /già eliminato/,
  );
});

test('fault 27: a status look-up of an unknown workflow is not-found', async () => {
  expectFault(await send({ operation: 'statusByWorkflow', workflowInstanceId: 'nope' }), 'not-found', /record-not-found/, /Transazione non trovata/);
});

test('fault 28: a misconfigured operation path is a configuration problem (retried once fixed) naming the profile paths', async () => {
  expectFault(
    await send(await publishCall(), { profile: { ...profile, paths: { validateAndCreate: 'documents/create-typo' } } }),
    'transient',
    undefined,
    /paths/,
  );
});

test('fault 29: workflowInstanceId sent to validate-and-create is a caller fault', async () => {
  const call = await publishCall();
  (call.body as Record<string, unknown>).workflowInstanceId = 'x';
  expectFault(await send(call), 'caller-fault', /\/msg\//);
});

test('the journal holds every exchange with the X-CART-id the stand-in gave', () => {
  const rows = journal.all();
  assert.equal(rows.length, results.length);
  const served = new Set(cart.requests().map((r) => r.xCartId));
  for (const row of rows) {
    if (row.response_status !== null) {
      assert.ok(row.x_cart_id && served.has(row.x_cart_id), `row ${row.id} has X-CART-id ${row.x_cart_id}`);
      assert.equal(journal.byXCartId(row.x_cart_id).length, 1);
    }
  }
  assert.ok(rows.some((r) => r.response_status === null && r.category === 'ambiguous'));
});
