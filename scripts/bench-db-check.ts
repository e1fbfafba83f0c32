// Benchmark of what opening the database costs on a large file: the open itself, PRAGMA quick_check, and
// the daily VACUUM INTO backup, on a ~100 MB database (signed-PDF-sized blobs plus many small rows),
// encrypted (SQLCipher 4 via better-sqlite3-multiple-ciphers) and plain for comparison.
// Run: npx tsx scripts/bench-db-check.ts [megabytes]
// It decided that quick_check runs once a day and after an unclean close, not at every open (database.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeBackupIfDue } from '../main/core/shared/db/backups.js';
import { keyFileSource } from '../main/core/shared/db/database-key.js';
import { openDatabase, quickCheck } from '../main/core/shared/db/database.js';
import { systemClock } from '../main/core/shared/clock.js';

const megabytes = Number(process.argv[2] ?? 100);
const blobs = Math.round((megabytes * 1e6 * 0.9) / 150_000);

for (const encrypted of [true, false]) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-db-check-'));
  const file = join(dir, 'fse-desk.sqlite');
  const options = encrypted ? { key: keyFileSource(join(dir, 'database.key'), file) } : {};
  const db = openDatabase(file, options);
  db.exec(
    'CREATE TABLE bench_blobs (id INTEGER PRIMARY KEY, b BLOB); CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, cf TEXT, title TEXT); CREATE INDEX bench_cf ON bench_rows (cf)',
  );
  const blob = db.prepare('INSERT INTO bench_blobs (b) VALUES (?)');
  const row = db.prepare('INSERT INTO bench_rows (cf, title) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < blobs; i++) blob.run(randomBytes(150_000));
    for (let i = 0; i < 100_000; i++) row.run(randomBytes(8).toString('hex').toUpperCase(), `Referto ${i}`);
  })();
  db.close();
  const size = (statSync(file).size / 1e6).toFixed(1);
  const runs: string[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const again = openDatabase(file, { ...options, now: systemClock }); // with a clock: no check at open
    const t1 = performance.now();
    quickCheck(again, file);
    const t2 = performance.now();
    again.close();
    runs.push(`open ${(t1 - t0).toFixed(0)} ms, quick_check ${(t2 - t1).toFixed(0)} ms`);
  }
  const db2 = openDatabase(file, { ...options, now: systemClock });
  const t3 = performance.now();
  takeBackupIfDue(db2, dir, systemClock);
  const backupMs = (performance.now() - t3).toFixed(0);
  db2.close();
  console.log(`${encrypted ? 'encrypted' : 'plain'} ${size} MB: ${runs.join('; ')}; backup (VACUUM INTO) ${backupMs} ms`);
  rmSync(dir, { recursive: true, force: true });
}
