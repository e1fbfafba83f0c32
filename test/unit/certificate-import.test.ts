// The certificate service of the app: real PKCS#12 files made at test time, a real SQLite profile
// store in a temporary folder, and the in-memory secret store of the browser shell.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
import { importFromPath } from '../support/certificate-upload.js';

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
  const dir = join(mkdtempSync(join(tmpdir(), 'cert-import-data-')), 'certificates');
  const service = createCertificateService({ profiles, secrets, log: silentLogger, now: testClock, certificatesDir: dir });
  return { profiles, secrets, service, dir };
}

test('a valid authentication file is imported: its password goes to the secret store and a private copy of it to the data folder', async () => {
  const { profiles, secrets, service, dir } = setup();
  const r = await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password });
  assert.equal(r.ok, true);
  assert.ok(r.ok);
  assert.equal(r.value.report.commonName, cartCn('A1'));
  assert.match(r.value.report.issuer!, /CN=FSE Desk Test CA/);
  assert.equal(r.value.sameFileForBoth, false);
  assert.equal(r.value.fileName, 'auth.p12');
  assert.equal(secrets.get(secretNameFor('auth')), pki.password);
  // The profile names the app's own copy, not the file the person chose.
  const copy = join(dir, 'auth.p12');
  assert.deepEqual(profiles.get()?.authCertificate, { p12: copy });
  assert.deepEqual(readFileSync(copy), readFileSync(pki.authP12));
  assert.equal(profiles.get()?.signatureCertificate, undefined);
});

test('the copy in the data folder is readable by its user only (0600, folder 0700)', { skip: process.platform === 'win32' }, async () => {
  const { service, dir } = setup();
  assert.ok((await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password })).ok);
  assert.equal(statSync(join(dir, 'auth.p12')).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'auth.cert.pem')).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  // Written atomically: no temporary file is left behind.
  assert.equal(existsSync(join(dir, 'auth.p12.tmp')), false);
});

test('the file stays where it was once imported: removing the original does not break the certificate', async () => {
  const { service } = setup();
  const original = join(mkdtempSync(join(tmpdir(), 'usb-stick-')), 'A1.p12');
  writeFileSync(original, readFileSync(pki.authP12));
  assert.ok((await importFromPath(service, { role: 'auth', path: original, password: pki.password })).ok);
  rmSync(original);
  const slot = (await service.list()).slots[0]!;
  assert.equal(slot.state, 'checked');
  assert.equal(slot.fileName, 'auth.p12');
});

test('the import result carries neither the password nor key material', async () => {
  const { service } = setup();
  const r = await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password });
  const text = JSON.stringify(r);
  assert.ok(!text.includes(pki.password));
  assert.doesNotMatch(text, /PRIVATE KEY|BEGIN CERTIFICATE/);
});

test('a wrong password is reported on the password field and nothing is stored', async () => {
  const { profiles, secrets, service } = setup();
  const r = await importFromPath(service, { role: 'auth', path: pki.authP12, password: 'not-the-password' });
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
  const r = await importFromPath(service, { role: 'auth', path: expiredP12, password: pki.password });
  assert.ok(!r.ok);
  assert.match(r.error.problems?.map((p) => p.message).join(' ') ?? '', /scaduto il \d{1,2}\/\d{1,2}\/\d{4}/);
  assert.equal(secrets.get(secretNameFor('auth')), null);
});

test('an authentication certificate (A1#) imported as the signature certificate is refused', async () => {
  const { profiles, service } = setup();
  const r = await importFromPath(service, { role: 'signature', path: pki.authP12, password: pki.password });
  assert.ok(!r.ok);
  assert.match(r.error.problems?.[0]?.message ?? '', /certificato di autenticazione \(A1#\) come certificato di firma \(S1#\)/);
  assert.equal(profiles.get()?.signatureCertificate, undefined);
});

test('one file for both roles in the transition mode is accepted with a warning and saved for both', async () => {
  const { profiles, secrets, service, dir } = setup();
  const r = await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password, sameFileForBoth: true });
  assert.ok(r.ok);
  assert.equal(r.value.sameFileForBoth, true);
  assert.deepEqual(
    r.value.report.problems.map((p) => [p.code, p.severity]),
    [['dual-use', 'warning']],
  );
  // One copy, named for both roles (so a later import of either alone never overwrites it).
  assert.deepEqual(profiles.get()?.authCertificate, { p12: join(dir, 'cart.p12') });
  assert.deepEqual(profiles.get()?.signatureCertificate, { p12: join(dir, 'cart.p12') });
  assert.equal(secrets.get(secretNameFor('signature')), pki.password);
  const list = await service.list();
  assert.equal(list.transitionMode, true);
  assert.deepEqual(
    list.slots.filter((s) => s.role !== 'documentSigner').map((s) => s.report?.ok),
    [true, true],
  );
});

test('the report signer may be a personal certificate: the CART name rules do not apply to it', async () => {
  const { profiles, service, dir } = setup();
  const r = await importFromPath(service, { role: 'documentSigner', path: pki.signerP12, password: pki.password });
  assert.ok(r.ok);
  assert.equal(r.value.report.commonName, 'Dott. Mario Rossi');
  assert.deepEqual(r.value.report.problems, []);
  assert.deepEqual(profiles.get()?.documentSigner, { p12: join(dir, 'documentSigner.p12') });
});

test('a report signer’s password is checked at import but not kept: it is asked when a report is signed', async () => {
  const { secrets, service } = setup();
  assert.ok(!(await importFromPath(service, { role: 'documentSigner', path: pki.signerP12, password: 'not-the-password' })).ok);
  assert.ok((await importFromPath(service, { role: 'documentSigner', path: pki.signerP12, password: pki.password })).ok);
  assert.equal(secrets.get(secretNameFor('documentSigner')), null);
  // The screen still shows holder and validity, from the public certificate saved with the file.
  const slot = (await service.list()).slots.find((s) => s.role === 'documentSigner')!;
  assert.equal(slot.state, 'checked');
  assert.equal(slot.passwordAtSigning, true);
  assert.equal(slot.report?.commonName, 'Dott. Mario Rossi');
  assert.equal(slot.report?.ok, true);
});

test('a report signer’s password stored by an earlier version is forgotten when the certificate is imported again', async () => {
  const { secrets, service } = setup();
  secrets.set(secretNameFor('documentSigner'), 'old-password');
  assert.ok((await importFromPath(service, { role: 'documentSigner', path: pki.signerP12, password: pki.password })).ok);
  assert.equal(secrets.get(secretNameFor('documentSigner')), null);
});

test('removing a certificate deletes its password, its reference and its copy, and leaves the other roles alone', async () => {
  const { profiles, secrets, service, dir } = setup();
  assert.ok((await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password })).ok);
  assert.ok((await importFromPath(service, { role: 'signature', path: pki.signatureP12, password: pki.password })).ok);
  assert.ok(service.remove('auth').ok);
  assert.equal(secrets.get(secretNameFor('auth')), null);
  assert.equal(profiles.get()?.authCertificate, undefined);
  assert.equal(existsSync(join(dir, 'auth.p12')), false);
  assert.equal(existsSync(join(dir, 'auth.cert.pem')), false);
  assert.deepEqual(profiles.get()?.signatureCertificate, { p12: join(dir, 'signature.p12') });
  assert.equal(secrets.get(secretNameFor('signature')), pki.password);
});

test('in the transition mode, removing one role keeps the file the other still uses', async () => {
  const { profiles, service, dir } = setup();
  assert.ok((await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password, sameFileForBoth: true })).ok);
  assert.ok(service.remove('auth').ok);
  assert.deepEqual(profiles.get()?.signatureCertificate, { p12: join(dir, 'cart.p12') });
  assert.equal(existsSync(join(dir, 'cart.p12')), true);
  assert.equal((await service.list()).slots[1]?.state, 'checked');
});

test('the list re-checks each configured file with its stored password', async () => {
  const { service } = setup();
  await importFromPath(service, { role: 'signature', path: pki.signatureP12, password: pki.password });
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
  // The name only: the folder never leaves the main process.
  assert.equal(slot.fileName, 'auth.p12');
  assert.doesNotMatch(JSON.stringify(slot), /somewhere/);
  assert.match(slot.message ?? '', /^Password da inserire/);
});

test('a configured file that has disappeared is listed as unreadable with an Italian message', async () => {
  const { service, secrets } = setup({ profile: { ...VALID_PROFILE, authCertificate: { p12: join(tmpdir(), 'no-such-dir', 'auth.p12') } } });
  secrets.set(secretNameFor('auth'), 'x');
  const slot = (await service.list()).slots[0]!;
  assert.equal(slot.state, 'unreadable');
  assert.match(slot.message ?? '', /non si trova più/);
});

test('only the password is asked again for a configured file: the import without a file reuses it', async () => {
  const { profiles, secrets, service, dir } = setup();
  assert.ok((await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password })).ok);
  // A new session on a computer without a keychain: the password is gone, the file is still configured.
  secrets.delete(secretNameFor('auth'));
  const wrong = await service.importCertificate({ role: 'auth', password: 'not-the-password' });
  assert.ok(!wrong.ok);
  assert.equal(wrong.error.problems?.[0]?.path, 'password');
  const r = await service.importCertificate({ role: 'auth', password: pki.password });
  assert.ok(r.ok);
  assert.equal(secrets.get(secretNameFor('auth')), pki.password);
  assert.deepEqual(profiles.get()?.authCertificate, { p12: join(dir, 'auth.p12') });
});

test('importing before the clinic profile is saved is refused with what to do first', async () => {
  const { service } = setup({ profile: null });
  const r = await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password });
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
  const r = await importFromPath(service, { role: 'auth', path: pki.authP12, password: pki.password });
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

test('with a main-process file dialog, the list says so and choose-file gives a handle, never the path', async () => {
  const asked: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'cert-choose-'));
  const core = createAppCore({
    dataDir,
    version: 'test',
    shell: 'electron',
    log: silentLogger,
    secrets: createMemorySecretStore(),
    now: testClock,
    chooseFile: async (purpose) => (asked.push(purpose), pki.authP12),
  });
  try {
    assert.equal((await core.dispatch('profile:save', { profile: VALID_PROFILE })).ok, true);
    const list = (await core.dispatch('certificates:list', undefined)) as { ok: true; value: { chooseFileSupported: boolean } };
    assert.equal(list.value.chooseFileSupported, true);
    const chosen = (await core.dispatch('certificates:choose-file', { role: 'auth' })) as { ok: true; value: { file: { handle: string; fileName: string } } };
    assert.equal(chosen.value.file.fileName, 'auth.p12');
    assert.match(chosen.value.file.handle, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(!JSON.stringify(chosen).includes(pki.dir), 'the folder is not in the answer');
    assert.deepEqual(asked, ['auth']);
    const imported = await core.dispatch('certificates:import', { role: 'auth', handle: chosen.value.file.handle, password: pki.password });
    assert.equal(imported.ok, true);
  } finally {
    core.close();
  }
});

test('a dialog closed without choosing answers no file', async () => {
  const core = createAppCore({
    dataDir: mkdtempSync(join(tmpdir(), 'cert-choose-')),
    version: 'test',
    shell: 'electron',
    log: silentLogger,
    secrets: createMemorySecretStore(),
    now: testClock,
    chooseFile: async () => null,
  });
  try {
    assert.deepEqual(await core.dispatch('certificates:choose-file', { role: 'documentSigner' }), { ok: true, value: { file: null } });
  } finally {
    core.close();
  }
});
