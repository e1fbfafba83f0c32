// Builds the main-process services for one data directory. Used by the Electron layer and by the
// browser shell alike, so both serve the same behaviour.
import { join } from 'node:path';
import { createDispatch, createHandlers, type Dispatch } from './api/handlers.js';
import { openDatabase, type Database } from './db/database.js';
import type { Logger } from './log/logger.js';
import { ProfileStore } from './profile/profile-store.js';
import type { AppInfo } from '../../contract/api.js';

export interface AppCore {
  db: Database;
  dispatch: Dispatch;
  close(): void;
}

export function createAppCore(opts: { dataDir: string; version: string; shell: AppInfo['shell']; log: Logger }): AppCore {
  const db = openDatabase(join(opts.dataDir, 'fse-desk.sqlite'));
  const profiles = new ProfileStore(db);
  const dispatch = createDispatch(createHandlers({ info: { version: opts.version, dataDir: opts.dataDir, shell: opts.shell }, profiles, log: opts.log }), opts.log);
  return { db, dispatch, close: () => db.close() };
}
