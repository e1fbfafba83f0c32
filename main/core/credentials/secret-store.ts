// Where certificate passwords live in the app: a small key/value store of secrets kept by the
// main process only. Plain Node interface; the Electron layer implements it with safeStorage
// (main/electron/secret-store.ts), the browser shell with the in-memory store below.

export interface SecretStore {
  set(name: string, value: string): void;
  /** null when the secret is absent or can no longer be trusted (it must then be asked again). */
  get(name: string): string | null;
  delete(name: string): void;
  /** True when secrets are protected by the OS (not the basic_text fallback). */
  isStrong(): boolean;
}

/**
 * Development and test tool only (browser shell, tests): secrets stay in this process's memory and
 * vanish when it exits. The shell never persists secrets; the installed app uses safeStorage.
 */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    set: (name, value) => void secrets.set(name, value),
    get: (name) => secrets.get(name) ?? null,
    delete: (name) => void secrets.delete(name),
    // Nothing ever reaches the disk, so there is no weaker backend to warn about.
    isStrong: () => true,
  };
}
