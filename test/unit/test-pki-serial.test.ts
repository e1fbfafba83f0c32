import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { makeCert } from '../support/pki.js';

// Regression: serials used to start with a zero byte, and about one in 256 certificates began
// with two, which OpenSSL refuses ("illegal padding") — a random CI failure.
test('test certificates carry a positive serial in minimal form that OpenSSL accepts', () => {
  const c = makeCert({ commonName: 'serial', keyBits: 2048 });
  assert.match(c.cert.serialNumber, /^[0-7][0-9a-f]{31}$/);
  assert.notEqual(c.cert.serialNumber.slice(0, 2), '00');
  assert.doesNotThrow(() => new X509Certificate(c.certPem));
});
