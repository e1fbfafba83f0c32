// What may be kept on disk, given how well the OS protects it. Electron's safeStorage encrypts
// with the macOS Keychain, Windows DPAPI, or on Linux a desktop keyring (libsecret, KWallet); on
// Linux without a keyring it falls back to 'basic_text', a fixed key compiled into Chromium: clear
// text in practice. There nothing secret is persisted: certificate passwords live in memory for the
// session and the database key is wrapped by a passphrase the user enters once per session.
// Plain Node: the Electron layer reads the backend and applies the answer.

/**
 * Where the secrets would go: safeStorage.getSelectedStorageBackend() on Linux ('basic_text',
 * 'gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6', 'unknown' before the app is ready),
 * 'keychain' on macOS, 'dpapi' on Windows, 'unavailable' when safeStorage.isEncryptionAvailable()
 * is false. Any other value is treated as weak.
 */
export type KeychainBackend = string;

export interface KeychainPolicy {
  /** Certificate passwords are written to disk (encrypted by the keychain); false: kept for this session only. */
  persistPasswords: boolean;
  /** The database key: wrapped by the keychain, or by a passphrase asked once per session. */
  databaseKey: 'keychain' | 'session-passphrase';
}

/**
 * The backends whose encryption key the OS protects with the user's login. An allow-list, so a
 * backend Electron adds later counts as weak until someone checks it.
 */
const PROTECTED_BACKENDS: readonly KeychainBackend[] = ['keychain', 'dpapi', 'gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'];

export function keychainPolicy(backend: KeychainBackend): KeychainPolicy {
  const strong = PROTECTED_BACKENDS.includes(backend);
  return { persistPasswords: strong, databaseKey: strong ? 'keychain' : 'session-passphrase' };
}

/** The backend name for keychainPolicy from what safeStorage reports on this platform. */
export function keychainBackend(o: { platform: NodeJS.Platform; encryptionAvailable: boolean; linuxBackend?: (() => string) | undefined }): KeychainBackend {
  if (!o.encryptionAvailable) return 'unavailable';
  if (o.platform === 'darwin') return 'keychain';
  if (o.platform === 'win32') return 'dpapi';
  if (o.platform === 'linux') return o.linuxBackend ? o.linuxBackend() : 'unknown';
  return 'unknown';
}
