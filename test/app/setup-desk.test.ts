// The desk's modes: «Modalità prova» starts the stand-in inside the process with a demo clinic in
// <data>/prova, and switching to real use reopens <data> with its own (clean) outbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../contract/profile.js';
import type { SetupStatus, TestCallResponse } from '../../contract/setup.js';
import { startDesk } from '../../main/core/app/setup/desk.js';
import { readSetupMode } from '../../main/core/app/setup/setup-file.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { testClock } from '../support/clock.js';

const openDesk = (dataDir: string) =>
  startDesk({ dataDir, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now: testClock });

test('a fresh desk opens the real data folder with the mode still to choose', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-fresh-'));
  const desk = openDesk(dataDir);
  try {
    const r = await desk.dispatch('setup:status', undefined);
    assert.ok(r.ok);
    assert.equal((r.value as SetupStatus).mode, 'unset');
    assert.equal((await desk.dispatch('app:info', undefined)).ok, true);
    assert.equal(existsSync(join(dataDir, 'fse-desk.sqlite')), true);
    assert.equal(existsSync(join(dataDir, 'prova')), false);
  } finally {
    await desk.close();
  }
});

test('training mode runs a demo clinic against the stand-in in its own folder, and the test call passes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-training-'));
  const desk = openDesk(dataDir);
  try {
    const chosen = await desk.dispatch('setup:choose-mode', { mode: 'training' });
    assert.ok(chosen.ok, JSON.stringify(chosen));
    const status = chosen.value as SetupStatus;
    assert.equal(status.mode, 'training');
    assert.equal(readSetupMode(dataDir), 'training');
    const done = (id: string) => status.steps.find((s) => s.id === id)?.done;
    assert.equal(done('profile'), true, 'the demo clinic is valid');
    assert.equal(done('certificates'), true, 'the demo certificates are imported');
    assert.equal(done('operators'), false, 'who operates is for the person to choose');
    const info = await desk.dispatch('app:info', undefined);
    assert.ok(info.ok);
    assert.equal((info.value as { dataDir: string }).dataDir, join(dataDir, 'prova'));
    const profile = (await desk.dispatch('profile:get', undefined)) as { ok: true; value: Profile };
    assert.match(profile.value.baseUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+\/gateway\/v2\/$/);
    assert.ok((profile.value.doctors?.length ?? 0) >= 1 && (profile.value.operators?.length ?? 0) >= 1);
    const operator = profile.value.operators![0]!;
    const saved = await desk.dispatch('profile:save', { profile: { ...profile.value, operator: { fiscalCode: operator.fiscalCode, role: operator.role } } });
    assert.ok(saved.ok, JSON.stringify(saved));
    const call = await desk.dispatch('setup:test-call', undefined);
    assert.ok(call.ok);
    const outcome = call.value as TestCallResponse;
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.status.complete, true);
  } finally {
    await desk.close();
  }
});

test('switching to real use reopens the real folder: no demo clinic, a clean outbox, training kept apart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-switch-'));
  const desk = openDesk(dataDir);
  try {
    assert.ok((await desk.dispatch('setup:choose-mode', { mode: 'training' })).ok);
    const real = await desk.dispatch('setup:choose-mode', { mode: 'real' });
    assert.ok(real.ok, JSON.stringify(real));
    assert.equal((real.value as SetupStatus).mode, 'real');
    const profile = await desk.dispatch('profile:get', undefined);
    assert.deepEqual(profile, { ok: true, value: null }, 'the real database has no demo profile');
    const overview = await desk.dispatch('outbox:overview', { limit: 10 });
    assert.ok(overview.ok);
    assert.equal((overview.value as { jobs: unknown[] }).jobs.length, 0);
    assert.equal(existsSync(join(dataDir, 'prova', 'fse-desk.sqlite')), true, 'the training database stays in its folder');
    const info = await desk.dispatch('app:info', undefined);
    assert.equal(info.ok && (info.value as { dataDir: string }).dataDir, dataDir);
  } finally {
    await desk.close();
  }
});

test('a desk reopened after training starts in training again (the mode is kept)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-reopen-'));
  const first = openDesk(dataDir);
  assert.ok((await first.dispatch('setup:choose-mode', { mode: 'training' })).ok);
  await first.close();
  const again = openDesk(dataDir);
  try {
    const r = await again.dispatch('setup:status', undefined);
    assert.ok(r.ok);
    assert.equal((r.value as SetupStatus).mode, 'training');
    assert.equal((r.value as SetupStatus).steps.find((s) => s.id === 'certificates')?.done, true, 'the demo certificates are imported again');
  } finally {
    await again.close();
  }
});

test('an unknown mode is refused', async () => {
  const desk = openDesk(mkdtempSync(join(tmpdir(), 'desk-bad-')));
  try {
    const r = await desk.dispatch('setup:choose-mode', { mode: 'production' });
    assert.equal(r.ok, false);
  } finally {
    await desk.close();
  }
});
