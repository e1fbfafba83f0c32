// The guide's test call against the real stand-in gateway: a status look-up by a fresh trace id over mutual
// TLS, whose X-CART-id is shown and recorded, or a precise "what to fix".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SetupStatus, TestCallResponse } from '../../contract/setup.js';
import type { AppCore } from '../../main/core/app/app-core.js';
import type { MockCart } from '../../mock-cart/server.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { startTestCart } from '../support/test-cart.js';
import { clinicProfile, configure, openCore } from './setup-fixture.js';

async function withCart(run: (cart: MockCart, pki: TestPki, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'setup-call-'));
  const { cart, pki } = await startTestCart(join(dir, 'cart'));
  try {
    await run(cart, pki, dir);
  } finally {
    await cart.close();
  }
}

async function testCall(core: AppCore): Promise<TestCallResponse> {
  const r = await core.dispatch('setup:test-call', undefined);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value as TestCallResponse;
}

test('a test call the gateway answers shows its X-CART-id and completes the last step', () =>
  withCart(async (cart, pki) => {
    const core = openCore();
    try {
      await configure(core, clinicProfile(cart.url, cart.caFile), pki);
      const r = await testCall(core);
      assert.ok(r.ok, JSON.stringify(r));
      const seen = cart.requests().filter((q) => q.path.includes('/status/search/'));
      assert.equal(seen.length, 1, 'one status look-up reached the gateway');
      assert.equal(r.record.xCartId, seen[0]!.xCartId);
      assert.equal(r.status.complete, true);
      const again = await core.dispatch('setup:status', undefined);
      assert.equal(again.ok && (again.value as SetupStatus).testCall?.xCartId, seen[0]!.xCartId, 'the record is kept in the database');
    } finally {
      await core.close();
    }
  }));

test('a gateway whose server certificate is not trusted points to the server CA under «Avanzate»', () =>
  withCart(async (cart, pki, dir) => {
    const other = makeTestPki(join(dir, 'other-pki'));
    const core = openCore();
    try {
      await configure(core, clinicProfile(cart.url, other.caFile), pki);
      const r = await testCall(core);
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.problem === 'server-ca', JSON.stringify(r));
      assert.match(r.message, /«Avanzate»/);
      assert.match(r.message, /autorità di certificazione/);
      assert.equal(r.status.steps.find((s) => s.id === 'test-call')?.done, false);
    } finally {
      await core.close();
    }
  }));

test('a client certificate the gateway refuses points to the authentication certificate', () =>
  withCart(async (cart, _pki, dir) => {
    // Right CN form, issued by a CA the gateway does not know.
    const stranger = makeTestPki(join(dir, 'stranger-pki'));
    const core = openCore();
    try {
      await configure(core, clinicProfile(cart.url, cart.caFile), stranger);
      const r = await testCall(core);
      assert.ok(!r.ok && r.problem === 'client-certificate', JSON.stringify(r));
      assert.match(r.message, /certificato di autenticazione/);
    } finally {
      await core.close();
    }
  }));

test('a 403 AuthorizationContentDeny says the software identity or the certificate is not enabled, with the X-CART-id', () =>
  withCart(async (cart, pki) => {
    const core = openCore();
    try {
      await configure(core, clinicProfile(cart.url, cart.caFile), pki);
      // The frontier's answer to a product or certificate not enabled (GATEWAY.md, 403 AuthorizationContentDeny).
      cart.addFault({ fault: { kind: 'problem', status: 403, type: 'AuthorizationContentDeny' }, operation: 'status' });
      const r = await testCall(core);
      assert.ok(!r.ok && r.problem === 'software-identity', JSON.stringify(r));
      assert.match(r.message, /identità del software/);
      assert.equal(r.xCartId, cart.requests().at(-1)!.xCartId);
    } finally {
      await core.close();
    }
  }));

test('a gateway that cannot be reached says to check the network', () =>
  withCart(async (cart, pki) => {
    const url = cart.url;
    await cart.close();
    const core = openCore();
    try {
      await configure(core, clinicProfile(url, cart.caFile), pki);
      const r = await testCall(core);
      assert.ok(!r.ok && r.problem === 'network', JSON.stringify(r));
    } finally {
      await core.close();
    }
  }));

test('without certificates no call is made and the guide says which step comes first', async () => {
  const core = openCore();
  try {
    const saved = await core.dispatch('profile:save', { profile: clinicProfile('https://127.0.0.1:9/gateway/v2/', '/nonexistent/ca.pem') });
    assert.ok(saved.ok, JSON.stringify(saved));
    const r = await testCall(core);
    assert.ok(!r.ok && r.problem === 'setup', JSON.stringify(r));
    assert.match(r.message, /certificat/);
  } finally {
    await core.close();
  }
});

test('a training core calls only its own stand-in: another address is refused before any connection', () =>
  withCart(async (cart, pki) => {
    const core = openCore({ mode: 'training', onlyGateway: 'https://127.0.0.1:1/gateway/v2/' });
    try {
      await configure(core, clinicProfile(cart.url, cart.caFile), pki);
      const r = await testCall(core);
      assert.ok(!r.ok && r.problem === 'setup', JSON.stringify(r));
      assert.match(r.message, /modalità prova/);
      await core.sending.reconfigure();
      const overview = await core.dispatch('outbox:overview', {});
      assert.ok(overview.ok);
      assert.match(JSON.stringify(overview.value), /modalità prova/, 'the outbox is paused with the reason');
      assert.equal(cart.requests().length, 0, 'nothing reached the other gateway');
      assert.equal(cart.tlsRefusals().length, 0);
    } finally {
      await core.close();
    }
  }));
