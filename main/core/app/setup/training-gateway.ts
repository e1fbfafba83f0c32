// «Modalità prova»: the stand-in CART gateway (mock-cart/) started inside the app process, on 127.0.0.1 only,
// with a test PKI generated once in the training folder and reused at every start (its CA, its A1#/S1#
// certificates and their random password stay in <data>/prova/gateway/pki). The stand-in is loaded with a
// dynamic import so that the app does not load it unless training is chosen (scripts/import-rules.ts allows
// exactly this import).
import { join } from 'node:path';
import { BUILT_IN_SOFTWARE_IDENTITY } from '../../../../contract/software-identity.js';
import type { Clock } from '../../shared/index.js';

export interface TrainingGateway {
  /** Base URL, https://127.0.0.1:<port>/gateway/v2/ (a new port at each start). */
  url: string;
  /** The CA of the stand-in's server certificate: the demo profile's trusted CA. */
  caFile: string;
  /** The demo clinic's certificates (PKCS#12) and their password. */
  pki: { authP12: string; signatureP12: string; signerP12: string; password: string };
  close(): Promise<void>;
}

export async function startTrainingGateway(trainingDir: string, now: Clock): Promise<TrainingGateway> {
  const { startMockCartWithTestPki } = await import('../../../../mock-cart/server.js');
  const { cart, pki } = await startMockCartWithTestPki({
    stateDir: join(trainingDir, 'gateway'),
    now,
    // Like the real frontier: the product's own identity is the registered one, so an override typed under
    // «Avanzate» is refused in training as it would be at the Region.
    registeredSoftware: { ...BUILT_IN_SOFTWARE_IDENTITY },
  });
  return { url: cart.url, caFile: cart.caFile, pki, close: () => cart.close() };
}
