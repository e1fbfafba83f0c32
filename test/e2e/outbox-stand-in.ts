// Set-up shared by the outbox e2e tests: the stand-in CART gateway with a test PKI, the browser
// shell on the real core with a quick runner, a profile pointed at the stand-in saved and the
// certificates imported through the contract channels, and signed documents to enqueue.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../contract/profile.js';
import { prepareCartCall } from '../../main/core/gateway/execute.js';
import type { EnqueueCreate } from '../../main/core/outbox/outbox.js';
import { startMockCart, type MockCart } from '../../mock-cart/server.js';
import { testClock } from '../support/clock.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { SIGNED_SAMPLES } from '../support/reference.js';
import { startTestShell, VALID_TEST_PROFILE } from '../support/shell.js';
import { importCertificateFile } from '../support/certificate-upload.js';

export const samplePdf = (): Uint8Array => new Uint8Array(readFileSync(join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf')));
export const e2eDocId = (tag: string): string => `2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.${tag}`;

export interface OutboxE2e {
  dir: string;
  pki: TestPki;
  cart: MockCart;
  profile: Profile;
  env: Awaited<ReturnType<typeof startTestShell>>;
  /** Starts a new stand-in on the same port and state (after closing the previous one). */
  restartCart(): Promise<void>;
  stop(): Promise<void>;
}

async function startCart(dir: string, pki: TestPki, port?: number): Promise<MockCart> {
  return startMockCart({
    stateDir: join(dir, 'state'),
    tlsKeyPem: pki.server.keyPem,
    tlsCertPem: pki.server.certPem,
    clientCaPem: pki.ca.certPem,
    now: testClock,
    ...(port ? { port } : {}),
  });
}

export async function startOutboxE2e(): Promise<OutboxE2e> {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-outbox-'));
  const pki = makeTestPki(join(dir, 'pki'), 'E2e-Outbox-Pw-3317');
  let cart = await startCart(dir, pki);
  const port = Number(new URL(cart.url).port);
  const env = await startTestShell(join(dir, 'app'), {
    // Quick probes so "offline" and "back online" show within seconds; Retry-After still wins.
    outbox: { backoff: { baseDelayMs: 500, maxDelayMs: 2_000 }, probeBackoff: { baseDelayMs: 200, maxDelayMs: 1_000 }, settleMs: 0 },
    cartTimeouts: { connectMs: 3_000, headersMs: 20_000, bodyMs: 20_000 },
  });
  const profile: Profile = {
    ...VALID_TEST_PROFILE,
    environment: 'custom',
    baseUrl: cart.url,
    trustedCaFile: cart.caFile,
    clinic: { ...VALID_TEST_PROFILE.clinic, organizationalSetting: 'AD_PSC107' },
    operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
  };
  const saved = await env.core.dispatch('profile:save', { profile });
  if (!saved.ok) throw new Error(`profile not saved: ${JSON.stringify(saved)}`);
  for (const [role, path] of [
    ['auth', pki.authP12],
    ['signature', pki.signatureP12],
  ] as const) {
    const r = await importCertificateFile(env.core.dispatch, role, path, pki.password);
    if (!r.ok) throw new Error(`certificate ${role} not imported: ${JSON.stringify(r)}`);
  }
  await env.core.sending.reconfigure();
  const e2e: OutboxE2e = {
    dir,
    pki,
    cart,
    profile,
    env,
    async restartCart() {
      cart = await startCart(dir, pki, port);
      e2e.cart = cart;
    },
    async stop() {
      await env.stop();
      await e2e.cart.close().catch(() => undefined);
    },
  };
  return e2e;
}

/** A create job input for the signed sample, under its own identificativoDoc (the stand-in keys on it). */
export async function createInput(profile: Profile, tag: string): Promise<EnqueueCreate> {
  const pdf = samplePdf();
  const identificativoDoc = e2eDocId(tag);
  const call = await prepareCartCall(profile, { operation: 'validateAndCreate', pdf, metadata: { identificativoDoc } }, testClock());
  if (call.operation !== 'validateAndCreate') throw new Error('unexpected call');
  return {
    identificativoDoc,
    type: 'RSA',
    pdf,
    claims: call.claims,
    requestBody: { ...call.body, identificativoDoc },
  };
}
