import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { profileSchema } from '../../contract/profile.js';
import { BUILT_IN_SOFTWARE_IDENTITY, effectiveSoftwareIdentity, RELEASE_VERSION } from '../../contract/software-identity.js';
import { TEST_CLINIC } from '../support/profiles.js';

const base = { environment: 'stage', clinic: TEST_CLINIC } as const;

test('the built-in version is the release version in package.json', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  assert.equal(RELEASE_VERSION, pkg.version);
  assert.equal(BUILT_IN_SOFTWARE_IDENTITY.version, pkg.version);
});

test('a profile without a software identity is valid and uses the built-in one', () => {
  const r = profileSchema.safeParse(base);
  assert.equal(r.success, true);
  assert.deepEqual(effectiveSoftwareIdentity(r.success ? r.data : {}), { ...BUILT_IN_SOFTWARE_IDENTITY });
});

test('a vendor-supplied override replaces the built-in identity verbatim', () => {
  const software = { applicationId: 'FSE Desk Pro', vendor: 'Rivenditore S.r.l.', version: '0.1.0-a' };
  const r = profileSchema.safeParse({ ...base, software });
  assert.equal(r.success, true);
  assert.deepEqual(effectiveSoftwareIdentity(r.success ? r.data : {}), software);
});

test('an override with a trailing space is refused on its field, never trimmed', () => {
  const r = profileSchema.safeParse({ ...base, software: { applicationId: 'FSE Desk', vendor: 'FSE Desk ', version: '0.1.0' } });
  assert.equal(r.success, false);
  const issues = r.success ? [] : r.error.issues;
  assert.deepEqual(
    issues.map((i) => i.path.join('.')),
    ['software.vendor'],
  );
  assert.match(issues[0]!.message, /spazi all’inizio o alla fine/);
});

test('an override with a leading space, an empty value or a line break is refused', () => {
  for (const applicationId of [' FSE Desk', '', 'FSE\nDesk']) {
    const r = profileSchema.safeParse({ ...base, software: { applicationId, vendor: 'FSE Desk', version: '0.1.0' } });
    assert.equal(r.success, false, JSON.stringify(applicationId));
  }
});

test('an override must give all three values', () => {
  const r = profileSchema.safeParse({ ...base, software: { applicationId: 'FSE Desk', vendor: 'FSE Desk' } });
  assert.equal(r.success, false);
});
