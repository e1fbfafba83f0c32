// Set-up of the document library tests: a real encrypted SQLite file with the real outbox (test/outbox/helpers.ts),
// a scripted gateway (FakePort) whose status look-ups confirm what it accepted, and the library on the same database.
import { FakePort, fail, ok } from '../outbox/fake-port.js';
import { createInput, deleteInput, docId, makeEnv, metadataInput, type Env } from '../outbox/helpers.js';
import { DocumentLibrary, type NewDocumentRecord } from '../../main/core/app/documents/document-library.js';
import type { CartResult } from '../../main/core/gateway/types.js';
import { jobHistoryEntry, jobView } from '../../main/core/app/outbox-view.js';

export interface LibEnv extends Env {
  port: FakePort;
  lib: DocumentLibrary;
  /** identificativoDoc (create/replace) or path id (delete/metadata) the gateway refuses as a caller fault. */
  refuse: Set<string>;
  /** Enqueues the create of document `n` and records it; returns the documentId and the job id. */
  create(n: number | string, patient?: Partial<NewDocumentRecord['patient']>, extra?: Partial<NewDocumentRecord>): { documentId: number; jobId: number };
  /** Enqueues the replace of `documentId` (document `oldN`) by document `newN` and records the new version. */
  replace(documentId: number, oldN: number | string, newN: number | string): { documentId: number; jobId: number };
  /** Enqueues a delete (or metadata update) of document `n` and records it as an operation of `documentId`. */
  act(documentId: number, n: number | string, action: 'delete' | 'updateMetadata'): number;
  /** Sends everything and waits for the status checks. */
  settle(): Promise<void>;
}

const SUCCESS: CartResult = {
  ok: true,
  operation: 'statusByWorkflow',
  httpStatus: 200,
  body: { transactionData: [{ eventType: 'PUBLICATION', eventStatus: 'SUCCESS' }] },
};

export const PATIENT = { fiscalCode: 'RSSMRA80A01H501U', givenName: 'Mario', familyName: 'Rossi', birthDate: '1980-01-01', sex: 'M' };

export function record(
  n: number | string,
  jobId: number,
  patient: Partial<NewDocumentRecord['patient']> = {},
  extra: Partial<NewDocumentRecord> = {},
): NewDocumentRecord {
  return {
    jobId,
    identificativoDoc: docId(n),
    setId: docId(n),
    version: 1,
    type: 'LAB',
    patient: { ...PATIENT, ...patient },
    doctor: { id: 'd1', fiscalCode: 'BNCLRA70A41H501X', name: 'Dott.ssa Laura Bianchi' },
    serviceDate: '2026-11-30T10:00',
    reportForm: null,
    source: 'written',
    ...extra,
  };
}

export function makeLibEnv(): LibEnv {
  const refuse = new Set<string>();
  const port = new FakePort((req) => {
    const id = (req.requestBody as { identificativoDoc?: string } | undefined)?.identificativoDoc ?? req.pathId;
    if (id !== undefined && refuse.has(id)) {
      return fail(req, 'caller-fault', 400, {
        error: { category: 'caller-fault', message: 'Errore di sintassi nel CDA.', type: '/msg/syntax', detail: 'Elemento mancante' },
      });
    }
    return ok(req);
  });
  port.lookupByWorkflow = async () => SUCCESS;
  const env = makeEnv(port, { confirm: { firstDelayMs: 0 } }) as LibEnv;
  env.port = port;
  env.refuse = refuse;
  env.lib = new DocumentLibrary(env.outbox.db, env.clock.now, {
    jobHistory: (jobId) => {
      const j = env.outbox.job(jobId);
      return j ? { job: jobView(j, 'LAB'), history: env.outbox.events(jobId).map((e) => jobHistoryEntry(e, j.operation)), exchanges: [] } : undefined;
    },
  });
  env.create = (n, patient = {}, extra = {}) => {
    const jobId = env.outbox.enqueueCreate(createInput(n));
    return { documentId: env.lib.recordDocument(record(n, jobId, patient, extra)), jobId };
  };
  env.replace = (documentId, oldN, newN) => {
    const jobId = env.outbox.enqueueReplace({ ...createInput(newN), replacesId: docId(oldN) });
    const old = env.lib.stored(documentId)!;
    return {
      documentId: env.lib.recordDocument(record(newN, jobId, {}, { setId: old.setId, version: old.version + 1, replacesDocumentId: documentId })),
      jobId,
    };
  };
  env.act = (documentId, n, action) => {
    const jobId = action === 'delete' ? env.outbox.enqueueDelete(deleteInput(docId(n))) : env.outbox.enqueueMetadataUpdate(metadataInput(docId(n)));
    env.lib.recordAction(documentId, jobId, action);
    return jobId;
  };
  env.settle = async () => {
    await env.outbox.drain({ until: 'settled' });
  };
  return env;
}
