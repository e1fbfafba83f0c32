// The stand-in applies the 2026 texts: administrativeRequest required (guide v2.24) and the metadata update's
// Affinity Domain 2.6.4 value sets, refused with the gateway's own problem (400 /msg/mandatory-element).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, newDocId, publicationBody, startEnv, stopEnv, type CallResult, type Env } from './helpers.js';

function problem(r: CallResult, type: string, detail: RegExp): void {
  assert.equal(r.status, 400, JSON.stringify(r.json));
  assert.equal(r.json.type, type);
  assert.match(String(r.json.detail), detail);
}

const metadata = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  tipologiaStruttura: 'Territorio',
  tipoDocumentoLivAlto: 'REF',
  assettoOrganizzativo: 'AD_PSC107',
  tipoAttivitaClinica: 'CON',
  identificativoSottomissione: '2.16.840.1.113883.2.9.2.90.4.3.7',
  administrativeRequest: ['NOSSN'],
  ...extra,
});

describe('stand-in: the gateway texts of 2026', () => {
  let env: Env;
  let published: string;
  before(async () => {
    env = await startEnv();
    published = newDocId();
    assert.equal((await call(env, { op: 'validateAndCreate', body: publicationBody(published) })).status, 202);
  });
  after(() => stopEnv(env));

  test('a create without administrativeRequest gets 400 /msg/mandatory-element', async () => {
    const { administrativeRequest: _omitted, ...body } = publicationBody();
    problem(await call(env, { op: 'validateAndCreate', body }), '/msg/mandatory-element', /administrative request/);
  });

  test('a metadata update without administrativeRequest gets 400 /msg/mandatory-element', async () => {
    const { administrativeRequest: _omitted, ...body } = metadata();
    problem(await call(env, { op: 'updateMetadata', id: published, body }), '/msg/mandatory-element', /administrative request/);
  });

  test('a metadata value outside the Affinity Domain 2.6.4 value sets gets 400 /msg/mandatory-element naming it', async () => {
    problem(
      await call(env, { op: 'updateMetadata', id: published, body: metadata({ tipoDocumentoLivAlto: 'RAD' }) }),
      '/msg/mandatory-element',
      /tipoDocumentoLivAlto.*2\.6\.4/,
    );
    problem(
      await call(env, { op: 'updateMetadata', id: published, body: metadata({ administrativeRequest: ['PRIVATO'] }) }),
      '/msg/mandatory-element',
      /administrativeRequest/,
    );
  });

  test('a metadata update with an event code new in Affinity Domain 2.6.4 (P81) is accepted', async () => {
    const r = await call(env, { op: 'updateMetadata', id: published, body: metadata({ attiCliniciRegoleAccesso: ['P81'] }) });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  });
});
