// `fse-desk mock-cart`: starts the stand-in with its own test PKI and prints one JSON object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadPkcs12 } from '../../main/core/credentials/pkcs12.js';

async function firstLine(stateDir: string): Promise<Record<string, string>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'mock-cart', '--port', '0', '--state-dir', stateDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const rl = createInterface({ input: child.stdout });
    const line = await new Promise<string>((resolve, reject) => {
      rl.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    return JSON.parse(line) as Record<string, string>;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

test('fse-desk mock-cart prints its URL, CA file and test PKCS#12 files as one JSON object', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-cart-cli-'));
  const out = await firstLine(dir);
  assert.match(out.url!, /^https:\/\/127\.0\.0\.1:\d+\/gateway\/v2\/$/);
  for (const f of [out.caFile, out.authP12, out.signatureP12, out.signerP12]) assert.ok(existsSync(f!), f);
  assert.ok(out.passwordEnvHint);
  const auth = loadPkcs12(readFileSync(out.authP12!), out.password!);
  assert.match(auth.certificate.subject, /CN=A1#/);
});

test('fse-desk mock-cart reuses the same test PKI and password on a restart of the same state dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-cart-cli-'));
  const first = await firstLine(dir);
  const second = await firstLine(dir);
  assert.equal(second.password, first.password);
  assert.equal(readFileSync(second.caFile!, 'utf8'), readFileSync(first.caFile!, 'utf8'));
});
