// What the `outbox …` commands share: open the profile's outbox (<dataDir>/fse-desk.sqlite, encrypted), and
// for sending, the CART port with the journal in the same database.
import type { Profile } from '../../../contract/profile.js';
import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand, type CliIo } from '../command.js';
import { loadProfileFile, ProfileFileError } from '../profile-file.js';
import { openCliDatabase } from '../cart-command.js';
import { Outbox, type ActionResult } from '../../core/outbox/index.js';
import { systemClock } from '../../core/shared/index.js';

export interface OpenedOutbox {
  profile: Profile;
  outbox: Outbox;
}

/** Loads the profile and opens its outbox without a CART connection; prints the error and returns an exit code on failure. */
export function openOutboxForCli(profilePath: string, io: CliIo, opts: { readOnlyOk?: boolean } = {}): OpenedOutbox | number {
  let profile: Profile;
  try {
    profile = loadProfileFile(profilePath);
  } catch (err) {
    if (err instanceof ProfileFileError) {
      printJson(io, { ok: false, error: err.message, problems: err.problems });
      return EXIT.badInput;
    }
    throw err;
  }
  return { profile, outbox: new Outbox(openCliDatabase(profile, profilePath, io.env, opts), undefined, { now: systemClock }) };
}

export function parseJobId(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** A command that applies one outbox action to one job: `fse-desk outbox <verb> <jobId> --profile <file>`. */
export function jobActionCommand(act: (outbox: Outbox, id: number) => ActionResult): CliCommand {
  return {
    async run(args, io, usage) {
      const { values, positionals } = parseArgs({ args, options: { profile: { type: 'string' } }, allowPositionals: true, strict: true });
      const id = parseJobId(positionals[0]);
      if (!values.profile || id === undefined || positionals.length !== 1) {
        io.err(`usage: ${usage}\n`);
        return EXIT.badInput;
      }
      const opened = openOutboxForCli(values.profile, io);
      if (typeof opened === 'number') return opened;
      try {
        const r = act(opened.outbox, id);
        printJson(io, r);
        return r.ok ? EXIT.ok : r.code === 'not-found' ? EXIT.badInput : EXIT.failed;
      } finally {
        opened.outbox.close();
      }
    },
  };
}
