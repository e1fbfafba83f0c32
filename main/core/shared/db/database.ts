// The one way the main process opens SQLite: the file checked and decrypted, durable settings, then migrations.
// Every failure to open or migrate is a StorageFault (storage-fault.ts); a file that cannot be read is
// never overwritten, repaired or deleted here.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { existsSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../clock.js';
import { newDatabaseKey, type DatabaseKeySource } from './database-key.js';
import { applyKey, encryptPlainDatabase, fileHeaderKind, keyCheckOf, readDatabaseState, writeDatabaseState, type DatabaseState } from './encryption.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/types.js';
import { ensurePrivateDir, makePrivate, touchPrivate } from './private-files.js';
import { sqlite } from './sqlite-addon.js';
import { classifyStorageError, StorageFault } from './storage-fault.js';

export type { Database };

export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`database schema version ${found} is newer than this app knows (${known})`);
  }
}

export interface OpenOptions {
  /** Apply migrations up to this version only (tests of a single migration). */
  targetVersion?: number;
  migrations?: readonly Migration[];
  /** Read only: no migration, no key generation, nothing written (listing when writing is impossible). */
  readonly?: boolean;
  /**
   * Where the encryption key lives. The app and the CLI always give one; without it the file is plain
   * SQLite (unit tests, benchmarks, `:memory:`). A plain file opened with a key is encrypted in place.
   */
  key?: DatabaseKeySource | undefined;
  /**
   * With a clock the quick integrity check runs at most once a day, plus whenever the previous session
   * did not close cleanly; without one it runs at every open (measured: ~0.8 s per 100 MB encrypted).
   */
  now?: Clock | undefined;
  /** How long to wait for another program's lock before reporting 'locked' (default 5 s). */
  busyTimeoutMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Opens (creating if needed) the database file with the settings an outbox needs:
 * WAL so readers never block the writer, synchronous=FULL so a commit survives power loss
 * (better-sqlite3's WAL default, NORMAL, may lose the last commits), foreign keys on.
 * Throws StorageFault for every failure.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  try {
    return file === ':memory:' ? openMemory(options) : openFile(file, options);
  } catch (err) {
    throw classifyStorageError(err, file);
  }
}

/**
 * Opens for writing, or read-only when writing is impossible (read-only disk or folder, full disk), so
 * the documents can still be listed. `readOnlyBecause` says why writing is off.
 */
export function openDatabaseOrReadOnly(file: string, options: OpenOptions = {}): { db: Database; readOnlyBecause?: StorageFault } {
  try {
    return { db: openDatabase(file, { ...options, readonly: false }) };
  } catch (err) {
    const fault = classifyStorageError(err, file);
    if (fault.kind !== 'read-only' && fault.kind !== 'disk-full') throw fault;
    try {
      return { db: openDatabase(file, { ...options, readonly: true }), readOnlyBecause: fault };
    } catch {
      throw fault;
    }
  }
}

function openMemory(options: OpenOptions): Database {
  const db = new (sqlite())(':memory:');
  try {
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? MIGRATIONS, options.targetVersion);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function statIfExists(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function openFile(file: string, options: OpenOptions): Database {
  const readonly = options.readonly ?? false;
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const st = statIfExists(file);
  if (st && !st.isFile()) throw new StorageFault('not-a-file', file, `${file} is not a regular file (a folder or a device)`);
  if (!st && readonly) throw new StorageFault('io', file, `${file} does not exist, nothing to open read-only`);
  const onDisk = st && st.size > 0 ? fileHeaderKind(file) : 'empty';
  const state = readDatabaseState(file);
  if (!readonly) ensurePrivateDir(dirname(file));
  const key = resolveKey(file, options.key, onDisk, state, readonly);
  if (!readonly) {
    if (key && onDisk === 'plain') encryptPlainDatabase(file, key, latest);
    touchPrivate(file);
  }
  // A plain file read read-only stays plain (the encryption happens on the next writable open).
  const useKey = readonly && onDisk === 'plain' ? undefined : key;
  // No -wal at open means the last session closed cleanly (close() below leaves none behind).
  const walAtOpen = existsSync(`${file}-wal`);
  const db = new (sqlite())(file, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 5000 });
  try {
    if (useKey) applyKey(db, useKey);
    probe(db, file, useKey, state);
    const version = schemaVersion(db);
    if (version > latest) throw new DatabaseTooNewError(version, latest);
    let checkedAt: string | undefined;
    if (quickCheckDue(state, walAtOpen, options.now)) {
      quickCheck(db, file);
      checkedAt = options.now?.().toISOString();
    }
    // Nothing has been written so far: a damaged, too-new or foreign file is left byte for byte as it was.
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (!readonly) {
      migrate(db, migrations, options.targetVersion);
      const next: DatabaseState = {
        ...state,
        ...(useKey ? { cipher: 'sqlcipher-4', keyCheck: keyCheckOf(useKey) } : {}),
        ...(checkedAt ? { lastQuickCheck: checkedAt } : {}),
      };
      if (JSON.stringify(next) !== JSON.stringify(state ?? {})) writeDatabaseState(file, next);
      makePrivate(`${file}-wal`);
      makePrivate(`${file}-shm`);
    }
    return closingCleanly(db, readonly);
  } catch (err) {
    db.close();
    throw err;
  }
}

function resolveKey(
  file: string,
  source: DatabaseKeySource | undefined,
  onDisk: 'plain' | 'other' | 'empty',
  state: DatabaseState | undefined,
  readonly: boolean,
): Buffer | undefined {
  if (!source) {
    if (onDisk === 'other' && state?.keyCheck) throw new StorageFault('key-missing', file, 'the database is encrypted and no key source was given');
    return undefined;
  }
  const stored = source.load();
  if (stored) return stored;
  if (onDisk === 'other') {
    // A key was made for this file before (its state records the key's check value): the key is lost.
    // Otherwise the file is not SQLite and never had a key here: it is damaged or foreign.
    if (state?.keyCheck) throw new StorageFault('key-missing', file, `the database is encrypted but ${source.describe()} holds no key`);
    throw new StorageFault('corrupt', file, 'the file is not an SQLite database and no key was ever made for it');
  }
  if (readonly) return undefined;
  // First open (or a plain database from an earlier release): a new key, stored before any data uses it.
  const key = newDatabaseKey();
  try {
    source.store(key);
  } catch (err) {
    // Another process stored its key first (key files are created exclusively): use that one.
    const theirs = (err as NodeJS.ErrnoException).code === 'EEXIST' ? source.load() : undefined;
    if (theirs) return theirs;
    throw err;
  }
  return key;
}

/** The first read: the header and schema are decoded here, so a wrong key or a damaged file shows now. */
function probe(db: Database, file: string, key: Buffer | undefined, state: DatabaseState | undefined): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' && key) {
      // An encrypted page 1 that does not decrypt is a wrong key or damage: the key's check value, saved
      // when the file was first encrypted, tells them apart (without it, damage is the likelier cause).
      if (state?.keyCheck && state.keyCheck !== keyCheckOf(key)) {
        throw new StorageFault('wrong-key', file, 'the key does not open this database (its check value differs from the one recorded)', { cause: err });
      }
      throw new StorageFault('corrupt', file, 'the database does not decrypt with its own key: the file is damaged', { cause: err });
    }
    throw err;
  }
}

function quickCheckDue(state: DatabaseState | undefined, walAtOpen: boolean, now: Clock | undefined): boolean {
  if (!now || walAtOpen || !state?.lastQuickCheck) return true;
  const last = Date.parse(state.lastQuickCheck);
  const t = now().getTime();
  return !(last <= t && t - last < DAY_MS);
}

/** PRAGMA quick_check: every page readable, b-trees well formed (skips index-content checks: O(N), not O(N log N)). */
export function quickCheck(db: Database, file: string): void {
  const rows = db.pragma('quick_check(10)', { simple: false }) as Array<{ quick_check: string }>;
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length) throw new StorageFault('corrupt', file, `integrity check failed: ${problems.join('; ')}`);
}

/**
 * close() leaves the file in rollback-journal mode with no -wal/-shm beside it: a WAL file cannot be
 * opened, even read-only, from a read-only folder without them, and their absence at the next open
 * tells that this session ended cleanly. If another connection still has the file open, it is left in WAL.
 */
function closingCleanly(db: Database, readonly: boolean): Database {
  if (readonly) return db;
  const close = db.close.bind(db);
  db.close = () => {
    if (db.open && !db.inTransaction) {
      try {
        db.pragma('busy_timeout = 0');
        db.pragma('journal_mode = DELETE');
      } catch {
        // Another connection is open (the CLI next to the app): the last one to close does it.
      }
    }
    return close();
  };
  return db;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every pending migration in one transaction: a failure leaves the previous version intact. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, targetVersion?: number): number {
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  const target = targetVersion ?? latest;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const pending = migrations.filter((m) => m.version > current && m.version <= target);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return schemaVersion(db);
}
