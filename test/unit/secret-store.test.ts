import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretStore } from '../../main/electron/secret-store.js';

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
