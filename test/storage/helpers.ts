// Shared by the storage tests: real database files in a temporary data folder, hashes to prove a file was
// left alone, and a child process in its own mount namespace (`unshare -rm`) where a folder can really be
// read-only or a disk really full — chmod alone cannot stop root, and these tests may run as root.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFileSource, type DatabaseKeySource } from '../../main/core/shared/db/database-key.js';
import { openDatabase, type Database, type OpenOptions } from '../../main/core/shared/db/database.js';
import { StorageFault } from '../../main/core/shared/db/storage-fault.js';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface DataFolder {
  dir: string;
  file: string;
  keyFile: string;
  key: DatabaseKeySource;
  open(options?: OpenOptions): Database;
}

export function dataFolder(prefix = 'fse-storage-'): DataFolder {
  const dir = join(mkdtempSync(join(tmpdir(), prefix)), 'data');
  const file = join(dir, 'fse-desk.sqlite');
  const keyFile = join(dir, 'database.key');
  const key = keyFileSource(keyFile, file);
  return { dir, file, keyFile, key, open: (options = {}) => openDatabase(file, { key, ...options }) };
}

/** A closed, encrypted database holding `rows` settings rows of about 1 KB (several pages). */
export function seeded(rows = 200): DataFolder {
  const f = dataFolder();
  const db = f.open();
  const insert = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`k${i}`, `value ${i} `.padEnd(1000, 'x'), 'then');
  })();
  db.close();
  return f;
}

export const sha256File = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

export function faultOf(fn: () => unknown): StorageFault {
  try {
    const db = fn() as { close?: () => void } | undefined;
    db?.close?.();
  } catch (err) {
    if (err instanceof StorageFault) return err;
    throw new Error(`expected a StorageFault, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a StorageFault, the open succeeded');
}

/** Whether `unshare -rm` (user + mount namespace) works here; without it the namespace tests are skipped. */
export const canUnshare: boolean = spawnSync('unshare', ['-rm', 'true']).status === 0;

/**
 * Runs `node --import tsx test/storage/open-in-child.ts <args>` inside a fresh mount namespace after the
 * shell commands `setup` (e.g. a read-only bind mount); returns the child's JSON answer.
 */
export function runInNamespace(setup: string, args: string[]): Record<string, unknown> {
  const q = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
  const cmd = `${setup} && exec ${q(process.execPath)} --import tsx ${q(join(ROOT, 'test', 'storage', 'open-in-child.ts'))} ${args.map(q).join(' ')}`;
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', cmd], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
