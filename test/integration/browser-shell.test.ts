// The browser shell over real HTTP on loopback: same contract, guarded by the per-run token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestShell } from '../support/shell.js';

let env: Awaited<ReturnType<typeof startTestShell>>;
before(async () => {
  env = await startTestShell();
});
after(async () => env?.stop());

function call(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
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
  call('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json', 'x-fse-desk-token': token }, body: JSON.stringify({ channel, payload }) });

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
  const r = await call('/api/invoke', { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json', 'x-fse-desk-token': env.shell.token }, body: '{}' });
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
