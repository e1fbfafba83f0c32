// Automatic updates with electron-updater from the generic HTTPS feed of electron-builder.yml
// (`publish`). Downloads happen in the background; installing is decided only at quit, by the
// plain-Node policy canInstallUpdate (main/core/app/update-policy.ts): never while the outbox is
// sending. What electron-updater verifies on each platform is in the README ("Releases").
// Only type imports from electron-updater: main.ts passes the real autoUpdater, tests a fake.
import type { AppUpdater, UpdateDownloadedEvent } from 'electron-updater';
import { canInstallUpdate, outboxActivity, type AppStartup } from '../core/app/index.js';
import type { Logger } from '../core/shared/index.js';

/** How often a running app looks for a new version (besides once at start). */
const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

type Updater = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'autoRunAppAfterInstall' | 'allowDowngrade' | 'allowPrerelease' | 'checkForUpdates' | 'quitAndInstall'
> & {
  on(event: 'update-downloaded', listener: (info: UpdateDownloadedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

export interface Updates {
  /**
   * At quit, once the data is closed. Installs a downloaded update when the outbox allowed it (then the
   * installer ends the app and true is returned); otherwise false, and the caller quits as usual.
   */
  installAtQuit(decision: ReturnType<typeof canInstallUpdate>): boolean;
}

export function startUpdates(o: { updater: Updater; log: Logger; enabled: boolean; every?: (check: () => void) => void }): Updates {
  const u = o.updater;
  u.autoDownload = true;
  // electron-updater would otherwise install on any quit, even one with an exchange under way.
  u.autoInstallOnAppQuit = false;
  // The person closed the app: the installer does not reopen it.
  u.autoRunAppAfterInstall = false;
  u.allowDowngrade = false;
  u.allowPrerelease = false;
  let downloaded: string | undefined;
  u.on('update-downloaded', (info) => {
    downloaded = info.version;
    o.log.info('update downloaded; it will be installed at quit when nothing is being sent', { version: info.version });
  });
  // An unreachable feed or a refused signature: logged, the app carries on with the current version.
  u.on('error', (err) => o.log.warn('update check or download failed', { error: err.message }));
  const check = (): void => {
    u.checkForUpdates().catch((err: unknown) => o.log.warn('update check failed', { error: err instanceof Error ? err.message : String(err) }));
  };
  if (o.enabled) {
    check();
    (o.every ?? ((f) => setInterval(f, CHECK_EVERY_MS).unref()))(check);
  }
  return {
    installAtQuit(decision) {
      if (downloaded === undefined) return false;
      if (!decision.install) {
        o.log.info('downloaded update not installed at this quit', { version: downloaded, reason: decision.reason });
        return false;
      }
      o.log.info('installing update', { version: downloaded });
      u.quitAndInstall(true, false);
      return true;
    },
  };
}

/**
 * The app's quit: the outbox runner stops first (an exchange under way finishes and is recorded), the
 * outbox is read, the data closes, and only then a downloaded update may be installed.
 */
export async function closeForQuit(startup: Pick<AppStartup, 'core' | 'close'> | undefined, updates: Updates | undefined, log: Logger): Promise<boolean> {
  let decision: ReturnType<typeof canInstallUpdate> = { install: false, reason: 'the outbox could not be read' };
  try {
    const core = startup?.core();
    await core?.sending.close();
    decision = canInstallUpdate(core ? outboxActivity(core.sending) : null);
  } catch (err) {
    log.error('outbox state at quit unknown; no update installed', { error: err instanceof Error ? err.message : String(err) });
  }
  await startup?.close();
  return updates?.installAtQuit(decision) ?? false;
}
