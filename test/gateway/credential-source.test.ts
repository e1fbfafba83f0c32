// The one credential port: the CLI's environment-variable source, the app's secret-store source
// (with the regional transition mode), and the CART certificates opened through either of them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../contract/profile.js';
import { CredentialsError, loadCartCredentials } from '../../main/core/credentials/cart-credentials.js';
import type { CredentialSource } from '../../main/core/credentials/credential-source.js';
import { secretNameFor } from '../../main/core/credentials/certificate-import.js';
import { createMemorySecretStore, type SecretStore } from '../../main/core/credentials/secret-store.js';
import { secretStoreCredentialSource } from '../../main/core/credentials/stored-passwords.js';
import { CartInputError, openCartCredentials } from '../../main/core/gateway/execute.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { connectCart } from '../../main/core/app/cart-connection.js';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { envCredentialSource } from '../../main/cli/profile-file.js';
import { testClock, testNow } from '../support/clock.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { testCredentialSource, testProfile } from './helpers.js';

let dir: string;
let pki: TestPki;
const now = testNow();
const profile = (): Profile => testProfile('https://127.0.0.1:1/gateway/v2/', pki);
/** The transition mode: the signature file is also the authentication file. */
const dualProfile = (): Profile => ({ ...profile(), signatureCertificate: { p12: pki.authP12 } });
const storeWith = (entries: Record<string, string>): SecretStore => {
  const s = createMemorySecretStore();
  for (const [role, pw] of Object.entries(entries)) s.set(secretNameFor(role as 'auth'), pw);
  return s;
};
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (err) {
    return err;
  }
  assert.fail('expected an error');
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'credential-source-'));
  pki = makeTestPki(join(dir, 'pki'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the CLI source reads the variable each certificate names and says why when it cannot', () => {
  const source = envCredentialSource({ TEST_AUTH_PW: 'a' });
  assert.deepEqual(source.password('auth', { p12: '/x/A1.p12', passwordEnv: 'TEST_AUTH_PW' }), { ok: true, password: 'a' });
  assert.deepEqual(source.password('signature', { p12: '/x/S1.p12', passwordEnv: 'TEST_SIG_PW' }), {
    ok: false,
    reason: 'environment variable TEST_SIG_PW (password of /x/S1.p12) is not set',
  });
  assert.deepEqual(source.password('documentSigner', { p12: '/x/F.p12' }), { ok: false, reason: 'no passwordEnv given for /x/F.p12' });
});

test('the app source answers from the secret store, one password per role', () => {
  const source = secretStoreCredentialSource(storeWith({ auth: 'pa', signature: 'ps' }), profile());
  assert.deepEqual(source.password('auth', profile().authCertificate!), { ok: true, password: 'pa' });
  assert.deepEqual(source.password('signature', profile().signatureCertificate!), { ok: true, password: 'ps' });
  assert.equal(source.password('documentSigner', { p12: '/x/F.p12' }).ok, false);
});

test('in the transition mode a missing signature password falls back to the authentication one, only for the same file', () => {
  const secrets = storeWith({ auth: 'pa' });
  assert.deepEqual(secretStoreCredentialSource(secrets, dualProfile()).password('signature', dualProfile().signatureCertificate!), {
    ok: true,
    password: 'pa',
  });
  assert.equal(secretStoreCredentialSource(secrets, profile()).password('signature', profile().signatureCertificate!).ok, false);
});

test('an unreadable secret counts as absent', () => {
  const broken: SecretStore = {
    ...createMemorySecretStore(),
    get: () => {
      throw new Error('cannot decrypt');
    },
  };
  assert.equal(secretStoreCredentialSource(broken, profile()).password('auth', profile().authCertificate!).ok, false);
});

test('the CART certificates open through either source', () => {
  const fromEnv = loadCartCredentials(profile(), testCredentialSource(pki.password), now);
  const fromStore = loadCartCredentials(profile(), secretStoreCredentialSource(storeWith({ auth: pki.password, signature: pki.password }), profile()), now);
  assert.equal(fromEnv.auth.certificate.fingerprint256, fromStore.auth.certificate.fingerprint256);
  assert.equal(fromEnv.signature.certificate.fingerprint256, fromStore.signature.certificate.fingerprint256);
});

test('a missing password, a wrong one and a missing file are credentials errors with Italian messages', () => {
  const none: CredentialSource = { password: () => ({ ok: false, reason: 'nothing here' }) };
  const missing = thrown(() => loadCartCredentials(profile(), none, now));
  assert.ok(missing instanceof CredentialsError);
  assert.equal(missing.code, 'certificate');
  assert.equal(missing.userMessage, 'Impossibile aprire il certificato di autenticazione (password non impostata).');
  assert.deepEqual(missing.details, ['nothing here']);

  const wrong = thrown(() => loadCartCredentials(profile(), { password: () => ({ ok: true, password: 'wrong' }) }, now));
  assert.ok(wrong instanceof CredentialsError);
  assert.equal(wrong.userMessage, 'Impossibile aprire il certificato di autenticazione (password errata oppure file danneggiato).');

  // The file is read first: a missing file is reported as such even without a password.
  const gone = thrown(() =>
    loadCartCredentials({ ...profile(), signatureCertificate: { p12: join(dir, 'absent.p12') } }, testCredentialSource(pki.password), now),
  );
  assert.ok(gone instanceof CredentialsError);
  assert.equal(gone.userMessage, 'Impossibile aprire il certificato di firma (file non leggibile).');
});

test('a profile without CART certificates is a profile-level credentials error', () => {
  const { authCertificate: _a, ...noAuth } = profile();
  const err = thrown(() => loadCartCredentials(noAuth, testCredentialSource(pki.password), now));
  assert.ok(err instanceof CredentialsError);
  assert.equal(err.code, 'profile');
});

test('the gateway turns a credentials error into its CartInputError with the same code, message and details', () => {
  const err = thrown(() => openCartCredentials(profile(), { password: () => ({ ok: false, reason: 'nothing here' }) }, now));
  assert.ok(err instanceof CartInputError);
  assert.equal(err.code, 'certificate');
  assert.equal(err.userMessage, 'Impossibile aprire il certificato di autenticazione (password non impostata).');
  assert.deepEqual(err.details, ['nothing here']);
});

test('in the transition mode only the authentication password is asked for and the file serves both roles', () => {
  const asked: string[] = [];
  const source: CredentialSource = { password: (role) => (asked.push(role), { ok: true, password: pki.password }) };
  const credentials = loadCartCredentials(dualProfile(), source, now);
  assert.deepEqual(asked, ['auth']);
  assert.equal(credentials.signature, credentials.auth);
});

test('the app connects with the stored passwords, and pauses with an Italian reason when one is missing', async () => {
  const db = openDatabase(join(dir, 'journal.sqlite'));
  try {
    const journal = new CartJournal(db);
    const missing = await connectCart({ profile: profile(), secrets: storeWith({ auth: pki.password }), journal, now: testClock });
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.code, 'password-needed');

    const wrong = await connectCart({ profile: profile(), secrets: storeWith({ auth: 'wrong', signature: pki.password }), journal, now: testClock });
    assert.equal(!wrong.ok && wrong.code, 'certificate-certificate');
    assert.match(
      !wrong.ok ? wrong.message : '',
      /^Invii sospesi: Impossibile aprire il certificato di autenticazione \(password errata oppure file danneggiato\)\./,
    );

    const connected = await connectCart({ profile: profile(), secrets: storeWith({ auth: pki.password, signature: pki.password }), journal, now: testClock });
    assert.equal(connected.ok, true, JSON.stringify(connected));
    if (connected.ok) await connected.port.close();
  } finally {
    db.close();
  }
});
