// The app's start-up decision, in plain Node so that the Electron layer and the browser shell share it
// and it is tested without Electron. It tries to open the data; when the database cannot be opened it
// does not give up: the window still opens, and the renderer shows what happened, what to do, the
// file's path and the backups to restore (contract/startup.ts). When only writing is impossible (a
// read-only disk or folder, a full disk) the data opens for reading, so the lists still show, with
// sending paused. The bad file is never overwritten, "repaired" or deleted here: restoring a backup
// (at the person's request) keeps it aside.
import { isChannel, type AppInfo } from '../../../contract/api.js';
import { fail, ok, type Result } from '../../../contract/result.js';
import type { BackupView, StartupState, StorageProblemView, UnlockDatabaseRequest } from '../../../contract/startup.js';
import {
  classifyStorageError,
  listBackups,
  restoreBackup,
  StorageFault,
  storageFaultAdvice,
  type DatabaseKeySource,
  type SessionPassphraseKey,
  type StorageFaultKind,
} from '../shared/index.js';
import { createAppCore, databaseFileIn, type AppCore, type AppCoreOptions } from './app-core.js';
import { createDispatch, type Dispatch } from './handlers.js';

/** Faults where the file is fine but cannot be written: it opens read-only. */
const WRITE_BLOCKED: ReadonlySet<StorageFaultKind> = new Set(['read-only', 'disk-full']);
/**
 * Faults a backup can fix. Not a lock (close the other program), a newer version (update the app: its data
 * would be set aside), nor a key problem (the backups use the same key).
 */
const RESTORABLE: ReadonlySet<StorageFaultKind> = new Set(['corrupt', 'io', 'not-a-file']);

const UNAVAILABLE = 'Archivio non disponibile: risolvere il problema indicato, poi premere «Riprova».';

/** As for createAppCore; read-only is start-up's decision. */
type AppStartupOptions = Omit<AppCoreOptions, 'readOnly'> & {
  /**
   * A computer without a protected keychain (keychain-policy.ts): the database key is wrapped by a
   * passphrase the user types once per session. Start-up then answers needs-passphrase until
   * app:unlockDatabase gives it; the passphrase stays in this process's memory only. Replaces databaseKey.
   */
  passphraseKey?: SessionPassphraseKey | undefined;
};

const WRONG_PASSPHRASE = 'Frase segreta errata: riprovare.';
/** Wrong passphrases allowed in a minute before a pause: a person mistyping, not a script guessing. */
const WRONG_TRIES = 5;
const WRONG_WINDOW_MS = 60_000;

export interface AppStartup {
  /** What start-up found (what `app:startup` answers). */
  state(): StartupState;
  /** The services, when the data is open (ready or read-only). */
  core(): AppCore | undefined;
  /** The one entry point of both transports: start-up's own channels, then the core's (when open). */
  dispatch: Dispatch;
  /** Closes what is open and runs start-up again (after closing the other program, freeing space…). */
  retry(): Promise<StartupState>;
  /** Restores one backup (listed for this data folder) and runs start-up again. */
  restoreBackup(name: string): Promise<Result<StartupState>>;
  /** Opens the data with the session passphrase (needs-passphrase only); a wrong one changes nothing. */
  unlock(req: UnlockDatabaseRequest): Promise<Result<StartupState>>;
  close(): Promise<void>;
}

function problemView(f: StorageFault): StorageProblemView {
  const { title, advice } = storageFaultAdvice(f.kind);
  return { kind: f.kind, title, advice, file: f.file };
}

/** The pause reason of a read-only archive, as the status bar shows it: «Invii sospesi: il disco è pieno.» */
function pausedBecause(f: StorageFault): string {
  const { title } = storageFaultAdvice(f.kind);
  return `Invii sospesi: ${title.charAt(0).toLowerCase()}${title.slice(1)}. I documenti restano consultabili; risolto il problema, premere «Riprova».`;
}

export function startApp(o: AppStartupOptions): AppStartup {
  const file = databaseFileIn(o.dataDir);
  const info: AppInfo = { version: o.version, dataDir: o.dataDir, shell: o.shell };
  let core: AppCore | undefined;
  let state: StartupState = { kind: 'ready' };
  // retry and restore close and reopen the core: one at a time.
  let busy: Promise<unknown> = Promise.resolve();
  let closed = false;
  // The session passphrase's key source: kept (with the key it unwrapped) for retries until the app quits.
  let unlocked: DatabaseKeySource | undefined;
  const wrongTries: number[] = [];

  const listBackupsSafely = (): BackupView[] => {
    try {
      return listBackups(o.dataDir).map((b) => ({ name: b.name, day: b.day, takenAt: b.takenAt, sizeBytes: b.sizeBytes }));
    } catch (err) {
      o.log.warn('backups could not be listed', { error: err instanceof Error ? err.message : String(err) });
      return [];
    }
  };

  const open = (): StartupState => {
    if (o.passphraseKey && !unlocked) {
      try {
        state = { kind: 'needs-passphrase', firstTime: o.passphraseKey.status() === 'choose' };
      } catch (err) {
        // A key kept earlier that cannot be read here: no passphrase could open the data (nothing is replaced).
        const fault = classifyStorageError(err, file);
        o.log.error('database key could not be read', { kind: fault.kind, file, error: fault.message });
        state = { kind: 'storage-problem', problem: problemView(fault), canRestore: false, backups: [] };
      }
      return state;
    }
    const opts = unlocked ? { ...o, databaseKey: unlocked } : o;
    try {
      core = createAppCore(opts);
      state = { kind: 'ready' };
      return state;
    } catch (err) {
      const fault = classifyStorageError(err, file);
      // Not a StorageFault: something other than the file failed (a bug); its stack helps support.
      const stack = err instanceof StorageFault || !(err instanceof Error) ? undefined : err.stack;
      o.log.error('database could not be opened', { kind: fault.kind, file, error: fault.message, ...(stack ? { stack } : {}) });
      if (WRITE_BLOCKED.has(fault.kind)) {
        try {
          core = createAppCore({ ...opts, readOnly: { reason: pausedBecause(fault) } });
          o.log.warn('database opened read-only: sending is paused', { kind: fault.kind });
          state = { kind: 'read-only', problem: problemView(fault) };
          return state;
        } catch (again) {
          o.log.error('database could not be opened read-only either', { error: classifyStorageError(again, file).message });
        }
      }
      const canRestore = RESTORABLE.has(fault.kind);
      state = { kind: 'storage-problem', problem: problemView(fault), canRestore, backups: canRestore ? listBackupsSafely() : [] };
      return state;
    }
  };

  const closeCore = async (): Promise<void> => {
    const c = core;
    core = undefined;
    if (c) await c.close();
  };

  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = busy.then(step, step);
    busy = next.catch(() => undefined);
    return next;
  };

  const retry = (): Promise<StartupState> =>
    serial(async () => {
      // Nothing to retry when the data is open normally (the runner is not interrupted for nothing).
      if (closed || state.kind === 'ready') return state;
      await closeCore();
      o.log.info('start-up run again', {});
      return open();
    });

  const restore = (name: string): Promise<Result<StartupState>> =>
    serial(async () => {
      if (closed) return ok(state);
      if (state.kind !== 'storage-problem' || !state.canRestore)
        return fail('bad-state', 'Il ripristino di una copia è possibile solo quando l\u2019archivio è danneggiato o illeggibile.');
      // Only a name the folder lists: the request was validated, and is also checked against what exists.
      if (!listBackupsSafely().some((b) => b.name === name)) return fail('not-found', 'Copia non trovata: aggiornare l\u2019elenco e riprovare.');
      await closeCore();
      try {
        // The file set aside is stamped with the app's clock (shared/db/backups.ts).
        restoreBackup(o.dataDir, file, name, o.now);
      } catch (err) {
        o.log.error('backup could not be restored', { name, error: err instanceof Error ? err.message : String(err) });
        return fail(
          'restore-failed',
          'Non è stato possibile ripristinare la copia (il file attuale non è stato cancellato). Controllare lo spazio libero e i permessi della cartella dei dati.',
        );
      }
      o.log.info('backup restored by the user', { name });
      return ok(open());
    });

  const unlock = (req: UnlockDatabaseRequest): Promise<Result<StartupState>> =>
    serial(async () => {
      if (closed || !o.passphraseKey || state.kind !== 'needs-passphrase') return fail('bad-state', 'L\u2019archivio non richiede una frase segreta.');
      if (state.firstTime && req.confirm !== undefined && req.confirm !== req.passphrase)
        return fail('passphrase-mismatch', 'Le due frasi non coincidono: riscriverle.');
      const t = o.now().getTime();
      while (wrongTries.length > 0 && t - wrongTries[0]! >= WRONG_WINDOW_MS) wrongTries.shift();
      if (wrongTries.length >= WRONG_TRIES) {
        const seconds = Math.max(1, Math.ceil((wrongTries[0]! + WRONG_WINDOW_MS - t) / 1000));
        return fail('too-many-attempts', `Troppi tentativi errati: attendere ${seconds} secondi, poi riprovare.`);
      }
      const source = o.passphraseKey.withPassphrase(req.passphrase);
      try {
        // The key file first: a wrong passphrase is told apart from a key that does not open the database.
        source.load();
      } catch (err) {
        if (err instanceof StorageFault && err.kind === 'wrong-key') {
          wrongTries.push(t);
          o.log.warn('database passphrase refused', { wrongInLastMinute: wrongTries.length });
          return fail('wrong-passphrase', WRONG_PASSPHRASE);
        }
        // Anything else (a damaged key file, an earlier key that cannot be read) is start-up's to report.
      }
      wrongTries.length = 0;
      unlocked = source;
      o.log.info('database unlocked with the session passphrase', { firstTime: state.firstTime });
      return ok(open());
    });

  const own = createDispatch(
    {
      'app:info': () => ok(info),
      'app:startup': () => ok(state),
      'app:retryStartup': async () => ok(await retry()),
      'app:restoreBackup': (req) => restore(req.name),
      'app:unlockDatabase': unlock,
    },
    o.log,
  );
  const OWN_CHANNELS: ReadonlySet<unknown> = new Set(['app:info', 'app:startup', 'app:retryStartup', 'app:restoreBackup', 'app:unlockDatabase']);

  open();
  return {
    state: () => state,
    core: () => core,
    async dispatch(channel, payload) {
      if (OWN_CHANNELS.has(channel)) return own(channel, payload);
      if (core) return core.dispatch(channel, payload);
      if (isChannel(channel)) return fail('unavailable', UNAVAILABLE);
      return own(channel, payload);
    },
    retry,
    restoreBackup: restore,
    unlock,
    close: () =>
      serial(async () => {
        closed = true;
        await closeCore();
      }),
  };
}
