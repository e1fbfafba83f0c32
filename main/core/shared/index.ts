// The shared room's public surface (issue #8: one entry file per room). Every other room, the CLI, the
// shell and the Electron layer import the shared room through this file only. All of it is light and
// loaded with this file: better-sqlite3-multiple-ciphers (a native addon) is required by the first openDatabase, not here,
// so that a command that never opens the database (`fse-desk profile check`, `validate`) does not load it.
export { epochMs, systemClock, type Clock } from './clock.js';
export { openDatabase, openDatabaseOrReadOnly, type Database, type OpenOptions } from './db/database.js';
export { listBackups, restoreBackup, takeBackupIfDue, takeBackupInBackground, type BackupInfo } from './db/backups.js';
export {
  envKeySource,
  keyFileSource,
  passphraseKeySource,
  PASSPHRASE_KEY_FILE,
  sessionPassphraseKey,
  wrappedKeySource,
  type DatabaseKeySource,
  type KeyWrapper,
  type SessionPassphraseKey,
} from './db/database-key.js';
export { ensurePrivateDir, writePrivateFile } from './db/private-files.js';
export { classifyStorageError, StorageFault, storageFaultAdvice, type StorageFaultKind } from './db/storage-fault.js';
export { checkFiscalCode, replaceTaxCodes } from './fiscal-code.js';
export { sha256Hex } from './hash.js';
export { createLogger, type Logger } from './logger.js';
export { createRotatingLogWriter } from './log-file.js';
export { OID } from './oids.js';
export { ProfileStore } from './profile/profile-store.js';
export { validateProfile } from './profile/validate-profile.js';
export { isTraceId, newSpanId, newTraceId } from './trace-id.js';
