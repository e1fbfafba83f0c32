// Issue 11, finding 4: answers of any size were held in memory and stored forever (one 64 MB error page:
// 560 MB of memory, 67 MB of undeletable journal rows). The CART client stops reading past a cap and the
// journal keeps the first 256 KB of a body, with its full length (when known) and the SHA-256 of what was read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { testClock } from '../support/clock.js';
import { testProfile } from '../support/profiles.js';
import { openDatabase, schemaVersion } from '../../main/core/shared/db/database.js';
import { CartJournal, RESPONSE_BODY_KEPT, type JournalRow } from '../../main/core/gateway/journal.js';
import { executeCartOperation } from '../../main/core/gateway/execute.js';
import { RESPONSE_BODY_CAP } from '../../main/core/gateway/cart-client.js';
import type { CartResult } from '../../main/core/gateway/types.js';
import type { Database } from '../../main/core/shared/index.js';
import { cdaXml, pdfWithCda, testCredentialSource } from './helpers.js';
import { json, startTinyServer, type Reply, type TinyServer } from './tiny-https.js';

const MB = 1024 * 1024;
const BIG = 64 * MB;
/** 64 KB of HTML-ish filler; the big bodies repeat it. */
const CHUNK = Buffer.from('<p>errore del proxy</p>'.repeat(Math.ceil(65536 / 23)).slice(0, 65536));

let srv: TinyServer;
let db: Database;
let journal: CartJournal;
before(async () => {
  srv = await startTinyServer();
  db = openDatabase(join(srv.dir, 'journal.sqlite'));
  journal = new CartJournal(db);
});
after(async () => {
  db.close();
  await srv.close();
});

/** Streams `total` bytes of CHUNK with backpressure, stopping when the client goes away. */
function bigBody(status: number, total: number, o: { declareLength: boolean; contentType?: string }): Reply {
  return (_q, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': o.contentType ?? 'text/html', ...(o.declareLength ? { 'content-length': String(total) } : {}) });
    let sent = 0;
    const pump = (): void => {
      while (sent < total && !res.destroyed) {
        const n = Math.min(CHUNK.length, total - sent);
        sent += n;
        if (!res.write(CHUNK.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
}

/** SHA-256 of the first `n` bytes of the repeated CHUNK stream. */
function prefixHash(n: number): string {
  const h = createHash('sha256');
  for (let done = 0; done < n; done += CHUNK.length) h.update(CHUNK.subarray(0, Math.min(CHUNK.length, n - done)));
  return h.digest('hex');
}

async function publish(reply: Reply): Promise<{ r: CartResult; row: JournalRow; rssDeltaMb: number }> {
  srv.reply = reply;
  const pdf = await pdfWithCda(cdaXml());
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const r = await executeCartOperation(
    testProfile(srv.base, srv.pki),
    { operation: 'validateAndCreate', pdf },
    { credentialSource: testCredentialSource(srv.pki.password), journal, now: testClock },
  );
  const rssDeltaMb = (process.memoryUsage().rss - rss0) / MB;
  const row = journal.all().find((x) => x.id === r.journalId)!;
  return { r, row, rssDeltaMb };
}

test('a 64 MB error page is read only up to the cap: the journal keeps 256 KB, the declared length and the hash of what was read', async (t) => {
  const { r, row, rssDeltaMb } = await publish(bigBody(502, BIG, { declareLength: true }));
  t.diagnostic(`RSS growth while answering a 64 MB body: ${rssDeltaMb.toFixed(1)} MB`);
  assert.equal(r.httpStatus, 502);
  assert.equal(r.error?.category, 'ambiguous');
  assert.ok(Buffer.byteLength(row.response_body!, 'utf8') <= RESPONSE_BODY_KEPT, `stored ${Buffer.byteLength(row.response_body!, 'utf8')} bytes`);
  assert.equal(row.response_body!.length, RESPONSE_BODY_CAP);
  assert.equal(row.response_body_length, BIG);
  assert.equal(row.response_body_sha256, prefixHash(RESPONSE_BODY_CAP));
  assert.ok((r.error?.detail ?? '').length <= 2000);
});

test('without Content-Length the full length of a cut body is recorded as unknown', async () => {
  const { r, row } = await publish(bigBody(400, BIG, { declareLength: false }));
  assert.equal(r.httpStatus, 400);
  assert.ok(Buffer.byteLength(row.response_body!, 'utf8') <= RESPONSE_BODY_KEPT);
  assert.equal(row.response_body_length, null);
  assert.equal(row.response_body_sha256, prefixHash(RESPONSE_BODY_CAP));
});

test('a 64 MB body with 202 to a create is cut too, and is not taken as the gateway success', async (t) => {
  const { r, row, rssDeltaMb } = await publish(bigBody(202, BIG, { declareLength: true, contentType: 'application/json' }));
  t.diagnostic(`RSS growth while answering a 64 MB 202: ${rssDeltaMb.toFixed(1)} MB`);
  assert.equal(r.ok, false);
  assert.equal(r.error?.type, 'cart/unrecognised-answer');
  assert.match(r.error!.message, /letta solo in parte/);
  assert.ok(Buffer.byteLength(row.response_body!, 'utf8') <= RESPONSE_BODY_KEPT);
  assert.equal(row.response_body_length, BIG);
});

test('a small answer is kept whole, with its exact length and hash', async () => {
  const body = { type: '/msg/sign-error', title: 'Errore firma', detail: 'Il pdf non risulta firmato' };
  const { r, row } = await publish(json(400, body));
  assert.equal(r.error?.category, 'caller-fault');
  const bytes = Buffer.from(JSON.stringify(body));
  assert.equal(row.response_body, bytes.toString('utf8'));
  assert.equal(row.response_body_length, bytes.length);
  assert.equal(row.response_body_sha256, createHash('sha256').update(bytes).digest('hex'));
});

test('the journal itself cuts any body given to it to 256 KB (the cap holds for every writer)', () => {
  const text = 'x'.repeat(3 * RESPONSE_BODY_KEPT);
  const id = journal.append({
    at: testClock(),
    operation: 'delete',
    method: 'DELETE',
    url: 'https://x/',
    requestHeaders: {},
    responseBody: text,
    ok: false,
    durationMs: 1,
  });
  const row = journal.all().find((x) => x.id === id)!;
  assert.equal(row.response_body!.length, RESPONSE_BODY_KEPT);
  assert.equal(row.response_body_length, text.length);
  assert.equal(row.response_body_sha256, createHash('sha256').update(text).digest('hex'));
});

test('migration 5 adds the length and hash columns to an existing journal; earlier rows keep NULL and stay append-only', () => {
  const file = join(srv.dir, 'v4.sqlite');
  const old = openDatabase(file, { targetVersion: 4 });
  const oldId = new CartJournal(old).append({
    at: testClock(),
    operation: 'delete',
    method: 'DELETE',
    url: 'https://x/',
    requestHeaders: {},
    ok: true,
    durationMs: 1,
  });
  old.close();
  const db5 = openDatabase(file, { targetVersion: 5 });
  try {
    assert.equal(schemaVersion(db5), 5);
    const j = new CartJournal(db5);
    const row = j.all().find((x) => x.id === oldId)!;
    assert.deepEqual([row.response_body_length, row.response_body_sha256], [null, null]);
    j.append({ at: testClock(), operation: 'delete', method: 'DELETE', url: 'https://x/', requestHeaders: {}, responseBody: 'ok', ok: true, durationMs: 1 });
    assert.equal(j.all().at(-1)!.response_body_length, 2);
    assert.throws(() => db5.prepare('UPDATE cart_journal SET response_body_length = 1').run(), /append-only/);
  } finally {
    db5.close();
  }
});
