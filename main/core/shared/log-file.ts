// A log file on disk, size-capped (the Electron main log, the CLI's log of unexpected errors): when
// `main.log` would pass `maxBytes` it becomes `main.log.1` (the older ones shift up, the oldest is
// dropped), so the folder never holds more than `keep` files of at most `maxBytes` each.
// Hand-written: the usual rotating-file libraries come with a whole logging framework, and this is
// twenty lines over appendFileSync, which the logger already used.
import { appendFileSync, renameSync, rmSync, statSync } from 'node:fs';

interface RotatingLogOptions {
  /** The current log file, e.g. <userData>/logs/main.log. Its folder must exist. */
  file: string;
  /** Size cap of each file, in bytes. */
  maxBytes?: number;
  /** How many files are kept in all, the current one included. */
  keep?: number;
}

const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_LOG_FILES = 3;

/** A `write(line)` for createLogger that appends to `file` and rotates it before it passes the cap. */
export function createRotatingLogWriter(o: RotatingLogOptions): (line: string) => void {
  const maxBytes = o.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const keep = Math.max(1, o.keep ?? DEFAULT_LOG_FILES);
  let size = currentSize(o.file);
  const rotate = (): void => {
    rmSync(`${o.file}.${keep - 1}`, { force: true });
    for (let i = keep - 2; i >= 1; i--) renameIfPresent(`${o.file}.${i}`, `${o.file}.${i + 1}`);
    if (keep > 1) renameIfPresent(o.file, `${o.file}.1`);
    else rmSync(o.file, { force: true });
    size = 0;
  };
  return (line) => {
    const bytes = Buffer.byteLength(line);
    try {
      // A single line longer than the cap still gets written (alone in its file): nothing is cut.
      if (size > 0 && size + bytes > maxBytes) rotate();
      appendFileSync(o.file, line);
      size += bytes;
    } catch {
      // Logging never takes the app down (full disk, log folder removed): the line is lost, the work goes on.
      size = currentSize(o.file);
    }
  };
}

function currentSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
