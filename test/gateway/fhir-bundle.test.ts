// `fhirBundle` (OpenAPI 2026-07) is clinical data: read tolerantly, never journaled, logged or mailed verbatim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactFhirBundle } from '../../main/core/gateway/fhir-bundle.js';
import { CartJournal } from '../../main/core/gateway/journal.js';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { createCartPort } from '../../main/core/outbox/cart-port-client.js';
import { envCredentialSource } from '../../main/cli/profile-file.js';
import { startStandIn, standInDocs } from '../outbox/stand-in.js';
import { testClock } from '../support/clock.js';

test('the fhirBundle string of an answer is replaced by its size, the rest stays as received', () => {
  const bundle = JSON.stringify({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Patient', name: 'Rossi "Mario"' } }] });
  const body = JSON.stringify({ traceID: 't', fhirBundle: bundle, warning: '' });
  const out = redactFhirBundle(body);
  // The size of the value as received: its JSON text, quotes and escapes included.
  const bytes = Buffer.byteLength(JSON.stringify(bundle), 'utf8');
  assert.deepEqual(JSON.parse(out), { traceID: 't', fhirBundle: `[fhirBundle omesso: ${bytes} byte]`, warning: '' });
  assert.doesNotMatch(out, /Rossi/);
});

test('a fhirBundle sent as an object, or cut off by the end of the kept text, is left out too', () => {
  assert.equal(redactFhirBundle('{"fhirBundle": {"a": ["}", 1]}, "x": 2}'), '{"fhirBundle": "[fhirBundle omesso: 15 byte]", "x": 2}');
  assert.equal(redactFhirBundle('{"traceID":"t","fhirBundle":"{\\"resourceType\\":\\"Bund'), '{"traceID":"t","fhirBundle":"[fhirBundle omesso: 25 byte]"');
});

test('an answer without fhirBundle is unchanged, whatever it is', () => {
  for (const t of ['', 'not json', '{"traceID":"t"}', '<html>fhirBundle</html>']) assert.equal(redactFhirBundle(t), t);
});

test('a publication answered with a fhirBundle is accepted, and the journal keeps only its size (no patient tax code)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fhir-bundle-'));
  const si = await startStandIn(dir);
  const outbox = Outbox.open(join(dir, 'o.sqlite'), undefined, { now: testClock });
  const port = createCartPort(si.profile, { credentialSource: envCredentialSource(si.env), journal: new CartJournal(outbox.db), now: testClock });
  const sender = new Outbox(outbox.db, port, { confirm: false, now: testClock });
  try {
    const [doc] = await standInDocs(si.profile, 'FHIR', 1);
    const id = sender.enqueueCreate(doc!);
    await sender.drain({ until: 'empty' });
    assert.equal(sender.job(id)!.state, 'accepted');
    const rows = new CartJournal(outbox.db).all().filter((r) => r.operation === 'validateAndCreate');
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.response_body ?? '', /"fhirBundle":"\[fhirBundle omesso: \d+ byte\]"/);
    assert.doesNotMatch(rows[0]!.response_body ?? '', /resourceType|Patient/);
    const cf = doc!.claims.patientId;
    assert.ok(!JSON.stringify(rows).includes(cf), 'the patient tax code in the bundle must not reach the journal');
  } finally {
    await port.close();
    outbox.close();
    await si.cart.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
