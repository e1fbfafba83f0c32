// `fse-desk prepare` end to end: each example report becomes a signed PDF that independent tools
// accept; bad input gives a clear error and writes nothing.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { daysFrom } from '../support/clock.js';
import { makeCert, makeTestPki, toPkcs12, type TestPki } from '../support/pki.js';
import { SIGNED_SAMPLES } from '../support/reference.js';

let dir: string;
let pki: TestPki;
let profileFile: string;

function writeProfile(file: string, signerP12: string): void {
  const profile = JSON.parse(readFileSync('examples/profile.stage.json', 'utf8'));
  profile.documentSigner = { p12: signerP12, passwordEnv: 'TEST_SIGNER_PASSWORD' };
  delete profile.authCertificate;
  delete profile.signatureCertificate;
  writeFileSync(file, JSON.stringify(profile));
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fse-prepare-'));
  pki = makeTestPki(join(dir, 'pki'));
  profileFile = join(dir, 'profile.json');
  writeProfile(profileFile, pki.signerP12);
});

function prepare(type: string, input: string, out: string, env: Record<string, string> = { TEST_SIGNER_PASSWORD: pki.password }, profile = profileFile) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'main/cli/main.ts', 'prepare', '--profile', profile, '--type', type, '--input', input, '--out', out],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    },
  );
  return { code: r.status, json: r.stdout ? JSON.parse(r.stdout) : null, err: r.stderr };
}

for (const type of ['RSA', 'LAB', 'RAD']) {
  test(`the ${type} example becomes a signed PDF that pdfsig accepts and whose cda.xml passes the official XSD`, () => {
    const out = join(dir, `${type}.pdf`);
    const r = prepare(type, `examples/reports/${type.toLowerCase()}.json`, out);
    assert.equal(r.code, 0, JSON.stringify(r.json) + r.err);
    assert.equal(r.json.ok, true);
    assert.match(r.json.identificativoDoc, new RegExp(`^2\\.16\\.840\\.1\\.113883\\.2\\.9\\.2\\.90\\.4\\.4\\^01386030488\\.${type}\\.999\\.`));
    assert.equal(r.json.validation.valid, true);
    const pdf = readFileSync(out);
    assert.equal(r.json.sha256, createHash('sha256').update(pdf).digest('hex'));
    const sig = spawnSync('pdfsig', ['-nocert', out], { encoding: 'utf8' });
    assert.match(sig.stdout, /Signature is Valid\./);
    assert.match(sig.stdout, /Total document signed/);
    const cda = join(dir, `${type}-cda.xml`);
    spawnSync('pdfdetach', ['-savefile', 'cda.xml', '-o', cda, out]);
    const xsd = spawnSync('xmllint', ['--noout', '--nonet', '--schema', resolve('resources/cda/xsd/POCD_MT000040UV02/CDA.xsd'), cda], { encoding: 'utf8' });
    assert.equal(xsd.status, 0, xsd.stderr);
    // And the official schematron on the extracted file (not on the XML we built).
    const v = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'validate', '--type', type, '--cda', cda], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout);
    assert.equal(JSON.parse(v.stdout).valid, true);
  });
}

test('a report with an invalid patient tax code is refused with the field and nothing is written', () => {
  const report = JSON.parse(readFileSync('examples/reports/rsa.json', 'utf8'));
  report.patient.fiscalCode = 'RMSLSO31M04Z404A';
  const input = join(dir, 'bad-cf.json');
  writeFileSync(input, JSON.stringify(report));
  const out = join(dir, 'bad-cf.pdf');
  const r = prepare('RSA', input, out);
  assert.equal(r.code, 1);
  assert.equal(r.json.ok, false);
  assert.ok(
    r.json.problems.some((p: { field?: string }) => p.field === 'patient.fiscalCode'),
    JSON.stringify(r.json.problems),
  );
  assert.equal(existsSync(out), false);
});

test('a wrong signer password is reported in Italian and nothing is written', () => {
  const out = join(dir, 'wrong-pw.pdf');
  const r = prepare('RSA', 'examples/reports/rsa.json', out, { TEST_SIGNER_PASSWORD: 'not-the-password' });
  assert.equal(r.code, 1);
  assert.equal(r.json.problems[0].message, 'Password del certificato di firma errata oppure file danneggiato.');
  assert.equal(existsSync(out), false);
});

test('an input PDF that is already signed is refused (embedding would break its signature) and nothing is written', () => {
  const out = join(dir, 'resigned.pdf');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'main/cli/main.ts',
      'prepare',
      '--profile',
      profileFile,
      '--type',
      'RSA',
      '--input',
      'examples/reports/rsa.json',
      '--out',
      out,
      '--pdf',
      join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf'),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, TEST_SIGNER_PASSWORD: pki.password },
    },
  );
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stdout).problems[0].code, 'already-signed');
  assert.equal(existsSync(out), false);
});

test('a damaged signer PKCS#12 file is reported and nothing is written', () => {
  const broken = join(dir, 'broken.p12');
  writeFileSync(broken, readFileSync(pki.signerP12).subarray(0, 300));
  const profile = join(dir, 'profile-broken.json');
  writeProfile(profile, broken);
  const out = join(dir, 'broken.pdf');
  const r = prepare('RSA', 'examples/reports/rsa.json', out, { TEST_SIGNER_PASSWORD: pki.password }, profile);
  assert.equal(r.code, 1);
  assert.equal(r.json.problems[0].code, 'corrupt');
  assert.equal(existsSync(out), false);
});

test('an expired signer certificate is refused and nothing is written', () => {
  const expired = makeCert({ commonName: 'Dott. Scaduto', issuer: pki.ca, usage: 'sign', notBefore: daysFrom(-400), notAfter: daysFrom(-1) });
  const p12 = join(dir, 'expired.p12');
  writeFileSync(p12, toPkcs12(expired, pki.password));
  const profile = join(dir, 'profile-expired.json');
  writeProfile(profile, p12);
  const out = join(dir, 'expired.pdf');
  const r = prepare('RSA', 'examples/reports/rsa.json', out, { TEST_SIGNER_PASSWORD: pki.password }, profile);
  assert.equal(r.code, 1);
  assert.equal(r.json.problems[0].code, 'expired');
  assert.equal(existsSync(out), false);
});
