// The core's side of the first-run guide: the checklist of this database and the test call. The mode
// itself is chosen by the desk (desk.ts), which closes this core and opens the other data folder's.
import { ok } from '../../../../contract/result.js';
import type { SetupMode, SetupStatus } from '../../../../contract/setup.js';
import type { CertificateService, SecretStore } from '../../credentials/index.js';
import type { CartTimeouts } from '../../gateway/index.js';
import type { Clock, Database, Logger, ProfileStore } from '../../shared/index.js';
import type { HandlerMap } from '../handlers.js';
import { readTestCall, setupStatus, writeTestCall } from './setup-state.js';
import { runTestCall } from './test-call.js';

/** What the desk tells a core it opens (app-core.ts `setup`). */
export interface CoreSetupOptions {
  /** The mode the desk runs in now (read at each question: the person may change it in the guide). */
  mode: () => SetupMode;
  /** Training: the stand-in's base URL, the only gateway this core may call. */
  onlyGateway?: string | undefined;
  /** Training: the demo certificates' password, shown to the trainee (contract/setup.ts). */
  trainingPassword?: string | undefined;
}

export interface SetupHandlerDeps {
  setup: CoreSetupOptions;
  db: Database;
  profiles: Pick<ProfileStore, 'get'>;
  certificates: Pick<CertificateService, 'list'>;
  secrets: SecretStore;
  log: Logger;
  now: Clock;
  timeouts?: Partial<CartTimeouts> | undefined;
}

export function createSetupHandlers(d: SetupHandlerDeps): HandlerMap<'setup:status' | 'setup:test-call'> {
  const status = async (): Promise<SetupStatus> => ({
    ...setupStatus({ mode: d.setup.mode(), profile: d.profiles.get(), certificates: await d.certificates.list(), testCall: readTestCall(d.db) }),
    ...(d.setup.trainingPassword !== undefined ? { trainingPassword: d.setup.trainingPassword } : {}),
  });
  return {
    'setup:status': async () => ok(await status()),
    'setup:test-call': async () => {
      const outcome = await runTestCall({
        profile: d.profiles.get(),
        secrets: d.secrets,
        db: d.db,
        log: d.log,
        now: d.now,
        ...(d.timeouts ? { timeouts: d.timeouts } : {}),
        onlyGateway: d.setup.onlyGateway,
      });
      if (outcome.ok) writeTestCall(d.db, outcome.record);
      // A failed call is an answer, not an error: the guide shows what to fix next to the step.
      return ok({ ...outcome, status: await status() });
    },
  };
}
