// Certificate passwords are kept encrypted with Electron's safeStorage (OS keychain / DPAPI /
// libsecret). On Linux without a keyring safeStorage falls back to a plaintext-equivalent
// backend ('basic_text'): there nothing is written and passwords stay in memory for the session
// (createAppSecretStore, keychain-policy.ts). We record which backend encrypted each secret and
// refuse to trust a secret whose backend changed, asking the user again instead.
import type { SafeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createMemorySecretStore, keychainBackend, keychainPolicy, type KeychainPolicy, type SecretStore } from '../core/credentials/index.js';
import type { Logger } from '../core/shared/index.js';

export type { SecretStore } from '../core/credentials/index.js';

interface StoredSecret {
  backend: string;
  data: string;
}

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string;
};

export function createSecretStore(safeStorage: SafeStorageLike, file: string, platform: NodeJS.Platform = process.platform): SecretStore {
  const backend = (): string => (platform === 'linux' && safeStorage.getSelectedStorageBackend ? safeStorage.getSelectedStorageBackend() : platform);
  const read = (): Record<string, StoredSecret> => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredSecret>) : {});
  const write = (all: Record<string, StoredSecret>): void => writeSecrets(file, all);
  return {
    isStrong: () => safeStorage.isEncryptionAvailable() && backend() !== 'basic_text',
    set(name, value) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('OS encryption is not available; secrets cannot be stored');
      const all = read();
      all[name] = { backend: backend(), data: safeStorage.encryptString(value).toString('base64') };
      write(all);
    },
    get(name) {
      const s = read()[name];
      if (!s || s.backend !== backend() || !safeStorage.isEncryptionAvailable()) return null;
      return safeStorage.decryptString(Buffer.from(s.data, 'base64'));
    },
    delete(name) {
      const all = read();
      delete all[name];
      write(all);
    },
  };
}

/** Backends recorded in secrets.json whose "encryption" is a key anyone can read (basic_text; 'unknown' is never valid). */
const CLEAR_IN_PRACTICE = ['basic_text', 'unknown'];

/**
 * The app's secret store under keychainPolicy: safeStorage on disk where the OS protects the key,
 * else memory for this session (the Certificati screen then says why passwords are asked at every
 * start). Either way, passwords an older version wrote with the clear-text fallback are deleted.
 * Call after the app's 'ready' (before it, Linux reports the backend as 'unknown').
 */
export function createAppSecretStore(
  safeStorage: SafeStorageLike,
  file: string,
  log: Logger,
  platform: NodeJS.Platform = process.platform,
): { secrets: SecretStore; policy: KeychainPolicy } {
  const backend = keychainBackend({
    platform,
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    linuxBackend: safeStorage.getSelectedStorageBackend ? () => safeStorage.getSelectedStorageBackend!() : undefined,
  });
  const policy = keychainPolicy(backend);
  dropClearTextSecrets(file, log);
  log.info('keychain policy', { backend, ...policy });
  return { secrets: policy.persistPasswords ? createSecretStore(safeStorage, file, platform) : createMemorySecretStore({ keychainMissing: true }), policy };
}

function dropClearTextSecrets(file: string, log: Logger): void {
  if (!existsSync(file)) return;
  let all: Record<string, StoredSecret>;
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredSecret>;
  } catch {
    return; // Unreadable: createSecretStore reports it when a secret is read.
  }
  const weak = Object.keys(all).filter((name) => CLEAR_IN_PRACTICE.includes(all[name]!.backend));
  if (weak.length === 0) return;
  for (const name of weak) delete all[name];
  writeSecrets(file, all);
  log.warn('deleted certificate passwords stored with the clear-text fallback; they will be asked again', { count: weak.length });
}

function writeSecrets(file: string, all: Record<string, StoredSecret>): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(all), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
