// Issue 13's acceptance test: after preparing and publishing documents through the real flow (the CLI
// against the CART stand-in), then starting the app core on the same data folder (which takes its daily
// backup and writes its log), the raw bytes of EVERY file in the data folder — database, -wal, -shm,
// backups, key and state files, logs — hold no patient tax code (ASCII or UTF-16) and no PDF.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { runCli } from '../../main/cli/main.js';
import { createAppCore } from '../../main/core/app/app-core.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { createLogger } from '../../main/core/shared/logger.js';
import type { MockCart } from '../../mock-cart/server.js';
import { testClock } from '../support/clock.js';
import { startTestCart } from '../support/test-cart.js';
import type { TestPki } from '../support/pki.js';
import { testProfile } from '../gateway/helpers.js';

const PATIENT_CF = 'RMSLSO31M04Z404R'; // examples/reports/rsa.json

let dir: string;
let dataDir: string;
let pki: TestPki;
let cart: MockCart;
let profileFile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fse-at-rest-'));
  dataDir = join(dir, 'data');
  ({ pki, cart } = await startTestCart(dir));
  profileFile = join(dir, 'profile.json');
  writeFileSync(profileFile, JSON.stringify({ ...testProfile(cart.url, pki), documentSigner: { p12: pki.signerP12, passwordEnv: 'TEST_SIGNER_PW' }, dataDir }));
});

after(async () => cart?.close());

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const env = { ...process.env, TEST_AUTH_PW: pki.password, TEST_SIG_PW: pki.password, TEST_SIGNER_PW: pki.password };
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env });
  return { code, json: JSON.parse(out) as Record<string, unknown> };
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every file in the data folder that holds the tax code or PDF bytes, with what it holds. */
function leaks(pdfs: Buffer[]): string[] {
  const needles: Array<[string, Buffer]> = [
    ['tax code (ASCII)', Buffer.from(PATIENT_CF, 'latin1')],
    ['tax code (UTF-16)', Buffer.from(PATIENT_CF, 'utf16le')],
    ['tax code (lower case)', Buffer.from(PATIENT_CF.toLowerCase(), 'latin1')],
    ['PDF header', Buffer.from('%PDF-', 'latin1')],
    // Chunks from the start, middle and end of each signed PDF (its content, its signature).
    ...pdfs.flatMap((pdf, i): Array<[string, Buffer]> =>
      [0.1, 0.5, 0.9].map((at): [string, Buffer] => [`PDF ${i} bytes at ${at}`, pdf.subarray(Math.floor(pdf.length * at), Math.floor(pdf.length * at) + 48)]),
    ),
  ];
  const found: string[] = [];
  for (const file of filesUnder(dataDir)) {
    const raw = readFileSync(file);
    for (const [what, bytes] of needles) if (raw.includes(bytes)) found.push(`${relative(dataDir, file)}: ${what}`);
  }
  return found;
}

test('after preparing and publishing documents, no file in the data folder holds a tax code or a PDF', async () => {
  const pdfs: Buffer[] = [];
  for (const localId of ['REST-1', 'REST-2']) {
    const pdf = join(dir, `${localId}.pdf`);
    const prepared = await cli([
      'prepare',
      '--profile',
      profileFile,
      '--type',
      'RSA',
      '--input',
      'examples/reports/rsa.json',
      '--out',
      pdf,
      '--local-id',
      localId,
    ]);
    assert.equal(prepared.code, 0, JSON.stringify(prepared.json));
    const published = await cli(['publish', '--profile', profileFile, '--pdf', pdf]);
    assert.equal(published.code, 0, JSON.stringify(published.json));
    pdfs.push(readFileSync(pdf));
  }
  assert.ok(pdfs[0]!.includes(Buffer.from(PATIENT_CF)), 'the signed PDF itself carries the tax code (so the check below means something)');
  assert.deepEqual(leaks(pdfs), [], 'after the CLI');

  // The app on the same folder: opens the same database with the same key file, takes its backup, logs.
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const log = createLogger((line) => appendFileSync(join(dataDir, 'logs', 'main.log'), line));
  const core = createAppCore({ dataDir, version: 'test', shell: 'browser-shell', log, secrets: createMemorySecretStore(), now: testClock });
  try {
    await core.backup;
    assert.equal(core.outbox.list().length, 2, 'the app reads what the CLI published');
    const names = filesUnder(dataDir).map((f) => relative(dataDir, f));
    for (const expected of ['fse-desk.sqlite', 'fse-desk.sqlite-wal', 'fse-desk.sqlite-shm', 'database.key', 'logs/main.log']) {
      assert.ok(names.includes(expected), `${expected} is among the files checked: ${names.join(', ')}`);
    }
    assert.ok(
      names.some((n) => n.startsWith('backups/')),
      'a backup is among the files checked',
    );
    assert.deepEqual(leaks(pdfs), [], 'with the app running');
  } finally {
    await core.close();
  }
  assert.deepEqual(leaks(pdfs), [], 'after the app closed');
});
