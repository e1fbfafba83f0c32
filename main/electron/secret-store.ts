// Certificate passwords are kept encrypted with Electron's safeStorage (OS keychain / DPAPI /
// libsecret). On Linux without a keyring safeStorage falls back to a plaintext-equivalent
// backend ('basic_text'): we record which backend encrypted each secret and refuse to trust a
// secret whose backend changed, asking the user again instead.
import type { SafeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SecretStore } from '../core/credentials/index.js';

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
  const write = (all: Record<string, StoredSecret>): void => {
    writeFileSync(`${file}.tmp`, JSON.stringify(all), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
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
