// `fse-desk outbox resume`: the command line's «Riprendi invii» (issue 11, finding 8). A pause for authorisation
// is never lifted by a probe or a look-up, so the CLI user needs this after fixing certificates or profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { TEST_CLINIC } from '../support/profiles.js';

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env: {} });
  return { code, json: out ? (JSON.parse(out) as Record<string, unknown>) : {} };
}

test('outbox resume lifts the pause left by refused certificates, and says whether there was one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-resume-'));
  const profile = join(dir, 'profile.json');
  writeFileSync(
    profile,
    JSON.stringify({
      environment: 'stage',
      clinic: TEST_CLINIC,
      software: { applicationId: 'FSE Desk', vendor: 'FSE Desk', version: '0.1.0' },
      dataDir: 'data',
      operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
      authCertificate: { p12: 'missing.p12', passwordEnv: 'X' },
      signatureCertificate: { p12: 'missing.p12', passwordEnv: 'X' },
    }),
  );
  try {
    const drained = await cli(['outbox', 'drain', '--profile', profile]);
    assert.equal((drained.json.counts as { paused: boolean }).paused, true);
    const r = await cli(['outbox', 'resume', '--profile', profile]);
    assert.equal(r.code, 0);
    assert.equal(r.json.resumed, true);
    assert.equal((r.json.counts as { paused: boolean }).paused, false);
    const again = await cli(['outbox', 'resume', '--profile', profile]);
    assert.equal(again.json.resumed, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('outbox resume without --profile prints the usage and exits 2', async () => {
  assert.equal((await cli(['outbox', 'resume'])).code, 2);
});
