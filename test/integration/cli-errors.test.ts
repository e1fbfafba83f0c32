// Every file the CLI reads, and the database it opens, can be missing, a folder, damaged or from a newer
// version: the real `fse-desk` process then prints one JSON error object and exits 1 (2 for bad input),
// never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki } from '../support/pki.js';
import { TEST_CLINIC, testProfile } from '../support/profiles.js';
import { reportUnexpectedError } from '../../main/cli/cli-errors.js';
import { openCliDatabase } from '../../main/cli/cart-command.js';
import { loadProfileFile } from '../../main/cli/profile-file.js';
import { keyFileSource, openDatabase, storageFaultAdvice } from '../../main/core/shared/index.js';
import type { Profile } from '../../contract/profile.js';

const PW = 'Cli-Errors-Pw-4417';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: { ok: boolean; error: Record<string, unknown> & { type?: string; message?: string } };
}

/** Runs the real CLI in its own process, with its logs in a folder of the test's. */
function fseDesk(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, FSE_DESK_LOG_DIR: mkdtempSync(join(tmpdir(), 'cli-errors-log-')), TEST_AUTH_PW: PW, TEST_SIG_PW: PW, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: JSON.parse(r.stdout) as Run['json'] };
}

/** One JSON object on stdout, nothing that looks like a stack frame anywhere. */
function assertOneJsonError(r: Run, code: number): void {
  assert.equal(r.code, code, r.stdout + r.stderr);
  assert.equal(r.json.ok, false);
  assert.equal(typeof r.json.error, r.json.error && typeof r.json.error === 'object' ? 'object' : 'string');
  for (const text of [r.stdout, r.stderr]) assert.doesNotMatch(text, /^\s+at /m, 'a stack trace was printed');
}

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'cli-errors-'));
}

function writeProfile(folder: string, profile: Partial<Profile> & Record<string, unknown>): string {
  const file = join(folder, 'profile.json');
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

/** A profile with the test PKI's working certificates; `extra` breaks one thing. */
function pkiProfile(extra: Partial<Profile> = {}): { folder: string; profile: string } {
  const folder = dir();
  const pki = makeTestPki(join(folder, 'pki'), PW);
  return { folder, profile: writeProfile(folder, { ...testProfile('https://127.0.0.1:9', pki), dataDir: join(folder, 'data'), ...extra }) };
}

// ---- files given on the command line ----

test('publish with a --pdf that does not exist: one JSON error, exit 2', () => {
  const folder = dir();
  const r = fseDesk(['publish', '--profile', writeProfile(folder, {}), '--pdf', join(folder, 'missing.pdf')]);
  assertOneJsonError(r, 2);
  assert.equal(r.json.error.type, 'local/input');
  assert.match(String(r.json.error.message), /missing\.pdf/);
});

test('publish with a folder as --pdf: one JSON error, exit 2', () => {
  const folder = dir();
  const r = fseDesk(['publish', '--profile', writeProfile(folder, {}), '--pdf', folder]);
  assertOneJsonError(r, 2);
  assert.equal(r.json.error.type, 'local/input');
});

test('a profile file that does not exist, or is a folder: one JSON error, exit 2', () => {
  const folder = dir();
  writeFileSync(join(folder, 'doc.pdf'), '%PDF-1.7\n');
  const missing = fseDesk(['publish', '--profile', join(folder, 'nope.json'), '--pdf', join(folder, 'doc.pdf')]);
  assertOneJsonError(missing, 2);
  assert.equal(missing.json.error.type, 'local/profile');
  const folderProfile = fseDesk(['profile', 'check', '--profile', folder]);
  assertOneJsonError(folderProfile, 2);
  assert.match(String(folderProfile.json.error), /EISDIR/);
});

test('prepare with a --input report that does not exist, or is a folder: one JSON error, exit 2', () => {
  const { folder, profile } = pkiProfile({ documentSigner: { p12: 'signer.p12', passwordEnv: 'TEST_SIG_PW' } });
  for (const input of [join(folder, 'missing.json'), folder]) {
    const r = fseDesk(['prepare', '--profile', profile, '--type', 'RSA', '--input', input, '--out', join(folder, 'out.pdf')]);
    assertOneJsonError(r, 2);
    assert.match(String(r.json.error), /cannot read report/);
  }
});

test('prepare with an existing --pdf that does not exist: one JSON error, exit 2', () => {
  const { folder, profile } = pkiProfile({ documentSigner: { p12: 'signer.p12', passwordEnv: 'TEST_SIG_PW' } });
  writeFileSync(join(folder, 'report.json'), '{}');
  const r = fseDesk([
    'prepare',
    '--profile',
    profile,
    '--type',
    'RSA',
    '--input',
    join(folder, 'report.json'),
    '--out',
    join(folder, 'o.pdf'),
    '--pdf',
    join(folder, 'x.pdf'),
  ]);
  assertOneJsonError(r, 2);
  assert.equal(r.json.error.type, 'local/input');
  assert.match(String(r.json.error.message), /x\.pdf/);
});

test('prepare with a folder as the report-signing certificate: one JSON error naming it, exit 2', () => {
  const { folder, profile } = pkiProfile();
  mkdirSync(join(folder, 'signer.p12'));
  writeFileSync(profile, JSON.stringify({ ...JSON.parse(readFileSync(profile, 'utf8')), documentSigner: { p12: 'signer.p12', passwordEnv: 'TEST_SIG_PW' } }));
  writeFileSync(join(folder, 'report.json'), '{}');
  const r = fseDesk(['prepare', '--profile', profile, '--type', 'RSA', '--input', join(folder, 'report.json'), '--out', join(folder, 'o.pdf')]);
  assertOneJsonError(r, 2);
  assert.match(String(r.json.error), /certificato di firma dei referti.*signer\.p12/);
});

// ---- files named in the profile ----

test('a trustedCaFile that does not exist: outbox drain prints one JSON error, exit 2', () => {
  const { folder, profile } = pkiProfile();
  writeFileSync(profile, JSON.stringify({ ...JSON.parse(readFileSync(profile, 'utf8')), trustedCaFile: join(folder, 'no-ca.pem') }));
  const r = fseDesk(['outbox', 'drain', '--profile', profile]);
  assertOneJsonError(r, 2);
  assert.equal(r.json.error.type, 'local/profile');
  assert.match(String(r.json.error.message), /trustedCaFile/);
});

test('a trustedCaFile that does not exist: status prints one JSON error, exit 2', () => {
  const { folder, profile } = pkiProfile();
  writeFileSync(profile, JSON.stringify({ ...JSON.parse(readFileSync(profile, 'utf8')), trustedCaFile: join(folder, 'no-ca.pem') }));
  const r = fseDesk(['status', '--profile', profile, '--trace', '0af7651916cd43dd8448eb211c80319c']);
  assertOneJsonError(r, 2);
  assert.match(String(r.json.error.message), /trustedCaFile/);
});

test('an authentication certificate that is a folder: outbox drain prints one JSON error, exit 1 (queue paused)', () => {
  const { folder, profile } = pkiProfile();
  mkdirSync(join(folder, 'A1.p12'));
  const p = JSON.parse(readFileSync(profile, 'utf8')) as Profile;
  writeFileSync(profile, JSON.stringify({ ...p, authCertificate: { ...p.authCertificate!, p12: join(folder, 'A1.p12') } }));
  const r = fseDesk(['outbox', 'drain', '--profile', profile]);
  assertOneJsonError(r, 1);
  assert.equal(r.json.error.type, 'local/certificate');
  assert.match(String(r.json.error.message), /file non leggibile/);
});

// ---- the database ----

/** A data folder the CLI has used (encrypted database and its key file), and the profile pointing at it. */
function usedDatabase(): { folder: string; profile: string; db: string } {
  const folder = dir();
  const profile = writeProfile(folder, {
    environment: 'stage',
    clinic: TEST_CLINIC,
    software: { applicationId: 'FSE Desk', vendor: 'FSE Desk Srl', version: '0.1.0' },
    dataDir: 'data',
  });
  openCliDatabase(loadProfileFile(profile), profile, {}).close();
  return { folder, profile, db: join(folder, 'data', 'fse-desk.sqlite') };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

test('a corrupt database: one JSON error saying what happened, what to do and which file, exit 1; the file is untouched', () => {
  const { profile, db } = usedDatabase();
  writeFileSync(db, randomBytes(statSync(db).size));
  const before = sha256(db);
  const r = fseDesk(['outbox', 'list', '--profile', profile]);
  assertOneJsonError(r, 1);
  assert.equal(r.json.error.type, 'local/storage-corrupt');
  assert.equal(r.json.error.file, db);
  assert.equal(r.json.error.message, storageFaultAdvice('corrupt').advice);
  assert.equal(sha256(db), before);
});

test('a database from a newer version: one JSON error with the advice to update, exit 1; the file is untouched', () => {
  const { folder, profile, db } = usedDatabase();
  const open = openDatabase(db, { key: keyFileSource(join(folder, 'data', 'database.key'), db) });
  open.pragma('user_version = 999');
  open.close();
  const before = sha256(db);
  const r = fseDesk(['outbox', 'list', '--profile', profile]);
  assertOneJsonError(r, 1);
  assert.equal(r.json.error.type, 'local/storage-too-new');
  assert.match(String(r.json.error.message), /Aggiornare l.applicazione/);
  assert.equal(sha256(db), before);
});

test('a folder where the database file should be: one JSON error, exit 2', () => {
  const folder = dir();
  mkdirSync(join(folder, 'data', 'fse-desk.sqlite'), { recursive: true });
  const profile = writeProfile(folder, {
    environment: 'stage',
    clinic: TEST_CLINIC,
    software: { applicationId: 'FSE Desk', vendor: 'FSE Desk Srl', version: '0.1.0' },
    dataDir: 'data',
  });
  const r = fseDesk(['outbox', 'list', '--profile', profile]);
  assertOneJsonError(r, 2);
  assert.equal(r.json.error.type, 'local/storage-not-a-file');
});

test('the database key file missing, or a folder: one JSON error naming the database, exit 2; the database is untouched', () => {
  const { folder, profile, db } = usedDatabase();
  const keyFile = join(folder, 'data', 'database.key');
  const before = sha256(db);
  rmSync(keyFile);
  const missing = fseDesk(['outbox', 'list', '--profile', profile]);
  assertOneJsonError(missing, 2);
  assert.equal(missing.json.error.type, 'local/storage-key-missing');
  assert.equal(missing.json.error.file, db);
  mkdirSync(keyFile);
  const folderKey = fseDesk(['outbox', 'list', '--profile', profile]);
  assertOneJsonError(folderKey, 2);
  assert.equal(folderKey.json.error.type, 'local/storage-key-missing');
  assert.equal(sha256(db), before);
});

test('a database on a read-only disk: outbox drain prints one JSON error with the reason, exit 1; the file is untouched', () => {
  const { folder, profile, db } = usedDatabase();
  const before = sha256(db);
  const data = join(folder, 'data');
  // Read-only for real, root included (the immutable flag); chmod for an ordinary user.
  const root = process.getuid?.() === 0;
  if (root) assert.equal(spawnSync('chattr', ['+i', db, data]).status, 0);
  else [db, data].forEach((p) => chmodSync(p, statSync(p).isDirectory() ? 0o555 : 0o444));
  try {
    const r = fseDesk(['outbox', 'drain', '--profile', profile]);
    assertOneJsonError(r, 1);
    assert.equal(r.json.error.type, 'local/storage-read-only');
    assert.equal(r.json.error.file, db);
  } finally {
    if (root) spawnSync('chattr', ['-i', db, data]);
    else [db, data].forEach((p) => chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644));
  }
  assert.equal(sha256(db), before);
});

test('a database on a read-only disk: outbox list still lists (read-only, and says so); the file is untouched', () => {
  const { folder, profile, db } = usedDatabase();
  const before = sha256(db);
  const data = join(folder, 'data');
  const root = process.getuid?.() === 0;
  if (root) assert.equal(spawnSync('chattr', ['+i', db, data]).status, 0);
  else [db, data].forEach((p) => chmodSync(p, statSync(p).isDirectory() ? 0o555 : 0o444));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'outbox', 'list', '--profile', profile], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const json = JSON.parse(r.stdout) as { ok: boolean; readOnly?: boolean; jobs: unknown[] };
    assert.equal(json.ok, true);
    assert.equal(json.readOnly, true);
    assert.deepEqual(json.jobs, []);
  } finally {
    if (root) spawnSync('chattr', ['-i', db, data]);
    else [db, data].forEach((p) => chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644));
  }
  assert.equal(sha256(db), before);
});

// ---- the last resort ----

test('a file-system error no command foresaw is named in one JSON error, exit 1', () => {
  const folder = dir();
  writeFileSync(join(folder, 'not-a-folder'), 'x');
  const r = fseDesk(['mock-cart', '--port', '0', '--state-dir', join(folder, 'not-a-folder')]);
  assertOneJsonError(r, 1);
  assert.equal(r.json.error.type, 'local/file');
  assert.match(String(r.json.error.message), /not-a-folder/);
});

test('an unexpected error prints a generic JSON message; its stack goes to the log file only', () => {
  const logDir = dir();
  let out = '';
  let err = '';
  const code = reportUnexpectedError(
    new TypeError('something nobody foresaw'),
    { out: (t) => void (out += t), err: (t) => void (err += t), env: { FSE_DESK_LOG_DIR: logDir } },
    'outbox drain',
  );
  assert.equal(code, 1);
  assert.equal(err, '');
  const json = JSON.parse(out) as Run['json'];
  assert.equal(json.error.type, 'local/internal');
  assert.doesNotMatch(out, /something nobody foresaw|^\s+at /m);
  const logFile = join(logDir, 'cli.log');
  assert.equal(json.error.log, logFile);
  assert.ok(existsSync(logFile));
  const logged = JSON.parse(readFileSync(logFile, 'utf8').trim()) as { command: string; error: string; stack: string };
  assert.equal(logged.command, 'outbox drain');
  assert.equal(logged.error, 'something nobody foresaw');
  assert.match(logged.stack, /\n\s+at /);
});
