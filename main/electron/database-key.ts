// The app's database key (README "Patient data at rest"): 32 random bytes, kept wrapped by the OS keychain
// through safeStorage in <userData>/database.key.wrapped. Where safeStorage is clear text in practice (Linux
// 'basic_text', keychain-policy.ts), the key is never persisted that way: it is wrapped with a passphrase the
// user types once per session (database.key.passphrase); start-up asks for it (main/core/app/startup.ts).
import type { SafeStorage } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { databaseFileIn } from '../core/app/index.js';
import {
  PASSPHRASE_KEY_FILE,
  sessionPassphraseKey,
  StorageFault,
  wrappedKeySource,
  type DatabaseKeySource,
  type KeyWrapper,
  type SessionPassphraseKey,
} from '../core/shared/index.js';

type KeyStorage = Pick<SafeStorage, 'encryptString' | 'decryptString'>;
const WRAPPED_KEY_FILE = 'database.key.wrapped';

/** safeStorage encrypts strings: the key travels as hex inside it. */
export function safeStorageKeyWrapper(safeStorage: KeyStorage): KeyWrapper {
  return {
    encrypt: (plain) => safeStorage.encryptString(plain.toString('hex')),
    decrypt: (wrapped) => Buffer.from(safeStorage.decryptString(wrapped), 'hex'),
  };
}

const keychainKey = (dataDir: string, safeStorage: KeyStorage): DatabaseKeySource =>
  wrappedKeySource(join(dataDir, WRAPPED_KEY_FILE), safeStorageKeyWrapper(safeStorage), databaseFileIn(dataDir));

/**
 * The session passphrase's key. A key the keychain wrapped earlier (when this account had a protected
 * keyring) is adopted under the passphrase when it can still be unwrapped here, then its file removed; when
 * it cannot (the keyring is just not available in this session), start-up reports the key as missing and
 * nothing is replaced, so the data opens again once the keyring is back.
 */
const passphraseKey = (dataDir: string, safeStorage: KeyStorage): SessionPassphraseKey =>
  sessionPassphraseKey(dataDir, databaseFileIn(dataDir), { file: join(dataDir, WRAPPED_KEY_FILE), source: keychainKey(dataDir, safeStorage) });

export function appDatabaseKey(dataDir: string, safeStorage: KeyStorage, mode: 'keychain' | 'session-passphrase', passphrase?: string): DatabaseKeySource {
  if (mode === 'keychain') return keychainKey(dataDir, safeStorage);
  if (passphrase !== undefined) return passphraseKey(dataDir, safeStorage).withPassphrase(passphrase);
  const file = databaseFileIn(dataDir);
  const missing = (): never => {
    throw new StorageFault('key-missing', file, 'no protected keychain: the database key needs the session passphrase');
  };
  return { describe: () => 'session passphrase (not given yet)', load: missing, store: missing };
}

/**
 * What start-up gets (startApp's databaseKey or passphraseKey). A key already under a passphrase stays there
 * when a protected keyring shows up later (e.g. a desktop session that unlocks one): looking for it in the
 * keychain would find nothing and the data would not open.
 */
export function appStartupKey(
  dataDir: string,
  safeStorage: KeyStorage,
  mode: 'keychain' | 'session-passphrase',
): { databaseKey: DatabaseKeySource } | { passphraseKey: SessionPassphraseKey } {
  const underPassphrase = existsSync(join(dataDir, PASSPHRASE_KEY_FILE)) && !existsSync(join(dataDir, WRAPPED_KEY_FILE));
  if (mode === 'keychain' && !underPassphrase) return { databaseKey: keychainKey(dataDir, safeStorage) };
  return { passphraseKey: passphraseKey(dataDir, safeStorage) };
}
