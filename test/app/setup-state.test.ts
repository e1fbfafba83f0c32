// The first-run guide's checklist: a fresh install is "setup to complete", each step done from what is
// stored, and the mode kept in <data>/setup.json (0600) outside both databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SetupStatus } from '../../contract/setup.js';
import { readSetupMode, writeSetupMode } from '../../main/core/app/setup/setup-file.js';
import { setupStatus, writeTestCall } from '../../main/core/app/setup/setup-state.js';
import { startTestCart } from '../support/test-cart.js';
import { testNow } from '../support/clock.js';
import { clinicProfile, configure, OPERATOR, openCore } from './setup-fixture.js';
import { testAppCore } from '../support/app-core.js';

const missing = (s: SetupStatus): string[] => s.steps.filter((x) => !x.done).map((x) => x.id);

test('a fresh install is a setup to complete: mode unset and every step still to do', async () => {
  const core = openCore({ mode: 'unset' });
  try {
    const r = await core.dispatch('setup:status', undefined);
    assert.ok(r.ok);
    const status = r.value as SetupStatus;
    assert.equal(status.mode, 'unset');
    assert.equal(status.complete, false);
    assert.deepEqual(missing(status), ['mode', 'profile', 'certificates', 'operators', 'test-call']);
    assert.ok(
      status.steps.every((s) => s.done || (s.missing && s.missing.length > 0)),
      'each missing step says what to do',
    );
  } finally {
    await core.close();
  }
});

test('the steps are done from what is stored: profile, certificates, operator chosen, test call', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'setup-state-'));
  const { pki, cart } = await startTestCart(join(dir, 'cart'));
  const core = openCore({ mode: 'real' });
  try {
    await configure(core, clinicProfile(cart.url, cart.caFile), pki);
    const r = await core.dispatch('setup:status', undefined);
    assert.ok(r.ok);
    assert.deepEqual(missing(r.value as SetupStatus), ['test-call']);
    writeTestCall(core.db, { at: testNow().toISOString(), xCartId: 'x-1' });
    const after = await core.dispatch('setup:status', undefined);
    assert.ok(after.ok);
    assert.equal((after.value as SetupStatus).complete, true);
    assert.deepEqual((after.value as SetupStatus).testCall, { at: testNow().toISOString(), xCartId: 'x-1' });
  } finally {
    await core.close();
    await cart.close();
  }
});

test('operators are done only when one of the clinic list is chosen as the current operator', () => {
  const base = { mode: 'real' as const, certificates: { slots: [] }, testCall: undefined };
  const profile = clinicProfile('https://127.0.0.1:1/gateway/v2/', '/tmp/ca.pem');
  const step = (p: typeof profile) => setupStatus({ ...base, profile: p }).steps.find((s) => s.id === 'operators')!;
  assert.equal(step(profile).done, true);
  assert.match(step({ ...profile, operators: [] }).missing ?? '', /almeno un operatore/);
  const { operator: _chosen, ...none } = profile;
  assert.match(step(none).missing ?? '', /Scegliere chi sta lavorando/);
  assert.match(step({ ...profile, operator: { fiscalCode: 'RMSLSO31M04Z404R', role: OPERATOR.role } }).missing ?? '', /Scegliere/);
});

test('the mode is kept in setup.json, readable by the user only; a damaged file asks again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'setup-file-'));
  assert.equal(readSetupMode(dir), 'unset');
  writeSetupMode(dir, 'training');
  assert.equal(readSetupMode(dir), 'training');
  if (process.platform !== 'win32') assert.equal(statSync(join(dir, 'setup.json')).mode & 0o777, 0o600);
  writeSetupMode(dir, 'real');
  assert.equal(readSetupMode(dir), 'real');
  writeFileSync(join(dir, 'setup.json'), '{ not json');
  assert.equal(readSetupMode(dir), 'unset');
});

test('a core opened without the desk does not answer the guide (the normal screens show)', async () => {
  const core = testAppCore(mkdtempSync(join(tmpdir(), 'setup-none-')));
  try {
    const r = await core.dispatch('setup:status', undefined);
    assert.equal(r.ok, false);
  } finally {
    await core.close();
  }
});
