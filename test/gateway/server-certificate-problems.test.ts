// Issue 11, finding 6: problems with the gateway's SERVER certificate were blamed on the clinic's
// certificates. Each TLS failure now says what is wrong and who can fix it; real TLS servers for each.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daysFrom, testClock } from '../support/clock.js';
import { makeCert, makeTestPki, type TestPki } from '../support/pki.js';
import { testProfile } from '../support/profiles.js';
import type { Profile } from '../../contract/profile.js';
import { executeCartOperation } from '../../main/core/gateway/execute.js';
import type { CartResult } from '../../main/core/gateway/types.js';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { createCartPort } from '../../main/core/outbox/cart-port-client.js';
import { PAUSE_MESSAGE_AUTH_IT } from '../../main/core/outbox/states.js';
import { describeEvent } from '../../main/core/app/outbox-view.js';
import { standInDocs } from '../outbox/stand-in.js';
import { testCredentialSource } from './helpers.js';
import { json, startTinyServer, type TinyServer, type TinyServerOptions } from './tiny-https.js';

const NOT_OURS = /certificato di autenticazione|certificato di firma/;

// One test PKI for every server here (each server gets its own certificate made from it).
let dir: string;
let pki: TestPki;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'server-cert-'));
  pki = makeTestPki(join(dir, 'pki'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function withServer(o: TinyServerOptions, fn: (srv: TinyServer) => Promise<void>): Promise<void> {
  const srv = await startTinyServer({ pki, ...o });
  srv.reply = json(200, { transactionData: [] });
  try {
    await fn(srv);
  } finally {
    await srv.close();
  }
}

function lookUp(srv: TinyServer, profile: Profile = testProfile(srv.base, srv.pki)): Promise<CartResult> {
  return executeCartOperation(
    profile,
    { operation: 'statusByTrace', traceId: 'x' },
    { credentialSource: testCredentialSource(srv.pki.password), now: testClock },
  );
}

test('a self-signed server certificate is the server certificate not being trusted, not the clinic certificates', () =>
  withServer({ cert: () => makeCert({ commonName: 'localhost', usage: 'server', altNames: ['127.0.0.1', 'localhost'] }) }, async (srv) => {
    const r = await lookUp(srv);
    assert.equal(r.error?.category, 'auth');
    assert.equal(r.error?.type, 'network/DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.match(r.error!.message, /^Il certificato del server CART non è rilasciato da un\u2019autorità riconosciuta da questo computer/);
    assert.match(r.error!.message, /trustedCaFile/);
    assert.doesNotMatch(r.error!.message, NOT_OURS);
  }));

test('a server certificate for another host says the address is wrong and who can fix it', () =>
  withServer({ cert: (p) => makeCert({ commonName: 'fse20gw.example', issuer: p.ca, usage: 'server', altNames: ['fse20gw.example'] }) }, async (srv) => {
    const r = await lookUp(srv);
    assert.equal(r.error?.type, 'network/ERR_TLS_CERT_ALTNAME_INVALID');
    assert.match(r.error!.message, /^Il certificato del server CART non è valido per questo indirizzo: verificare l\u2019indirizzo del servizio/);
    assert.match(r.error!.message, /supporto della Regione/);
    assert.doesNotMatch(r.error!.message, NOT_OURS);
  }));

test('an expired server certificate says so and points to the clock and the Region support', () =>
  withServer(
    {
      cert: (p) =>
        makeCert({ commonName: 'localhost', issuer: p.ca, usage: 'server', altNames: ['127.0.0.1'], notBefore: daysFrom(-30), notAfter: daysFrom(-2) }),
    },
    async (srv) => {
      const r = await lookUp(srv);
      assert.equal(r.error?.type, 'network/CERT_HAS_EXPIRED');
      assert.match(r.error!.message, /^Il certificato del server CART è scaduto o non ancora valido: verificare che data e ora di questo computer/);
      assert.doesNotMatch(r.error!.message, NOT_OURS);
    },
  ));

test('a trustedCaFile holding another CA (or no certificate at all) is named in the message', () =>
  withServer({}, async (srv) => {
    const otherCa = join(srv.dir, 'other-ca.pem');
    writeFileSync(otherCa, makeCert({ commonName: 'Another CA', isCa: true }).certPem);
    const garbage = join(srv.dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate\n');
    for (const trustedCaFile of [otherCa, garbage]) {
      const r = await lookUp(srv, { ...testProfile(srv.base, srv.pki), trustedCaFile });
      assert.equal(r.error?.category, 'auth', trustedCaFile);
      assert.match(r.error!.type ?? '', /^network\/(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)$/);
      assert.match(r.error!.message, /file delle autorità di certificazione indicato nel profilo \(trustedCaFile\)/);
    }
  }));

test("a server refusing the clinic's authentication certificate says that certificate was refused", () =>
  withServer({ clientCaPem: makeCert({ commonName: 'Some other client CA', isCa: true }).certPem }, async (srv) => {
    const r = await lookUp(srv);
    assert.equal(r.error?.category, 'auth');
    assert.match(r.error!.message, /il certificato di autenticazione della struttura \(A1#\)/);
    assert.doesNotMatch(r.error!.message, /certificato del server/);
  }));

test('the outbox pauses with the server certificate problem, not with «certificate refused»', () =>
  withServer({ cert: (p) => makeCert({ commonName: 'fse20gw.example', issuer: p.ca, usage: 'server', altNames: ['fse20gw.example'] }) }, async (srv) => {
    const p = testProfile(srv.base, srv.pki);
    const outbox = Outbox.open(join(srv.dir, 'outbox.sqlite'), undefined, { now: testClock });
    const port = createCartPort(p, { credentialSource: testCredentialSource(srv.pki.password), lookups: false, now: testClock });
    const sender = new Outbox(outbox.db, port, { now: testClock, confirm: false });
    try {
      const [doc] = await standInDocs(p, 'HOST', 1);
      const id = outbox.enqueueCreate(doc!);
      await sender.drain({ until: 'idle' });
      const counts = outbox.counts();
      assert.equal(counts.paused, true);
      assert.notEqual(counts.pauseMessage, PAUSE_MESSAGE_AUTH_IT);
      assert.match(counts.pauseMessage ?? '', /^Invii sospesi: Il certificato del server CART non è valido per questo indirizzo/);
      assert.match(counts.pauseMessage ?? '', /I documenti restano in coda\.$/);
      const ev = outbox.events(id).find((e) => e.kind === 'auth-refused')!;
      assert.match(describeEvent(ev), /^Il certificato del server CART non ha superato la verifica/);
    } finally {
      await port.close();
      outbox.close();
    }
  }));
