// `fse-desk outbox resume`: the command line's «Riprendi invii». A pause for a refused authorisation is
// never lifted by a probe or a status look-up (they carry no software identity): only by the user, after
// fixing the certificates or the profile. The next send (`outbox drain`, `publish` or the app) proves the fix.
import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { openOutboxForCli } from './outbox-common.js';

export const outboxResume: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({ args, options: { profile: { type: 'string' } }, strict: true });
    if (!values.profile) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    const opened = openOutboxForCli(values.profile, io);
    if (typeof opened === 'number') return opened;
    try {
      const wasPaused = opened.outbox.counts().paused;
      opened.outbox.resumeQueue();
      printJson(io, { ok: true, resumed: wasPaused, counts: opened.outbox.counts() });
      return EXIT.ok;
    } finally {
      opened.outbox.close();
    }
  },
};
