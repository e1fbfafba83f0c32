import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeLocality, localityPartsProblems, parseLocality } from '../../contract/locality.js';
import { LOCALITY_PATTERN } from '../../contract/profile.js';

const parts = { name: 'POLIAMBULATORIO SAN FREDIANO', aslCode: '201', sts11Code: '123456' };
const XON = 'POLIAMBULATORIO SAN FREDIANO^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456';

test('the XON locality is composed from the name, the health authority code and the STS.11 code', () => {
  assert.equal(composeLocality(parts), XON);
  assert.match(composeLocality(parts), LOCALITY_PATTERN);
});

test('a stored locality is split back into its parts', () => {
  assert.deepEqual(parseLocality(XON), parts);
});

test('a locality FSE Desk did not compose keeps its name and leaves the codes to fill in', () => {
  assert.deepEqual(parseLocality('STUDIO^^^^^&1.2.3&ISO^^^^XYZ'), { name: 'STUDIO', aslCode: '', sts11Code: '' });
  assert.deepEqual(parseLocality(''), { name: '', aslCode: '', sts11Code: '' });
});

test('valid parts have no problem', () => {
  assert.deepEqual(localityPartsProblems(parts), {});
});

test('each wrong part is reported on its own field', () => {
  assert.deepEqual(Object.keys(localityPartsProblems({ name: 'A^B', aslCode: '20', sts11Code: '12345X' })).sort(), ['aslCode', 'name', 'sts11Code']);
});
