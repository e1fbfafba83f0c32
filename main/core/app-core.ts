// Builds the main-process services for one data directory. Used by the Electron layer and by the
// browser shell alike, so both serve the same behaviour.
import { join } from 'node:path';
import { createDispatch, createHandlers, type Dispatch } from './api/handlers.js';
import { createCertificateService } from './certificates/certificate-import.js';
import { openDatabase, type Database } from './db/database.js';
import type { Logger } from './log/logger.js';
import { ProfileStore } from './profile/profile-store.js';
import type { SecretStore } from './secrets/secret-store.js';
import type { AppInfo, CertificateSlot } from '../../contract/api.js';

export interface AppCore {
  db: Database;
  dispatch: Dispatch;
  close(): void;
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
  /** Clock for certificate validity (tests). */
  now?: () => Date;
}

export function createAppCore(opts: AppCoreOptions): AppCore {
  const db = openDatabase(join(opts.dataDir, 'fse-desk.sqlite'));
  const profiles = new ProfileStore(db);
  const certificates = createCertificateService({
    profiles,
    secrets: opts.secrets,
    log: opts.log,
    chooseFileSupported: opts.chooseFile !== undefined,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const handlers = createHandlers({
    info: { version: opts.version, dataDir: opts.dataDir, shell: opts.shell },
    profiles,
    certificates,
    chooseFile: opts.chooseFile,
    log: opts.log,
  });
  const dispatch = createDispatch(handlers, opts.log);
  return { db, dispatch, close: () => db.close() };
}
