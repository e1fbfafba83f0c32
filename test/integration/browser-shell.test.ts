// The browser shell over real HTTP on loopback: same contract, guarded by the per-run token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, cartCn, type TestPki } from '../support/pki.js';
import { startTestShell, VALID_TEST_PROFILE } from '../support/shell.js';

let env: Awaited<ReturnType<typeof startTestShell>>;
let pki: TestPki;
before(async () => {
  env = await startTestShell();
  pki = makeTestPki(mkdtempSync(join(tmpdir(), 'shell-pki-')), 'Shell-Pw-7781');
});
after(async () => env?.stop());

function call(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(path, env.shell.origin);
  return new Promise((resolve, reject) => {
    const req = request(u, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const invoke = (channel: unknown, payload: unknown, token = env.shell.token) =>
  call('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-fse-desk-token': token },
    body: JSON.stringify({ channel, payload }),
  });

test('the shell listens on 127.0.0.1 only', () => {
  assert.match(env.shell.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('the page is served with the strict content security policy', async () => {
  const r = await call('/');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
  assert.match(r.body, /<div id="root">/);
});

test('an API call with the run token reaches the real services', async () => {
  const r = await invoke('app:info', undefined);
  assert.equal(r.status, 200);
  const body = JSON.parse(r.body);
  assert.equal(body.ok, true);
  assert.equal(body.value.shell, 'browser-shell');
});

test('an API call without the right token is refused', async () => {
  const r = await invoke('app:info', undefined, 'wrong-token');
  assert.equal(r.status, 401);
});

test('a request for another host name is refused (DNS rebinding)', async () => {
  const r = await call('/api/invoke', {
    method: 'POST',
    headers: { host: 'evil.example', 'content-type': 'application/json', 'x-fse-desk-token': env.shell.token },
    body: '{}',
  });
  assert.equal(r.status, 421);
});

test('an unknown channel gets a plain error result', async () => {
  const body = JSON.parse((await invoke('fs:readFile', { path: '/etc/passwd' })).body);
  assert.deepEqual(body, { ok: false, error: { code: 'bad-request', message: 'Richiesta non riconosciuta.' } });
});

test('a malformed payload is refused before any handler runs', async () => {
  const body = JSON.parse((await invoke('profile:save', { profile: 'not an object', extra: 1 })).body);
  assert.equal(body.ok, false);
  assert.equal(body.error.code, 'bad-request');
});

test('saving an invalid profile returns every problem with its field path', async () => {
  const body = JSON.parse((await invoke('profile:save', { profile: { environment: 'stage', clinic: { istatCode: '12' }, software: {} } })).body);
  assert.equal(body.ok, false);
  assert.equal(body.error.code, 'validation');
  const paths = body.error.problems.map((p: { path: string }) => p.path);
  for (const p of ['clinic.name', 'clinic.istatCode', 'clinic.fiscalCode', 'software.applicationId']) assert.ok(paths.includes(p), p);
});

test('files outside the renderer folder are not served', async () => {
  const r = await call('/..%2f..%2fpackage.json');
  assert.equal(r.status, 404);
});

test('a malformed percent-encoding in the path is answered 400, not 500', async () => {
  const r = await call('/%E0%A4%A');
  assert.equal(r.status, 400);
  assert.equal(r.body, 'Bad request');
});

// ---- certificates ----

/** Every response body seen by the certificate tests, searched afterwards for the password. */
const certificateResponses: string[] = [];
/** A response read by path in assertions, which check its shape themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk arbitrary JSON paths of the reply
type LooseJson = any;
async function invokeCert(channel: string, payload: unknown): Promise<{ ok: boolean; value?: LooseJson; error?: LooseJson }> {
  const r = await invoke(channel, payload);
  certificateResponses.push(r.body);
  return JSON.parse(r.body);
}

test('the certificate list answers for the three roles, with no native file dialog in the shell', async () => {
  const body = await invokeCert('certificates:list', undefined);
  assert.equal(body.ok, true);
  assert.deepEqual(
    body.value.slots.map((s: { role: string }) => s.role),
    ['auth', 'signature', 'documentSigner'],
  );
  assert.equal(body.value.chooseFileSupported, false);
});

test('asking for a file dialog in the shell is answered "unsupported"', async () => {
  const body = await invokeCert('certificates:choose-file', { role: 'auth' });
  assert.equal(body.ok, false);
  assert.equal(body.error.code, 'unsupported');
});

test('malformed certificate requests are refused before any handler runs', async () => {
  const good = { role: 'auth', handle: 'AAAAAAAAAAAAAAAAAAAAAA', password: 'x' };
  const bad: unknown[] = [
    undefined,
    { ...good, role: 'tls' },
    { ...good, role: 'doctor:' },
    { ...good, role: 'doctor:../../x' },
    // No path is accepted any more (no existence oracle over the API).
    { role: 'auth', path: '/tmp/auth.p12', password: 'x' },
    { ...good, path: '/tmp/auth.p12' },
    { ...good, handle: '/tmp/auth.p12' },
    { ...good, handle: '' },
    { ...good, password: 'p'.repeat(1025) },
    { ...good, password: 42 },
    { role: 'auth', handle: good.handle },
    { ...good, extra: true },
    { ...good, role: 'documentSigner', sameFileForBoth: true },
    { ...good, role: 'doctor:rossi', sameFileForBoth: true },
    { ...good, sameFileForBoth: 'yes' },
  ];
  for (const payload of bad) {
    const body = await invokeCert('certificates:import', payload);
    assert.equal(body.error?.code, 'bad-request', JSON.stringify(payload)?.slice(0, 80));
  }
  assert.equal((await invokeCert('certificates:remove', { role: 'everything' })).error?.code, 'bad-request');
  assert.equal((await invokeCert('certificates:remove', {})).error?.code, 'bad-request');
});

test('a certificate imported over the shell is listed, survives a profile save from the form, and is removed', async () => {
  assert.equal((await invokeCert('profile:save', { profile: VALID_TEST_PROFILE })).ok, true);
  const uploaded = await invokeCert('certificates:upload', { fileName: 'auth.p12', bytesBase64: readFileSync(pki.authP12).toString('base64') });
  assert.equal(uploaded.ok, true);
  const { handle } = uploaded.value;
  const wrong = await invokeCert('certificates:import', { role: 'auth', handle, password: 'wrong' });
  assert.equal(wrong.error.code, 'certificate-refused');

  // The failed attempt kept the file: the same handle with the right password.
  const imported = await invokeCert('certificates:import', { role: 'auth', handle, password: pki.password });
  assert.equal(imported.ok, true);
  assert.equal(imported.value.report.commonName, cartCn('A1'));
  const list = await invokeCert('certificates:list', undefined);
  assert.equal(list.value.slots[0].state, 'checked');
  assert.equal(list.value.slots[0].fileName, 'auth.p12');
  assert.equal(list.value.slots[0].path, undefined);

  // The profile form sends back the fields it edits; the certificate reference must stay.
  const saved = await invokeCert('profile:save', {
    profile: { ...VALID_TEST_PROFILE, clinic: { ...VALID_TEST_PROFILE.clinic, name: 'Poliambulatorio Rinominato' } },
  });
  assert.equal(saved.ok, true);
  assert.deepEqual(saved.value.profile.authCertificate, { p12: join(env.dataDir, 'certificates', 'auth.p12') });
  assert.equal((await invokeCert('certificates:list', undefined)).value.slots[0].state, 'checked');

  assert.equal((await invokeCert('certificates:remove', { role: 'auth' })).ok, true);
  assert.equal((await invokeCert('certificates:list', undefined)).value.slots[0].state, 'missing');
});

test('no certificate response ever contains the password or key material', () => {
  assert.ok(certificateResponses.length > 10);
  for (const body of certificateResponses) {
    assert.ok(!body.includes(pki.password), 'password in a response');
    assert.doesNotMatch(body, /PRIVATE KEY|BEGIN CERTIFICATE|"d":"/);
  }
});
