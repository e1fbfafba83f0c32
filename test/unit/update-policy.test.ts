// Automatic updates never cut an exchange with CART short: a downloaded update is installed only at
// quit, after the outbox runner has stopped, and only when no job is still marked as sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore } from '../../main/core/app/app-core.js';
import { canInstallUpdate } from '../../main/core/app/update-policy.js';
import { createMemorySecretStore } from '../../main/core/credentials/secret-store.js';
import { silentLogger } from '../../main/core/shared/logger.js';
import { closeForQuit, startUpdates } from '../../main/electron/updater.js';
import { TEST_CLAIMS, createBody } from '../outbox/helpers.js';
import { testClock } from '../support/clock.js';
import { SIGNED_SAMPLES } from '../support/reference.js';

const idle = { runnerRunning: false, counts: { sending: 0 } };

test('an update may be installed when the runner has stopped and nothing is being sent', () => {
  assert.deepEqual(canInstallUpdate(idle), { install: true });
});

test('an update is not installed while the outbox runner runs', () => {
  assert.equal(canInstallUpdate({ ...idle, runnerRunning: true }).install, false);
});

test('an update is not installed while a job is marked as sending', () => {
  const d = canInstallUpdate({ runnerRunning: false, counts: { sending: 1 } });
  assert.equal(d.install, false);
  assert.match((d as { reason: string }).reason, /1 job\(s\) still marked as sending/);
});

test('an update may be installed when no database could be opened (nothing can be in flight)', () => {
  assert.deepEqual(canInstallUpdate(null), { install: true });
});

/** electron-updater's AppUpdater as far as updater.ts uses it. */
function fakeUpdater() {
  const listeners: Record<string, (arg: never) => void> = {};
  const u = {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    autoRunAppAfterInstall: true,
    allowDowngrade: true,
    allowPrerelease: true,
    checks: 0,
    installs: [] as unknown[][],
    on(event: string, listener: (arg: never) => void) {
      listeners[event] = listener;
      return u;
    },
    checkForUpdates() {
      u.checks++;
      return Promise.resolve(null);
    },
    quitAndInstall(...args: unknown[]) {
      u.installs.push(args);
    },
    emit(event: string, arg: unknown) {
      listeners[event]!(arg as never);
    },
  };
  return u;
}

test('electron-updater is told never to install on quit by itself, and downloads in the background', () => {
  const u = fakeUpdater();
  startUpdates({ updater: u as never, log: silentLogger, enabled: true, every: () => {} });
  assert.equal(u.autoInstallOnAppQuit, false);
  assert.equal(u.autoDownload, true);
  assert.equal(u.allowDowngrade, false);
  assert.equal(u.allowPrerelease, false);
  assert.equal(u.checks, 1);
});

test('a development run (not packaged) does not look for updates', () => {
  const u = fakeUpdater();
  let scheduled = false;
  startUpdates({ updater: u as never, log: silentLogger, enabled: false, every: () => (scheduled = true) });
  assert.equal(u.checks, 0);
  assert.equal(scheduled, false);
});

test('a downloaded update is installed at quit when the outbox allows it, and not otherwise', () => {
  const u = fakeUpdater();
  const updates = startUpdates({ updater: u as never, log: silentLogger, enabled: true, every: () => {} });
  assert.equal(updates.installAtQuit({ install: true }), false, 'nothing downloaded yet');
  u.emit('update-downloaded', { version: '0.2.0' });
  assert.equal(updates.installAtQuit({ install: false, reason: 'sending' }), false);
  assert.deepEqual(u.installs, []);
  assert.equal(updates.installAtQuit({ install: true }), true);
  // Silent, and the app is not reopened: the person had closed it.
  assert.deepEqual(u.installs, [[true, false]]);
});

async function quitWithJob(state: 'sending' | 'queued'): Promise<unknown[][]> {
  const dir = mkdtempSync(join(tmpdir(), 'update-quit-'));
  const core = createAppCore({ dataDir: dir, version: 'test', shell: 'electron', log: silentLogger, secrets: createMemorySecretStore(), now: testClock });
  try {
    const identificativoDoc = `2.16.840.1.113883.2.9.2.90.4.4^01386030488.LAB.999.UPD-${state}`;
    const id = core.outbox.enqueueCreate({
      identificativoDoc,
      type: 'LAB',
      pdf: new Uint8Array(readFileSync(join(SIGNED_SAMPLES, 'SIGNED_RSA1.pdf'))),
      claims: TEST_CLAIMS,
      requestBody: createBody(identificativoDoc),
    });
    // As a process that died mid-exchange leaves it (the runner itself never stops with one).
    if (state === 'sending') core.db.prepare("UPDATE outbox_jobs SET state = 'sending' WHERE id = ?").run(id);
    const u = fakeUpdater();
    const updates = startUpdates({ updater: u as never, log: silentLogger, enabled: true, every: () => {} });
    u.emit('update-downloaded', { version: '0.2.0' });
    await closeForQuit({ core: () => core, close: () => core.close() }, updates, silentLogger);
    return u.installs;
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('quitting with a job still marked as sending keeps the update for a later quit', async () => {
  assert.deepEqual(await quitWithJob('sending'), []);
});

test('quitting with only queued jobs installs the downloaded update after the data is closed', async () => {
  assert.deepEqual(await quitWithJob('queued'), [[true, false]]);
});
