// better-sqlite3-multiple-ciphers: better-sqlite3's API over SQLite3 Multiple Ciphers (whole-file
// encryption). A native addon, required on the first open and not when this module loads: the shared
// room's index re-exports openDatabase to commands that never open a database (`fse-desk profile check`).
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { createRequire } from 'node:module';

let Sqlite: typeof BetterSqlite3 | undefined;

export function sqlite(): typeof BetterSqlite3 {
  Sqlite ??= createRequire(import.meta.url)('better-sqlite3-multiple-ciphers') as typeof BetterSqlite3;
  return Sqlite;
}
