import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('profile check prints a valid example profile as JSON and exits 0', () => {
  const r = cli('profile', 'check', '--profile', 'examples/profile.stage.json');
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.equal(out.ok, true);
  assert.equal(out.profile.clinic.fiscalCode, '01386030488');
});

test('a profile without any software identity passes profile check (the built-in identity is used)', () => {
  const profile = JSON.parse(readFileSync('examples/profile.stage.json', 'utf8')) as Record<string, unknown>;
  assert.equal(profile.software, undefined);
  const dir = mkdtempSync(join(tmpdir(), 'profile-no-identity-'));
  try {
    const file = join(dir, 'profile.json');
    writeFileSync(file, JSON.stringify(profile));
    const r = cli('profile', 'check', '--profile', file);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(JSON.parse(r.out).ok, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a software identity override with a trailing space is refused on its field', () => {
  const profile = JSON.parse(readFileSync('examples/profile.stage.json', 'utf8')) as Record<string, unknown>;
  const dir = mkdtempSync(join(tmpdir(), 'profile-identity-space-'));
  try {
    const file = join(dir, 'profile.json');
    writeFileSync(file, JSON.stringify({ ...profile, software: { applicationId: 'FSE Desk', vendor: 'FSE Desk', version: '0.1.0 ' } }));
    const r = cli('profile', 'check', '--profile', file);
    assert.equal(r.code, 2);
    assert.deepEqual(
      JSON.parse(r.out).problems.map((p: { path: string }) => p.path),
      ['software.version'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a custom-environment profile with CA, audience, path overrides, a software override and one certificate for both roles is valid', () => {
  const r = cli('profile', 'check', '--profile', 'examples/profile.custom.json');
  assert.equal(r.code, 0, r.out + r.err);
  const out = JSON.parse(r.out);
  assert.equal(out.profile.audience, 'https://fse20gwstage.regione.toscana.it/gateway/v2');
  assert.equal(out.profile.paths.delete, 'documents/{id}');
  assert.equal(out.profile.authCertificate.p12, out.profile.signatureCertificate.p12);
  assert.match(out.profile.trustedCaFile, /certs\/ca-gateway\.pem$/);
  assert.equal(out.profile.software.vendor, 'FSE Desk');
});

test('profile check shows password variable names, never passwords', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'profile', 'check', '--profile', 'examples/profile.stage.json'], {
    encoding: 'utf8',
    env: { ...process.env, FSE_AUTH_P12_PASSWORD: 'very-secret-value' },
  });
  assert.match(r.stdout, /FSE_AUTH_P12_PASSWORD/);
  assert.doesNotMatch(r.stdout, /very-secret-value/);
});

test('profile check lists every problem of a broken profile with its path and exits 2', () => {
  const r = cli('profile', 'check', '--profile', 'examples/profile.broken.json');
  assert.equal(r.code, 2);
  const out = JSON.parse(r.out);
  const paths = out.problems.map((p: { path: string }) => p.path).sort();
  assert.deepEqual(
    paths,
    [
      '',
      'baseUrl',
      'clinic.fiscalCode',
      'clinic.istatCode',
      'clinic.locality',
      'clinic.name',
      'clinic.repository',
      'clinic.structureType',
      'operator.fiscalCode',
      'operator.role',
      'software.applicationId',
    ].sort(),
  );
});

test('profile check without --profile prints the usage and exits 2', () => {
  const r = cli('profile', 'check');
  assert.equal(r.code, 2);
  assert.match(r.err, /usage: fse-desk profile check --profile <file>/);
});

test('an unknown command exits 2 with the list of commands', () => {
  const r = cli('frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command/);
});
