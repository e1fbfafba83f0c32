import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppSecretStore, createSecretStore } from '../../main/electron/secret-store.js';
import { silentLogger } from '../../main/core/shared/logger.js';

// A stand-in for safeStorage that "encrypts" by reversing bytes: enough to see that the file never holds the clear text.
function fakeSafeStorage(backend: string, available = true) {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').reverse()),
    decryptString: (b: Buffer) => Buffer.from(b).reverse().toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
}

const file = () => join(mkdtempSync(join(tmpdir(), 'secrets-')), 'secrets.json');

test('a stored secret comes back and is not written in clear', () => {
  const f = file();
  const store = createSecretStore(fakeSafeStorage('gnome_libsecret') as never, f, 'linux');
  store.set('auth-p12', 'Segreto-123');
  assert.equal(store.get('auth-p12'), 'Segreto-123');
  assert.doesNotMatch(readFileSync(f, 'utf8'), /Segreto-123/);
});

test('a secret encrypted by another backend is not trusted and must be asked again', () => {
  const f = file();
  createSecretStore(fakeSafeStorage('gnome_libsecret') as never, f, 'linux').set('auth-p12', 'x');
  assert.equal(createSecretStore(fakeSafeStorage('basic_text') as never, f, 'linux').get('auth-p12'), null);
});

test('the basic_text fallback is reported as weak', () => {
  assert.equal(createSecretStore(fakeSafeStorage('basic_text') as never, file(), 'linux').isStrong(), false);
  assert.equal(createSecretStore(fakeSafeStorage('kwallet5') as never, file(), 'linux').isStrong(), true);
});

test('without OS encryption a secret is refused rather than stored in clear', () => {
  const store = createSecretStore(fakeSafeStorage('basic_text', false) as never, file(), 'linux');
  assert.throws(() => store.set('auth-p12', 'x'), /encryption is not available/);
});

test('without a keyring (basic_text) the app keeps certificate passwords in memory only and writes nothing', () => {
  const f = file();
  const { secrets, policy } = createAppSecretStore(fakeSafeStorage('basic_text') as never, f, silentLogger, 'linux');
  assert.deepEqual(policy, { persistPasswords: false, databaseKey: 'session-passphrase' });
  secrets.set('certificate-password:auth', 'Segreto-123');
  assert.equal(secrets.get('certificate-password:auth'), 'Segreto-123');
  assert.equal(existsSync(f), false);
  // The Certificati screen is told why the password will be asked again at the next start.
  assert.equal(secrets.isStrong(), false);
  // The next session starts without it.
  assert.equal(createAppSecretStore(fakeSafeStorage('basic_text') as never, f, silentLogger, 'linux').secrets.get('certificate-password:auth'), null);
});

test('with a keyring the app keeps certificate passwords on disk, encrypted, across sessions', () => {
  const f = file();
  const first = createAppSecretStore(fakeSafeStorage('gnome_libsecret') as never, f, silentLogger, 'linux');
  assert.deepEqual(first.policy, { persistPasswords: true, databaseKey: 'keychain' });
  first.secrets.set('certificate-password:auth', 'Segreto-123');
  assert.equal(
    createAppSecretStore(fakeSafeStorage('gnome_libsecret') as never, f, silentLogger, 'linux').secrets.get('certificate-password:auth'),
    'Segreto-123',
  );
  assert.doesNotMatch(readFileSync(f, 'utf8'), /Segreto-123/);
});

test('passwords an older version saved with the clear-text fallback are deleted at start, keyring passwords kept', () => {
  const f = file();
  writeFileSync(
    f,
    JSON.stringify({
      'certificate-password:auth': { backend: 'basic_text', data: Buffer.from('Segreto-123').toString('base64') },
      'certificate-password:signature': { backend: 'gnome_libsecret', data: 'AAAA' },
    }),
  );
  createAppSecretStore(fakeSafeStorage('basic_text') as never, f, silentLogger, 'linux');
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(f, 'utf8')) as object), ['certificate-password:signature']);
});

test('where OS encryption is not available at all, passwords are kept for the session instead of being refused', () => {
  const { secrets, policy } = createAppSecretStore(fakeSafeStorage('basic_text', false) as never, file(), silentLogger, 'win32');
  assert.equal(policy.persistPasswords, false);
  secrets.set('certificate-password:auth', 'x');
  assert.equal(secrets.get('certificate-password:auth'), 'x');
});
