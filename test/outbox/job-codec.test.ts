// The job codec alone: what a write call becomes in outbox_jobs and back, and what it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxCall } from '../../main/core/outbox/cart-port.js';
import { decode, encode, JobCodecError, STORED_PDF_NAME, type StoredRequest } from '../../main/core/outbox/job-codec.js';
import { createInput, docId, metadataInput, TEST_CF, TEST_CLAIMS } from './helpers.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]);
const create = createInput(1, PDF);
const metadata = metadataInput(docId(1));

const CALLS: OutboxCall[] = [
  { operation: 'validateAndCreate', pdf: PDF, fileName: STORED_PDF_NAME, body: create.requestBody, claims: TEST_CLAIMS },
  {
    operation: 'replace',
    id: docId(1),
    pdf: PDF,
    fileName: STORED_PDF_NAME,
    body: { ...create.requestBody, identificativoDoc: docId('1b') },
    claims: TEST_CLAIMS,
    purposeOfUse: 'TREATMENT',
  },
  { operation: 'delete', id: docId(1), claims: { patientId: TEST_CF } },
  { operation: 'delete', id: docId(1), claims: TEST_CLAIMS },
  { operation: 'updateMetadata', id: docId(1), body: metadata.requestBody, claims: TEST_CLAIMS, purposeOfUse: 'ACCESS UPDATE' },
];

const row = (r: StoredRequest) => ({ ...r, correlationId: TRACE });

test('every write call comes back from its stored columns as the same call, with the job trace id', () => {
  for (const call of CALLS) {
    const d = decode(row(encode(call)), 'pdf' in call ? call.pdf : undefined);
    assert.ok(d.ok, `${call.operation}: ${d.ok ? '' : d.problems.join('; ')}`);
    assert.deepEqual(d.call, { ...call, clientTraceId: TRACE });
  }
});

test('the columns keep the stored forms of migration 0003: JWT person_id, resource_hl7_type, body as JSON text', () => {
  const r = encode(CALLS[0]!);
  assert.deepEqual(r, {
    operation: 'validateAndCreate',
    pathId: null,
    requestBody: JSON.stringify(create.requestBody),
    personId: `${TEST_CF}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`,
    resourceHl7Type: "('11502-2^^2.16.840.1.113883.6.1')",
    purposeOfUse: null,
  });
  assert.deepEqual(encode(CALLS[2]!), {
    operation: 'delete',
    pathId: docId(1),
    requestBody: null,
    personId: `${TEST_CF}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`,
    resourceHl7Type: null,
    purposeOfUse: null,
  });
});

test('a row written before the codec, with a bare tax code as person_id, is still read', () => {
  const d = decode(row({ ...encode(CALLS[2]!), personId: TEST_CF }));
  assert.ok(d.ok);
  assert.deepEqual(d.call.claims, { patientId: TEST_CF });
});

test('encode refuses a call that could not be sent as it is, saying what is wrong', () => {
  const refused: Array<[OutboxCall, RegExp]> = [
    [{ ...CALLS[0]!, body: { ...create.requestBody, extra: 1 } } as unknown as OutboxCall, /body: Campo non riconosciuto|Unrecognized key/],
    [{ ...CALLS[0]!, claims: { ...TEST_CLAIMS, patientId: 'RMS^X' } }, /claims\.patientId/],
    [{ ...CALLS[0]!, claims: { ...TEST_CLAIMS, documentCode: { code: "11502'2", codeSystem: '2.16.840.1.113883.6.1' } } }, /documentCode\.code/],
    [
      { operation: 'updateMetadata', id: docId(1), body: metadata.requestBody, claims: TEST_CLAIMS, purposeOfUse: 'TREATMENT' },
      /purpose_of_use not accepted for updateMetadata/,
    ],
    [{ operation: 'delete', id: 'no-caret', claims: { patientId: TEST_CF } }, /pathId/],
  ];
  for (const [call, why] of refused) {
    assert.throws(
      () => encode(call),
      (err: unknown) => err instanceof JobCodecError && why.test(err.message),
      `${call.operation} ${why}`,
    );
  }
});

test('decode reports a damaged row instead of a call', () => {
  const good = row(encode(CALLS[0]!));
  const damaged: Array<[Partial<StoredRequest>, RegExp]> = [
    [{ requestBody: '{"identificativoDoc": ' }, /request_body is not JSON/],
    [{ requestBody: JSON.stringify({ identificativoDoc: docId(1) }) }, /body\.tipologiaStruttura/],
    [{ requestBody: null }, /body/],
    [{ personId: 'not a tax code^^^&1.2.3&ISO' }, /person_id/],
    [{ personId: null }, /claims\.patientId/],
    [{ resourceHl7Type: '11502-2' }, /resource_hl7_type/],
    [{ resourceHl7Type: null }, /claims\.documentCode/],
  ];
  for (const [change, why] of damaged) {
    const d = decode({ ...good, ...change }, PDF);
    assert.equal(d.ok, false, JSON.stringify(change));
    assert.match(d.ok ? '' : d.problems.join('; '), why, JSON.stringify(change));
  }
  const noPdf = decode(good);
  assert.deepEqual(noPdf, { ok: false, problems: ['the signed PDF is missing'] });
});
