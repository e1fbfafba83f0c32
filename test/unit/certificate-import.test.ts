// The certificate service of the app: real PKCS#12 files made at test time, a real SQLite profile
// store in a temporary folder, and the in-memory secret store of the browser shell.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../main/core/app/app-core.js';
import { createCertificateService, keepStoredCertificates, secretNameFor } from '../../main/core/credentials/certificate-import.js';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { ProfileStore } from '../../main/core/shared/profile/profile-store.js';
import { createMemorySecretStore, type SecretStore } from '../../main/core/credentials/secret-store.js';
import type { Profile } from '../../contract/profile.js';
import { cartCn, makeCert, makeTestPki, toPkcs12, type TestPki } from '../support/pki.js';
import { daysFrom, testClock } from '../support/clock.js';
import { VALID_TEST_PROFILE as VALID_PROFILE } from '../support/shell.js';

let pki: TestPki;
let expiredP12: string;

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'cert-import-'));
  pki = makeTestPki(dir, 'Pw-Import-2024!');
  const expired = makeCert({ commonName: cartCn('A1'), issuer: pki.ca, usage: 'client', notBefore: daysFrom(-400), notAfter: daysFrom(-10) });
  expiredP12 = join(dir, 'expired.p12');
  writeFileSync(expiredP12, toPkcs12(expired, pki.password, [pki.ca]));
});

function setup(o: { profile?: Profile | null; secrets?: SecretStore } = {}) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'cert-import-db-')), 'fse-desk.sqlite'));
  const profiles = new ProfileStore(db);
  if (o.profile !== null) profiles.save(o.profile ?? VALID_PROFILE, testClock());
  const secrets = o.secrets ?? createMemorySecretStore();
  const service = createCertificateService({ profiles, secrets, log: silentLogger, now: testClock });
  return { profiles, secrets, service };
}

test('a valid authentication file is imported: its password goes to the secret store and its path to the profile', async () => {
  const { profiles, secrets, service } = setup();
  const r = await service.importCertificate({ role: 'auth', path: pki.authP12, password: pki.password });
  assert.equal(r.ok, true);
  assert.ok(r.ok);
  assert.equal(r.value.report.commonName, cartCn('A1'));
  assert.match(r.value.report.issuer!, /CN=FSE Desk Test CA/);
  assert.equal(r.value.sameFileForBoth, false);
  assert.equal(secrets.get(secretNameFor('auth')), pki.password);
  assert.deepEqual(profiles.get()?.authCertificate, { p12: pki.authP12 });
  assert.equal(profiles.get()?.signatureCertificate, undefined);
});

test('the import result carries neither the password nor key material', async () => {
  const { service } = setup();
  const r = await service.importCertificate({ role: 'auth', path: pki.authP12, password: pki.password });
  const text = JSON.stringify(r);
  assert.ok(!text.includes(pki.password));
  assert.doesNotMatch(text, /PRIVATE KEY|BEGIN CERTIFICATE/);
});

test('a wrong password is reported on the password field and nothing is stored', async () => {
  const { profiles, secrets, service } = setup();
  const r = await service.importCertificate({ role: 'auth', path: pki.authP12, password: 'not-the-password' });
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'certificate-refused');
  assert.equal(r.error.problems?.[0]?.path, 'password');
  assert.match(r.error.problems?.[0]?.message ?? '', /^Password errata oppure file danneggiato\./);
  assert.equal(secrets.get(secretNameFor('auth')), null);
  assert.equal(profiles.get()?.authCertificate, undefined);
});

test('an expired certificate is refused with the date it expired', async () => {
  const { secrets, service } = setup();
  const r = await service.importCertificate({ role: 'auth', path: expiredP12, password: pki.password });
  assert.ok(!r.ok);
  assert.match(r.error.problems?.map((p) => p.message).join(' ') ?? '', /scaduto il \d{1,2}\/\d{1,2}\/\d{4}/);
  assert.equal(secrets.get(secretNameFor('auth')), null);
});

test('an authentication certificate (A1#) imported as the signature certificate is refused', async () => {
  const { profiles, service } = setup();
  const r = await service.importCertificate({ role: 'signature', path: pki.authP12, password: pki.password });
  assert.ok(!r.ok);
  assert.match(r.error.problems?.[0]?.message ?? '', /certificato di autenticazione \(A1#\) come certificato di firma \(S1#\)/);
  assert.equal(profiles.get()?.signatureCertificate, undefined);
});

test('one file for both roles in the transition mode is accepted with a warning and saved for both', async () => {
  const { profiles, secrets, service } = setup();
  const r = await service.importCertificate({ role: 'auth', path: pki.authP12, password: pki.password, sameFileForBoth: true });
  assert.ok(r.ok);
  assert.equal(r.value.sameFileForBoth, true);
  assert.deepEqual(
    r.value.report.problems.map((p) => [p.code, p.severity]),
    [['dual-use', 'warning']],
  );
  assert.deepEqual(profiles.get()?.authCertificate, { p12: pki.authP12 });
  assert.deepEqual(profiles.get()?.signatureCertificate, { p12: pki.authP12 });
  assert.equal(secrets.get(secretNameFor('signature')), pki.password);
  const list = await service.list();
  assert.equal(list.transitionMode, true);
  assert.deepEqual(
    list.slots.filter((s) => s.role !== 'documentSigner').map((s) => s.report?.ok),
    [true, true],
  );
});

test('the report signer may be a personal certificate: the CART name rules do not apply to it', async () => {
  const { profiles, service } = setup();
  const r = await service.importCertificate({ role: 'documentSigner', path: pki.signerP12, password: pki.password });
  assert.ok(r.ok);
  assert.equal(r.value.report.commonName, 'Dott. Mario Rossi');
  assert.deepEqual(r.value.report.problems, []);
  assert.deepEqual(profiles.get()?.documentSigner, { p12: pki.signerP12 });
});

test('removing a certificate deletes its password and its path, and leaves the other roles alone', async () => {
  const { profiles, secrets, service } = setup();
  assert.ok((await service.importCertificate({ role: 'auth', path: pki.authP12, password: pki.password })).ok);
  assert.ok((await service.importCertificate({ role: 'signature', path: pki.signatureP12, password: pki.password })).ok);
  assert.ok(service.remove('auth').ok);
  assert.equal(secrets.get(secretNameFor('auth')), null);
  assert.equal(profiles.get()?.authCertificate, undefined);
  assert.deepEqual(profiles.get()?.signatureCertificate, { p12: pki.signatureP12 });
  assert.equal(secrets.get(secretNameFor('signature')), pki.password);
});

test('the list re-checks each configured file with its stored password', async () => {
  const { service } = setup();
  await service.importCertificate({ role: 'signature', path: pki.signatureP12, password: pki.password });
  const list = await service.list();
  assert.equal(list.profileSaved, true);
  assert.equal(list.transitionMode, false);
  assert.deepEqual(
    list.slots.map((s) => [s.role, s.state]),
    [
      ['auth', 'missing'],
      ['signature', 'checked'],
      ['documentSigner', 'missing'],
    ],
  );
  assert.equal(list.slots[1]?.report?.commonName, cartCn('S1'));
});

test('a configured file whose password is not in the secret store is listed as "password da inserire"', async () => {
  const { service } = setup({ profile: { ...VALID_PROFILE, authCertificate: { p12: '/somewhere/auth.p12', passwordEnv: 'AUTH_PW' } } });
  const slot = (await service.list()).slots[0]!;
  assert.equal(slot.state, 'password-needed');
  assert.equal(slot.path, '/somewhere/auth.p12');
  assert.match(slot.message ?? '', /^Password da inserire/);
});

test('a file that no longer exists is refused on import with an Italian message', async () => {
  const { service } = setup();
  const r = await service.importCertificate({ role: 'auth', path: join(tmpdir(), 'no-such-dir', 'auth.p12'), password: 'x' });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'file-unreadable');
  assert.match(r.error.message, /non esiste/);
});

test('importing before the clinic profile is saved is refused with what to do first', async () => {
  const { service } = setup({ profile: null });
  const r = await service.importCertificate({ role: 'auth', path: pki.authP12, password: pki.password });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'no-profile');
  assert.match(r.error.message, /salvare il profilo della struttura/);
});

test('when the secret store cannot keep the password, nothing is imported', async () => {
  const broken: SecretStore = {
    ...createMemorySecretStore(),
    set: () => {
      throw new Error('OS encryption is not available; secrets cannot be stored');
    },
  };
  const { profiles, service } = setup({ secrets: broken });
  const r = await service.importCertificate({ role: 'auth', path: pki.authP12, password: pki.password });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'secrets-unavailable');
  assert.equal(profiles.get()?.authCertificate, undefined);
});

test('a profile saved from the form keeps the stored certificate references, even a stale copy of them', () => {
  const stored: Profile = { ...VALID_PROFILE, authCertificate: { p12: '/new/auth.p12' }, documentSigner: { p12: '/new/signer.p12' } };
  const draft: Profile = { ...VALID_PROFILE, authCertificate: { p12: '/old/auth.p12' }, signatureCertificate: { p12: '/old/sig.p12' } };
  const saved = keepStoredCertificates(draft, stored);
  assert.deepEqual(saved.authCertificate, { p12: '/new/auth.p12' });
  assert.equal(saved.signatureCertificate, undefined);
  assert.deepEqual(saved.documentSigner, { p12: '/new/signer.p12' });
});

test('with a main-process file dialog, the list says so and choose-file returns the chosen path', async () => {
  const asked: string[] = [];
  const core = createAppCore({
    dataDir: mkdtempSync(join(tmpdir(), 'cert-choose-')),
    version: 'test',
    shell: 'electron',
    log: silentLogger,
    secrets: createMemorySecretStore(),
    now: testClock,
    chooseFile: async (purpose) => (asked.push(purpose), '/home/studio/A1.p12'),
  });
  try {
    const list = (await core.dispatch('certificates:list', undefined)) as { ok: true; value: { chooseFileSupported: boolean } };
    assert.equal(list.value.chooseFileSupported, true);
    assert.deepEqual(await core.dispatch('certificates:choose-file', { role: 'signature' }), { ok: true, value: { path: '/home/studio/A1.p12' } });
    assert.deepEqual(asked, ['signature']);
  } finally {
    core.close();
  }
});
