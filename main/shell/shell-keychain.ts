// The browser shell's stand-in for the OS keychain. By default it acts as a protected one: the database key
// sits in a 0600 key file (createAppCore's default). With FSE_DESK_SHELL_KEYCHAIN naming a weak backend
// (e.g. 'basic_text', Linux without a keyring) it behaves as the app does there: certificate passwords are
// kept for the session only and the database key is wrapped by a passphrase asked at every start.
import { join } from 'node:path';
import { databaseFileIn } from '../core/app/index.js';
import { createMemorySecretStore, keychainPolicy, type SecretStore } from '../core/credentials/index.js';
import { keyFileSource, sessionPassphraseKey, type SessionPassphraseKey } from '../core/shared/index.js';

export function shellKeychain(dataDir: string, backend: string | undefined): { secrets: SecretStore; passphraseKey?: SessionPassphraseKey } {
  const policy = backend === undefined ? undefined : keychainPolicy(backend);
  const secrets = createMemorySecretStore({ keychainMissing: policy !== undefined && !policy.persistPasswords });
  if (policy?.databaseKey !== 'session-passphrase') return { secrets };
  const file = databaseFileIn(dataDir);
  // A key file left by an earlier run of the shell on this folder is adopted under the passphrase, as the app adopts a keychain-wrapped key.
  const previous = { file: join(dataDir, 'database.key'), source: keyFileSource(join(dataDir, 'database.key'), file) };
  return { secrets, passphraseKey: sessionPassphraseKey(dataDir, file, previous) };
}
