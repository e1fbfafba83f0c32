import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CdaExtractionError, extractCdaFromPdf, decodeXml } from '../../main/core/document/pdf/cda-from-pdf.js';
import { hl7TimeToCart, readCdaFacts } from '../../main/core/document/cda/cda-facts.js';
import { cdaXml, pdfWithCda, samplePdf, PATIENT_CF } from './helpers.js';

test('cda.xml is read from the flat /Names of the embedded files', async () => {
  const xml = cdaXml();
  assert.equal(await extractCdaFromPdf(await pdfWithCda(xml)), xml);
});

test('an attachment with another name is not taken for the CDA', async () => {
  await assert.rejects(extractCdaFromPdf(await pdfWithCda(cdaXml(), 'CDA.XML')), (e: unknown) => e instanceof CdaExtractionError && e.code === 'no-attachment');
});

test('bytes that are not a PDF are refused', async () => {
  await assert.rejects(extractCdaFromPdf(Buffer.from('<xml/>')), (e: unknown) => e instanceof CdaExtractionError && e.code === 'not-pdf');
});

test('the XML is decoded with the charset of its declaration', () => {
  const xml = '<?xml version="1.0" encoding="ISO-8859-1"?><a>è</a>';
  assert.equal(decodeXml(Buffer.from(xml, 'latin1')), xml);
});

test('the CDA of each signed sample is found and read', async () => {
  const rsa = readCdaFacts(await extractCdaFromPdf(samplePdf('SIGNED_RSA1.pdf')));
  assert.equal(rsa.documentCode.code, '11488-4');
  assert.equal(rsa.patientId.extension, 'RSSMRA22A01A399Z');
  assert.equal(readCdaFacts(await extractCdaFromPdf(samplePdf('SIGNED_LAB2.pdf'))).documentType?.shortType, 'LAB');
  assert.equal(readCdaFacts(await extractCdaFromPdf(samplePdf('SIGNED_RAD1.pdf'))).documentType?.shortType, 'RAD');
});

test('facts: first <code>, patient id, document id, set id, version and effective time', () => {
  const f = readCdaFacts(cdaXml());
  assert.deepEqual(f.documentCode, { code: '11488-4', codeSystem: '2.16.840.1.113883.6.1' });
  assert.equal(f.patientId.extension, PATIENT_CF);
  assert.deepEqual(f.id, { root: '2.16.840.1.113883.2.9.2.90.4.4', extension: '01386030488.RSA.999.0001' });
  assert.equal(f.setId?.extension, '01386030488.RSA.999.0001');
  assert.equal(f.versionNumber, '1');
  assert.equal(f.effectiveTime, '20240131093000');
});

test('document types from LOINC: 11488-4 RSA, 11502-2 LAB, 68604-8 RAD, all REF', () => {
  for (const [code, short] of [
    ['11488-4', 'RSA'],
    ['11502-2', 'LAB'],
    ['68604-8', 'RAD'],
  ] as const) {
    const t = readCdaFacts(cdaXml({ code })).documentType;
    assert.equal(t?.shortType, short);
    assert.equal(t?.tipoDocumentoLivAlto, 'REF');
  }
});

test('service dates come from serviceEvent low/high as yyyyMMddHHmmss', () => {
  const f = readCdaFacts(cdaXml());
  assert.equal(f.serviceStart, '20240131083000');
  assert.equal(f.serviceEnd, '20240131090000');
});

test('a single serviceEvent time gives equal start and end', () => {
  const f = readCdaFacts(cdaXml({ service: '' }).replace('<effectiveTime></effectiveTime>', '<effectiveTime value="20240131"/>'));
  assert.equal(f.serviceStart, '20240131000000');
  assert.equal(f.serviceEnd, '20240131000000');
});

test('HL7 times are padded and lose their offset', () => {
  assert.equal(hl7TimeToCart('202401311015+0100'), '20240131101500');
  assert.equal(hl7TimeToCart('2024'), '20240101000000');
  assert.equal(hl7TimeToCart('abc'), undefined);
});

test('a CDA without a patient id is refused', () => {
  assert.throws(() => readCdaFacts(cdaXml({ patient: '' })), /patientRole/);
});
