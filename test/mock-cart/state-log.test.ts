// The stand-in's state: an append-only log of JSON lines, fsync'd per applied operation, replayed at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateStore, type StoredDoc, type Transaction } from '../../mock-cart/state-store.js';

const doc = (id: string, extra: Partial<StoredDoc> = {}): StoredDoc => ({
  identificativoDoc: id,
  sha256: 'ab',
  createCount: 1,
  deleted: false,
  metadataUpdates: 0,
  workflowInstanceId: `wii-${id}`,
  ...extra,
});
const tx = (wii: string, traceId: string): Transaction => ({
  workflowInstanceId: wii,
  traceId,
  subjectHash: 'h',
  events: [{ eventType: 'PUBLICATION', eventStatus: 'SUCCESS', eventDate: '2026-05-01T09:00:00Z', identificativoDocumento: wii }],
});

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'mock-cart-log-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every applied operation appends one line and never rewrites the earlier ones', () => {
  withDir((dir) => {
    const s = new StateStore(dir);
    const file = join(dir, 'mock-cart-state.jsonl');
    s.update((w) => {
      w.putDoc(doc('A'));
      w.putTransaction(tx('wii-A', 't1'));
    });
    const first = readFileSync(file, 'utf8');
    for (let i = 0; i < 20; i++) s.update((w) => w.putDoc(doc(`B${i}`)));
    s.update((w) => w.putDoc({ ...w.doc('A')!, deleted: true }));
    const after = readFileSync(file, 'utf8');
    assert.ok(after.startsWith(first));
    assert.equal(after.trimEnd().split('\n').length, 22);
    s.close();
  });
});

test('a restart replays the log: documents, changes and status events by trace are kept', () => {
  withDir((dir) => {
    const s = new StateStore(dir);
    s.update((w) => {
      w.putDoc(doc('A'));
      w.putTransaction(tx('wii-A', 't1'));
    });
    s.update((w) => {
      w.putDoc({ ...w.doc('A')!, replacedBy: 'B' });
      w.putDoc(doc('B'));
      w.putTransaction(tx('wii-B', 't1'));
    });
    s.close();
    const again = new StateStore(dir);
    assert.equal(again.doc('A')?.replacedBy, 'B');
    assert.equal(again.current('A'), undefined);
    assert.equal(again.allDocs().length, 2);
    assert.deepEqual(
      again
        .byTrace('t1')
        .map((t) => t.workflowInstanceId)
        .sort(),
      ['wii-A', 'wii-B'],
    );
    assert.deepEqual(again.byTrace('nope'), []);
    again.close();
  });
});

test('a line torn by a crash mid-write is dropped at start and later appends stay readable', () => {
  withDir((dir) => {
    const s = new StateStore(dir);
    s.update((w) => w.putDoc(doc('A')));
    s.close();
    appendFileSync(join(dir, 'mock-cart-state.jsonl'), '{"docs":[{"identificativoDoc":"TORN"');
    const second = new StateStore(dir);
    assert.equal(second.doc('TORN'), undefined);
    second.update((w) => w.putDoc(doc('C')));
    second.close();
    const third = new StateStore(dir);
    assert.deepEqual(
      third
        .allDocs()
        .map((d) => d.identificativoDoc)
        .sort(),
      ['A', 'C'],
    );
    third.close();
  });
});

test('a state directory written in the earlier one-file format is imported once', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'mock-cart-state.json'), JSON.stringify({ version: 1, documents: { A: doc('A') }, transactions: { 'wii-A': tx('wii-A', 't9') } }));
    const s = new StateStore(dir);
    assert.equal(s.doc('A')?.identificativoDoc, 'A');
    assert.equal(s.byTrace('t9').length, 1);
    s.update((w) => w.putDoc({ ...w.doc('A')!, deleted: true }));
    s.close();
    const again = new StateStore(dir);
    assert.equal(again.doc('A')?.deleted, true);
    again.close();
  });
});
