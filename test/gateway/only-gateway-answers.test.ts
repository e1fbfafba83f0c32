// Issue 11, findings 1 and 2: only the gateway's own answers are believed. A 2xx that is not the
// gateway's success answer is an uncertain outcome (reconciled, never "published"); a 4xx that is not the
// gateway's problem is a transport or configuration problem (retried once fixed, never a rejection).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { testClock } from '../support/clock.js';
import { testProfile } from '../support/profiles.js';
import { executeCartOperation } from '../../main/core/gateway/execute.js';
import { classifyHttpError } from '../../main/core/gateway/classify.js';
import type { CartResult } from '../../main/core/gateway/types.js';
import { interpretSend } from '../../main/core/outbox/interpret.js';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { createCartPort } from '../../main/core/outbox/cart-port-client.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { errorView } from '../../main/core/app/outbox-view.js';
import { standInDocs } from '../outbox/stand-in.js';
import { cdaXml, pdfWithCda, testCredentialSource } from './helpers.js';
import { html, json, startTinyServer, type Reply, type TinyServer } from './tiny-https.js';

let srv: TinyServer;
before(async () => {
  srv = await startTinyServer();
});
after(() => srv.close());

const profile = () => testProfile(srv.base, srv.pki);
const X_CART_ID = 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0';
const WII = '2.16.840.1.113883.2.9.2.90.4.4.abc.0123456789^^^^urn:ihe:iti:xdw:2013:workflowInstanceId';

async function publish(reply: Reply): Promise<CartResult> {
  srv.reply = reply;
  return executeCartOperation(
    profile(),
    { operation: 'validateAndCreate', pdf: await pdfWithCda(cdaXml()) },
    { credentialSource: testCredentialSource(srv.pki.password), now: testClock },
  );
}

async function remove(reply: Reply): Promise<CartResult> {
  srv.reply = reply;
  return executeCartOperation(
    profile(),
    { operation: 'delete', id: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.1', patientFiscalCode: 'RMSLSO31M04Z404R' },
    { credentialSource: testCredentialSource(srv.pki.password), now: testClock },
  );
}

function expectUnrecognised(r: CartResult, why: RegExp): void {
  assert.equal(r.ok, false, JSON.stringify(r));
  assert.equal(r.error?.category, 'ambiguous');
  assert.equal(r.error?.type, 'cart/unrecognised-answer');
  assert.match(r.error!.message, /^Risposta non riconosciuta come del gateway: /);
  assert.match(r.error!.message, why);
  assert.equal(interpretSend(r.operation as 'validateAndCreate', false, r).kind, 'ambiguous');
}

// ---- finding 1: a 2xx is accepted only when it is the gateway's success answer ----------------------

test('the gateway success answer of a create (JSON with traceID and workflowInstanceId, X-CART-id header) is accepted', async () => {
  const r = await publish(json(202, { traceID: 'a1b2c3d4e5f60718', spanID: 'a1b2c3d4e5f60718', workflowInstanceId: WII, warning: '' }));
  assert.equal(r.ok, true, JSON.stringify(r));
  assert.equal(interpretSend('validateAndCreate', false, r).kind, 'accepted');
});

test('an unknown field or a fhirBundle in the success answer does not make it unrecognised', async () => {
  const r = await publish(json(202, { traceID: 't', workflowInstanceId: WII, fhirBundle: '{"resourceType":"Bundle"}', futureField: 1 }));
  assert.equal(r.ok, true, JSON.stringify(r));
});

test('a 200 HTML maintenance page to a create is an uncertain outcome, never accepted', async () => {
  const r = await publish(html(200));
  expectUnrecognised(r, /non è la risposta JSON del gateway \(tipo text\/html\)/);
  assert.equal(r.httpStatus, 200);
});

test('a 202 JSON without the X-CART-id header is an uncertain outcome', async () => {
  const r = await publish((_q, res) => {
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ traceID: 't', workflowInstanceId: WII }));
  });
  expectUnrecognised(r, /mancano X-CART-id/);
});

test('a 202 JSON without the gateway ids (traceID, workflowInstanceId) is an uncertain outcome', async () => {
  expectUnrecognised(await publish(json(202, {})), /mancano traceID, workflowInstanceId/);
  expectUnrecognised(await publish(json(202, { status: 'OK' })), /mancano traceID/);
});

test('a success answer with a field of the wrong type is an uncertain outcome', async () => {
  expectUnrecognised(await publish(json(202, { traceID: 12, workflowInstanceId: WII })), /valore non previsto: traceID/);
});

test('a JSON array or non-JSON text with 201 is an uncertain outcome', async () => {
  expectUnrecognised(await publish(json(201, [{ traceID: 't' }])), /non è la risposta JSON/);
  expectUnrecognised(
    await publish((_q, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'X-CART-id': X_CART_ID });
      res.end('OK');
    }),
    /non è la risposta JSON/,
  );
});

test('a delete is accepted with traceID and X-CART-id (its workflowInstanceId is not required)', async () => {
  const r = await remove(json(200, { traceID: 't', spanID: 's' }));
  assert.equal(r.ok, true, JSON.stringify(r));
  const bad = await remove(json(200, {}));
  assert.equal(bad.ok, false);
  assert.match(bad.error!.message, /mancano traceID/);
});

test('the outbox never shows a create answered by an HTML 200 as accepted, and its history says why', async () => {
  const p = profile();
  const outbox = Outbox.open(join(srv.dir, 'html-200.sqlite'), undefined, { now: testClock });
  const port = createCartPort(p, {
    credentialSource: testCredentialSource(srv.pki.password),
    journal: new CartJournal(outbox.db),
    lookups: false,
    now: testClock,
  });
  const sender = new Outbox(outbox.db, port, { now: testClock, backoff: { baseDelayMs: 600_000, maxDelayMs: 600_000 }, confirm: false });
  try {
    const [doc] = await standInDocs(p, 'HTML', 1);
    const id = outbox.enqueueCreate(doc!);
    srv.reply = html(200);
    await sender.drain({ until: 'idle' });
    const job = outbox.job(id)!;
    assert.notEqual(job.state, 'accepted');
    assert.notEqual(job.state, 'confirmed');
    assert.equal(job.state, 'needs-reconciliation');
    const ev = outbox.events(id).find((e) => e.kind === 'ambiguous');
    assert.ok(ev, JSON.stringify(outbox.events(id)));
    assert.match(errorView(ev.error)!.message, /^Risposta non riconosciuta come del gateway: il contenuto non è la risposta JSON del gateway/);
  } finally {
    await port.close();
    outbox.close();
  }
});

test('the outbox rule itself refuses a success without the gateway ids (defence in depth)', () => {
  const r: CartResult = { ok: true, operation: 'validateAndCreate', httpStatus: 200 };
  assert.equal(interpretSend('validateAndCreate', false, r).kind, 'ambiguous');
  assert.equal(interpretSend('validateAndCreate', false, { ...r, xCartId: 'x', traceId: 't' }).kind, 'ambiguous');
  assert.equal(interpretSend('validateAndCreate', false, { ...r, xCartId: 'x', traceId: 't', workflowInstanceId: 'w' }).kind, 'accepted');
  assert.equal(interpretSend('delete', false, { ...r, operation: 'delete', xCartId: 'x', traceId: 't' }).kind, 'accepted');
});

// ---- finding 2: a 4xx that is not the gateway's problem is not the document's fault ----------------

test('an HTML 400 from a proxy is a transport problem, retried, with a message that says so', async () => {
  const r = await publish(html(400, '<html><body>Bad Request (proxy)</body></html>'));
  assert.equal(r.error?.category, 'transient', JSON.stringify(r.error));
  assert.equal(r.error?.type, 'http/400');
  assert.match(
    r.error!.message,
    /^Il server ha risposto con un errore che non proviene dal gateway \(HTTP 400\): verificare la rete o il proxy della struttura/,
  );
  assert.doesNotMatch(r.error!.message, /Correggere il documento/);
  assert.equal(interpretSend('validateAndCreate', false, r).kind, 'transient');
});

test('a 431 caused by an oversized header, with no body, is a transport problem', async () => {
  const r = await publish((_q, res) => {
    res.writeHead(431);
    res.end();
  });
  assert.equal(r.error?.category, 'transient');
  assert.match(r.error!.message, /non proviene dal gateway \(HTTP 431\)/);
});

test('a 407 from the clinic proxy asks to configure the proxy', async () => {
  const r = await publish(html(407));
  assert.equal(r.error?.category, 'transient');
  assert.match(r.error!.message, /proxy .*\(HTTP 407\)/);
});

test('an HTML 404 on a write is a wrong address: configuration, retried once fixed', async () => {
  const r = await publish(html(404));
  assert.equal(r.error?.category, 'transient');
  assert.match(r.error!.message, /verificare l\u2019indirizzo base e i percorsi \(paths\) nel profilo/);
  assert.match(r.error!.message, /sarà inviata di nuovo automaticamente/);
});

test('an HTML 404 on the resend of a delete is not taken as «already deleted»', async () => {
  const r = await remove(html(404));
  assert.equal(r.error?.category, 'transient');
  assert.equal(interpretSend('delete', true, r).kind, 'transient');
  const gateway = await remove(json(404, { type: '/msg/record-not-found', title: 'Record non trovato.' }));
  assert.notEqual(interpretSend('delete', true, gateway).kind, 'transient');
});

test('a JSON 400 whose type is not a gateway problem type is not the document fault', async () => {
  const r = await publish(json(400, { type: 'about:blank', title: 'Bad Request' }));
  assert.equal(r.error?.category, 'transient');
});

test("the gateway's own problems keep their meaning: dispatcher /msg/ and GovWay types", async () => {
  assert.equal((await publish(json(400, { type: '/msg/sign-error', title: 'Errore firma', detail: 'PDF non firmato' }))).error?.category, 'caller-fault');
  assert.equal(
    (await publish(json(400, { type: 'https://govway.org/handling-errors/400/InvalidRequestContent.html', title: 'InvalidRequestContent' }))).error?.category,
    'caller-fault',
  );
  assert.equal(
    (await publish(json(401, { type: 'https://govway.org/handling-errors/401/TokenAuthenticationFailed.html', title: 'TokenAuthenticationFailed' }))).error
      ?.category,
    'auth',
  );
  assert.equal((await remove(json(404, { type: '/msg/record-not-found', title: 'Record non trovato.' }))).error?.category, 'not-found');
});

test('the outbox keeps a job refused by a proxy waiting for a new attempt instead of rejecting it', async () => {
  const p = profile();
  const outbox = Outbox.open(join(srv.dir, 'proxy-400.sqlite'), undefined, { now: testClock });
  const port = createCartPort(p, { credentialSource: testCredentialSource(srv.pki.password), lookups: false, now: testClock });
  const sender = new Outbox(outbox.db, port, { now: testClock, backoff: { baseDelayMs: 600_000, maxDelayMs: 600_000 }, confirm: false });
  try {
    const [doc] = await standInDocs(p, 'PROXY', 1);
    const id = outbox.enqueueCreate(doc!);
    srv.reply = html(400);
    await sender.drain({ until: 'idle' });
    const job = outbox.job(id)!;
    assert.equal(job.state, 'waiting');
    assert.match(job.lastError!.message, /non proviene dal gateway \(HTTP 400\)/);
  } finally {
    await port.close();
    outbox.close();
  }
});

// ---- while there: the 503 text ends CART's detail with a full stop ---------------------------------

test("the 503 message ends CART's detail with a full stop before the advice", () => {
  const e = classifyHttpError('validateAndCreate', 503, {
    type: 'https://govway.org/handling-errors/503/APIUnavailable.html',
    title: 'APIUnavailable',
    detail: 'Servizio temporaneamente non disponibile',
  });
  assert.match(e.message, /Dettaglio: Servizio temporaneamente non disponibile\. Il servizio non è disponibile ora/);
  assert.match(errorView(e)!.message, /non disponibile\. Il servizio/);
  // A detail that already ends a sentence gets no second full stop.
  assert.match(classifyHttpError('validateAndCreate', 503, { detail: 'Riprovare.' }).message, /Dettaglio: Riprovare\. Il servizio/);
});
