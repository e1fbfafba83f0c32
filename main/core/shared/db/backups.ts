// Rolling daily backups of the database in <dataDir>/backups/ (the last 7, one per calendar day, named
// with the date), and restoring one. Made with VACUUM INTO rather than SQLite's backup API: with
// SQLite3 Multiple Ciphers the backup API refuses an encrypted source ("incompatible source and target
// databases"), while VACUUM INTO writes a consistent, compacted copy encrypted with the same key (tested:
// test/storage/backups.test.ts checks the raw bytes). The copy is written under a temporary name and
// renamed, so a backup on disk is always complete.
import { chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Clock } from '../clock.js';
import { readDatabaseState, writeDatabaseState } from './encryption.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE, syncDir } from './private-files.js';

export const BACKUPS_KEPT = 7;
const BACKUP_NAME = /^fse-desk-(\d{4}-\d{2}-\d{2})\.sqlite$/;

export interface BackupInfo {
  /** File name inside the backups folder, e.g. fse-desk-2026-12-01.sqlite: what restoreBackup takes. */
  name: string;
  /** The calendar day it was taken (local time), YYYY-MM-DD. */
  day: string;
  /** When it was written (the file's modification time), ISO 8601. */
  takenAt: string;
  sizeBytes: number;
  /** Full path. */
  file: string;
}

export const backupDirOf = (dataDir: string): string => join(dataDir, 'backups');

/** The clinic's calendar day: a backup a day as the clinic counts days (local time, not UTC). */
function localDay(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The backups of a data folder, newest first; an absent folder has none. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDirOf(dataDir);
  if (!existsSync(dir)) return [];
  const found: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const m = BACKUP_NAME.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    const st = statSync(file);
    if (!st.isFile()) continue;
    found.push({ name, day: m[1]!, takenAt: st.mtime.toISOString(), sizeBytes: st.size, file });
  }
  return found.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface DueBackup {
  name: string;
  file: string;
  partial: string;
}

/** Today's backup to write, or undefined when there is one already. */
function dueBackup(dataDir: string, clock: Clock): DueBackup | undefined {
  const name = `fse-desk-${localDay(clock())}.sqlite`;
  const dir = backupDirOf(dataDir);
  const file = join(dir, name);
  if (existsSync(file)) return undefined;
  ensurePrivateDir(dir);
  const partial = join(dir, `.${name}.partial`);
  rmSync(partial, { force: true });
  return { name, file, partial };
}

/** Makes the copy written under its temporary name private, durable and final; prunes the oldest. */
function finishBackup(dataDir: string, due: DueBackup): BackupInfo | undefined {
  chmodSync(due.partial, PRIVATE_FILE_MODE);
  fsyncFile(due.partial);
  renameSync(due.partial, due.file);
  syncDir(backupDirOf(dataDir));
  for (const old of listBackups(dataDir).slice(BACKUPS_KEPT)) rmSync(old.file, { force: true });
  return listBackups(dataDir).find((b) => b.name === due.name);
}

/**
 * Takes today's backup unless there is one already, then keeps only the newest BACKUPS_KEPT.
 * Returns the new backup, or undefined when none was due (or the database is open read-only).
 * Throws when the copy cannot be written (full disk…): the caller logs it, the database is untouched.
 * Runs on the calling thread: about 2 s per 100 MB (scripts/bench-db-check.ts); the app uses
 * takeBackupInBackground instead.
 */
export function takeBackupIfDue(db: Database, dataDir: string, clock: Clock): BackupInfo | undefined {
  if (db.readonly || db.memory) return undefined;
  const due = dueBackup(dataDir, clock);
  if (!due) return undefined;
  try {
    db.prepare('VACUUM INTO ?').run(due.partial);
    return finishBackup(dataDir, due);
  } finally {
    rmSync(due.partial, { force: true });
  }
}

// The worker's code, inline so that it loads the same way from the sources (tests), the build and the
// asar archive: it opens its own read-only connection (a WAL reader never blocks the app's writes) and
// writes the copy with VACUUM INTO. The cipher settings repeat encryption.ts applyKey.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Sqlite = require(workerData.addon);
const db = new Sqlite(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 });
try {
  if (workerData.keyPragma) {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
    db.pragma(workerData.keyPragma);
  }
  db.prepare('VACUUM INTO ?').run(workerData.partial);
} finally {
  db.close();
}
`;

/**
 * The same backup as takeBackupIfDue, written by a worker thread so that the app's main thread (its
 * window, its IPC) is not blocked for the seconds a large database takes. `key` is the database's key
 * (undefined for a plain file).
 */
export async function takeBackupInBackground(dbFile: string, key: Buffer | undefined, dataDir: string, clock: Clock): Promise<BackupInfo | undefined> {
  const due = dueBackup(dataDir, clock);
  if (!due) return undefined;
  const addon = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  try {
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { addon, file: dbFile, keyPragma: key ? `key = "x'${key.toString('hex')}'"` : undefined, partial: due.partial },
      });
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`backup worker exited with code ${code}`))));
    });
    return finishBackup(dataDir, due);
  } finally {
    rmSync(due.partial, { force: true });
  }
}

/**
 * Puts a backup in place of the database file (which must be closed). The current file, damaged or
 * not, is kept beside it as `<file>.damaged-<timestamp>` (with its -wal/-shm), never deleted.
 * The timestamp is `now` when given, else the current file's last modification.
 */
export function restoreBackup(dataDir: string, dbFile: string, backupName: string, now?: Clock): { restored: BackupInfo; keptAs?: string } {
  if (!BACKUP_NAME.test(backupName)) throw new Error(`not a backup name: ${JSON.stringify(backupName)}`);
  const backup = listBackups(dataDir).find((b) => b.name === backupName);
  if (!backup) throw new Error(`no backup named ${backupName} in ${backupDirOf(dataDir)}`);
  const restoring = `${dbFile}.restoring`;
  copyFileSync(backup.file, restoring);
  chmodSync(restoring, PRIVATE_FILE_MODE);
  fsyncFile(restoring);
  let keptAs: string | undefined;
  if (existsSync(dbFile)) {
    const at = now ? now() : statSync(dbFile).mtime;
    const stamp = at.toISOString().replace(/[:.]/g, '-');
    keptAs = `${dbFile}.damaged-${stamp}`;
    for (let n = 2; existsSync(keptAs); n++) keptAs = `${dbFile}.damaged-${stamp}-${n}`;
    renameSync(dbFile, keptAs);
    for (const suffix of ['-wal', '-shm', '-journal']) {
      if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, keptAs + suffix);
    }
  }
  renameSync(restoring, dbFile);
  syncDir(join(dbFile, '..'));
  // The restored file is checked at its next open, whatever the date of the last check.
  const state = readDatabaseState(dbFile);
  if (state?.lastQuickCheck) {
    const { lastQuickCheck: _, ...rest } = state;
    writeDatabaseState(dbFile, rest);
  }
  return { restored: backup, ...(keptAs ? { keptAs } : {}) };
}
