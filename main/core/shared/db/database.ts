// The one way the main process opens SQLite: durable settings first, then migrations.
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/types.js';

export type { Database };

// better-sqlite3 (a native addon) is required on the first open, not when this module loads: the shared
// room's index re-exports openDatabase to commands that never open a database (`fse-desk profile check`).
let Sqlite: typeof BetterSqlite3 | undefined;

export class DatabaseTooNewError extends Error {
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
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the database file with the settings an outbox needs:
 * WAL so readers never block the writer, synchronous=FULL so a commit survives power loss
 * (better-sqlite3's WAL default, NORMAL, may lose the last commits), foreign keys on.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  Sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Sqlite(file, { readonly: options.readonly ?? false });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, options.migrations ?? MIGRATIONS, options.targetVersion);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
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
