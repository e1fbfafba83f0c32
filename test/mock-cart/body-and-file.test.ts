// Request body (docs/gateway-api.md §6) and file (§10) rules of the stand-in.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { call, newDocId, publicationBody, RSA1, SAMPLES, startEnv, stopEnv, type CallResult, type Env } from './helpers.js';

function problem(r: CallResult, status: number, type: string): void {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.type, type);
}

describe('stand-in request body rules', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(() => stopEnv(env));

  test('requestBody sent as a file part gets 400 /msg/mandatory-element', async () => {
    const r = await call(env, {
      op: 'validateAndCreate',
      form: (f, text, pdf) => {
        f.append('requestBody', new Blob([text], { type: 'application/json' }), 'blob');
        f.append('file', new Blob([Buffer.from(pdf)], { type: 'application/pdf' }), 'document.pdf');
      },
    });
    problem(r, 400, '/msg/mandatory-element');
  });

  test('an unknown property gets 400 /msg/mandatory-element "Parametro non riconosciuto"', async () => {
    const r = await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), tipoDocumento: 'REF' } });
    problem(r, 400, '/msg/mandatory-element');
    assert.match(String(r.json.detail), /Parametro non riconosciuto/);
  });

  test('an enum value with the wrong spelling gets 400 /msg/mandatory-element', async () => {
    problem(await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), tipologiaStruttura: 'MdsPN-DGC' } }), 400, '/msg/mandatory-element');
  });

  test('an enum value in the wrong case gets 400 /msg/mandatory-element', async () => {
    problem(await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), tipologiaStruttura: 'ospedale' } }), 400, '/msg/mandatory-element');
  });

  test('malformed JSON gets 400 /msg/mandatory-element', async () => {
    problem(await call(env, { op: 'validateAndCreate', body: '{"tipologiaStruttura":' }), 400, '/msg/mandatory-element');
  });

  test('a missing required field gets 400 /msg/mandatory-element naming it', async () => {
    const b = publicationBody();
    delete b.tipoAttivitaClinica;
    const r = await call(env, { op: 'validateAndCreate', body: b });
    problem(r, 400, '/msg/mandatory-element');
    assert.match(String(r.json.detail), /tipo attivita clinica/);
  });

  test('an unknown attiCliniciRegoleAccesso code gets 400 /msg/mandatory-element', async () => {
    problem(await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), attiCliniciRegoleAccesso: ['P42'] } }), 400, '/msg/mandatory-element');
  });

  test('a date not in yyyyMMddHHmmss gets 400 /msg/invalid-format', async () => {
    problem(
      await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), dataFinePrestazione: '2024-01-05T10:00:00' } }),
      400,
      '/msg/invalid-format',
    );
  });

  test('an identificativoDoc without ^ gets 400 /msg/id-doc', async () => {
    problem(await call(env, { op: 'validateAndCreate', body: publicationBody('2.16.840.1.113883.2.9.2.90.4.4.01386030488.RSA.999.1') }), 400, '/msg/id-doc');
  });

  test('an identificativoDoc empty after ^ gets 400 /msg/id-doc', async () => {
    problem(await call(env, { op: 'validateAndCreate', body: publicationBody('2.16.840.1.113883.2.9.2.90.4.4^') }), 400, '/msg/id-doc');
  });

  test('an identificativoRep not in the 2.16.840.1.113883.2.9.2.<region>.4.5.<n> form gets 400 /msg/id-doc', async () => {
    problem(
      await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), identificativoRep: '2.16.840.1.113883.2.9.2.90.999' } }),
      400,
      '/msg/id-doc',
    );
  });

  test('a workflowInstanceId in validate-and-create gets 400 /msg/cda-match', async () => {
    problem(
      await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), workflowInstanceId: 'x^^^^urn:ihe:iti:xdw:2013:workflowInstanceId' } }),
      400,
      '/msg/cda-match',
    );
  });

  test('priorita on replace is an unknown property (400)', async () => {
    const id = newDocId();
    assert.equal((await call(env, { op: 'validateAndCreate', body: publicationBody(id) })).status, 202);
    problem(await call(env, { op: 'replace', id, body: { ...publicationBody(), priorita: false } }), 400, '/msg/mandatory-element');
  });

  test('priorita on validate-and-create is still accepted', async () => {
    assert.equal((await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), priorita: false } })).status, 202);
  });

  test('omitting mode is accepted with a warning', async () => {
    const b = publicationBody();
    delete b.mode;
    const r = await call(env, { op: 'validateAndCreate', body: b });
    assert.equal(r.status, 202);
    assert.ok(String(r.json.warning).length > 0);
  });

  test('the metadata body ignores unknown fields like Spring does', async () => {
    const id = newDocId();
    assert.equal((await call(env, { op: 'validateAndCreate', body: publicationBody(id) })).status, 202);
    const r = await call(env, {
      op: 'updateMetadata',
      id,
      body: { tipoDocumentoLivAlto: 'REF', tipologiaStruttura: 'Territorio', administrativeRequest: ['NOSSN'], somethingElse: 1 },
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  });

  test('the metadata body with a bad enum name gets 400', async () => {
    const r = await call(env, { op: 'updateMetadata', id: newDocId(), body: { tipoDocumentoLivAlto: 'Referto' } });
    assert.equal(r.status, 400);
  });

  test('the metadata body without tipoDocumentoLivAlto gets 400 /msg/mandatory-element', async () => {
    problem(await call(env, { op: 'updateMetadata', id: newDocId(), body: { tipologiaStruttura: 'Territorio' } }), 400, '/msg/mandatory-element');
  });
});

describe('stand-in file rules', () => {
  let env: Env;
  before(async () => {
    env = await startEnv();
  });
  after(() => stopEnv(env));

  test('an empty file gets 400 /msg/empty-file', async () => {
    problem(await call(env, { op: 'validateAndCreate', pdf: new Uint8Array() }), 400, '/msg/empty-file');
  });

  test('a file sent as a plain field gets 400 /msg/empty-file', async () => {
    const r = await call(env, {
      op: 'validateAndCreate',
      form: (f, text, pdf) => {
        f.append('requestBody', text);
        f.append('file', Buffer.from(pdf).toString('latin1'));
      },
    });
    problem(r, 400, '/msg/empty-file');
  });

  test('a file that is not a PDF gets 415 /msg/document-type', async () => {
    problem(await call(env, { op: 'validateAndCreate', pdf: Buffer.from('<ClinicalDocument/>') }), 415, '/msg/document-type');
  });

  test('an unsigned PDF gets 400 /msg/sign-error "Il pdf non risulta firmato"', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    await doc.attach(Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>'), 'cda.xml', { mimeType: 'application/xml' });
    const r = await call(env, { op: 'validateAndCreate', pdf: await doc.save() });
    problem(r, 400, '/msg/sign-error');
    assert.equal(r.json.detail, 'Il pdf non risulta firmato');
  });

  test('a PDF changed after signing (SIGNED_RSA2) gets 400 /msg/sign-error "La firma del pdf non risulta valida"', async () => {
    const r = await call(env, { op: 'validateAndCreate', pdf: readFileSync(join(SAMPLES, 'SIGNED_RSA2.pdf')) });
    problem(r, 400, '/msg/sign-error');
    assert.equal(r.json.detail, 'La firma del pdf non risulta valida');
  });

  test('a signed PDF with one byte flipped inside the signed range gets "La firma del pdf non risulta valida"', async () => {
    const pdf = Buffer.from(RSA1);
    const i = pdf.indexOf('Referto di Specialistica Ambulatoriale'); // inside the uncompressed cda.xml
    assert.ok(i > 0);
    pdf[i] = 'r'.charCodeAt(0);
    const r = await call(env, { op: 'validateAndCreate', pdf });
    assert.equal(r.json.detail, 'La firma del pdf non risulta valida');
  });

  test('a PDF whose cda.xml cannot be found in the requested mode gets 400 /msg/cda-element', async () => {
    problem(await call(env, { op: 'validateAndCreate', body: { ...publicationBody(), mode: 'RESOURCE' } }), 400, '/msg/cda-element');
  });

  test('every intact signed sample is accepted with claims derived from its embedded CDA', async () => {
    const samples = [
      { file: 'SIGNED_LAB2.pdf', type: "('11502-2^^2.16.840.1.113883.6.1')", patient: 'PROVAX00X00X000Y' },
      { file: 'SIGNED_RAD1.pdf', type: "('68604-8^^2.16.840.1.113883.6.1')", patient: 'RSSGPP70H47H501H' },
    ];
    for (const s of samples) {
      const r = await call(env, {
        op: 'validateAndCreate',
        pdf: readFileSync(join(SAMPLES, s.file)),
        sig: (c) => ((c.resource_hl7_type = s.type), (c.person_id = `${s.patient}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`)),
      });
      assert.equal(r.status, 202, `${s.file}: ${JSON.stringify(r.json)}`);
    }
  });
});
