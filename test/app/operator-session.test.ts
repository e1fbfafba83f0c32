// Who operates, end to end in main: after «Cambia operatore» the next call to the stand-in gateway carries
// the new person's `sub` and `subject_role` (the real outbox runner, mutual TLS, both JWTs, as journaled
// by the app), and the actions journal shows who did what on a job.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxJobHistory } from '../../contract/outbox.js';
import type { Profile } from '../../contract/profile.js';
import { createAppCore, type AppCore } from '../../main/core/app/app-core.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { enqueueCartRequest } from '../../main/core/outbox/enqueue.js';
import { ProfileStore } from '../../main/core/shared/index.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import type { MockCart } from '../../mock-cart/server.js';
import { testClock, testNow } from '../support/clock.js';
import type { TestPki } from '../support/pki.js';
import { TEST_CLINIC } from '../support/profiles.js';
import { startTestCart } from '../support/test-cart.js';
import { TEST_CF } from '../outbox/helpers.js';

const VERDI = { fiscalCode: 'VRDLGU75C10G702H', givenName: 'Luigi', familyName: 'Verdi', role: 'OAM' } as const;
const BIANCHI = { fiscalCode: 'BNCNNA85M41D612R', givenName: 'Anna', familyName: 'Bianchi', role: 'DRS' } as const;

let dir: string;
let pki: TestPki;
let cart: MockCart;
let core: AppCore;
let profiles: ProfileStore;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'operator-session-'));
  ({ pki, cart } = await startTestCart(dir));
  // The certificates as the Certificati screen leaves them: paths in the profile, passwords in the secret store.
  const secrets = createMemorySecretStore();
  secrets.set('certificate-password:auth', pki.password);
  secrets.set('certificate-password:signature', pki.password);
  core = createAppCore({
    dataDir: join(dir, 'app'),
    version: 'test',
    shell: 'browser-shell',
    log: silentLogger,
    secrets,
    now: testClock,
    outbox: { settleMs: 0 },
  });
  profiles = new ProfileStore(core.db);
  const profile: Profile = {
    environment: 'custom',
    baseUrl: cart.url,
    trustedCaFile: pki.caFile,
    authCertificate: { p12: pki.authP12 },
    signatureCertificate: { p12: pki.signatureP12 },
    clinic: { ...TEST_CLINIC },
    operators: [{ ...VERDI }, { ...BIANCHI }],
  };
  profiles.save(profile, testNow());
  await core.sending.reconfigure();
});
after(async () => {
  await core?.close();
  await cart?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Queues a delete of an unknown document (the stand-in answers it; no document is needed) and waits for its answer. */
async function sendOne(n: number): Promise<number> {
  const id = `2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.OP${n}`;
  const sentBefore = cart.requests().length;
  const jobId = await enqueueCartRequest(core.outbox, profiles.get()!, { operation: 'delete', id, patientFiscalCode: TEST_CF }, testNow());
  await until('the call to reach the stand-in', () => cart.requests().length > sentBefore);
  await until('the answer to be journaled', () => lastClaims() !== undefined && lastJournalDoc() === id);
  return jobId;
}

const lastJournalDoc = () =>
  (core.db.prepare('SELECT identificativo_doc FROM cart_journal ORDER BY id DESC LIMIT 1').get() as { identificativo_doc: string } | undefined)
    ?.identificativo_doc;

/** The claims of the last exchange as the app journaled them: `sub` of both tokens, `subject_role` of the signature one. */
function lastClaims(): { sub: unknown; signatureSub: unknown; subject_role: unknown } | undefined {
  const row = core.db.prepare('SELECT token_summary FROM cart_journal ORDER BY id DESC LIMIT 1').get() as { token_summary: string | null } | undefined;
  if (!row?.token_summary) return undefined;
  const t = JSON.parse(row.token_summary) as { authorization?: { claims: Record<string, unknown> }; signature?: { claims: Record<string, unknown> } };
  return { sub: t.authorization?.claims.sub, signatureSub: t.signature?.claims.sub, subject_role: t.signature?.claims.subject_role };
}

test('the call after choosing an operator carries that person as sub and subject_role', async () => {
  assert.equal((await core.dispatch('session:set-operator', { fiscalCode: VERDI.fiscalCode })).ok, true);
  await core.sending.reconfigure();
  await sendOne(1);
  const claims = lastClaims()!;
  assert.match(String(claims.sub), new RegExp(`^${VERDI.fiscalCode}\\^`));
  assert.equal(claims.signatureSub, claims.sub);
  assert.equal(claims.subject_role, 'OAM');
});

test('after «Cambia operatore» the next call carries the new person', async () => {
  assert.equal((await core.dispatch('session:set-operator', { fiscalCode: BIANCHI.fiscalCode })).ok, true);
  // No explicit reconfigure here: choosing the operator rebuilds the connection by itself.
  await sendOne(2);
  const claims = lastClaims()!;
  assert.match(String(claims.sub), new RegExp(`^${BIANCHI.fiscalCode}\\^`));
  assert.equal(claims.signatureSub, claims.sub);
  assert.equal(claims.subject_role, 'DRS');
});

test('a job\u2019s history shows who acted on it, by name and role', async () => {
  await core.dispatch('session:set-operator', { fiscalCode: VERDI.fiscalCode });
  // The gateway answers «try later»: the job waits, and Verdi withdraws it from the desk.
  cart.addFault({ fault: { kind: 'status', status: 503 }, operation: 'delete', times: Infinity });
  try {
    const jobId = await enqueueCartRequest(
      core.outbox,
      profiles.get()!,
      { operation: 'delete', id: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.OP3', patientFiscalCode: TEST_CF },
      testNow(),
    );
    const stateOf = async () => ((await core.dispatch('outbox:events', { jobId })) as { value: OutboxJobHistory }).value.job.state;
    let state = await stateOf();
    // Polled through the channel the Invii screen uses (bounded: 20 s at most).
    for (let i = 0; i < 800 && state !== 'waiting'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      state = await stateOf();
    }
    assert.equal(state, 'waiting');
    assert.equal((await core.dispatch('outbox:cancel', { jobId })).ok, true);
    const history = await core.dispatch('outbox:events', { jobId });
    assert.ok(history.ok);
    assert.deepEqual(
      ((history.value as OutboxJobHistory).actions ?? []).map((a) => [a.action, a.label, a.operator]),
      [['outbox:cancel', 'Invio annullato', 'Luigi Verdi (OAM)']],
    );
  } finally {
    cart.clearFaults();
  }
});

test('the choice of operator is journaled under the person who takes the desk; reads are not journaled', async () => {
  const journaled = (core.db.prepare('SELECT COUNT(*) AS n FROM operator_actions').get() as { n: number }).n;
  await core.dispatch('session:get', undefined);
  await core.dispatch('people:get', undefined);
  await core.dispatch('outbox:overview', { limit: 0 });
  assert.equal((core.db.prepare('SELECT COUNT(*) AS n FROM operator_actions').get() as { n: number }).n, journaled);
  await core.dispatch('session:set-operator', { fiscalCode: BIANCHI.fiscalCode });
  const row = core.db.prepare('SELECT action, operator_cf, operator_name, operator_role FROM operator_actions ORDER BY id DESC LIMIT 1').get();
  assert.deepEqual(row, { action: 'session:set-operator', operator_cf: BIANCHI.fiscalCode, operator_name: 'Anna Bianchi', operator_role: 'DRS' });
});
