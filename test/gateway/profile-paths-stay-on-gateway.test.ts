// Issue 11, finding 5: profile.paths could send both JWTs (with the patient's tax code) and the signed PDF
// to another address. A path override is relative to the base URL, with {id} as its only placeholder:
// refused by the profile's schema (profile check, profile:save) and again where the URL is built.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileSchema, type Profile } from '../../contract/profile.js';
import { validateProfile } from '../../main/core/shared/profile/validate-profile.js';
import { operationUrl, UnsafePathError } from '../../main/core/gateway/endpoints.js';
import { executeCartOperation } from '../../main/core/gateway/execute.js';
import { runCli } from '../../main/cli/main.js';
import type { AppCore } from '../../main/core/app/app-core.js';
import { testClock } from '../support/clock.js';
import { testProfile } from '../support/profiles.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';
import { cdaXml, pdfWithCda, testCredentialSource } from './helpers.js';
import { json, startTinyServer, type TinyServer } from './tiny-https.js';
import { testAppCore } from '../support/app-core.js';

const BAD: ReadonlyArray<[keyof NonNullable<Profile['paths']>, string, RegExp]> = [
  ['validateAndCreate', 'http://x/documents/validate-and-create', /relativo all\u2019indirizzo base/],
  ['replace', 'https://other-host/gateway/v2/documents/{id}', /relativo all\u2019indirizzo base/],
  ['delete', '//host/x/{id}', /«\/\/»/],
  ['updateMetadata', '../x/{id}/metadata', /«\.\.»/],
  ['statusByWorkflow', 'status/{other}', /unico segnaposto ammesso è \{id\}/],
  ['statusByTrace', 'status/%2e%2e/search/{id}', /«\.\.»/],
  ['delete', '\\\\host\\x', /«\/\/» né «\\»/],
  ['replace', 'documents/{id}?to=elsewhere', /caratteri non ammessi/],
];

let srv: TinyServer;
before(async () => {
  srv = await startTinyServer();
});
after(() => srv.close());

const profile = (): Profile => testProfile(srv.base, srv.pki);

for (const [op, path, message] of BAD) {
  test(`the profile check refuses paths.${op} = ${path} with an Italian message on that field`, () => {
    const v = validateProfile({ ...profile(), paths: { [op]: path } });
    assert.equal(v.ok, false);
    const problem = !v.ok ? v.problems.find((p) => p.path === `paths.${op}`) : undefined;
    assert.ok(problem, JSON.stringify(v));
    assert.match(problem.message, message);
    // The renderer checks with the same contract schema before saving.
    assert.equal(profileSchema.safeParse({ ...profile(), paths: { [op]: path } }).success, false);
  });
}

test('a relative override with {id} is accepted and used under the base URL', () => {
  const v = validateProfile({ ...profile(), paths: { delete: 'docs/{id}/remove', validateAndCreate: '/documents/validate-and-create' } });
  assert.equal(v.ok, true, JSON.stringify(v));
  const p = v.ok ? v.profile : profile();
  assert.equal(operationUrl(p, 'delete', 'a^b').href, `${srv.base}docs/a%5Eb/remove`);
  assert.equal(operationUrl(p, 'validateAndCreate').href, `${srv.base}documents/validate-and-create`);
});

test('where the URL is built, an override that escaped the schema is refused again', () => {
  for (const [op, path] of BAD) {
    const unchecked = { ...profile(), paths: { [op]: path } } as Profile;
    assert.throws(() => operationUrl(unchecked, op, 'id'), UnsafePathError, `${op}: ${path}`);
  }
});

test('a call with such an override sends nothing at all (no tokens, no PDF) and says why', async () => {
  srv.reply = json(202, {});
  const seenBefore = srv.seen.length;
  const unchecked = { ...profile(), paths: { validateAndCreate: 'https://evil.example/collect' } } as Profile;
  const r = await executeCartOperation(
    unchecked,
    { operation: 'validateAndCreate', pdf: await pdfWithCda(cdaXml()) },
    { credentialSource: testCredentialSource(srv.pki.password), now: testClock },
  );
  assert.equal(srv.seen.length, seenBefore);
  assert.equal(r.ok, false);
  assert.equal(r.error?.type, 'local/profile-paths');
  assert.match(r.error!.message, /Percorso personalizzato di «validateAndCreate» non accettato/);
});

test('fse-desk profile check exits 2 naming the refused path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paths-cli-'));
  try {
    const file = join(dir, 'profile.json');
    writeFileSync(file, JSON.stringify({ ...profile(), paths: { delete: 'https://other-host/documents/{id}' } }));
    let out = '';
    const code = await runCli(['profile', 'check', '--profile', file], { out: (t) => void (out += t), err: () => undefined, env: {} });
    assert.equal(code, 2);
    const problems = (JSON.parse(out) as { problems: { path: string; message: string }[] }).problems;
    assert.match(problems.find((p) => p.path === 'paths.delete')?.message ?? '', /relativo all\u2019indirizzo base/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('profile:save from the renderer refuses an absolute override with the field message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'paths-save-'));
  let core: AppCore | undefined;
  try {
    core = testAppCore(join(dir, 'app'));
    const r = await core.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE, paths: { replace: '//attacker/documents/{id}' } } });
    assert.equal(r.ok, false);
    const problems = !r.ok ? (r.error.problems ?? []) : [];
    assert.match(problems.find((p) => p.path === 'paths.replace')?.message ?? '', /«\/\/»/);
    const good = await core.dispatch('profile:save', { profile: { ...VALID_TEST_PROFILE, paths: { replace: 'documents/{id}' } } });
    assert.equal(good.ok, true);
  } finally {
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
