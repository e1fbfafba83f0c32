import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { openOutboxForCli, parseJobId } from './outbox-common.js';

export const outboxResolve: CliCommand = {
  async run(args, io, usage) {
    const { values, positionals } = parseArgs({
      args,
      options: { profile: { type: 'string' }, published: { type: 'boolean' }, 'not-published': { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    const id = parseJobId(positionals[0]);
    if (!values.profile || id === undefined || positionals.length !== 1 || Boolean(values.published) === Boolean(values['not-published'])) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    const opened = openOutboxForCli(values.profile, io);
    if (typeof opened === 'number') return opened;
    try {
      const r = opened.outbox.resolve(id, values.published ? 'published' : 'not-published');
      printJson(io, r);
      return r.ok ? EXIT.ok : r.code === 'not-found' ? EXIT.badInput : EXIT.failed;
    } finally {
      opened.outbox.close();
    }
  },
};
