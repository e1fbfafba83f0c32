// The CLI's last line of defence: whatever a command throws ends as one JSON error object on stdout
// and an exit code, never as a stack trace. A storage fault is explained (what happened, what to do,
// which file); anything else gets a generic message, and its stack goes to a log file only.
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { classifyStorageError, createLogger, createRotatingLogWriter, StorageFault, storageFaultAdvice, type StorageFaultKind } from '../core/shared/index.js';
import { EXIT, printJson, type CliIo } from './command.js';
import { isFileSystemError } from './cart-command.js';

/**
 * Where the CLI writes what it cannot show: FSE_DESK_LOG_DIR, else a folder of the system's temporary
 * directory (per user on Windows and macOS; on Linux named with the user id and created private). A command
 * line has no data folder before its profile is read, and the log must not depend on the thing that failed.
 */
export function cliLogFile(env: NodeJS.ProcessEnv): string {
  const uid = process.getuid?.();
  return join(env.FSE_DESK_LOG_DIR || join(tmpdir(), uid === undefined ? 'fse-desk-logs' : `fse-desk-logs-${uid}`), 'cli.log');
}

/** Creates the log folder private; refuses one that another user owns (a shared /tmp). */
function privateLogDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uid = process.getuid?.();
  if (uid !== undefined && statSync(dir).uid !== uid) throw new Error(`${dir} belongs to another user`);
}

/** A problem of the file the user pointed at (a folder given as the database, a missing key): bad input, exit 2. */
const BAD_INPUT_KINDS: ReadonlySet<StorageFaultKind> = new Set(['not-a-file', 'key-missing']);

function isStorageError(err: unknown): boolean {
  if (err instanceof StorageFault || (err as { name?: unknown } | null)?.name === 'StorageFault') return true;
  // A SQLite error raised after the database opened (disk full while writing, a lock held too long).
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** The CLI's JSON for a storage fault: the usual error fields plus the fault's kind and the file. */
export function storageFaultJson(f: StorageFault): Record<string, unknown> {
  const { title, advice } = storageFaultAdvice(f.kind);
  return {
    ok: false,
    error: { category: 'storage', type: `local/storage-${f.kind}`, title, detail: f.message, message: advice, file: f.file || null },
  };
}

/** Prints the JSON for an error no command handled and returns the exit code; the stack is logged, not printed. */
export function reportUnexpectedError(err: unknown, io: CliIo, command: string): number {
  if (isStorageError(err)) {
    const fault = classifyStorageError(err, (err as { file?: unknown }).file === undefined ? '' : String((err as { file?: unknown }).file));
    printJson(io, storageFaultJson(fault));
    return BAD_INPUT_KINDS.has(fault.kind) ? EXIT.badInput : EXIT.failed;
  }
  // A file the command could not read or write (a folder where a file was expected, no permission…):
  // the user can act on it, so it is named; the errno text goes in `detail`.
  const fsError = err as NodeJS.ErrnoException;
  if (isFileSystemError(err) && typeof fsError.path === 'string') {
    printJson(io, {
      ok: false,
      error: {
        category: 'local',
        type: 'local/file',
        title: 'File non accessibile',
        detail: fsError.message,
        message: `Impossibile usare il file o la cartella ${fsError.path} (${fsError.code}): verificare il percorso e i permessi.`,
      },
    });
    return EXIT.failed;
  }
  const logFile = cliLogFile(io.env);
  let logged = true;
  try {
    privateLogDir(dirname(logFile));
    const log = createLogger(createRotatingLogWriter({ file: logFile }));
    const e = err instanceof Error ? err : new Error(String(err));
    log.error('command failed unexpectedly', { command, error: e.message, stack: e.stack ?? null });
  } catch {
    logged = false;
  }
  printJson(io, {
    ok: false,
    error: {
      category: 'internal',
      type: 'local/internal',
      title: 'Errore interno',
      detail: null,
      message: logged
        ? `Si è verificato un errore imprevisto. Riprovare; se si ripete, inviare all\u2019assistenza il file ${logFile}.`
        : 'Si è verificato un errore imprevisto. Riprovare; se si ripete, contattare l\u2019assistenza.',
      ...(logged ? { log: logFile } : {}),
    },
  });
  return EXIT.failed;
}
