import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { CartJournal, loadCartExecution } from '../../core/gateway/index.js';
import { confirmPolicyOf, loadCartPort, Outbox, OutboxBusyError, PAUSE_MESSAGE_AUTH_IT } from '../../core/outbox/index.js';
import { envCredentialSource } from '../profile-file.js';
import { epochMs, systemClock } from '../../core/shared/index.js';
import { openOutboxForCli } from './outbox-common.js';

export const outboxDrain: CliCommand = {
  async run(args, io, usage) {
    // The CART client and the port over it load when the command runs.
    const [{ CartInputError }, { createCartPort }] = await Promise.all([loadCartExecution(), loadCartPort()]);
    const { values } = parseArgs({ args, options: { profile: { type: 'string' }, until: { type: 'string' }, concurrency: { type: 'string' } }, strict: true });
    const until = values.until ?? 'empty';
    const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
    // 'settled' also waits for the status checks of accepted jobs: until every job is confirmed, rejected, cancelled or out of checks.
    if (
      !values.profile ||
      (until !== 'empty' && until !== 'idle' && until !== 'settled') ||
      !Number.isInteger(concurrency) ||
      concurrency < 1 ||
      concurrency > 32
    ) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    const opened = openOutboxForCli(values.profile, io);
    if (typeof opened === 'number') return opened;
    const { profile } = opened;
    const db = opened.outbox.db;
    let port;
    try {
      port = createCartPort(profile, { credentialSource: envCredentialSource(io.env), journal: new CartJournal(db), now: systemClock });
    } catch (err) {
      if (err instanceof CartInputError) {
        // Unusable certificates: the queue waits for the user exactly as if CART had refused them.
        if (err.code === 'certificate') opened.outbox.store.setPaused(true, epochMs(systemClock), 'auth', PAUSE_MESSAGE_AUTH_IT);
        printJson(io, { ok: false, error: { type: `local/${err.code}`, message: err.userMessage }, counts: opened.outbox.counts() });
        db.close();
        return err.code === 'certificate' ? EXIT.failed : EXIT.badInput;
      }
      db.close();
      throw err;
    }
    const outbox = new Outbox(db, port, {
      concurrency,
      confirm: confirmPolicyOf(profile),
      now: systemClock,
      log: (event, fields) => io.err(`${JSON.stringify({ event, ...fields })}\n`),
    });
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const report = await outbox.drain({ until, signal: ac.signal });
      const counts = outbox.counts();
      const needsUser = outbox
        .list()
        .filter((j) => j.state === 'rejected' || j.state === 'needs-reconciliation')
        .map((j) => ({ id: j.id, state: j.state, identificativoDoc: j.identificativoDoc, message: j.lastError?.message ?? j.note }));
      printJson(io, { ok: report.stoppedBecause !== 'paused', report, counts, needsUser });
      return report.stoppedBecause === 'paused' ? EXIT.failed : EXIT.ok;
    } catch (err) {
      if (err instanceof OutboxBusyError) {
        printJson(io, {
          ok: false,
          error: { type: 'local/outbox-busy', message: 'Un altro processo sta già inviando questa coda: attendere che termini.' },
          otherSender: { pid: err.pid },
        });
        return EXIT.otherSender;
      }
      throw err;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await port.close();
      db.close();
    }
  },
};
