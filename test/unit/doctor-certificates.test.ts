// One report-signing certificate per doctor (issue 9): slots `doctor:<id>` next to the structure's, the
// holder's tax code compared with the doctor's, passwords checked but not kept, the certificate proposed
// for a doctor's report, and the reminders of certificates about to expire.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateService, secretNameFor } from '../../main/core/credentials/certificate-import.js';
import { signerCertificateFor } from '../../main/core/credentials/signer-certificate.js';
import { readPublicCertificate } from '../../main/core/credentials/certificate-files.js';
import { taxCodeOfCertificate } from '../../main/core/credentials/certificate-holder.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { ProfileStore } from '../../main/core/shared/profile/profile-store.js';
import type { Profile } from '../../contract/profile.js';
import { daysFrom, testClock } from '../support/clock.js';
import { cartCn, makeCert, makeTestPki, toPkcs12, type TestPki } from '../support/pki.js';
import { writeDoctorP12 } from '../support/doctor-pki.js';
import { importFromPath } from '../support/certificate-upload.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';

const PASSWORD = 'Pw-Medici-2026!';
const ROSSI = { id: 'rossi', fiscalCode: 'RMSLSO31M04Z404R', givenName: 'Mario', familyName: 'Rossi', title: 'Dott.' };
const BIANCHI = { id: 'bianchi', fiscalCode: 'DRCGNN12A46A326K', givenName: 'Giovanna', familyName: 'Bianchi', title: 'Dott.ssa' };
const PROFILE: Profile = { ...VALID_TEST_PROFILE, doctors: [ROSSI, BIANCHI] };

let pki: TestPki;
let dir: string;
let rossiP12: string;
let bianchiP12: string;
let noTaxCodeP12: string;
let rossiExpiringP12: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'doctor-certs-'));
  pki = makeTestPki(join(dir, 'pki'), PASSWORD);
  rossiP12 = writeDoctorP12(dir, 'rossi.p12', { givenName: 'Mario', familyName: 'Rossi', taxCode: ROSSI.fiscalCode, issuer: pki.ca }, PASSWORD);
  bianchiP12 = writeDoctorP12(dir, 'bianchi.p12', { givenName: 'Giovanna', familyName: 'Bianchi', taxCode: BIANCHI.fiscalCode, issuer: pki.ca }, PASSWORD);
  noTaxCodeP12 = writeDoctorP12(dir, 'seal.p12', { givenName: 'Mario', familyName: 'Rossi', issuer: pki.ca }, PASSWORD);
  rossiExpiringP12 = writeDoctorP12(
    dir,
    'rossi-expiring.p12',
    { givenName: 'Mario', familyName: 'Rossi', taxCode: ROSSI.fiscalCode, issuer: pki.ca, notAfter: daysFrom(12) },
    PASSWORD,
  );
});

function setup(profile: Profile = PROFILE) {
  const profiles = new ProfileStore(openDatabase(join(mkdtempSync(join(tmpdir(), 'doctor-certs-db-')), 'fse-desk.sqlite')));
  profiles.save(profile, testClock());
  const secrets = createMemorySecretStore();
  const certificatesDir = join(mkdtempSync(join(tmpdir(), 'doctor-certs-data-')), 'certificates');
  return { profiles, secrets, certificatesDir, service: createCertificateService({ profiles, secrets, log: silentLogger, now: testClock, certificatesDir }) };
}

test('the list has the structure’s three slots, then one per doctor with the doctor’s name', async () => {
  const { service } = setup();
  const list = await service.list();
  assert.deepEqual(
    list.slots.map((s) => s.role),
    ['auth', 'signature', 'documentSigner', 'doctor:rossi', 'doctor:bianchi'],
  );
  assert.deepEqual(list.slots[3]?.doctor, { id: 'rossi', name: 'Dott. Mario Rossi', fiscalCode: ROSSI.fiscalCode });
  assert.equal(list.slots[3]?.state, 'missing');
  assert.equal(list.slots[3]?.passwordAtSigning, true);
});

test('a doctor’s certificate is imported into the doctor’s slot: a copy in the data folder, the password not kept', async () => {
  const { profiles, secrets, certificatesDir, service } = setup();
  const r = await importFromPath(service, { role: 'doctor:rossi', path: rossiP12, password: PASSWORD });
  assert.ok(r.ok);
  assert.deepEqual(r.value.report.problems, []);
  assert.equal(r.value.report.holderTaxCode, ROSSI.fiscalCode);
  const copy = join(certificatesDir, 'doctor-rossi.p12');
  assert.deepEqual(profiles.get()?.doctors?.[0]?.signerCertificate, { p12: copy });
  assert.equal(profiles.get()?.doctors?.[1]?.signerCertificate, undefined);
  assert.equal(profiles.get()?.documentSigner, undefined);
  assert.equal(secrets.get(secretNameFor('doctor:rossi')), null);
  // The rest of the doctor is untouched.
  assert.deepEqual({ ...profiles.get()?.doctors?.[0], signerCertificate: undefined }, { ...ROSSI, signerCertificate: undefined });
  const slot = (await service.list()).slots.find((s) => s.role === 'doctor:rossi')!;
  assert.equal(slot.state, 'checked');
  assert.equal(slot.fileName, 'doctor-rossi.p12');
  assert.equal(slot.report?.commonName, 'ROSSI MARIO');
});

test('a doctor’s certificate with a wrong password is refused on the password field', async () => {
  const { profiles, service } = setup();
  const r = await importFromPath(service, { role: 'doctor:rossi', path: rossiP12, password: 'not-the-password' });
  assert.ok(!r.ok);
  assert.equal(r.error.problems?.[0]?.path, 'password');
  assert.equal(profiles.get()?.doctors?.[0]?.signerCertificate, undefined);
});

test('another doctor’s certificate is imported with a visible warning naming both tax codes, not refused', async () => {
  const { profiles, service } = setup();
  const r = await importFromPath(service, { role: 'doctor:rossi', path: bianchiP12, password: PASSWORD });
  assert.ok(r.ok);
  const warning = r.value.report.problems.find((p) => p.code === 'doctor-tax-code-differs');
  assert.equal(warning?.severity, 'warning');
  assert.match(
    warning?.message ?? '',
    new RegExp(`intestato al codice fiscale ${BIANCHI.fiscalCode}, ma Dott\\. Mario Rossi ha il codice fiscale ${ROSSI.fiscalCode}`),
  );
  assert.ok(profiles.get()?.doctors?.[0]?.signerCertificate);
  // The card keeps saying it.
  const slot = (await service.list()).slots.find((s) => s.role === 'doctor:rossi')!;
  assert.ok(slot.report?.problems.some((p) => p.code === 'doctor-tax-code-differs'));
});

test('a certificate without a tax code gets a warning to check whose it is', async () => {
  const { service } = setup();
  const r = await importFromPath(service, { role: 'doctor:rossi', path: noTaxCodeP12, password: PASSWORD });
  assert.ok(r.ok);
  assert.deepEqual(
    r.value.report.problems.map((p) => [p.code, p.severity]),
    [['doctor-tax-code-missing', 'warning']],
  );
});

test('a certificate for a doctor no longer in the profile is refused', async () => {
  const { service } = setup();
  const r = await importFromPath(service, { role: 'doctor:verdi', path: rossiP12, password: PASSWORD });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'unknown-doctor');
});

test('removing a doctor’s certificate leaves the doctor and deletes the copy', async () => {
  const { profiles, certificatesDir, service } = setup();
  assert.ok((await importFromPath(service, { role: 'doctor:rossi', path: rossiP12, password: PASSWORD })).ok);
  assert.ok(service.remove('doctor:rossi').ok);
  assert.equal(profiles.get()?.doctors?.length, 2);
  assert.equal(profiles.get()?.doctors?.[0]?.signerCertificate, undefined);
  assert.equal(existsSync(join(certificatesDir, 'doctor-rossi.p12')), false);
});

test('the certificate proposed for a report is the doctor’s own, else the structure’s, else none', async () => {
  const { profiles, service } = setup();
  assert.equal(signerCertificateFor(profiles.get(), 'rossi'), undefined);
  assert.ok((await importFromPath(service, { role: 'documentSigner', path: pki.signerP12, password: PASSWORD })).ok);
  assert.ok((await importFromPath(service, { role: 'doctor:rossi', path: rossiP12, password: PASSWORD })).ok);
  const p = profiles.get();
  const rossi = signerCertificateFor(p, 'rossi');
  assert.equal(rossi?.slot, 'doctor:rossi');
  assert.equal(rossi?.owner, 'doctor');
  assert.deepEqual(rossi?.ref, p?.doctors?.[0]?.signerCertificate);
  const bianchi = signerCertificateFor(p, 'bianchi');
  assert.deepEqual(bianchi, { slot: 'documentSigner', ref: p?.documentSigner, owner: 'structure' });
  assert.equal(signerCertificateFor(p, undefined)?.owner, 'structure');
  assert.equal(signerCertificateFor(null, 'rossi'), undefined);
  // Report signing reads the holder from the public copy, without the password.
  const cert = readPublicCertificate(rossi!.ref.p12);
  assert.ok(cert);
  assert.equal(taxCodeOfCertificate(cert), ROSSI.fiscalCode);
});

test('the holder’s tax code is read from serialNumber TINIT-… or, in older certificates, from the CN', () => {
  assert.equal(taxCodeOfCertificate({ subject: `CN=ROSSI MARIO\nserialNumber=TINIT-${ROSSI.fiscalCode}\nC=IT` }), ROSSI.fiscalCode);
  assert.equal(taxCodeOfCertificate({ subject: `CN=${ROSSI.fiscalCode}/7420001234567.abcdEF==\nC=IT` }), ROSSI.fiscalCode);
  assert.equal(taxCodeOfCertificate({ subject: `CN=${cartCn('S1')}\nC=IT` }), undefined);
  assert.equal(taxCodeOfCertificate({ subject: 'CN=Dott. Mario Rossi\nO=FSE Desk Test\nC=IT' }), undefined);
});

test('a certificate expiring within 30 days is reminded with whose it is and the days left; a distant one is not', async () => {
  const { service } = setup();
  assert.ok((await importFromPath(service, { role: 'doctor:rossi', path: rossiExpiringP12, password: PASSWORD })).ok);
  assert.ok((await importFromPath(service, { role: 'doctor:bianchi', path: bianchiP12, password: PASSWORD })).ok);
  const reminders = await service.reminders();
  assert.equal(reminders.length, 1);
  assert.equal(reminders[0]?.role, 'doctor:rossi');
  assert.equal(reminders[0]?.label, 'Firma dei referti: Dott. Mario Rossi');
  assert.equal(reminders[0]?.expired, false);
  assert.ok(reminders[0]!.daysLeft >= 11 && reminders[0]!.daysLeft <= 12);
  assert.deepEqual((await service.list()).reminders, reminders);
});

test('a certificate that expired after its import is reminded as expired', async () => {
  // Imported while valid, then time passes: the list re-checks against the clock of the day.
  const soon = makeCert({ commonName: cartCn('A1'), issuer: pki.ca, usage: 'client', notAfter: daysFrom(5) });
  const path = join(dir, 'a1-soon.p12');
  writeFileSync(path, toPkcs12(soon, PASSWORD, [pki.ca]));
  const { profiles, secrets, certificatesDir } = setup();
  let now = testClock();
  const service = createCertificateService({ profiles, secrets, log: silentLogger, now: () => now, certificatesDir });
  assert.ok((await importFromPath(service, { role: 'auth', path, password: PASSWORD })).ok);
  now = daysFrom(6);
  const [reminder] = await service.reminders();
  assert.equal(reminder?.role, 'auth');
  assert.equal(reminder?.label, 'Autenticazione (A1#)');
  assert.equal(reminder?.expired, true);
  assert.ok(reminder!.daysLeft < 0);
});

test('the transition mode’s single file is reminded once', async () => {
  const soon = makeCert({ commonName: cartCn('A1'), issuer: pki.ca, usage: 'client', notAfter: daysFrom(20) });
  const path = join(dir, 'a1-transition.p12');
  writeFileSync(path, toPkcs12(soon, PASSWORD, [pki.ca]));
  const { service } = setup();
  assert.ok((await importFromPath(service, { role: 'auth', path, password: PASSWORD, sameFileForBoth: true })).ok);
  assert.equal((await service.reminders()).length, 1);
});
