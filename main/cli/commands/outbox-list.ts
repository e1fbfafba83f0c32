import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { JOB_STATES, type JobState } from '../../core/outbox/index.js';
import { openOutboxForCli } from './outbox-common.js';

export const outboxList: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({ args, options: { profile: { type: 'string' }, state: { type: 'string' } }, strict: true });
    if (!values.profile || (values.state !== undefined && !JOB_STATES.includes(values.state as JobState))) {
      io.err(`usage: ${usage}\n  states: ${JOB_STATES.join(', ')}\n`);
      return EXIT.badInput;
    }
    // Listing only reads: it works where writing is impossible, and says so (`readOnly`).
    const opened = openOutboxForCli(values.profile, io, { readOnlyOk: true });
    if (typeof opened === 'number') return opened;
    try {
      const readOnly = opened.outbox.db.readonly ? { readOnly: true } : {};
      printJson(io, { ok: true, ...readOnly, counts: opened.outbox.counts(), jobs: opened.outbox.list(values.state as JobState | undefined) });
      return EXIT.ok;
    } finally {
      opened.outbox.close();
    }
  },
};
