// What the CART CLI commands share: load the profile, open the journal in the profile's data
// folder, run one operation, print one JSON object, choose the exit code.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pickCartIds } from '../../contract/cart-ids.js';
import type { Profile } from '../../contract/profile.js';
import { EXIT } from './command.js';
import { parseJsonText } from './json-text.js';
import { checkFiscalCode, envKeySource, keyFileSource, openDatabase, openDatabaseOrReadOnly, systemClock, type Database } from '../core/shared/index.js';
import { envCredentialSource, loadProfileFile, ProfileFileError } from './profile-file.js';
import { CartJournal, loadCartExecution, type CartError, type CartRequest, type CartResult } from '../core/gateway/index.js';

/** The database the CLI writes: <dataDir>/fse-desk.sqlite, dataDir defaulting to ./data next to the profile. */
export function databaseFileFor(profile: Profile, profilePath: string): string {
  return join(profile.dataDir ?? join(dirname(resolve(profilePath)), 'data'), 'fse-desk.sqlite');
}

/**
 * Opens the profile's database, encrypted with the key the profile names: `storage.keyEnv` (a variable
 * holding 64 hex digits) or `storage.keyFile` (relative to the profile), by default `database.key` in
 * the data folder, made 0600 on the first open. Throws StorageFault.
 */
export function openCliDatabase(profile: Profile, profilePath: string, env: NodeJS.ProcessEnv, opts: { readOnlyOk?: boolean } = {}): Database {
  const file = databaseFileFor(profile, profilePath);
  const storage = profile.storage;
  const key = storage?.keyEnv
    ? envKeySource(storage.keyEnv, env, file)
    : keyFileSource(storage?.keyFile ? resolve(dirname(resolve(profilePath)), storage.keyFile) : join(dirname(file), 'database.key'), file);
  // A command that only reads (outbox list) still works on a read-only disk or folder, or a full disk.
  if (opts.readOnlyOk) return openDatabaseOrReadOnly(file, { key, now: systemClock }).db;
  return openDatabase(file, { key, now: systemClock });
}

/** The CLI's JSON for a gateway or local error (every field present, null when not given). */
export function errorJson(e: CartError): Record<string, unknown> {
  return { category: e.category, type: e.type ?? null, title: e.title ?? null, detail: e.detail ?? null, message: e.message };
}

/** The CLI's JSON for one result. */
export function cliJson(r: CartResult): Record<string, unknown> {
  return {
    ok: r.ok,
    operation: r.operation,
    httpStatus: r.httpStatus ?? null,
    ...pickCartIds(r),
    warning: r.warning ?? null,
    ...(r.retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(r.retryAfterMs / 1000) } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
    ...(r.journalId !== undefined ? { journalId: r.journalId } : {}),
    ...(r.error ? { error: errorJson(r.error) } : {}),
  };
}

export function exitCodeOf(r: CartResult): number {
  if (r.ok) return EXIT.ok;
  return r.error?.type?.startsWith('local/') ? EXIT.badInput : EXIT.failed;
}

/** An error of the file system (ENOENT, EISDIR, EACCES…), as opposed to a bug: Node's errno codes are E + capitals. */
export function isFileSystemError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** Reads a file given on the command line; null (after printing the error) when it cannot. */
export function readInputFile(path: string, what: string, out: (json: unknown) => void): Buffer | null {
  try {
    return readFileSync(path);
  } catch (err) {
    out({
      ok: false,
      error: {
        category: 'caller-fault',
        type: 'local/input',
        title: 'File non leggibile',
        detail: (err as Error).message,
        message: `Impossibile leggere ${what}: ${path}`,
      },
    });
    return null;
  }
}

/** --patient-cf, checked before anything is opened or stored: the normalised code, or null (after printing the error). */
export function checkPatientCfArg(value: string, operation: string, out: (json: unknown) => void): string | null {
  const cf = checkFiscalCode(value);
  if (cf.ok) return cf.value;
  out({
    ok: false,
    operation,
    error: {
      category: 'caller-fault',
      type: 'local/claims',
      title: 'Richiesta non inviata',
      detail: null,
      message: `Codice fiscale del paziente (--patient-cf) non valido: ${cf.message}`,
    },
  });
  return null;
}

/** Reads --metadata: a JSON object. */
export function readMetadataFile(path: string, out: (json: unknown) => void): Record<string, unknown> | null {
  const bytes = readInputFile(path, 'il file dei metadati', out);
  if (!bytes) return null;
  try {
    const v: unknown = parseJsonText(bytes.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  out({
    ok: false,
    error: {
      category: 'caller-fault',
      type: 'local/input',
      title: 'Metadati non validi',
      detail: null,
      message: `Il file dei metadati ${path} deve contenere un oggetto JSON.`,
    },
  });
  return null;
}

/** Loads the profile of a CART command; on a problem prints the error JSON and returns null. */
export function loadProfileForCommand(profilePath: string, out: (json: unknown) => void): Profile | null {
  try {
    return loadProfileFile(profilePath);
  } catch (err) {
    if (err instanceof ProfileFileError) {
      out({
        ok: false,
        error: {
          category: 'caller-fault',
          type: 'local/profile',
          title: 'Profilo non valido',
          detail: err.message,
          message: 'Il profilo non è valido: eseguire "fse-desk profile check" per i dettagli.',
        },
        problems: err.problems,
      });
      return null;
    }
    throw err;
  }
}

/** Loads the profile, runs the request with the journal open, prints the JSON; returns the exit code. */
export async function runCartCommand(
  profilePath: string,
  makeRequest: (profile: Profile) => CartRequest | null,
  out: (json: unknown) => void,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  // The CART client loads when a command that calls CART runs.
  const { executeCartOperation } = await loadCartExecution();
  const profile = loadProfileForCommand(profilePath, out);
  if (!profile) return EXIT.badInput;
  const request = makeRequest(profile);
  if (!request) return EXIT.badInput;
  const db = openCliDatabase(profile, profilePath, env);
  try {
    const result = await executeCartOperation(profile, request, { credentialSource: envCredentialSource(env), journal: new CartJournal(db), now: systemClock });
    out(cliJson(result));
    return exitCodeOf(result);
  } finally {
    db.close();
  }
}
