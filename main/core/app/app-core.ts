// Builds the main-process services for one data directory. Used by the Electron layer and by the
// browser shell alike, so both serve the same behaviour — including the real outbox runner.
import { join } from 'node:path';
import { createDispatch, createHandlers, type Dispatch } from './handlers.js';
import { AppOutbox } from './outbox-service.js';
import { createCertificateService, type SecretStore } from '../credentials/index.js';
import type { CartTimeouts } from '../gateway/index.js';
import { openDatabase, ProfileStore, type Database, type Clock, type Logger } from '../shared/index.js';
import type { Outbox, OutboxOptions } from '../outbox/index.js';
import type { AppInfo, CertificateSlot } from '../../../contract/api.js';

export interface AppCore {
  db: Database;
  dispatch: Dispatch;
  /** The app's outbox (the same SQLite file): documents are enqueued here; the runner sends them. */
  outbox: Outbox;
  /** Runner control: configuration changes, connectivity hints, pause reasons. */
  sending: AppOutbox;
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
  /** A main-process file dialog for the certificate files; undefined where there is none (the UI then asks for a path). */
  chooseFile?: ((purpose: CertificateSlot) => Promise<string | null>) | undefined;
  /** Main-process clipboard (Electron); undefined in the browser shell. */
  copyText?: ((text: string) => void) | undefined;
  /** The clock of every service: systemClock in the app and the browser shell, the test clock in tests. */
  now: Clock;
  /** Outbox runner tuning (tests shorten backoff and probes). */
  outbox?: Omit<OutboxOptions, 'now'>;
  cartTimeouts?: Partial<CartTimeouts>;
}

export function createAppCore(opts: AppCoreOptions): AppCore {
  const db = openDatabase(join(opts.dataDir, 'fse-desk.sqlite'));
  const profiles = new ProfileStore(db);
  const certificates = createCertificateService({
    profiles,
    secrets: opts.secrets,
    log: opts.log,
    chooseFileSupported: opts.chooseFile !== undefined,
    now: opts.now,
  });
  const sending = new AppOutbox({
    db,
    profiles,
    secrets: opts.secrets,
    log: opts.log,
    ...(opts.outbox ? { runner: opts.outbox } : {}),
    ...(opts.cartTimeouts ? { timeouts: opts.cartTimeouts } : {}),
    now: opts.now,
  });
  const handlers = createHandlers({
    info: { version: opts.version, dataDir: opts.dataDir, shell: opts.shell },
    profiles,
    certificates,
    chooseFile: opts.chooseFile,
    outbox: sending,
    copyText: opts.copyText,
    log: opts.log,
    now: opts.now,
  });
  const dispatch = createDispatch(handlers, opts.log);
  // Start sending what is queued (or report why not) without holding up the window.
  void sending.reconfigure();
  let closing: Promise<void> | undefined;
  return {
    db,
    dispatch,
    outbox: sending.outbox,
    sending,
    onlineHint: () => sending.onlineHint(),
    close() {
      closing ??= sending
        .close()
        .catch((err: unknown) => opts.log.error('outbox did not stop cleanly', { error: err instanceof Error ? err.message : String(err) }))
        .finally(() => db.close());
      return closing;
    },
  };
}
