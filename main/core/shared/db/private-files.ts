// Patient data stays readable by its user only: folders 0700, files 0600. Modes are given at creation
// and set again with chmod, because the process umask may have removed bits we asked for (it can only
// remove, never add) and an existing file from an older release may be world-readable.
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) 0700. A folder that already exists keeps its mode unless
 * `tighten` (the app's own data folder): it may be one the user chose and shares (a CLI profile's
 * dataDir can be any folder, even /tmp); the database files in it are 0600 whatever the folder.
 */
export function ensurePrivateDir(dir: string, options: { tighten?: boolean } = {}): void {
  const firstCreated = mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (firstCreated !== undefined) chmodSync(dir, PRIVATE_DIR_MODE);
  else if (options.tighten) makePrivate(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file (or folder) we own to 0600 (0700); one we cannot chmod (another owner) is left as it is. */
export function makePrivate(file: string, mode: number = PRIVATE_FILE_MODE): void {
  try {
    if (existsSync(file)) chmodSync(file, mode);
  } catch {
    // Not ours to change (EPERM) or on a read-only disk: opening will report what matters.
  }
}

/** Creates an empty 0600 file if `file` does not exist, so SQLite's -wal and -shm inherit its mode. */
export function touchPrivate(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  makePrivate(file);
}

/** Writes a small file atomically (temp file, fsync, rename) with mode 0600; `exclusive` never replaces one. */
export function writePrivateFile(file: string, data: string | Buffer, options: { exclusive?: boolean } = {}): void {
  ensurePrivateDir(dirname(file));
  if (options.exclusive) {
    // 'wx' fails if the file exists: a key file is never overwritten, even by a race with another process.
    const fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(file, PRIVATE_FILE_MODE);
    return;
  }
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', PRIVATE_FILE_MODE);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, PRIVATE_FILE_MODE);
  renameSync(tmp, file);
  syncDir(dirname(file));
}

/** Makes a rename durable (POSIX); Windows cannot open a folder for fsync and needs no such step. */
export function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort: some file systems refuse fsync on a directory.
  }
}
