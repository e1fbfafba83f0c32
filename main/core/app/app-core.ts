// Builds the main-process services for one data directory. Used by the Electron layer and by the
// browser shell alike, so both serve the same behaviour — including the real outbox runner.
import { join } from 'node:path';
import { createDispatch, createHandlers, type Dispatch } from './handlers.js';
import { AppOutbox } from './outbox-service.js';
import { createSetupHandlers, type CoreSetupOptions } from './setup/setup-handlers.js';
import { ActionsJournal, journalActions, withJobActions } from './people/actions-journal.js';
import { PeopleService } from './people/people-service.js';
import { DocumentLibrary } from './documents/document-library.js';
import { createDocumentHandlers } from './documents/document-handlers.js';
import { ReportService } from './reports/report-service.js';
import { createReportHandlers } from './reports/report-handlers.js';
import { createCertificateService, type SecretStore } from '../credentials/index.js';
import type { CartTimeouts } from '../gateway/index.js';
import {
  ensurePrivateDir,
  keyFileSource,
  openDatabase,
  ProfileStore,
  takeBackupIfDue,
  takeBackupInBackground,
  type BackupInfo,
  type Database,
  type DatabaseKeySource,
  type Clock,
  type Logger,
} from '../shared/index.js';
import type { Outbox, OutboxOptions } from '../outbox/index.js';
import type { AppInfo, CertificateSlot } from '../../../contract/api.js';

export interface AppCore {
  db: Database;
  /** Today's database backup, taken in the background at start: settles when written (or failed and logged). */
  backup?: Promise<void>;
  dispatch: Dispatch;
  /** The app's outbox (the same SQLite file): documents are enqueued here; the runner sends them. */
  outbox: Outbox;
  /** Runner control: configuration changes, connectivity hints, pause reasons. */
  sending: AppOutbox;
  /** The clinic's documents and drafts (documents/document-library.ts): report authoring records here. */
  documents: DocumentLibrary;
  /** OS hint that the network may be back (Electron: resume, unlock, network change). */
  onlineHint(): void;
  /** Stops the runner (exchanges under way finish and are recorded), then closes the database. */
  close(): Promise<void>;
}

export interface AppCoreOptions {
  dataDir: string;
  version: string;
  shell: AppInfo['shell'];
  log: Logger;
  /** Certificate passwords: safeStorage in Electron, memory in the browser shell. */
  secrets: SecretStore;
  /** A main-process file dialog for the certificate files; undefined where there is none (drag and drop and the file picker remain). */
  chooseFile?: ((purpose: CertificateSlot) => Promise<string | null>) | undefined;
  /** Main-process clipboard (Electron); undefined in the browser shell. */
  copyText?: ((text: string) => void | Promise<void>) | undefined;
  /** The clock of every service: systemClock in the app and the browser shell, the test clock in tests. */
  now: Clock;
  /** Outbox runner tuning (tests shorten backoff and probes). */
  outbox?: Omit<OutboxOptions, 'now'>;
  cartTimeouts?: Partial<CartTimeouts>;
  /**
   * Open the database for reading only, because writing is impossible (startup.ts: read-only disk or
   * folder, full disk). The lists show; nothing is sent; this Italian text is the pause reason.
   */
  readOnly?: { reason: string };
  /**
   * Where the database key lives: Electron passes the keychain-wrapped key (or the session passphrase's);
   * the default, a 0600 key file in the data folder, serves the browser shell and tests.
   */
  databaseKey?: DatabaseKeySource;
  /**
   * Set by the desk (setup/desk.ts), which chooses between real use and training: the core then answers the
   * first-run guide's channels, and a training core reaches only its own stand-in gateway.
   */
  setup?: CoreSetupOptions;
  /** Opens a file with the system's viewer (Electron shell.openPath); absent in the browser shell, where the page downloads the PDF. */
  openPath?: ((path: string) => Promise<string>) | undefined;
}

/** The app's database inside its data folder. */
export const databaseFileIn = (dataDir: string): string => join(dataDir, 'fse-desk.sqlite');

export function createAppCore(opts: AppCoreOptions): AppCore {
  const file = databaseFileIn(opts.dataDir);
  // The app's own data folder: readable by the user only (README "Patient data at rest").
  if (!opts.readOnly) ensurePrivateDir(opts.dataDir, { tighten: true });
  const key = opts.databaseKey ?? keyFileSource(join(opts.dataDir, 'database.key'), file);
  // No clock on purpose: the app runs the quick integrity check at every start (it starts about once a day, and a
  // damaged page must show on the start-up screen, not in the middle of a send); the CLI checks once a day.
  const db = openDatabase(file, { key, ...(opts.readOnly ? { readonly: true } : {}) });
  // Today's backup, in a worker thread (seconds on a large database). If the worker cannot run (it has not
  // been tried in a packaged app on every platform), the backup is taken on this thread instead: a clinic
  // must not be left without backups. A failed one never keeps the desk from starting: it is logged and the
  // next start tries again.
  const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
  const logTaken = (taken: BackupInfo | undefined): void => {
    if (taken) opts.log.info('database backup taken', { name: taken.name, sizeBytes: taken.sizeBytes });
  };
  const backup = opts.readOnly
    ? Promise.resolve()
    : Promise.resolve()
        .then(() => takeBackupInBackground(file, key.load(), opts.dataDir, opts.now))
        .then(logTaken, (err: unknown) => {
          opts.log.warn('background database backup failed; taking it on the main thread', { error: errorText(err) });
          try {
            logTaken(takeBackupIfDue(db, opts.dataDir, opts.now));
          } catch (again) {
            opts.log.warn('database backup failed', { error: errorText(again) });
          }
        });
  const profiles = new ProfileStore(db);
  const certificates = createCertificateService({
    profiles,
    secrets: opts.secrets,
    log: opts.log,
    // Imported files are copied here and the profile names the copies (certificate-files.ts).
    certificatesDir: join(opts.dataDir, 'certificates'),
    chooseFile: opts.chooseFile,
    now: opts.now,
  });
  const sending = new AppOutbox({
    db,
    profiles,
    secrets: opts.secrets,
    log: opts.log,
    ...(opts.outbox ? { runner: opts.outbox } : {}),
    ...(opts.cartTimeouts ? { timeouts: opts.cartTimeouts } : {}),
    ...(opts.readOnly ? { sendingBlocked: opts.readOnly.reason } : {}),
    ...(opts.setup?.onlyGateway ? { onlyGateway: opts.setup.onlyGateway } : {}),
    now: opts.now,
  });
  const people = new PeopleService({
    db,
    profiles,
    log: opts.log,
    now: opts.now,
    operatorChanged: () => sending.reconfigure(),
    certificatesDir: join(opts.dataDir, 'certificates'),
  });
  const actions = new ActionsJournal(db, opts.now);
  const documents = new DocumentLibrary(db, opts.now, {
    jobHistory: (jobId) => {
      const h = sending.history(jobId);
      return h.ok ? h.value : undefined;
    },
  });
  const documentHandlers = createDocumentHandlers({ library: documents, log: opts.log, dataDir: opts.dataDir, openPath: opts.openPath });
  // Report authoring: validate, preview, sign, queue; import; delete and metadata update (reports/report-service.ts).
  const reportHandlers = createReportHandlers(new ReportService({ profiles, library: documents, db, outbox: sending.outbox, log: opts.log, now: opts.now }));
  const handlers = createHandlers({
    info: { version: opts.version, dataDir: opts.dataDir, shell: opts.shell },
    profiles,
    certificates,
    outbox: sending,
    copyText: opts.copyText,
    log: opts.log,
    people,
    now: opts.now,
  });
  // The first-run guide's checklist and test call: only under the desk (a core opened alone, as in tests, has no guide).
  const setupHandlers = opts.setup
    ? createSetupHandlers({ setup: opts.setup, db, profiles, certificates, secrets: opts.secrets, log: opts.log, now: opts.now, timeouts: opts.cartTimeouts })
    : {};
  // Every action is journaled with who operates (people/actions-journal.ts); a job's history shows them.
  const dispatch = createDispatch(
    withJobActions(
      journalActions({ ...handlers, ...setupHandlers, ...documentHandlers, ...reportHandlers }, actions, () => people.currentOperator(), opts.log),
      actions,
    ),
    opts.log,
  );
  // Start sending what is queued (or report why not) without holding up the window.
  void sending.reconfigure();
  let closing: Promise<void> | undefined;
  return {
    db,
    backup,
    dispatch,
    outbox: sending.outbox,
    sending,
    documents,
    onlineHint: () => sending.onlineHint(),
    close() {
      closing ??= sending
        .close()
        .catch((err: unknown) => opts.log.error('outbox did not stop cleanly', { error: err instanceof Error ? err.message : String(err) }))
        .then(() => backup)
        .finally(() => db.close());
      return closing;
    },
  };
}
