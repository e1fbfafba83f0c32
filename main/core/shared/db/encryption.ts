// Whole-file encryption of the database with SQLite3 Multiple Ciphers in its SQLCipher 4 scheme
// (AES-256-CBC per page, HMAC-SHA512 per page, `legacy=4`). Chosen over the fork's default
// ChaCha20-Poly1305 because SQLCipher 4 is the format every tool reads (sqlcipher CLI, DB Browser for
// SQLite, SQLCipher for Android/.NET): an integrator or a recovery service can open a clinic's file
// with the key without our code. The key is 32 random bytes given raw (x'…'), so no password KDF runs
// on open. WAL frames are encrypted the same way, and VACUUM INTO writes a copy encrypted with the same key.
import { createHmac } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync } from 'node:fs';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { PRIVATE_FILE_MODE, syncDir, writePrivateFile } from './private-files.js';
import { sqlite } from './sqlite-addon.js';
import { StorageFault } from './storage-fault.js';
import { dirname } from 'node:path';

/** Beside the database, `<file>.state.json` (0600): how the file is encrypted and when it was last checked. */
export interface DatabaseState {
  /** The encryption scheme, for whoever opens the file with another tool. */
  cipher?: 'sqlcipher-4';
  /** HMAC of a fixed label under the key: tells a wrong key from a damaged file. Reveals nothing of the key. */
  keyCheck?: string;
  /** ISO time of the last passed quick_check. */
  lastQuickCheck?: string;
}

export const stateFileOf = (file: string): string => `${file}.state.json`;

export function readDatabaseState(file: string): DatabaseState | undefined {
  try {
    const parsed = JSON.parse(readFileSync(stateFileOf(file), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as DatabaseState) : undefined;
  } catch {
    // Missing or unreadable: the state is a hint (when to check, which fault to report), never data.
    return undefined;
  }
}

export function writeDatabaseState(file: string, state: DatabaseState): void {
  try {
    writePrivateFile(stateFileOf(file), JSON.stringify(state));
  } catch {
    // A full disk here must not stop the open that just succeeded; the state is rewritten next time.
  }
}

export function keyCheckOf(key: Buffer): string {
  return createHmac('sha256', key).update('fse-desk database key check v1').digest('hex').slice(0, 32);
}

/** Sets the cipher and the raw key on a connection before its first read. */
export function applyKey(db: Database, key: Buffer): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** 'plain' for an unencrypted SQLite file; 'other' for anything else (encrypted, damaged or foreign). */
export function fileHeaderKind(file: string): 'plain' | 'other' {
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(SQLITE_MAGIC) ? 'plain' : 'other';
}

function rowCounts(db: Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      db
        .prepare(`SELECT count(*) FROM "${t.replaceAll('"', '""')}"`)
        .pluck()
        .get() as number,
    ]),
  );
}

function checkOk(db: Database, file: string, what: string): void {
  const result = db.pragma('quick_check', { simple: true });
  if (result !== 'ok') throw new StorageFault('corrupt', file, `${what}: integrity check failed: ${String(result)}`);
}

/**
 * Encrypts a plain database (one written by a release before encryption) in place, without loss:
 * the plain file is settled (WAL folded in), copied, the copy encrypted and verified (integrity and the
 * row count of every table), and only then renamed over the original. Until that rename the original is
 * untouched and is what the next open finds; a crash leaves at most `<file>.encrypting`, removed next time.
 * A damaged or too-new plain file is refused before anything is written.
 */
export function encryptPlainDatabase(file: string, key: Buffer, latestVersion: number): void {
  const Sqlite = sqlite();
  const tmp = `${file}.encrypting`;
  rmSync(tmp, { force: true });
  rmSync(`${tmp}-journal`, { force: true });

  let counts: Record<string, number>;
  const plain = new Sqlite(file, { fileMustExist: true, timeout: 5000 });
  try {
    const version = plain.pragma('user_version', { simple: true }) as number;
    if (version > latestVersion) {
      throw new StorageFault('too-new', file, `database schema version ${version} is newer than this app knows (${latestVersion})`);
    }
    checkOk(plain, file, 'plain database');
    // Folds the WAL into the file and removes it: the copy below is then the whole database.
    plain.pragma('journal_mode = DELETE');
    counts = rowCounts(plain);
  } finally {
    plain.close();
  }

  try {
    copyFileSync(file, tmp);
    chmodSync(tmp, PRIVATE_FILE_MODE);
    const copy = new Sqlite(tmp, { fileMustExist: true });
    try {
      copy.pragma("cipher = 'sqlcipher'");
      copy.pragma('legacy = 4');
      copy.pragma(`rekey = "x'${key.toString('hex')}'"`);
    } finally {
      copy.close();
    }
    if (fileHeaderKind(tmp) === 'plain') throw new Error('the encrypted copy still has a plain SQLite header');
    const check = new Sqlite(tmp, { readonly: true, fileMustExist: true });
    try {
      applyKey(check, key);
      checkOk(check, tmp, 'encrypted copy');
      const after = rowCounts(check);
      if (JSON.stringify(after) !== JSON.stringify(counts)) {
        throw new Error(`the encrypted copy differs from the plain database: ${JSON.stringify(after)} vs ${JSON.stringify(counts)}`);
      }
    } finally {
      check.close();
    }
    renameSync(tmp, file);
    syncDir(dirname(file));
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}
