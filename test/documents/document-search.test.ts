// «Documenti» search and paging: by name, tax code, service date range, type and state; newest first; masked tax codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docId } from '../outbox/helpers.js';
import { makeLibEnv, type LibEnv } from './helpers.js';

const BIANCHI = { fiscalCode: 'BNCGNN75B02F205Z', givenName: 'Giovanni', familyName: 'Bianchi' };
const DALO = { fiscalCode: 'DLALCU90C43L219K', givenName: 'Lucia', familyName: 'D\u2019Alò' };

/** Three patients, four documents on different days, one minute apart. */
function seed(env: LibEnv): number[] {
  const ids: number[] = [];
  const add = (n: number, patient: object, serviceDate: string, type = 'LAB'): void => {
    ids.push(env.create(n, patient, { serviceDate, type }).documentId);
    env.clock.advance(60_000);
  };
  add(1, {}, '2026-11-01T09:00');
  add(2, BIANCHI, '2026-11-10T09:00', 'RSA');
  add(3, DALO, '2026-11-20T09:00', 'RAD');
  add(4, {}, '2026-11-25T09:00', 'RSA');
  return ids;
}

const ids = (env: LibEnv, req: Parameters<LibEnv['lib']['list']>[0]): number[] => env.lib.list(req).items.map((i) => i.documentId);

test('the list is newest first, with the tax code masked, the type in Italian and the total', () => {
  const env = makeLibEnv();
  try {
    const [a, b, c, d] = seed(env);
    const page = env.lib.list();
    assert.deepEqual(
      page.items.map((i) => i.documentId),
      [d, c, b, a],
    );
    assert.equal(page.total, 4);
    const first = page.items[0]!;
    assert.deepEqual(first.patient, { givenName: 'Mario', familyName: 'Rossi', maskedFiscalCode: 'RSSMRA*********U' });
    assert.equal(first.typeLabel, 'Visita specialistica');
    assert.equal(first.serviceDate, '2026-11-25');
    assert.equal(first.doctorName, 'Dott.ssa Laura Bianchi');
    assert.doesNotMatch(JSON.stringify(page), /RSSMRA80A01H501U|BNCGNN75B02F205Z/);
  } finally {
    env.cleanup();
  }
});

test('the text finds a patient by family name, «Cognome Nome», «Nome Cognome», without case or accents', () => {
  const env = makeLibEnv();
  try {
    const [a, b, c, d] = seed(env);
    assert.deepEqual(ids(env, { text: 'ross' }), [d, a]);
    assert.deepEqual(ids(env, { text: 'Rossi Mar' }), [d, a]);
    assert.deepEqual(ids(env, { text: 'giovanni bi' }), [b]);
    assert.deepEqual(ids(env, { text: "d'alo" }), [c]);
    assert.deepEqual(ids(env, { text: 'DALO LUCIA' }), [c]);
    assert.deepEqual(ids(env, { text: 'verdi' }), []);
  } finally {
    env.cleanup();
  }
});

test('the text and the tax code field find a patient by tax code, whole or a prefix', () => {
  const env = makeLibEnv();
  try {
    const [a, b, , d] = seed(env);
    assert.deepEqual(ids(env, { text: 'bncgnn' }), [b]);
    assert.deepEqual(ids(env, { fiscalCode: 'RSSMRA80A01H501U' }), [d, a]);
    assert.deepEqual(ids(env, { fiscalCode: 'rssmra' }), [d, a]);
    assert.equal(env.lib.list({ fiscalCode: 'RSSMRA80A01H501U' }).total, 2);
  } finally {
    env.cleanup();
  }
});

test('the service date range is inclusive at both ends', () => {
  const env = makeLibEnv();
  try {
    const [, b, c] = seed(env);
    assert.deepEqual(ids(env, { from: '2026-11-10', to: '2026-11-20' }), [c, b]);
    assert.equal(ids(env, { from: '2026-11-26' }).length, 0);
  } finally {
    env.cleanup();
  }
});

test('type and state filter, also together with the others', async () => {
  const env = makeLibEnv();
  try {
    env.refuse.add(docId(4));
    const [a, b, , d] = seed(env);
    await env.settle();
    assert.deepEqual(ids(env, { type: 'RSA' }), [d, b]);
    assert.deepEqual(ids(env, { state: 'rejected' }), [d]);
    assert.deepEqual(ids(env, { state: 'published', text: 'rossi' }), [a]);
    assert.equal(env.lib.list({ state: 'published' }).total, 3);
  } finally {
    env.cleanup();
  }
});

test('pages follow each other without gaps or repeats', () => {
  const env = makeLibEnv();
  try {
    const all = seed(env).reverse();
    const p1 = env.lib.list({ pageSize: 3 });
    const p2 = env.lib.list({ pageSize: 3, page: 2 });
    assert.deepEqual(
      [...p1.items, ...p2.items].map((i) => i.documentId),
      all,
    );
    assert.deepEqual([p1.total, p2.total, p2.page, p2.pageSize], [4, 4, 2, 3]);
    assert.deepEqual(env.lib.list({ pageSize: 3, page: 3 }).items, []);
  } finally {
    env.cleanup();
  }
});
