// Starts the browser shell in-process on a temporary data directory, backed by the real core.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { createAppCore, type AppCore } from '../../main/core/app-core.js';
import { silentLogger } from '../../main/core/log/logger.js';
import { startShell, type Shell } from '../../main/shell/shell-server.js';

export const RENDERER_DIR = resolve('dist', 'renderer');

export async function startTestShell(dataDir = mkdtempSync(join(tmpdir(), 'fse-desk-e2e-'))): Promise<{ shell: Shell; core: AppCore; dataDir: string; stop(): Promise<void> }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('renderer not built: run "npm run build:renderer" first');
  const core = createAppCore({ dataDir, version: 'test', shell: 'browser-shell', log: silentLogger });
  const shell = await startShell({ dispatch: core.dispatch, rendererDir: RENDERER_DIR, log: silentLogger });
  return {
    shell,
    core,
    dataDir,
    async stop() {
      await shell.close();
      core.close();
    },
  };
}
