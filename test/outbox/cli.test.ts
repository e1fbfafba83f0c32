import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { createInput } from './helpers.js';
import { testClock } from '../support/clock.js';
import { TEST_CLINIC } from '../support/profiles.js';

const PROFILE = {
  environment: 'stage',
  clinic: TEST_CLINIC,
  software: { applicationId: 'FSE Desk', vendor: 'FSE Desk', version: '0.1.0' },
  dataDir: 'data',
};

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env: {} });
  return { code, json: out ? (JSON.parse(out) as Record<string, unknown>) : {} };
}

function setUp(): { dir: string; profile: string; ids: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-cli-'));
  const profile = join(dir, 'profile.json');
  writeFileSync(profile, JSON.stringify(PROFILE));
  const outbox = Outbox.open(join(dir, 'data', 'fse-desk.sqlite'), undefined, { now: testClock });
  const ids = [outbox.enqueueCreate(createInput(1)), outbox.enqueueCreate(createInput(2))];
  outbox.close();
  return { dir, profile, ids };
}

test('outbox list prints the jobs and counts as JSON without patient data', async () => {
  const { dir, profile } = setUp();
  try {
    const r = await cli(['outbox', 'list', '--profile', profile]);
    assert.equal(r.code, 0);
    assert.equal((r.json.counts as { queued: number }).queued, 2);
    assert.equal((r.json.jobs as unknown[]).length, 2);
    assert.doesNotMatch(JSON.stringify(r.json), /RMSLSO31M04Z404R/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('outbox cancel withdraws a queued job and outbox retry refuses it with exit 1', async () => {
  const { dir, profile, ids } = setUp();
  try {
    const c = await cli(['outbox', 'cancel', String(ids[0]), '--profile', profile]);
    assert.equal(c.code, 0);
    assert.equal((c.json.job as { state: string }).state, 'cancelled');
    const r = await cli(['outbox', 'retry', String(ids[0]), '--profile', profile]);
    assert.equal(r.code, 1);
    assert.equal(r.json.ok, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('outbox commands answer exit 2 to a missing job id or an unknown job', async () => {
  const { dir, profile } = setUp();
  try {
    assert.equal((await cli(['outbox', 'retry', '--profile', profile])).code, 2);
    assert.equal((await cli(['outbox', 'cancel', '999', '--profile', profile])).code, 2);
    assert.equal((await cli(['outbox', 'list', '--profile', profile, '--state', 'nonsense'])).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('outbox drain with certificates that cannot be opened pauses the queue and exits 1', async () => {
  const { dir, profile } = setUp();
  try {
    writeFileSync(
      profile,
      JSON.stringify({
        ...PROFILE,
        operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
        authCertificate: { p12: 'missing.p12', passwordEnv: 'X' },
        signatureCertificate: { p12: 'missing.p12', passwordEnv: 'X' },
      }),
    );
    const r = await cli(['outbox', 'drain', '--profile', profile]);
    assert.equal(r.code, 1);
    assert.equal((r.json.counts as { paused: boolean }).paused, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
