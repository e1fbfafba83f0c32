import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { loadProfileFile, ProfileFileError, redactedProfile } from '../profile-file.js';

export const profileCheck: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({ args, options: { profile: { type: 'string' } }, strict: true });
    if (!values.profile) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    try {
      printJson(io, { ok: true, profile: redactedProfile(loadProfileFile(values.profile)) });
      return EXIT.ok;
    } catch (err) {
      if (err instanceof ProfileFileError) {
        printJson(io, { ok: false, error: err.message, problems: err.problems });
        return EXIT.badInput;
      }
      throw err;
    }
  },
};
