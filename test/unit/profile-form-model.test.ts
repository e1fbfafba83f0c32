import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileSchema } from '../../contract/profile.js';
import { fromForm, localityFieldProblems, localityPreview, toForm } from '../../renderer/src/screens/profile-form-model.js';
import { TEST_CLINIC } from '../support/profiles.js';

const PROFILE = profileSchema.parse({
  environment: 'stage',
  clinic: { ...TEST_CLINIC, address: { street: 'Via Roma 1', city: 'Firenze', postalCode: '50100', province: 'FI' }, phone: '055 123456' },
  operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
  paths: { delete: 'documents/{id}' },
  trustedCaFile: '/etc/fse/ca.pem',
});

test('a stored profile goes through the form and back unchanged', () => {
  assert.deepEqual(profileSchema.parse(fromForm(toForm(PROFILE), PROFILE)), PROFILE);
});

test('the locality is shown as its parts and composed back into the XON string', () => {
  const v = toForm(PROFILE);
  assert.equal(v['locality.name'], 'POLIAMBULATORIO TEST');
  assert.equal(v['locality.aslCode'], '201');
  assert.equal(v['locality.sts11Code'], '123456');
  const changed = { ...v, 'locality.aslCode': '203', 'locality.sts11Code': '654321' };
  assert.equal(localityPreview(changed), 'POLIAMBULATORIO TEST^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090203654321');
  assert.equal((fromForm(changed, PROFILE).clinic as { locality: string }).locality, localityPreview(changed));
});

test('a wrong locality part is reported on that part', () => {
  assert.deepEqual(Object.keys(localityFieldProblems({ ...toForm(PROFILE), 'locality.sts11Code': '12' })), ['locality.sts11Code']);
});

test('an empty software override is left out, so the built-in identity is used', () => {
  assert.equal(fromForm(toForm(PROFILE), PROFILE).software, undefined);
});

test('a software override is passed on verbatim, trailing space included, for the main process to refuse', () => {
  const v = { ...toForm(PROFILE), 'software.applicationId': 'FSE Desk', 'software.vendor': 'FSE Desk ', 'software.version': '0.1.0' };
  assert.deepEqual(fromForm(v, PROFILE).software, { applicationId: 'FSE Desk', vendor: 'FSE Desk ', version: '0.1.0' });
  const r = profileSchema.safeParse(fromForm(v, PROFILE));
  assert.deepEqual(r.success ? [] : r.error.issues.map((i) => i.path.join('.')), ['software.vendor']);
});
