// What the `outbox …` commands share: open the profile's outbox (<dataDir>/fse-desk.sqlite), and
// for sending, the CART port with the journal in the same database.
import type { Profile } from '../../../contract/profile.js';
import { EXIT, printJson, type CliIo } from '../command.js';
import { loadProfileFile, ProfileFileError } from '../../core/profile/profile-file.js';
import { databaseFileFor } from '../../core/cart/run-cart-command.js';
import { Outbox } from '../../core/outbox/outbox.js';

export interface OpenedOutbox {
  profile: Profile;
  outbox: Outbox;
}

/** Loads the profile and opens its outbox without a CART connection; prints the error and returns an exit code on failure. */
export function openOutboxForCli(profilePath: string, io: CliIo): OpenedOutbox | number {
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
  return { profile, outbox: Outbox.open(databaseFileFor(profile, profilePath)) };
}

export function parseJobId(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}
