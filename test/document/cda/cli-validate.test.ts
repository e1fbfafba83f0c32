import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../main/cli/main.js';
import { buildCda } from '../../../main/core/document/cda/build-cda.js';
import { contextFor, ensureSchematron, exampleJson, parsed } from './cda-fixtures.js';

before(() => ensureSchematron());

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), env: {} });
  return { code, out, err };
}

function cdaFile(xml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cli-validate-')), 'cda.xml');
  writeFileSync(file, xml);
  return file;
}

describe('fse-desk validate', () => {
  test('a valid CDA prints valid:true with timings and exits 0', async () => {
    const file = cdaFile(buildCda('RAD', parsed('RAD', exampleJson('RAD')), contextFor('RAD')));
    const r = await run(['validate', '--type', 'RAD', '--cda', file]);
    assert.equal(r.code, 0, r.out + r.err);
    const json = JSON.parse(r.out) as { valid: boolean; timings: Record<string, number>; schematron: { version: string } };
    assert.equal(json.valid, true);
    assert.equal(json.schematron.version, '4.1');
    assert.deepEqual(Object.keys(json.timings).sort(), ['schematronMs', 'terminologyMs', 'xsdMs']);
  });

  test('an invalid CDA prints the errors and exits 1', async () => {
    const xml = buildCda('RSA', parsed('RSA', exampleJson('RSA')), contextFor('RSA')).replace('<signatureCode code="S"/>', '<signatureCode code="X"/>');
    const r = await run(['validate', '--type', 'RSA', '--cda', cdaFile(xml)]);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as { valid: boolean; errors: Array<{ ruleId?: string }> };
    assert.equal(json.valid, false);
    assert.ok(json.errors.some((e) => e.ruleId === 'ERRORE-30'));
  });

  test('a CDA of another type than --type is refused with exit 1', async () => {
    const file = cdaFile(buildCda('RAD', parsed('RAD', exampleJson('RAD')), contextFor('RAD')));
    const r = await run(['validate', '--type', 'LAB', '--cda', file]);
    assert.equal(r.code, 1);
    assert.match(r.out, /Il documento non è di tipo LAB/);
  });

  test('a missing file or an unknown type is bad input (exit 2)', async () => {
    assert.equal((await run(['validate', '--type', 'RSA', '--cda', '/nonexistent/cda.xml'])).code, 2);
    assert.equal((await run(['validate', '--type', 'XYZ', '--cda', '/tmp/x.xml'])).code, 2);
    assert.equal((await run(['validate', '--type', 'RSA'])).code, 2);
  });
});
