import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { openOutboxForCli, parseJobId } from './outbox-common.js';

export const outboxCancel: CliCommand = {
  words: ['outbox', 'cancel'],
  usage: 'fse-desk outbox cancel <jobId> --profile <file>',
  summary: 'Withdraw a job that CART has not (possibly) applied',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { profile: { type: 'string' } }, allowPositionals: true, strict: true });
    const id = parseJobId(positionals[0]);
    if (!values.profile || id === undefined || positionals.length !== 1) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.badInput;
    }
    const opened = openOutboxForCli(values.profile, io);
    if (typeof opened === 'number') return opened;
    try {
      const r = opened.outbox.cancel(id);
      printJson(io, r);
      return r.ok ? EXIT.ok : r.code === 'not-found' ? EXIT.badInput : EXIT.failed;
    } finally {
      opened.outbox.close();
    }
  },
};
