// The browser shell on the desk (main/core/app/setup/desk.ts), as `npm run shell` starts it: the first-run
// guide, the mode choice and «Modalità prova» work as in the app. Shared by the guide's e2e tests.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import type { AppStartup } from '../../main/core/app/startup.js';
import { startDesk } from '../../main/core/app/setup/desk.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { startShell, type Shell } from '../../main/shell/shell-server.js';
import { testClock } from '../support/clock.js';
import { RENDERER_DIR } from '../support/shell.js';

export const ARTIFACTS = 'test-artifacts/e2e';

export interface DeskShell {
  shell: Shell;
  desk: AppStartup;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startDeskShell(dataDir = mkdtempSync(join(tmpdir(), 'e2e-desk-'))): Promise<DeskShell> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('renderer not built: run "npm run build:renderer" first');
  mkdirSync(ARTIFACTS, { recursive: true });
  const desk = startDesk({
    dataDir,
    version: 'test',
    shell: 'browser-shell',
    log: silentLogger,
    secrets: createMemorySecretStore(),
    now: testClock,
    outbox: { settleMs: 0 },
    cartTimeouts: { connectMs: 3_000, headersMs: 15_000, bodyMs: 15_000 },
  });
  const shell = await startShell({ dispatch: desk.dispatch, rendererDir: RENDERER_DIR, log: silentLogger });
  return {
    shell,
    desk,
    dataDir,
    async stop() {
      await shell.close();
      await desk.close();
    },
  };
}

/** Serious or critical accessibility violations on the page as it is now (empty = none). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab (at most `max` times) until `target` has the focus: keyboard-only navigation. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error('tabTo: target not found');
  for (let i = 0; i < max; i++) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`tabTo: not reached with ${max} Tab presses`);
}
