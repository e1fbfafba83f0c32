// The app core serves the library's channels over its one dispatch (the same path as Electron IPC and the browser
// shell), with the library the report authoring records into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyReportForm } from '../../contract/report-form.js';
import { testAppCore } from '../support/app-core.js';

test('the app core answers the library channels and shares the library with report authoring', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'docs-wiring-'));
  const core = testAppCore(join(dir, 'app'));
  try {
    assert.deepEqual(await core.dispatch('documents:list', {}), { ok: true, value: { items: [], total: 0, totalIsAtLeast: false, page: 1, pageSize: 25 } });
    const saved = (await core.dispatch('drafts:save', { form: emptyReportForm('LAB') })) as { ok: true; value: { draftId: number } };
    assert.equal(core.documents.drafts.get(saved.value.draftId)?.form.kind, 'LAB');
    assert.deepEqual(await core.dispatch('patients:search', { text: 'rossi' }), { ok: true, value: [] });
    const shell = (await core.dispatch('documents:open-pdf', { documentId: 1 })) as { ok: false; error: { code: string } };
    assert.equal(shell.error.code, 'unsupported');
    const missing = (await core.dispatch('documents:get', { documentId: 1 })) as { ok: false; error: { code: string } };
    assert.equal(missing.error.code, 'not-found');
    assert.equal(((await core.dispatch('documents:list', { pageSize: 1000 })) as { ok: false; error: { code: string } }).error.code, 'bad-request');
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
