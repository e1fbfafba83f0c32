// Issue 11, finding 7: the patient's tax code given for a delete or a metadata update (--patient-cf) was
// sent unchecked, leaving a useless rejected job. It is checked like every tax code FSE Desk sends
// (fiscal-code.ts: 16 characters, omocodia allowed, check character) in core, before anything is stored,
// and by the CLI before anything is opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { enqueueCartRequest } from '../../main/core/outbox/enqueue.js';
import { CartInputError, prepareCartCall } from '../../main/core/gateway/execute.js';
import { runCli } from '../../main/cli/main.js';
import { testNow, testClock } from '../support/clock.js';
import { testProfile } from '../support/profiles.js';
import { TEST_CF } from './helpers.js';

const ID = '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.1';
/** TEST_CF with a wrong check character, a short one and one with a symbol. */
const BAD_CFS = ['RMSLSO31M04Z404X', 'RMSLSO31M04Z404', 'RMSLSO31M04Z40-R'];
const PKI_FILES = { caFile: '/nonexistent/ca.pem', authP12: '/nonexistent/a1.p12', signatureP12: '/nonexistent/s1.p12' };
const profile = testProfile('https://127.0.0.1:9/gateway/v2/', PKI_FILES);

let dir: string;
let outbox: Outbox;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'patient-cf-'));
  outbox = Outbox.open(join(dir, 'fse-desk.sqlite'), undefined, { now: testClock });
});
after(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const total = (): number => Object.values(outbox.counts()).reduce<number>((n, v) => n + (typeof v === 'number' ? v : 0), 0);

for (const cf of BAD_CFS) {
  test(`a delete for patient ${cf} is refused before it is queued`, async () => {
    const queued = total();
    await assert.rejects(
      enqueueCartRequest(outbox, profile, { operation: 'delete', id: ID, patientFiscalCode: cf }, testNow()),
      (err: unknown) => err instanceof CartInputError && /^Codice fiscale del paziente non valido: /.test(err.userMessage),
    );
    assert.equal(total(), queued);
  });
}

test('a metadata update with a malformed patient tax code is refused before it is queued', async () => {
  const queued = total();
  await assert.rejects(
    enqueueCartRequest(
      outbox,
      profile,
      {
        operation: 'updateMetadata',
        id: ID,
        patientFiscalCode: 'RMSLSO31M04Z404X',
        documentCode: { code: '11488-4' },
        metadata: { attiCliniciRegoleAccesso: ['P99'] },
      },
      testNow(),
    ),
    (err: unknown) => err instanceof CartInputError && /carattere di controllo/.test(err.userMessage),
  );
  assert.equal(total(), queued);
});

test('a valid tax code typed in lower case with spaces is accepted and sent normalised', async () => {
  const call = await prepareCartCall(profile, { operation: 'delete', id: ID, patientFiscalCode: `  ${TEST_CF.toLowerCase()} ` }, testNow());
  assert.equal(call.operation === 'delete' && call.claims.patientId, TEST_CF);
  const id = await enqueueCartRequest(outbox, profile, { operation: 'delete', id: ID, patientFiscalCode: TEST_CF }, testNow());
  assert.equal(outbox.job(id)?.state, 'queued');
});

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env: {} });
  return { code, json: JSON.parse(out) as Record<string, unknown> };
}

test('fse-desk delete with a malformed --patient-cf exits 2 with a JSON message, before opening anything', async () => {
  const r = await cli(['delete', '--profile', join(dir, 'no-such-profile.json'), '--id', ID, '--patient-cf', 'RMSLSO31M04Z404X']);
  assert.equal(r.code, 2);
  const error = r.json.error as { type: string; message: string };
  assert.equal(r.json.ok, false);
  assert.equal(error.type, 'local/claims');
  assert.match(error.message, /^Codice fiscale del paziente \(--patient-cf\) non valido: .*carattere di controllo/);
});

test('fse-desk update-metadata with a malformed --patient-cf exits 2 with a JSON message', async () => {
  const r = await cli([
    'update-metadata',
    '--profile',
    join(dir, 'no-such-profile.json'),
    '--id',
    ID,
    '--metadata',
    join(dir, 'no-such-metadata.json'),
    '--patient-cf',
    'ABC',
    '--document-code',
    '11488-4',
  ]);
  assert.equal(r.code, 2);
  assert.match((r.json.error as { message: string }).message, /--patient-cf\) non valido: Il codice fiscale deve avere 16 caratteri/);
});
