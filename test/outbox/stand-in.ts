// The real stand-in gateway over mutual TLS, with a profile and valid documents for the outbox.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../contract/profile.js';
import { testProfile } from '../support/profiles.js';
import type { MockCart } from '../../mock-cart/server.js';
import { startTestCart } from '../support/test-cart.js';
import { prepareCartCall } from '../../main/core/gateway/execute.js';
import type { EnqueueCreate } from '../../main/core/outbox/outbox.js';
import { testClock } from '../support/clock.js';
import type { TestPki } from '../support/pki.js';
import { samplePdf } from './helpers.js';

export interface StandIn {
  cart: MockCart;
  pki: TestPki;
  profile: Profile;
  profileFile: string;
  env: NodeJS.ProcessEnv;
}

export async function startStandIn(dir: string, o: { latencyMs?: number; port?: number; honourTraceparent?: boolean } = {}): Promise<StandIn> {
  const { pki, cart } = await startTestCart(dir, {
    ...(o.latencyMs ? { latencyMs: o.latencyMs } : {}),
    ...(o.port ? { port: o.port } : {}),
    ...(o.honourTraceparent !== undefined ? { honourTraceparent: o.honourTraceparent } : {}),
  });
  const profile: Profile = testProfile(cart.url, { caFile: cart.caFile, authP12: pki.authP12, signatureP12: pki.signatureP12 }, { dataDir: join(dir, 'data') });
  const profileFile = join(dir, 'profile.json');
  writeFileSync(profileFile, JSON.stringify(profile, null, 2));
  return { cart, pki, profile, profileFile, env: { TEST_AUTH_PW: pki.password, TEST_SIG_PW: pki.password } };
}

export const standInDocId = (prefix: string, n: number): string => `2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.${prefix}${n}`;

/** n create inputs on the same signed sample, each with its own identificativoDoc (the stand-in keys on it). */
export async function standInDocs(profile: Profile, prefix: string, n: number): Promise<EnqueueCreate[]> {
  const pdf = samplePdf();
  const call = await prepareCartCall(profile, { operation: 'validateAndCreate', pdf, metadata: { identificativoDoc: standInDocId(prefix, 0) } }, testClock());
  if (call.operation !== 'validateAndCreate') throw new Error('unexpected call');
  return Array.from({ length: n }, (_, i) => {
    const identificativoDoc = standInDocId(prefix, i);
    return {
      identificativoDoc,
      type: String(call.body.tipoDocumentoLivAlto),
      pdf,
      claims: call.claims,
      requestBody: { ...call.body, identificativoDoc },
    };
  });
}
