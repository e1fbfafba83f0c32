// What is kept on disk depends on how the OS protects safeStorage's key: with a real keychain the
// certificate passwords and the database key are wrapped by it; with Linux's clear-text fallback
// ('basic_text') or no encryption at all, nothing secret is persisted (issue 13, weak keychain).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keychainBackend, keychainPolicy } from '../../main/core/credentials/keychain-policy.js';

const STRONG = { persistPasswords: true, databaseKey: 'keychain' };
const SESSION = { persistPasswords: false, databaseKey: 'session-passphrase' };

test('the macOS Keychain and Windows DPAPI keep passwords and the database key', () => {
  assert.deepEqual(keychainPolicy('keychain'), STRONG);
  assert.deepEqual(keychainPolicy('dpapi'), STRONG);
});

test('a Linux desktop keyring (libsecret, KWallet 4/5/6) keeps passwords and the database key', () => {
  for (const b of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) assert.deepEqual(keychainPolicy(b), STRONG, b);
});

test('Linux without a keyring (basic_text) persists no password and asks a passphrase for the database each session', () => {
  assert.deepEqual(keychainPolicy('basic_text'), SESSION);
});

test('an unknown backend, or no OS encryption at all, counts as weak', () => {
  assert.deepEqual(keychainPolicy('unknown'), SESSION);
  assert.deepEqual(keychainPolicy('unavailable'), SESSION);
  assert.deepEqual(keychainPolicy('some_future_backend'), SESSION);
});

test('the backend is read from safeStorage as each platform reports it', () => {
  assert.equal(keychainBackend({ platform: 'darwin', encryptionAvailable: true }), 'keychain');
  assert.equal(keychainBackend({ platform: 'win32', encryptionAvailable: true }), 'dpapi');
  assert.equal(keychainBackend({ platform: 'linux', encryptionAvailable: true, linuxBackend: () => 'basic_text' }), 'basic_text');
  assert.equal(keychainBackend({ platform: 'linux', encryptionAvailable: true, linuxBackend: () => 'gnome_libsecret' }), 'gnome_libsecret');
  assert.equal(keychainBackend({ platform: 'linux', encryptionAvailable: false, linuxBackend: () => 'gnome_libsecret' }), 'unavailable');
  assert.equal(keychainBackend({ platform: 'win32', encryptionAvailable: false }), 'unavailable');
});
