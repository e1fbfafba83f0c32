// Where certificate passwords live in the app: a small key/value store of secrets kept by the
// main process only. Plain Node interface; the Electron layer implements it with safeStorage
// (main/electron/secret-store.ts), the browser shell with the in-memory store below.

export interface SecretStore {
  set(name: string, value: string): void;
  /** null when the secret is absent or can no longer be trusted (it must then be asked again). */
  get(name: string): string | null;
  delete(name: string): void;
  /** False on a computer without a protected keychain: passwords are then kept for the session only. */
  isStrong(): boolean;
}

/**
 * Secrets kept in this process's memory only; they vanish when it exits. The browser shell and the
 * tests use it; so does the installed app on a computer without a protected keychain (keychain-policy.ts),
 * where `keychainMissing` makes isStrong() false so the Certificati screen says why passwords are asked
 * at every start.
 */
export function createMemorySecretStore(o: { keychainMissing?: boolean } = {}): SecretStore {
  const secrets = new Map<string, string>();
  return {
    set: (name, value) => void secrets.set(name, value),
    get: (name) => secrets.get(name) ?? null,
    delete: (name) => void secrets.delete(name),
    isStrong: () => o.keychainMissing !== true,
  };
}
