// terminology:search — the searchable lists of the form: ICD9-CM from the table the gateway checks against, the
// laboratory tests by name with their LOINC codes; code prefix first, then words; at most 30 results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchTerminology, TERMINOLOGY_MAX_RESULTS } from '../../main/core/app/reports/terminology.js';

test('an ICD9-CM code prefix finds the code first', async () => {
  const r = await searchTerminology('icd9cm', '89.52');
  assert.deepEqual(r[0], { code: '89.52', display: 'Elettrocardiogramma' });
});

test('ICD9-CM words match whatever their accents and case, all words required', async () => {
  const r = await searchTerminology('icd9cm', 'radiografia torace');
  assert.ok(r.length > 0);
  assert.ok(r.some((e) => e.code === '87.44'));
  for (const e of r) assert.match(e.display.toLowerCase(), /radiografia/);
});

test('at most 30 results', async () => {
  assert.equal((await searchTerminology('icd9cm', 'a')).length, TERMINOLOGY_MAX_RESULTS);
});

test('an empty ICD9-CM query returns nothing; the laboratory list shows its first tests', async () => {
  assert.deepEqual(await searchTerminology('icd9cm', '  '), []);
  assert.ok((await searchTerminology('loinc', '')).length > 0);
});

test('a laboratory test is found by name, with its LOINC code, unit and section', async () => {
  const r = await searchTerminology('loinc', 'emoglobina');
  const hb = r.find((e) => e.code === '718-7');
  assert.ok(hb, JSON.stringify(r));
  assert.equal(hb.unit, 'g/dL');
  assert.equal(hb.section, '18723-7');
});

test('a text found nowhere gives an empty list', async () => {
  assert.deepEqual(await searchTerminology('loinc', 'zzzz'), []);
});
