// The desk's mode (training or real use) in a small JSON file at the root of the app's data folder,
// <data>/setup.json (0600). It lives outside both databases because it decides which one is opened:
// the real one in <data>, or the training one in <data>/prova. Everything else about the setup is a fact
// of one database (setup-state.ts).
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SetupMode } from '../../../../contract/setup.js';

export const SETUP_FILE = 'setup.json';
/** The training data folder, inside the app's data folder: its own database, outbox, journal and stand-in state. */
export const TRAINING_DIR = 'prova';

export const trainingDirOf = (dataDir: string): string => join(dataDir, TRAINING_DIR);

/** The mode saved in `dataDir`; 'unset' when none was chosen (a fresh install) or the file cannot be read. */
export function readSetupMode(dataDir: string): SetupMode {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, SETUP_FILE), 'utf8')) as { mode?: unknown };
    return parsed.mode === 'training' || parsed.mode === 'real' ? parsed.mode : 'unset';
  } catch {
    // Missing (fresh install) or damaged: the guide asks again, which is harmless.
    return 'unset';
  }
}

/** Saves the mode atomically (temp file + rename), readable by the user only. */
export function writeSetupMode(dataDir: string, mode: Exclude<SetupMode, 'unset'>): void {
  const file = join(dataDir, SETUP_FILE);
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify({ mode }) + '\n', { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}
