// Issue "Make the document", done when: each example, prepared by the CLI, is accepted by the
// stand-in gateway (which checks the PAdES signature, cda.xml and every claim derived from it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import type { MockCart } from '../../mock-cart/server.js';
import { startTestCart } from '../support/test-cart.js';
import type { TestPki } from '../support/pki.js';
import { testProfile } from '../gateway/helpers.js';

let dir: string;
let pki: TestPki;
let cart: MockCart;
let profileFile: string;
const env = () => ({ ...process.env, TEST_AUTH_PW: pki.password, TEST_SIG_PW: pki.password, TEST_SIGNER_PW: pki.password });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fse-prepare-publish-'));
  ({ pki, cart } = await startTestCart(dir));
  const profile = { ...testProfile(cart.url, pki), documentSigner: { p12: pki.signerP12, passwordEnv: 'TEST_SIGNER_PW' }, dataDir: join(dir, 'data') };
  profileFile = join(dir, 'profile.json');
  writeFileSync(profileFile, JSON.stringify(profile));
});

after(async () => cart?.close());

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env: env() });
  return { code, json: JSON.parse(out) as Record<string, unknown> };
}

for (const type of ['RSA', 'LAB', 'RAD']) {
  test(`a prepared ${type} example is accepted by the stand-in gateway`, async () => {
    const out = join(dir, `${type}.pdf`);
    const prep = await cli(['prepare', '--profile', profileFile, '--type', type, '--input', `examples/reports/${type.toLowerCase()}.json`, '--out', out]);
    assert.equal(prep.code, 0, JSON.stringify(prep.json));
    const pub = await cli(['publish', '--profile', profileFile, '--pdf', out]);
    assert.equal(pub.code, 0, JSON.stringify(pub.json));
    assert.equal(pub.json.httpStatus, 202);
    assert.match(String(pub.json.xCartId), /^[0-9a-f-]{36}$/);
    const doc = cart.documents().find((d) => d.identificativoDoc === prep.json.identificativoDoc);
    assert.ok(doc, `stand-in has ${String(prep.json.identificativoDoc)}`);
    assert.equal(doc.sha256, prep.json.sha256);
    assert.equal(doc.createCount, 1);
  });
}
