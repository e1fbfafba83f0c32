// publish, replace, delete and update-metadata go through the durable outbox: the job is stored
// first (with the exact bytes and body), then the queue is drained until nothing is due. A
// transient failure leaves the job waiting in the outbox (exit 1) and `fse-desk outbox drain`
// or the app sends it later; `--no-send` only enqueues.
import { pickCartIds } from '../../../contract/cart-ids.js';
import type { Profile } from '../../../contract/profile.js';
import { EXIT, type CliIo } from '../command.js';
import { CartJournal, loadCartExecution } from '../../core/gateway/index.js';
import { errorJson, loadProfileForCommand, openCliDatabase } from '../cart-command.js';
import { envCredentialSource } from '../profile-file.js';
import {
  confirmPolicyOf,
  loadCartPort,
  loadEnqueue,
  Outbox,
  OutboxBusyError,
  PAUSE_MESSAGE_AUTH_IT,
  type JobView,
  type WriteRequest,
} from '../../core/outbox/index.js';
import { epochMs, systemClock } from '../../core/shared/index.js';

const DONE = new Set(['accepted', 'confirmed']);

/** The JSON every CART write command prints: the gateway's ids plus the outbox job it went through. */
export function jobJson(job: JobView, operation: string): Record<string, unknown> {
  const ok = DONE.has(job.state);
  return {
    ok,
    operation,
    httpStatus: job.httpStatus,
    ...pickCartIds(job),
    warning: job.warning,
    jobId: job.id,
    identificativoDoc: job.identificativoDoc,
    state: job.state,
    stateLabel: job.stateLabel,
    ...(job.note ? { note: job.note } : {}),
    ...(!ok && job.lastError ? { error: errorJson(job.lastError) } : {}),
  };
}

export async function runQueuedCartCommand(
  profilePath: string,
  makeRequest: (profile: Profile) => WriteRequest | null,
  io: CliIo,
  opts: { send: boolean },
): Promise<number> {
  // What a write command sends with: the CART client, the port over it, and the PDF reading of enqueueing.
  const [{ CartInputError }, { createCartPort }, { enqueueCartRequest }] = await Promise.all([loadCartExecution(), loadCartPort(), loadEnqueue()]);
  const out = (j: unknown): void => io.out(JSON.stringify(j, null, 2) + '\n');
  const profile = loadProfileForCommand(profilePath, out);
  if (!profile) return EXIT.badInput;
  const request = makeRequest(profile);
  if (!request) return EXIT.badInput;
  const outbox = new Outbox(openCliDatabase(profile, profilePath, io.env), undefined, { now: systemClock });
  try {
    let jobId: number;
    try {
      jobId = await enqueueCartRequest(outbox, profile, request, systemClock());
    } catch (err) {
      if (err instanceof CartInputError) {
        out({
          ok: false,
          operation: request.operation,
          error: { category: 'caller-fault', type: `local/${err.code}`, title: null, detail: err.details.join('; ') || null, message: err.userMessage },
        });
        return EXIT.badInput;
      }
      throw err;
    }
    if (!opts.send) {
      out({ ...jobJson(outbox.job(jobId)!, request.operation), ok: true, queued: true });
      return EXIT.ok;
    }
    let port;
    try {
      port = createCartPort(profile, { credentialSource: envCredentialSource(io.env), journal: new CartJournal(outbox.db), now: systemClock });
    } catch (err) {
      if (err instanceof CartInputError) {
        // The job is safe in the outbox; unusable certificates pause the queue until the user fixes them.
        if (err.code === 'certificate') outbox.store.setPaused(true, epochMs(systemClock), 'auth', PAUSE_MESSAGE_AUTH_IT);
        out({
          ...jobJson(outbox.job(jobId)!, request.operation),
          ok: false,
          error: {
            category: err.code === 'certificate' ? 'auth' : 'caller-fault',
            type: `local/${err.code}`,
            title: null,
            detail: null,
            message: err.userMessage,
          },
        });
        return err.code === 'certificate' ? EXIT.failed : EXIT.badInput;
      }
      throw err;
    }
    const sender = new Outbox(outbox.db, port, { confirm: confirmPolicyOf(profile), now: systemClock });
    try {
      await sender.drain({ until: 'idle' });
    } catch (err) {
      if (!(err instanceof OutboxBusyError)) throw err;
      // Another process (the app or a drain) owns the queue: it notices the new job within seconds and sends it.
      out({
        ...jobJson(outbox.job(jobId)!, request.operation),
        ok: false,
        queued: true,
        otherSender: { pid: err.pid },
        message: `Documento messo in coda: lo invierà l\u2019altro programma FSE Desk (processo ${err.pid}) che sta già inviando questi documenti.`,
      });
      return EXIT.otherSender;
    } finally {
      await port.close();
    }
    const job = outbox.job(jobId)!;
    const counts = outbox.counts();
    out({ ...jobJson(job, request.operation), ...(counts.paused ? { queuePaused: counts.pauseMessage ?? true } : {}) });
    return DONE.has(job.state) ? EXIT.ok : EXIT.failed;
  } finally {
    outbox.close();
  }
}
