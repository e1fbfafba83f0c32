// Turns a write request (publish, replace, delete, metadata update) into a durable outbox job:
// the body and JWT claims are derived once, here, from the profile and the PDF's CDA; the job
// stores them (job-codec.ts) with the exact PDF bytes, so every later attempt sends the same thing.
import type { Profile } from '../../../contract/profile.js';
import { loadCdaReading } from '../document/index.js';
import { loadCartExecution, type CartRequest } from '../gateway/index.js';
import type { Outbox } from './outbox.js';

/** The operations that change the FSE; status look-ups are not queued. */
export type WriteRequest = Extract<CartRequest, { operation: 'validateAndCreate' | 'replace' | 'delete' | 'updateMetadata' }>;

/**
 * Derives body and claims (throws CartInputError on bad input, before anything is stored) and enqueues; returns the job id.
 * `onQueued` runs in the same transaction as the job's insert (the app records its document there), so a crash can
 * never leave a queued job without its record, or a record without its job.
 */
export async function enqueueCartRequest(
  outbox: Outbox,
  profile: Profile,
  request: WriteRequest,
  now: Date,
  onQueued?: (jobId: number) => void,
): Promise<number> {
  const { prepareCartCall } = await loadCartExecution();
  const call = await prepareCartCall(profile, request, now);
  if (!('claims' in call)) throw new Error(`not a write operation: ${call.operation}`);
  switch (call.operation) {
    case 'validateAndCreate':
    case 'replace': {
      const { readCdaFacts, extractCdaFromPdf } = await loadCdaReading();
      const facts = readCdaFacts(await extractCdaFromPdf(call.pdf));
      const doc = { version: Number(facts.versionNumber ?? 1) || 1, type: facts.documentType?.shortType ?? call.body.tipoDocumentoLivAlto };
      return inOneTransaction(outbox, () => outbox.enqueue(call, doc), onQueued);
    }
    case 'delete':
    case 'updateMetadata':
      return inOneTransaction(outbox, () => outbox.enqueue(call), onQueued);
  }
}

function inOneTransaction(outbox: Outbox, insert: () => number, onQueued: ((jobId: number) => void) | undefined): number {
  if (!onQueued) return insert();
  return outbox.db
    .transaction(() => {
      const jobId = insert();
      onQueued(jobId);
      return jobId;
    })
    .immediate();
}
