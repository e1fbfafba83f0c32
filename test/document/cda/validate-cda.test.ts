import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCda } from '../../../main/core/document/cda/build-cda.js';
import { validateCda } from '../../../main/core/document/cda/validate-cda.js';
import { contextFor, ensureSchematron, exampleJson, officialExample, parsed } from './cda-fixtures.js';

before(() => ensureSchematron());

const rsa = () => buildCda('RSA', parsed('RSA', exampleJson('RSA')), contextFor('RSA'));
const rad = () => buildCda('RAD', parsed('RAD', exampleJson('RAD')), contextFor('RAD'));

describe('official examples', () => {
  for (const type of ['RSA', 'LAB', 'RAD']) {
    test(`the official ${type} example passes XSD, current schematron and terminology`, async () => {
      const r = await validateCda(officialExample(type));
      assert.deepEqual(r.errors, []);
      assert.equal(r.valid, true);
    });
  }
});

describe('validateCda on broken documents', () => {
  test('a schematron rule broken fails with the schematron’s own message, rule id and form field', async () => {
    // A lower-case tax code passes the XSD but breaks ERRORE-44 (16 characters [A-Z0-9]).
    const xml = rsa().replace('extension="RMSLSO31M04Z404R"', 'extension="rmslso31m04z404r"');
    const r = await validateCda(xml);
    assert.equal(r.valid, false);
    const e = r.errors.find((i) => i.ruleId === 'ERRORE-44');
    assert.ok(e, JSON.stringify(r.errors));
    assert.equal(e.stage, 'schematron');
    assert.match(e.message, /Il codice fiscale 'rmslso31m04z404r' cittadino ed operatore deve essere costituito da 16 cifre/);
    assert.equal(e.field, 'patient.fiscalCode');
    assert.deepEqual(r.schematron, { file: 'schematron_RSA_v8.3.sch', version: '8.3' });
  });

  test('a missing mandatory section fails with the schematron message mapped to its field', async () => {
    const xml = rad().replace(/<component>\s*<section ID="REFERTO">[\s\S]*?<\/section>\s*<\/component>/, '');
    const r = await validateCda(xml);
    const e = r.errors.find((i) => i.ruleId === 'ERRORE-b4');
    assert.ok(e, JSON.stringify(r.errors));
    assert.match(e.message, /Sezione Referto: DEVE essere presente la sezione "Referto"/);
    assert.equal(e.field, 'findings');
  });

  test('an XSD-invalid CDA fails at the xsd stage and stops there', async () => {
    const xml = rsa().replace('<realmCode code="IT"/>', '<realmCode code="IT"/><unexpected/>');
    const r = await validateCda(xml);
    assert.equal(r.valid, false);
    assert.ok(r.errors.length > 0);
    assert.ok(r.errors.every((e) => e.stage === 'xsd'));
    assert.match(r.errors[0]!.message, /unexpected/);
    assert.equal(r.schematron, null);
  });

  test('a LOINC code with codeSystemVersion 2.73 fails terminology (the managed version is 2.82)', async () => {
    const xml = rsa().replace(
      '<code code="11488-4" codeSystem="2.16.840.1.113883.6.1"',
      '<code code="11488-4" codeSystem="2.16.840.1.113883.6.1" codeSystemVersion="2.73"',
    );
    const r = await validateCda(xml);
    assert.equal(r.valid, false);
    const e = r.errors.find((i) => i.stage === 'terminology');
    assert.ok(e, JSON.stringify(r.errors));
    assert.match(e.message, /versione "2\.73".*2\.16\.840\.1\.113883\.6\.1.*versione gestita: 2\.82/);
  });

  test('the managed codeSystemVersion itself is accepted', async () => {
    const xml = rsa().replace(
      '<code code="11488-4" codeSystem="2.16.840.1.113883.6.1"',
      '<code code="11488-4" codeSystem="2.16.840.1.113883.6.1" codeSystemVersion="2.82"',
    );
    assert.deepEqual((await validateCda(xml)).errors, []);
  });

  test('a code missing from a managed table fails terminology with the gateway’s wording', async () => {
    const xml = rsa().replace('code="89.52" codeSystem="2.16.840.1.113883.6.103"', 'code="8952" codeSystem="2.16.840.1.113883.6.103"');
    const r = await validateCda(xml);
    const e = r.errors.find((i) => i.ruleId === 'VOCABULARY_ERROR');
    assert.ok(e, JSON.stringify(r.errors));
    assert.match(e.message, /Almeno uno dei seguenti vocaboli non è censito: codice "8952" del sistema 2\.16\.840\.1\.113883\.6\.103/);
  });

  test('a code system OID with a 999 arc is refused', async () => {
    const xml = rsa().replace('code="89.52" codeSystem="2.16.840.1.113883.6.103"', 'code="X1" codeSystem="2.16.840.1.113883.2.9.999.1"');
    const r = await validateCda(xml);
    assert.ok(
      r.errors.some((i) => i.stage === 'terminology' && /arco 999/.test(i.message)),
      JSON.stringify(r.errors),
    );
  });

  test('a DOCTYPE is refused before parsing', async () => {
    const xml = rsa().replace(
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY x "y">]>',
    );
    const r = await validateCda(xml);
    assert.equal(r.valid, false);
    assert.equal(r.errors[0]!.stage, 'xml');
    assert.match(r.errors[0]!.message, /DOCTYPE/);
  });

  test('text that is not well-formed XML fails at the xml stage with a line number', async () => {
    const r = await validateCda('<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><title>x</ClinicalDocument>');
    assert.equal(r.valid, false);
    assert.equal(r.errors[0]!.stage, 'xml');
    assert.match(r.errors[0]!.location ?? '', /riga 2/);
  });

  test('a document whose first templateId is not a national one gets no schematron and is refused', async () => {
    const xml = rsa().replace(
      '<templateId root="2.16.840.1.113883.2.9.10.1.9.1"',
      '<templateId root="1.2.3.4" extension="1"/><templateId root="2.16.840.1.113883.2.9.10.1.9.1"',
    );
    const r = await validateCda(xml);
    assert.equal(r.valid, false);
    assert.match(r.errors[0]!.message, /Nessuno schematron del gateway per il primo templateId "1\.2\.3\.4"/);
  });

  test('the report carries the three stage timings', async () => {
    const r = await validateCda(rsa());
    assert.equal(typeof r.timings.xsdMs, 'number');
    assert.equal(typeof r.timings.schematronMs, 'number');
    assert.equal(typeof r.timings.terminologyMs, 'number');
  });
});
