// The signed PDF of a document: documents:pdf gives the stored bytes (the ones sent), documents:open-pdf hands a
// private copy to the system viewer (Electron) and answers 'unsupported' in the browser shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatch } from '../../main/core/app/handlers.js';
import { createDocumentHandlers } from '../../main/core/app/documents/document-handlers.js';
import { createLogger } from '../../main/core/shared/logger.js';
import { samplePdf } from '../outbox/helpers.js';
import { makeLibEnv } from './helpers.js';

test('documents:pdf answers the stored signed bytes with a readable file name', async () => {
  const env = makeLibEnv();
  const dir = mkdtempSync(join(tmpdir(), 'docs-pdf-'));
  try {
    const { documentId } = env.create(1);
    const log = createLogger(() => undefined);
    const dispatch = createDispatch(createDocumentHandlers({ library: env.lib, log, dataDir: dir }), log);
    const r = (await dispatch('documents:pdf', { documentId })) as { ok: true; value: { fileName: string; pdfBase64: string } };
    assert.equal(r.value.fileName, 'referto-LAB-2026-11-30-v1.pdf');
    assert.deepEqual(new Uint8Array(Buffer.from(r.value.pdfBase64, 'base64')), samplePdf());
    const shell = (await dispatch('documents:open-pdf', { documentId })) as { ok: false; error: { code: string } };
    assert.equal(shell.error.code, 'unsupported');
    const missing = (await dispatch('documents:pdf', { documentId: 99 })) as { ok: false; error: { code: string; message: string } };
    assert.deepEqual([missing.error.code, missing.error.message], ['not-found', 'Documento non trovato.']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    env.cleanup();
  }
});

test('documents:open-pdf gives the system viewer a private copy of the signed PDF', { skip: process.platform === 'win32' }, async () => {
  const env = makeLibEnv();
  const dir = mkdtempSync(join(tmpdir(), 'docs-pdf-'));
  try {
    const { documentId } = env.create(1);
    const opened: string[] = [];
    const log = createLogger(() => undefined);
    const handlers = createDocumentHandlers({ library: env.lib, log, dataDir: dir, openPath: async (p) => (opened.push(p), '') });
    const dispatch = createDispatch(handlers, log);
    assert.deepEqual(await dispatch('documents:open-pdf', { documentId }), { ok: true, value: { opened: true } });
    const file = opened[0]!;
    assert.ok(file.startsWith(join(dir, 'viewer-copies')) && file.endsWith('referto-LAB-2026-11-30-v1.pdf'));
    assert.deepEqual(new Uint8Array(readFileSync(file)), samplePdf());
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'viewer-copies')).mode & 0o777, 0o700);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    env.cleanup();
  }
});
