// «Medici e operatori» through the contract channels of a real core (temp SQLite file): doctors and
// operators are checked field by field, kept in the profile, never dropped by the profile form, and the
// person chosen at the desk becomes profile.operator.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DoctorDraft, OperatorDraft, PeopleOverview, SessionState } from '../../contract/people.js';
import type { Profile } from '../../contract/profile.js';
import { createAppCore, type AppCore } from '../../main/core/app/app-core.js';
import { keepStoredPeople } from '../../main/core/app/people/people-service.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { ProfileStore } from '../../main/core/shared/index.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { testClock, testNow } from '../support/clock.js';
import { TEST_CLINIC } from '../support/profiles.js';
import { testAppCore } from '../support/app-core.js';

// Valid tax codes (check character right), and one with the last character wrong.
const ROSSI = 'RSSMRA80A01D612Y';
const BIANCHI = 'BNCNNA85M41D612R';
const VERDI = 'VRDLGU75C10G702H';
const NERI = 'NREGLI90E55D612G';
const WRONG_CHECK = 'RSSMRA80A01D612X';

const BASE_PROFILE: Profile = { environment: 'stage', clinic: { ...TEST_CLINIC } };

let dir: string;
let core: AppCore;
let profiles: ProfileStore;

function openCore(): AppCore {
  return createAppCore({ dataDir: dir, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now: testClock });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'people-'));
  core = openCore();
  profiles = new ProfileStore(core.db);
});
after(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});
// Each test is a new session (the operator choice lasts one) on the clinic profile alone.
beforeEach(async () => {
  await core.close();
  core = openCore();
  profiles = new ProfileStore(core.db);
  profiles.save(BASE_PROFILE, testNow());
});

const VERDI_OP = { fiscalCode: VERDI, givenName: 'Luigi', familyName: 'Verdi', role: 'OAM' } as const;
const BIANCHI_OP = { fiscalCode: BIANCHI, givenName: 'Anna', familyName: 'Bianchi', role: 'DRS' } as const;
/** The clinic lists Verdi and Bianchi (written as a previous session left them). */
const twoOperators = () => profiles.save({ ...BASE_PROFILE, operators: [{ ...VERDI_OP }, { ...BIANCHI_OP }] }, testNow());

const doctor = (extra: Partial<DoctorDraft> = {}): DoctorDraft => ({
  fiscalCode: ROSSI,
  givenName: 'Mario',
  familyName: 'Rossi',
  title: 'Dott.',
  discipline: 'AD_PSC008',
  phone: '055 123456',
  ...extra,
});
const operator = (extra: Partial<OperatorDraft> = {}): OperatorDraft => ({ fiscalCode: VERDI, givenName: 'Luigi', familyName: 'Verdi', role: 'OAM', ...extra });

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await core.dispatch(channel, payload);
  assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
  return r.value as T;
}
async function refused(channel: string, payload: unknown): Promise<{ code: string; message: string; problems?: { path: string; message: string }[] }> {
  const r = await core.dispatch(channel, payload);
  assert.equal(r.ok, false, `${channel} should be refused`);
  return (r as { error: { code: string; message: string; problems?: { path: string; message: string }[] } }).error;
}

test('a doctor is added with a readable id, and ids are never given twice, even after a removal', async () => {
  const first = await call<{ id: string; people: PeopleOverview }>('people:save-doctor', { doctor: doctor() });
  assert.match(first.id, /^rossi-\d+$/);
  assert.deepEqual(
    first.people.doctors.map((d) => [d.id, d.familyName, d.hasCertificate]),
    [[first.id, 'Rossi', false]],
  );
  await call('people:remove-doctor', { id: first.id });
  const again = await call<{ id: string }>('people:save-doctor', { doctor: doctor() });
  assert.notEqual(again.id, first.id);
  assert.match(again.id, /^rossi-\d+$/);
});

test('a doctor is saved in the profile, with the tax code in capitals and blanks left out', async () => {
  await call('people:save-doctor', { doctor: doctor({ fiscalCode: ` ${ROSSI.toLowerCase()} `, specialty: '  ', email: 'mario.rossi@example.it' }) });
  const stored = profiles.get()!.doctors!;
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.fiscalCode, ROSSI);
  assert.equal('specialty' in stored[0]!, false);
  assert.equal(stored[0]!.email, 'mario.rossi@example.it');
});

test('a tax code with a wrong check character is refused on its field', async () => {
  const e = await refused('people:save-doctor', { doctor: doctor({ fiscalCode: WRONG_CHECK }) });
  assert.equal(e.code, 'validation');
  assert.deepEqual(
    e.problems?.map((p) => p.path),
    ['fiscalCode'],
  );
  assert.match(e.problems![0]!.message, /carattere di controllo/);
});

test('a doctor needs a phone number or an e-mail address (the CDA author is reachable)', async () => {
  const e = await refused('people:save-doctor', { doctor: doctor({ phone: '' }) });
  assert.deepEqual(
    e.problems?.map((p) => p.path),
    ['phone'],
  );
  assert.match(e.problems![0]!.message, /telefono o l’e-mail/);
});

test('every wrong field of a doctor is listed at once, in Italian', async () => {
  const e = await refused('people:save-doctor', {
    doctor: { fiscalCode: 'ABC', givenName: '', familyName: '', discipline: 'AD_PSC990', phone: '12', email: 'not-an-address' },
  });
  const paths = e.problems!.map((p) => p.path).sort();
  assert.deepEqual(paths, ['discipline', 'email', 'familyName', 'fiscalCode', 'givenName', 'phone']);
  assert.deepEqual(
    e.problems!.filter((p) => p.path === 'givenName' || p.path === 'familyName').map((p) => p.message),
    ['Indicare il nome del medico.', 'Indicare il cognome del medico.'],
  );
});

test('a discipline outside the AD_PSC list is refused', async () => {
  const e = await refused('people:save-doctor', { doctor: doctor({ discipline: 'AD_PSC990' }) });
  assert.deepEqual(
    e.problems?.map((p) => [p.path, p.message]),
    [['discipline', 'Disciplina non presente nell’elenco: sceglierla dall’elenco.']],
  );
});

test('two doctors with the same tax code are refused', async () => {
  await call('people:save-doctor', { doctor: doctor() });
  const e = await refused('people:save-doctor', { doctor: doctor({ givenName: 'Marco' }) });
  assert.match(e.problems![0]!.message, /già in elenco/);
});

test('changing a doctor keeps their id and their own signing certificate, which never reaches the renderer', async () => {
  const { id } = await call<{ id: string }>('people:save-doctor', { doctor: doctor() });
  const p = profiles.get()!;
  profiles.save({ ...p, doctors: p.doctors!.map((d) => ({ ...d, signerCertificate: { p12: '/certs/rossi.p12' } })) }, testNow());
  const saved = await call<{ id: string; people: PeopleOverview }>('people:save-doctor', { doctor: { ...doctor({ specialty: 'Cardiologo' }), id } });
  assert.equal(saved.id, id);
  assert.equal(profiles.get()!.doctors![0]!.signerCertificate?.p12, '/certs/rossi.p12');
  assert.equal(profiles.get()!.doctors![0]!.specialty, 'Cardiologo');
  const listed = (await call<PeopleOverview>('people:get', undefined)).doctors[0]!;
  assert.equal(listed.hasCertificate, true);
  assert.equal(JSON.stringify(listed).includes('rossi.p12'), false);
});

test('people cannot be added before the clinic profile is saved', async () => {
  const fresh = mkdtempSync(join(tmpdir(), 'people-empty-'));
  const empty = testAppCore(fresh);
  try {
    assert.deepEqual((await empty.dispatch('people:get', undefined)) as unknown, { ok: true, value: { doctors: [], operators: [], profileSaved: false } });
    const r = await empty.dispatch('people:save-operator', { operator: operator() });
    assert.equal(r.ok, false);
    assert.match((r as { error: { message: string } }).error.message, /Salvare prima il profilo della struttura/);
  } finally {
    await empty.close();
    rmSync(fresh, { recursive: true, force: true });
  }
});

test('malformed people requests are refused before any handler runs', async () => {
  for (const [channel, payload] of [
    ['people:save-doctor', { doctor: { ...doctor(), signerCertificate: { p12: '/etc/passwd' } } }],
    ['people:save-doctor', { doctor: doctor(), extra: 1 }],
    ['people:save-operator', { operator: { ...operator(), role: 'X'.repeat(50) } }],
    ['people:remove-doctor', { id: '' }],
    ['session:set-operator', {}],
    ['people:get', { all: true }],
  ] as const) {
    assert.deepEqual(await core.dispatch(channel, payload), { ok: false, error: { code: 'bad-request', message: 'Richiesta non valida.' } }, channel);
  }
});

test('an operator without a name is told so in Italian, on the field', async () => {
  const e = await refused('people:save-operator', { operator: operator({ givenName: '  ' }) });
  assert.deepEqual(
    e.problems?.map((p) => [p.path, p.message]),
    [['givenName', 'Indicare il nome dell’operatore.']],
  );
});

test('an operator needs a role from the list', async () => {
  const e = await refused('people:save-operator', { operator: operator({ role: 'XYZ' }) });
  assert.deepEqual(
    e.problems?.map((p) => [p.path, p.message]),
    [['role', 'Scegliere il ruolo.']],
  );
});

test('saving the Profilo form keeps the stored doctors and operators, which the form does not send', async () => {
  await call('people:save-doctor', { doctor: doctor() });
  await call('people:save-operator', { operator: operator() });
  const draft = { ...BASE_PROFILE, clinic: { ...TEST_CLINIC, name: 'Poliambulatorio Rinominato' } };
  await call('profile:save', { profile: draft });
  const stored = profiles.get()!;
  assert.equal(stored.clinic.name, 'Poliambulatorio Rinominato');
  assert.deepEqual(
    stored.doctors?.map((d) => d.fiscalCode),
    [ROSSI],
  );
  assert.deepEqual(
    stored.operators?.map((o) => o.fiscalCode),
    [VERDI],
  );
});

test('a stale copy of the lists sent back by the profile form does not undo a change made since', async () => {
  await call('people:save-operator', { operator: operator() });
  const stale = profiles.get()!;
  await call('people:save-operator', { operator: operator({ fiscalCode: NERI, givenName: 'Giulia', familyName: 'Neri' }) });
  await call('profile:save', { profile: stale });
  assert.deepEqual(
    profiles.get()!.operators?.map((o) => o.fiscalCode),
    [VERDI, NERI],
  );
});

test('keepStoredPeople takes the draft\u2019s lists when none are stored yet', () => {
  const draft: Profile = { ...BASE_PROFILE, operators: [{ fiscalCode: VERDI, givenName: 'Luigi', familyName: 'Verdi', role: 'OAM' }] };
  assert.deepEqual(keepStoredPeople(draft, BASE_PROFILE).operators, draft.operators);
  assert.deepEqual(keepStoredPeople(draft, null).operators, draft.operators);
});

test('with two operators the app asks who is working; the choice writes profile.operator', async () => {
  twoOperators();
  const asked = await call<SessionState>('session:get', undefined);
  assert.equal(asked.needsChoice, true);
  assert.equal(asked.operator, undefined);
  assert.equal(asked.operators.length, 2);
  const chosen = await call<SessionState>('session:set-operator', { fiscalCode: BIANCHI });
  assert.equal(chosen.needsChoice, false);
  assert.equal(chosen.operator?.familyName, 'Bianchi');
  assert.deepEqual(profiles.get()!.operator, { fiscalCode: BIANCHI, role: 'DRS' });
});

test('the Profilo form cannot change the operator chosen at the desk behind the session\u2019s back', async () => {
  twoOperators();
  await call('session:set-operator', { fiscalCode: BIANCHI });
  await call('profile:save', { profile: { ...BASE_PROFILE, operator: { fiscalCode: VERDI, role: 'AAS' } } });
  assert.deepEqual(profiles.get()!.operator, { fiscalCode: BIANCHI, role: 'DRS' });
});

test('a person not in the list cannot be chosen', async () => {
  twoOperators();
  const e = await refused('session:set-operator', { fiscalCode: ROSSI });
  assert.equal(e.code, 'not-found');
  assert.match(e.message, /Operatore non presente nell’elenco/);
});

test('a clinic with one operator is not asked: that person operates', async () => {
  await call('people:save-operator', { operator: operator({ role: 'AAS' }) });
  const s = await call<SessionState>('session:get', undefined);
  assert.equal(s.needsChoice, false);
  assert.equal(s.operator?.fiscalCode, VERDI);
  assert.deepEqual(profiles.get()!.operator, { fiscalCode: VERDI, role: 'AAS' });
});

test('changing the role of the person operating changes profile.operator at once', async () => {
  twoOperators();
  await call('session:set-operator', { fiscalCode: VERDI });
  await call('people:save-operator', { operator: operator({ role: 'DRS' }), previousFiscalCode: VERDI });
  assert.deepEqual(profiles.get()!.operator, { fiscalCode: VERDI, role: 'DRS' });
});

test('removing the person operating leaves nobody chosen: calls are no longer made in their name', async () => {
  profiles.save({ ...BASE_PROFILE, operators: [{ ...VERDI_OP }, { ...BIANCHI_OP }, { ...VERDI_OP, fiscalCode: NERI, familyName: 'Neri' }] }, testNow());
  await call('session:set-operator', { fiscalCode: VERDI });
  await call('people:remove-operator', { fiscalCode: VERDI });
  assert.equal(profiles.get()!.operator, undefined);
  const s = await call<SessionState>('session:get', undefined);
  assert.equal(s.needsChoice, true);
  assert.equal(s.operator, undefined);
});

test('without an operator list there is nothing to choose, and profile.operator stays the profile\u2019s', async () => {
  profiles.save({ ...BASE_PROFILE, operator: { fiscalCode: VERDI, role: 'DRS' } }, testNow());
  const s = await call<SessionState>('session:get', undefined);
  assert.deepEqual(s, { operators: [], needsChoice: false });
  assert.deepEqual(profiles.get()!.operator, { fiscalCode: VERDI, role: 'DRS' });
});

test('a restarted app asks again who is working (the choice lasts one session)', async () => {
  twoOperators();
  await call('session:set-operator', { fiscalCode: BIANCHI });
  await core.close();
  core = openCore();
  profiles = new ProfileStore(core.db);
  const s = await call<SessionState>('session:get', undefined);
  assert.equal(s.needsChoice, true);
});

test('removing a doctor removes the app’s copy of that doctor’s report-signing certificate', async () => {
  const { makeTestPki } = await import('../support/pki.js');
  const { writeDoctorP12 } = await import('../support/doctor-pki.js');
  const { importCertificateFile } = await import('../support/certificate-upload.js');
  const { existsSync } = await import('node:fs');
  const saved = await core.dispatch('people:save-doctor', { doctor: doctor({ phone: '055 123456' }) });
  assert.ok(saved.ok, JSON.stringify(saved));
  const id = (saved.value as { id: string }).id;
  const pki = makeTestPki(join(dir, 'pki'), 'Pw-Rimozione-1');
  const p12 = writeDoctorP12(dir, 'rossi.p12', { givenName: 'Mario', familyName: 'Rossi', taxCode: ROSSI, issuer: pki.ca }, 'Pw-Rimozione-1');
  const imported = await importCertificateFile(core.dispatch, `doctor:${id}`, p12, 'Pw-Rimozione-1');
  assert.ok(imported.ok, JSON.stringify(imported));
  const copy = profiles.get()!.doctors!.find((d) => d.id === id)!.signerCertificate!.p12;
  assert.ok(copy.startsWith(join(dir, 'certificates')) && existsSync(copy));
  assert.ok((await core.dispatch('people:remove-doctor', { id })).ok);
  assert.equal(existsSync(copy), false);
  assert.equal(existsSync(p12), true, 'the file the clinic chose is never touched');
});
