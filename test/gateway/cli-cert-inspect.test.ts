import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import { daysFrom } from '../support/clock.js';
import { makeTestPki, makeCert, toPkcs12, cartCn, type TestPki } from '../support/pki.js';

let dir: string;
let pki: TestPki;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cert-cli-'));
  pki = makeTestPki(join(dir, 'pki'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: NodeJS.ProcessEnv = { P12_PW: pki.password }): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env });
  return { code, out };
}

test('cert inspect prints the report of a good file and exits 0', async () => {
  const r = await cli(['cert', 'inspect', '--p12', pki.authP12, '--password-env', 'P12_PW', '--role', 'auth']);
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.equal(j.role, 'auth');
  assert.equal(j.commonName, cartCn('A1'));
  assert.doesNotMatch(r.out, new RegExp(pki.password));
});

test('cert inspect exits 1 when the file has an error (wrong role)', async () => {
  const r = await cli(['cert', 'inspect', '--p12', pki.signatureP12, '--password-env', 'P12_PW', '--role', 'auth']);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.out).problems[0].code, 'role-mismatch');
});

test('cert inspect exits 1 on a wrong password', async () => {
  const r = await cli(['cert', 'inspect', '--p12', pki.authP12, '--password-env', 'P12_PW'], { P12_PW: 'nope' });
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.out).problems[0].code, 'wrong-password');
});

test('cert inspect exits 2 when the password variable is not set or the file is missing', async () => {
  assert.equal((await cli(['cert', 'inspect', '--p12', pki.authP12, '--password-env', 'NOT_SET'])).code, 2);
  assert.equal((await cli(['cert', 'inspect', '--p12', join(dir, 'missing.p12'), '--password-env', 'P12_PW'])).code, 2);
  assert.equal((await cli(['cert', 'inspect', '--p12', pki.authP12])).code, 2);
});

test('cert inspect reports an expired file', async () => {
  const c = makeCert({ commonName: cartCn('A1'), issuer: pki.ca, notBefore: daysFrom(-400), notAfter: daysFrom(-1) });
  const f = join(dir, 'expired.p12');
  writeFileSync(f, toPkcs12(c, 'pw'));
  const r = await cli(['cert', 'inspect', '--p12', f, '--password-env', 'P12_PW'], { P12_PW: 'pw' });
  assert.equal(r.code, 1);
  assert.ok(JSON.parse(r.out).problems.some((p: { code: string }) => p.code === 'expired'));
});
