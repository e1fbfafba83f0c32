// The stand-in gateway as the tests start it: a fresh test PKI in <dir>/pki (its server certificate
// for TLS, its CA for the clients), state in <dir>/state, time from the test clock.
import { join } from 'node:path';
import { startMockCart, type MockCart, type MockCartOptions } from '../../mock-cart/server.js';
import { testClock } from './clock.js';
import { makeTestPki, type TestPki } from './pki.js';

/** Options of the stand-in other than its PKI, state folder and clock. */
export type TestCartOptions = Omit<Partial<MockCartOptions>, 'stateDir' | 'tlsKeyPem' | 'tlsCertPem' | 'clientCaPem'>;

export async function startTestCart(dir: string, options: TestCartOptions = {}): Promise<{ pki: TestPki; cart: MockCart }> {
  const pki = makeTestPki(join(dir, 'pki'));
  const cart = await startMockCart({
    stateDir: join(dir, 'state'),
    tlsKeyPem: pki.server.keyPem,
    tlsCertPem: pki.server.certPem,
    clientCaPem: pki.ca.certPem,
    now: testClock,
    ...options,
  });
  return { pki, cart };
}
