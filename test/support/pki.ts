// Test PKI generated at test time. The generator lives with the stand-in gateway (which also
// needs it at run time, for `fse-desk mock-cart`); tests import it from here, which builds every
// validity window around the test clock's anchor (test/support/clock.ts) unless a test gives its own.
import * as generator from '../../mock-cart/test-pki.js';
import { testNow } from './clock.js';

export { cartCn, toPkcs12, TEST_CLINIC_PIVA, type TestCert, type TestPki } from '../../mock-cart/test-pki.js';

/** The generator's options; `now` defaults to testNow(). */
export type CertOptions = Omit<generator.CertOptions, 'now'> & { now?: Date };

export function makeCert(o: CertOptions): generator.TestCert {
  return generator.makeCert({ ...o, now: o.now ?? testNow() });
}

/** CA, server, A1, S1 and document-signer certificates valid from 1 day before testNow() to 365 days after. */
export function makeTestPki(dir: string, password?: string): generator.TestPki {
  return generator.makeTestPki(dir, testNow(), password);
}
