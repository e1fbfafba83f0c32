// Certificate files reach the main process as bytes under an opaque handle (issue 9): the renderer never
// names a path, so no call can probe the computer's folders; a failed import keeps the file for the next
// attempt; handles expire. Through the real dispatcher, with real PKCS#12 files and a real profile store.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../main/core/app/app-core.js';
import { createCertificateService } from '../../main/core/credentials/certificate-import.js';
import { UploadHandles } from '../../main/core/credentials/upload-handles.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { openDatabase } from '../../main/core/shared/db/database.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { ProfileStore } from '../../main/core/shared/profile/profile-store.js';
import { MAX_CERTIFICATE_BYTES } from '../../contract/certificates.js';
import { manualClock, testClock } from '../support/clock.js';
import { makeTestPki, type TestPki } from '../support/pki.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';

let pki: TestPki;
before(() => {
  pki = makeTestPki(mkdtempSync(join(tmpdir(), 'cert-handles-')), 'Pw-Handles-2026!');
});

const base64Of = (path: string): string => readFileSync(path).toString('base64');

function service(now = testClock, uploads?: UploadHandles) {
  const profiles = new ProfileStore(openDatabase(join(mkdtempSync(join(tmpdir(), 'cert-handles-db-')), 'fse-desk.sqlite')));
  profiles.save(VALID_TEST_PROFILE, testClock());
  const certificatesDir = join(mkdtempSync(join(tmpdir(), 'cert-handles-data-')), 'certificates');
  return createCertificateService({ profiles, secrets: createMemorySecretStore(), log: silentLogger, now, certificatesDir, ...(uploads ? { uploads } : {}) });
}

function upload(s: ReturnType<typeof service>, path = pki.authP12): string {
  const r = s.upload({ fileName: 'A1 studio.p12', bytesBase64: base64Of(path) });
  assert.ok(r.ok);
  assert.equal(r.value.fileName, 'A1 studio.p12');
  return r.value.handle;
}

test('an uploaded file is answered with a random handle, and imported with it and the password', async () => {
  const s = service();
  const handle = upload(s);
  assert.match(handle, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(upload(s), handle);
  const r = await s.importCertificate({ role: 'auth', handle, password: pki.password });
  assert.ok(r.ok);
  assert.equal(r.value.fileName, 'A1 studio.p12');
});

test('a failed import keeps the file: the same handle is imported once the right password is typed', async () => {
  const s = service();
  const handle = upload(s);
  const wrong = await s.importCertificate({ role: 'auth', handle, password: 'not-the-password' });
  assert.ok(!wrong.ok);
  assert.equal(wrong.error.problems?.[0]?.path, 'password');
  assert.ok((await s.importCertificate({ role: 'auth', handle, password: pki.password })).ok);
});

test('a handle is used up by a successful import', async () => {
  const s = service();
  const handle = upload(s);
  assert.ok((await s.importCertificate({ role: 'auth', handle, password: pki.password })).ok);
  const again = await s.importCertificate({ role: 'auth', handle, password: pki.password });
  assert.ok(!again.ok);
  assert.equal(again.error.code, 'file-gone');
});

test('an unknown handle is refused with an Italian message that says to choose the file again', async () => {
  const r = await service().importCertificate({ role: 'auth', handle: 'AAAAAAAAAAAAAAAAAAAAAA', password: pki.password });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'file-gone');
  assert.match(r.error.message, /sceglierlo di nuovo/);
  assert.equal(r.error.problems?.[0]?.path, 'file');
});

test('a handle expires 30 minutes after the file was chosen', async () => {
  const clock = manualClock();
  const s = service(clock.now);
  const handle = upload(s);
  clock.advance(30 * 60_000 + 1);
  const r = await s.importCertificate({ role: 'auth', handle, password: pki.password });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'file-gone');
});

test('a handle is forgotten after too many failed attempts', async () => {
  const uploads = new UploadHandles({ now: testClock, maxUses: 3 });
  const s = service(testClock, uploads);
  const handle = upload(s);
  for (let i = 0; i < 3; i++) assert.equal((await s.importCertificate({ role: 'auth', handle, password: `wrong-${i}` })).ok, false);
  const r = await s.importCertificate({ role: 'auth', handle, password: pki.password });
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'file-gone');
});

test('at most a few files are held at once: the oldest is forgotten first', () => {
  const uploads = new UploadHandles({ now: testClock, maxHeld: 2 });
  const first = uploads.hold('a.p12', new Uint8Array([0x30]));
  uploads.hold('b.p12', new Uint8Array([0x30]));
  uploads.hold('c.p12', new Uint8Array([0x30]));
  assert.equal(uploads.size, 2);
  assert.deepEqual(uploads.use(first), { ok: false, reason: 'unknown' });
});

test('a file that is not a PKCS#12 structure is refused at once, on the file', () => {
  const r = service().upload({ fileName: 'referto.pdf', bytesBase64: Buffer.from('%PDF-1.7\n').toString('base64') });
  assert.ok(!r.ok);
  assert.equal(r.error.problems?.[0]?.path, 'file');
  assert.match(r.error.message, /non è un certificato \.p12\/\.pfx/);
});

test('the dispatcher refuses a file larger than 64 KiB, a path instead of a handle, and a file name with a folder', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cert-handles-core-'));
  const core = createAppCore({ dataDir, version: 'test', shell: 'browser-shell', log: silentLogger, secrets: createMemorySecretStore(), now: testClock });
  try {
    assert.equal((await core.dispatch('profile:save', { profile: VALID_TEST_PROFILE })).ok, true);
    const wayTooBig = Buffer.alloc(3 * MAX_CERTIFICATE_BYTES, 0x30).toString('base64');
    const refused: [string, unknown][] = [
      ['certificates:upload', { fileName: 'big.p12', bytesBase64: wayTooBig }],
      ['certificates:upload', { fileName: '/home/studio/A1.p12', bytesBase64: base64Of(pki.authP12) }],
      ['certificates:upload', { fileName: 'C:\\Certificati\\A1.p12', bytesBase64: base64Of(pki.authP12) }],
      ['certificates:upload', { fileName: 'A1.p12', bytesBase64: 'not base64!' }],
      ['certificates:upload', { fileName: 'A1.p12', bytesBase64: base64Of(pki.authP12), path: pki.authP12 }],
      // The path-based import of earlier versions: no path is accepted, so nothing tells whether a file exists.
      ['certificates:import', { role: 'auth', path: pki.authP12, password: pki.password }],
      ['certificates:import', { role: 'auth', handle: pki.authP12, password: pki.password }],
      ['certificates:import', { role: 'auth', handle: '../../etc/passwd', password: pki.password }],
      ['certificates:import', { role: 'doctor:../x', handle: 'AAAAAAAAAAAAAAAAAAAAAA', password: 'x' }],
      ['certificates:import', { role: 'documentSigner', handle: 'AAAAAAAAAAAAAAAAAAAAAA', password: 'x', sameFileForBoth: true }],
      ['certificates:choose-file', { role: 'auth', path: '/tmp' }],
    ];
    for (const [channel, payload] of refused) {
      const r = await core.dispatch(channel, payload);
      assert.equal(r.ok ? 'ok' : r.error.code, 'bad-request', `${channel} ${JSON.stringify(payload).slice(0, 100)}`);
    }
    // Just over the cap passes the schema (base64 rounds up) and is refused by size, in Italian.
    const justOver = await core.dispatch('certificates:upload', {
      fileName: 'big.p12',
      bytesBase64: Buffer.alloc(MAX_CERTIFICATE_BYTES + 1, 0x30).toString('base64'),
    });
    assert.ok(!justOver.ok);
    assert.match(justOver.error.message, /troppo grande/);
    // The browser shell has no native dialog: drag and drop and the file picker remain.
    const dialog = await core.dispatch('certificates:choose-file', { role: 'auth' });
    assert.equal(dialog.ok ? 'ok' : dialog.error.code, 'unsupported');
    // And the accepted way, end to end.
    const up = await core.dispatch('certificates:upload', { fileName: 'A1.p12', bytesBase64: base64Of(pki.authP12) });
    assert.ok(up.ok);
    const { handle } = up.value as { handle: string };
    assert.equal((await core.dispatch('certificates:import', { role: 'auth', handle, password: pki.password })).ok, true);
  } finally {
    await core.close();
  }
});
