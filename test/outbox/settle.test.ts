// Observing a run to its end: `drain({ until: 'settled' })` (CLI `outbox drain --until settled`) also waits
// for the status checks of accepted jobs, whose first delay is the profile's `outbox.firstStatusCheckSeconds`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { confirmPolicyOf, DEFAULT_CONFIRM } from '../../main/core/outbox/confirm.js';
import { validateProfile } from '../../main/core/shared/profile/validate-profile.js';
import { FakePort } from './fake-port.js';
import { createInput } from './helpers.js';
import { testClock } from '../support/clock.js';
import { testProfile } from '../support/profiles.js';

const PKI = { caFile: 'ca.pem', authP12: 'a.p12', signatureP12: 's.p12' };

function withOutbox(port: FakePort, firstDelayMs: number, run: (o: Outbox) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-settle-'));
  // The test clock follows real time, so the runner's sleeps until a check is due really end.
  const outbox = Outbox.open(join(dir, 'o.sqlite'), port, { confirm: { firstDelayMs }, settleMs: 0, now: testClock });
  return run(outbox).finally(() => {
    outbox.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

const success = {
  ok: true as const,
  operation: 'statusByWorkflow' as const,
  httpStatus: 200,
  body: { transactionData: [{ eventType: 'SEND_TO_INI', eventStatus: 'SUCCESS' }] },
};

test('drain until settled waits for the first status check and ends with the job confirmed', async () => {
  const port = new FakePort();
  port.lookupByWorkflow = async (wii) => {
    port.lookups.push(wii);
    return success;
  };
  await withOutbox(port, 200, async (outbox) => {
    const id = outbox.enqueueCreate(createInput(1));
    const report = await outbox.drain({ until: 'settled' });
    assert.equal(report.stoppedBecause, 'empty');
    assert.equal(outbox.job(id)!.state, 'confirmed');
    assert.equal(port.lookups.length, 1);
  });
});

test('drain until empty does not wait for status checks that are not due yet', async () => {
  const port = new FakePort();
  port.lookupByWorkflow = async () => success;
  await withOutbox(port, 3_600_000, async (outbox) => {
    const id = outbox.enqueueCreate(createInput(1));
    await outbox.drain({ until: 'empty' });
    assert.equal(outbox.job(id)!.state, 'accepted');
  });
});

test('drain until settled ends when a job runs out of status checks, leaving it accepted', async () => {
  const port = new FakePort();
  port.lookupByWorkflow = async (wii) => {
    port.lookups.push(wii);
    return { ...success, body: { transactionData: [{ eventType: 'SEND_TO_INI', eventStatus: 'ASYNC_RETRY' }] } };
  };
  const dir = mkdtempSync(join(tmpdir(), 'outbox-settle-'));
  const outbox = Outbox.open(join(dir, 'o.sqlite'), port, { confirm: { firstDelayMs: 10, maxDelayMs: 20, maxChecks: 3 }, now: testClock });
  try {
    const id = outbox.enqueueCreate(createInput(1));
    await outbox.drain({ until: 'settled' });
    const j = outbox.store.job(id)!;
    assert.deepEqual([j.state, j.held], ['accepted', true]);
    assert.equal(port.lookups.length, 3);
  } finally {
    outbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the profile sets the first status-check delay; without it the default stays', () => {
  assert.deepEqual(confirmPolicyOf(testProfile('https://x.invalid/', PKI, { outbox: { firstStatusCheckSeconds: 5 } })), { firstDelayMs: 5_000 });
  assert.deepEqual(confirmPolicyOf(testProfile('https://x.invalid/', PKI)), {});
  assert.equal(DEFAULT_CONFIRM.firstDelayMs, 60_000);
});

test('the profile check accepts outbox.firstStatusCheckSeconds and refuses a negative or fractional one', () => {
  assert.equal(validateProfile(testProfile('https://x.invalid/', PKI, { outbox: { firstStatusCheckSeconds: 30 } })).ok, true);
  for (const bad of [-1, 1.5, '30']) {
    const r = validateProfile({ ...testProfile('https://x.invalid/', PKI), outbox: { firstStatusCheckSeconds: bad } });
    assert.equal(r.ok, false, String(bad));
    assert.ok(!r.ok && r.problems.some((p) => p.path === 'outbox.firstStatusCheckSeconds'));
  }
});

test('saving the profile from its form keeps the outbox timing the form does not show', async () => {
  const { fromForm, toForm } = await import('../../renderer/src/screens/profile-form-model.js');
  const profile = testProfile('https://x.invalid/', PKI, { outbox: { firstStatusCheckSeconds: 30 } });
  assert.deepEqual(fromForm(toForm(profile), profile).outbox, { firstStatusCheckSeconds: 30 });
});
