// DocumentLibrary.assertAllowed: the core refuses what makes no sense, with an Italian message; allowedActions
// (what the document's page offers) follows the same rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentActionRefused } from '../../main/core/app/documents/document-library.js';
import { docId } from '../outbox/helpers.js';
import { makeLibEnv } from './helpers.js';

const refusal = (fn: () => void): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DocumentActionRefused);
    return err.message;
  }
  assert.fail('expected a refusal');
};

test('a published document may be replaced, deleted and have its metadata updated', async () => {
  const env = makeLibEnv();
  try {
    const d = env.create(1);
    await env.settle();
    assert.deepEqual(env.lib.allowedActions(d.documentId), ['replace', 'delete', 'updateMetadata']);
    for (const a of ['replace', 'delete', 'updateMetadata'] as const) env.lib.assertAllowed(d.documentId, a);
  } finally {
    env.cleanup();
  }
});

test('a queued create cannot be replaced, deleted or updated: it is not on the FSE yet', () => {
  const env = makeLibEnv();
  try {
    const d = env.create(1);
    assert.deepEqual(env.lib.allowedActions(d.documentId), []);
    assert.equal(
      refusal(() => env.lib.assertAllowed(d.documentId, 'replace')),
      'Il documento non è ancora pubblicato: attendere l\u2019esito dell\u2019invio.',
    );
  } finally {
    env.cleanup();
  }
});

test('a deleted document cannot be replaced, updated or deleted twice', async () => {
  const env = makeLibEnv();
  try {
    const d = env.create(1);
    await env.settle();
    env.act(d.documentId, 1, 'delete');
    assert.equal(
      refusal(() => env.lib.assertAllowed(d.documentId, 'delete')),
      'L\u2019eliminazione di questo documento è già in corso.',
    );
    await env.settle();
    assert.deepEqual(env.lib.allowedActions(d.documentId), []);
    assert.match(
      refusal(() => env.lib.assertAllowed(d.documentId, 'replace')),
      /eliminato dal Fascicolo: non si può più sostituire né aggiornare/,
    );
    assert.match(
      refusal(() => env.lib.assertAllowed(d.documentId, 'updateMetadata')),
      /eliminato dal Fascicolo/,
    );
    assert.equal(
      refusal(() => env.lib.assertAllowed(d.documentId, 'delete')),
      'Il documento è già stato eliminato dal Fascicolo.',
    );
  } finally {
    env.cleanup();
  }
});

test('a replaced version cannot be replaced, updated or deleted: the message names the newer version', async () => {
  const env = makeLibEnv();
  try {
    const v1 = env.create(1);
    await env.settle();
    assert.match(
      refusal(() => (env.replace(v1.documentId, 1, '1v2'), env.lib.assertAllowed(v1.documentId, 'replace'))),
      /sostituzione .* già in corso/,
    );
    await env.settle();
    for (const a of ['replace', 'delete', 'updateMetadata'] as const) {
      assert.equal(
        refusal(() => env.lib.assertAllowed(v1.documentId, a)),
        'Questa versione è stata sostituita dalla versione 2: usare la versione più recente.',
      );
    }
  } finally {
    env.cleanup();
  }
});

test('a rejected create is not replaced: it is corrected and sent again', async () => {
  const env = makeLibEnv();
  try {
    env.refuse.add(docId(1));
    const d = env.create(1);
    await env.settle();
    assert.match(
      refusal(() => env.lib.assertAllowed(d.documentId, 'replace')),
      /«Correggi e invia di nuovo»/,
    );
  } finally {
    env.cleanup();
  }
});

test('an unknown document is refused', () => {
  const env = makeLibEnv();
  try {
    assert.equal(
      refusal(() => env.lib.assertAllowed(999, 'delete')),
      'Documento non trovato.',
    );
    assert.deepEqual(env.lib.allowedActions(999), []);
  } finally {
    env.cleanup();
  }
});
