// Starts the browser shell in-process on a temporary data directory, backed by the real core.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { createAppCore, type AppCore, type AppCoreOptions } from '../../main/core/app/app-core.js';
import { startApp, type AppStartup } from '../../main/core/app/startup.js';
import { silentLogger, type Logger } from '../../main/core/shared/logger.js';
import { createMemorySecretStore, type SecretStore } from '../../main/core/credentials/secret-store.js';
import { startShell, type Shell } from '../../main/shell/shell-server.js';
import { shellKeychain } from '../../main/shell/shell-keychain.js';
import type { Profile } from '../../contract/profile.js';
import type { CartTimeouts } from '../../main/core/gateway/cart-client.js';
import { testClock } from './clock.js';
import { TEST_CLINIC_PIVA } from './pki.js';

/** A complete, valid clinic profile whose P.IVA matches the CN of the test PKI's A1#/S1# certificates. */
export const VALID_TEST_PROFILE: Profile = {
  environment: 'stage',
  clinic: {
    name: 'Poliambulatorio Sant\u2019Ambrogio',
    fiscalCode: TEST_CLINIC_PIVA,
    istatCode: '048017',
    repository: '999',
    structureType: 'Territorio',
    locality: 'POLIAMBULATORIO SANT AMBROGIO^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
  },
};

export const RENDERER_DIR = resolve('dist', 'renderer');

export async function startTestShell(
  dataDir = mkdtempSync(join(tmpdir(), 'fse-desk-e2e-')),
  opts: { log?: Logger; outbox?: AppCoreOptions['outbox']; cartTimeouts?: Partial<CartTimeouts>; secrets?: SecretStore } = {},
): Promise<{ shell: Shell; core: AppCore; dataDir: string; stop(): Promise<void> }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('renderer not built: run "npm run build:renderer" first');
  const log = opts.log ?? silentLogger;
  const core = createAppCore({
    dataDir,
    version: 'test',
    shell: 'browser-shell',
    log,
    secrets: opts.secrets ?? createMemorySecretStore(),
    now: testClock,
    ...(opts.outbox ? { outbox: opts.outbox } : {}),
    ...(opts.cartTimeouts ? { cartTimeouts: opts.cartTimeouts } : {}),
  });
  const shell = await startShell({ dispatch: core.dispatch, rendererDir: RENDERER_DIR, log });
  return {
    shell,
    core,
    dataDir,
    async stop() {
      await shell.close();
      await core.close();
    },
  };
}

/**
 * The browser shell as `npm run shell` starts it: through the app's start-up (main/core/app/startup.ts),
 * so a data folder whose database cannot be opened gets the «Archivio non disponibile» screen.
 */
export async function startTestShellApp(
  dataDir: string,
  opts: { log?: Logger; /** As FSE_DESK_SHELL_KEYCHAIN: 'basic_text' acts as a computer without a keyring. */ keychain?: string } = {},
): Promise<{ shell: Shell; app: AppStartup; stop(): Promise<void> }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('renderer not built: run "npm run build:renderer" first');
  const log = opts.log ?? silentLogger;
  const { secrets, passphraseKey } = shellKeychain(dataDir, opts.keychain);
  const app = startApp({ dataDir, version: 'test', shell: 'browser-shell', log, secrets, passphraseKey, now: testClock });
  const shell = await startShell({ dispatch: app.dispatch, rendererDir: RENDERER_DIR, log });
  return {
    shell,
    app,
    async stop() {
      await shell.close();
      await app.close();
    },
  };
}
