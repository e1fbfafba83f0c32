import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCda } from '../../../main/core/document/cda/build-cda.js';
import { validateCda } from '../../../main/core/document/cda/validate-cda.js';
import type { DocumentType } from '../../../main/core/document/cda/identificativo-doc.js';
import { CLINIC, ROOT, contextFor, ensureSchematron, exampleJson, parsed } from './cda-fixtures.js';

before(() => ensureSchematron());

async function assertValid(xml: string): Promise<void> {
  const r = await validateCda(xml);
  assert.deepEqual(r.errors, [], `unexpected errors: ${JSON.stringify(r.errors, null, 1)}`);
  assert.equal(r.valid, true);
}

function build<T extends DocumentType>(type: T, json: Record<string, unknown>, localId = 'TEST-1'): string {
  return buildCda(type, parsed(type, json), contextFor(type, localId));
}

describe('CDA builders', () => {
  for (const type of ['RSA', 'LAB', 'RAD'] as const) {
    test(`the ${type} example builds a CDA that passes XSD, schematron and terminology with no errors`, async () => {
      const xml = build(type, exampleJson(type));
      const r = await validateCda(xml);
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.warnings, []);
      assert.equal(r.schematron?.file.includes(type), true);
    });
  }

  test('the output starts with the UTF-8 XML declaration and has no byte order mark', () => {
    const xml = build('RSA', exampleJson('RSA'));
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
    assert.notEqual(xml.charCodeAt(0), 0xfeff);
  });

  test('the document id is the identificativoDoc split at the caret, and the national template comes first', () => {
    const xml = build('LAB', exampleJson('LAB'), 'LAB-77');
    assert.match(
      xml,
      /<templateId root="2\.16\.840\.1\.113883\.2\.9\.10\.1\.1"[^>]*>\s*<id root="2\.16\.840\.1\.113883\.2\.9\.2\.90\.4\.4" extension="01386030488\.LAB\.999\.LAB-77"/,
    );
    assert.equal(xml.indexOf('<templateId'), xml.indexOf('<templateId root="2.16.840.1.113883.2.9.10.1.1"'));
  });

  test('effectiveTime carries the Rome offset: +0100 in winter and +0200 in summer', () => {
    const winter = build('RAD', { ...exampleJson('RAD'), documentDate: '2026-01-15T10:00' });
    const summer = build('RAD', { ...exampleJson('RAD'), documentDate: '2026-07-15T10:00', serviceDate: '2026-07-15T09:00' });
    assert.match(winter, /<effectiveTime value="20260115100000\+0100"\/>/);
    assert.match(summer, /<effectiveTime value="20260715100000\+0200"\/>/);
  });

  test("accented and apostrophised names (Niccolò D'Antò) are written verbatim and validate", async () => {
    const json = exampleJson('RSA');
    json.patient = { ...(json.patient as object), givenName: 'Niccolò', familyName: "D'Antò" };
    json.doctor = { ...(json.doctor as object), givenName: 'Maria Letizia', familyName: "Dell'Acqua Però" };
    const xml = build('RSA', json);
    assert.ok(xml.includes("<family>D'Antò</family>"));
    assert.ok(xml.includes('<given>Niccolò</given>'));
    assert.ok(xml.includes("<family>Dell'Acqua Però</family>"));
    await assertValid(xml);
  });

  test('long free text with markup characters is escaped by the library and validates', async () => {
    const para = 'Valori <ai limiti> & "stabili" rispetto al controllo precedente; nessuna variazione > 10%. ';
    const long = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${para.repeat(5)}`).join('\n\n');
    const json = { ...exampleJson('RSA'), findings: long, history: `${para}\n${para}` };
    const xml = build('RSA', json);
    assert.ok(xml.includes('Valori &lt;ai limiti&gt; &amp; "stabili"'));
    assert.equal((xml.match(/<paragraph>/g) ?? []).length >= 40, true);
    await assertValid(xml);
  });

  test('an RSA with only the required parts (no address, no optional sections, no order) validates', async () => {
    const json = exampleJson('RSA');
    for (const k of ['reason', 'history', 'examination', 'conclusions', 'suggestions', 'order', 'serviceEndDate', 'localId']) delete json[k];
    json.patient = { fiscalCode: 'RMSLSO31M04Z404R', givenName: 'Lisio', familyName: 'Ramos', birthDate: '1931-08-04', sex: 'M' };
    json.services = [{ description: 'Visita cardiologica di controllo' }];
    const xml = build('RSA', json);
    assert.ok(!xml.includes('<inFulfillmentOf>'));
    assert.match(xml, /<code nullFlavor="UNK">\s*<originalText>\s*<reference value="#PRESTAZIONE-1"\/>/);
    await assertValid(xml);
  });

  for (const type of ['RSA', 'LAB', 'RAD'] as const) {
    test(`a ${type} of a clinic with both phone and e-mail validates (the custodian takes a single telecom)`, async () => {
      const xml = buildCda(type, parsed(type, exampleJson(type)), contextFor(type, 'TEST-1', { clinic: { ...CLINIC, email: 'segreteria@clinica.example' } }));
      await assertValid(xml);
    });
  }

  test('a RAD with only the required parts validates', async () => {
    const json = exampleJson('RAD');
    for (const k of ['reason', 'conclusions', 'suggestions']) delete json[k];
    json.examinations = [{ description: 'Ecografia addome completo' }, { description: 'RX ginocchio destro', code: { code: '88.27', system: 'ICD9CM' } }];
    await assertValid(build('RAD', json));
  });

  test('a LAB with many results, text values, one-sided and textual ranges validates', async () => {
    const results = Array.from({ length: 25 }, (_, i) => ({
      code: '2345-7',
      display: `Glucosio, determinazione ${i + 1}`,
      value: 80 + i * 1.5,
      unit: 'mg/dL',
      range: i % 3 === 0 ? { high: 100 } : i % 3 === 1 ? { low: 70, high: 100 } : { text: 'vedi nota' },
      interpretation: i % 2 ? 'N' : 'H',
      specimen: 'SER',
    }));
    const json = {
      ...exampleJson('LAB'),
      sections: [
        { specialty: '18719-5', results },
        {
          specialty: '18725-2',
          results: [
            {
              code: '630-4',
              display: 'Urinocoltura',
              value: 'Negativa: assenza di crescita batterica',
              interpretation: 'NEG',
              specimen: 'UR',
              note: "Campione raccolto dopo l'igiene",
            },
            { code: '5778-6', display: 'Colore delle urine', value: 'Giallo paglierino' },
          ],
        },
      ],
    };
    const xml = build('LAB', json);
    assert.equal((xml.match(/<observation /g) ?? []).length, 27);
    assert.ok(xml.includes('<value xsi:type="ST">Negativa: assenza di crescita batterica</value>'));
    await assertValid(xml);
  });

  test('a replacement is version n+1 of the same set with relatedDocument RPLC pointing at the previous version', async () => {
    const json = {
      ...exampleJson('RSA'),
      replaces: {
        identificativoDoc: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.RSA-2026-000142',
        setId: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.RSA-2026-000142',
        version: 1,
      },
    };
    const ctx = contextFor('RSA', 'RSA-2026-000142-V2', { setId: '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.RSA-2026-000142', version: 2 });
    const xml = buildCda('RSA', parsed('RSA', json), ctx);
    assert.match(xml, /<setId root="2\.16\.840\.1\.113883\.2\.9\.2\.90\.4\.4" extension="01386030488\.RSA\.999\.RSA-2026-000142"/);
    assert.match(xml, /<versionNumber value="2"\/>/);
    assert.match(
      xml,
      /<relatedDocument typeCode="RPLC">\s*<parentDocument>\s*<id root="2\.16\.840\.1\.113883\.2\.9\.2\.90\.4\.4" extension="01386030488\.RSA\.999\.RSA-2026-000142"/,
    );
    await assertValid(xml);
  });

  test('xmllint, an independent validator, accepts a built CDA against the official XSD', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cda-'));
    const file = join(dir, 'cda.xml');
    writeFileSync(file, build('LAB', exampleJson('LAB')));
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(ROOT, 'resources/cda/xsd/POCD_MT000040UV02/CDA.xsd'), file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /validates/);
  });
});
