// The CLI's write commands go through the durable outbox: the job is stored before anything is
// sent, a transient failure leaves it waiting (not lost), and --no-send only enqueues.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../main/cli/main.js';
import type { MockCart } from '../../mock-cart/server.js';
import { startTestCart } from '../support/test-cart.js';
import type { TestPki } from '../support/pki.js';
import { testProfile } from '../gateway/helpers.js';

let dir: string;
let pki: TestPki;
let cart: MockCart;
let profileFile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fse-publish-outbox-'));
  ({ pki, cart } = await startTestCart(dir));
  profileFile = join(dir, 'profile.json');
  writeFileSync(
    profileFile,
    JSON.stringify({ ...testProfile(cart.url, pki), documentSigner: { p12: pki.signerP12, passwordEnv: 'TEST_SIGNER_PW' }, dataDir: join(dir, 'data') }),
  );
});

after(async () => cart?.close());

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const env = { ...process.env, TEST_AUTH_PW: pki.password, TEST_SIG_PW: pki.password, TEST_SIGNER_PW: pki.password };
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env });
  return { code, json: JSON.parse(out) as Record<string, unknown> };
}

async function prepared(localId: string): Promise<{ pdf: string; id: string }> {
  const pdf = join(dir, `${localId}.pdf`);
  const r = await cli(['prepare', '--profile', profileFile, '--type', 'RSA', '--input', 'examples/reports/rsa.json', '--out', pdf, '--local-id', localId]);
  assert.equal(r.code, 0, JSON.stringify(r.json));
  return { pdf, id: String(r.json.identificativoDoc) };
}

const createsOf = (id: string) => cart.documents().find((d) => d.identificativoDoc === id)?.createCount ?? 0;

test('publish --no-send stores the job and sends nothing; outbox drain then publishes it once', async () => {
  const doc = await prepared('NOSEND-1');
  const queued = await cli(['publish', '--profile', profileFile, '--pdf', doc.pdf, '--no-send']);
  assert.equal(queued.code, 0);
  assert.equal(queued.json.state, 'queued');
  assert.equal(createsOf(doc.id), 0);
  const drained = await cli(['outbox', 'drain', '--profile', profileFile]);
  assert.equal(drained.code, 0, JSON.stringify(drained.json));
  assert.equal(createsOf(doc.id), 1);
});

test('publish prints the gateway ids together with the outbox job that carried the call', async () => {
  const doc = await prepared('IDS-1');
  const r = await cli(['publish', '--profile', profileFile, '--pdf', doc.pdf]);
  assert.equal(r.code, 0, JSON.stringify(r.json));
  assert.equal(r.json.state, 'accepted');
  assert.equal(r.json.httpStatus, 202);
  assert.match(String(r.json.xCartId), /^[0-9a-f-]{36}$/);
  assert.ok(r.json.traceId && r.json.workflowInstanceId && typeof r.json.jobId === 'number');
});

test('a publish answered 503 leaves the document waiting in the outbox, and a later drain publishes it exactly once', async () => {
  const doc = await prepared('RETRY-1');
  cart.addFault({ fault: { kind: 'status', status: 503 }, operation: 'validateAndCreate' });
  const r = await cli(['publish', '--profile', profileFile, '--pdf', doc.pdf]);
  assert.equal(r.code, 1);
  assert.equal(r.json.state, 'waiting');
  assert.equal((r.json.error as { category: string }).category, 'transient');
  assert.equal(createsOf(doc.id), 0);
  const drained = await cli(['outbox', 'drain', '--profile', profileFile]);
  assert.equal(drained.code, 0, JSON.stringify(drained.json));
  assert.equal(createsOf(doc.id), 1);
});

test('a delete queued behind the create of the same document is sent only after the create is accepted', async () => {
  const v1 = await prepared('ORDER-1');
  const first = await cli(['publish', '--profile', profileFile, '--pdf', v1.pdf, '--no-send']);
  assert.equal(first.code, 0);
  const r = await cli(['delete', '--profile', profileFile, '--id', v1.id, '--pdf', v1.pdf, '--no-send']);
  assert.equal(r.code, 0);
  const drained = await cli(['outbox', 'drain', '--profile', profileFile]);
  assert.equal(drained.code, 0, JSON.stringify(drained.json));
  const d = cart.documents().find((x) => x.identificativoDoc === v1.id);
  assert.equal(d?.createCount, 1);
  assert.equal(d?.deleted, true);
});

test('bad input is refused before anything is stored', async () => {
  const notPdf = join(dir, 'not.pdf');
  writeFileSync(notPdf, 'hello');
  const jobsBefore = ((await cli(['outbox', 'list', '--profile', profileFile])).json.jobs as unknown[]).length;
  const r = await cli(['publish', '--profile', profileFile, '--pdf', notPdf]);
  assert.equal(r.code, 2);
  assert.equal((r.json.error as { type: string }).type, 'local/pdf');
  const afterwards = ((await cli(['outbox', 'list', '--profile', profileFile])).json.jobs as unknown[]).length;
  assert.equal(afterwards, jobsBefore);
});
