// The Electron layer: windows, IPC wiring, app lifecycle. Everything that does real work is in
// main/core and is shared with the CLI and the browser shell.
import { app, BrowserWindow, clipboard, dialog, ipcMain, net, powerMonitor, protocol, safeStorage, session, shell, type OpenDialogOptions } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
// CommonJS package: its default export carries autoUpdater (no named ESM export).
import electronUpdater from 'electron-updater';
import { startDesk, type AppStartup } from '../core/app/index.js';
import { systemClock, createLogger, createRotatingLogWriter, type Logger } from '../core/shared/index.js';
import { appStartupKey } from './database-key.js';
import { registerIpc } from './ipc.js';
import { watchConnectivity } from './online-events.js';
import { createAppSecretStore } from './secret-store.js';
import { closeForQuit, startUpdates, type Updates } from './updater.js';
import {
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  RENDERER_MIME_TYPES,
  START_URL,
  buildWindowOptions,
  isNavigationAllowed,
  isPermissionGranted,
  resolveAppFile,
  windowOpenPolicy,
} from './security-policy.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', '..', 'renderer');
const preloadPath = join(here, '..', '..', 'preload', 'preload.cjs');

// Must run before 'ready': the app:// scheme behaves like https (secure, standard origin).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let startup: AppStartup | undefined;
  let updates: { updates: Updates; log: Logger } | undefined;
  let mainWindow: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  const DIALOG_TITLES = {
    auth: 'Certificato di autenticazione (A1#)',
    signature: 'Certificato di firma dei token (S1#)',
    documentSigner: 'Certificato di firma dei referti',
  } as const;

  /** The file dialog runs here, in main: the core reads the chosen file and the renderer receives only an opaque handle. */
  async function chooseCertificateFile(purpose: string): Promise<string | null> {
    const options: OpenDialogOptions = {
      // A doctor's slot (doctor:<id>) signs reports like the structure's documentSigner.
      title: purpose in DIALOG_TITLES ? DIALOG_TITLES[purpose as keyof typeof DIALOG_TITLES] : DIALOG_TITLES.documentSigner,
      properties: ['openFile'],
      filters: [
        { name: 'Certificati PKCS#12 (.p12, .pfx)', extensions: ['p12', 'pfx'] },
        { name: 'Tutti i file', extensions: ['*'] },
      ],
    };
    const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  }

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isNavigationAllowed(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isNavigationAllowed(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => windowOpenPolicy());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const started = app.whenReady().then(() => {
    const dataDir = app.getPath('userData');
    try {
      mkdirSync(join(dataDir, 'logs'), { recursive: true });
    } catch {
      // A read-only or full disk: the app still starts (start-up reports the database); log lines are dropped.
    }
    // Size-capped: 5 MB × 3 files at most (log-file.ts).
    const log = createLogger(createRotatingLogWriter({ file: join(dataDir, 'logs', 'main.log') }));
    // Certificate passwords stay in this process, encrypted by the OS (safeStorage); without a protected
    // keychain (Linux 'basic_text') they are kept in memory for the session only. keychain.databaseKey says
    // how the database key may be kept the same way (keychain-policy.ts).
    const { secrets, policy: keychain } = createAppSecretStore(safeStorage, join(dataDir, 'secrets.json'), log);
    // The renderer gets no clipboard permission (every permission request is denied): it asks main to copy.
    const copyText = (text: string): Promise<void> => clipboard.writeText(text);
    // A database that cannot be opened does not stop the window: start-up reports it (startup.ts) and the
    // renderer shows «Archivio non disponibile», with the backups to restore.
    startup = startDesk({
      dataDir,
      version: app.getVersion(),
      shell: 'electron',
      log,
      secrets,
      chooseFile: chooseCertificateFile,
      copyText,
      // «Apri il PDF»: the signed report in the system's viewer (a private copy, documents/document-handlers.ts).
      openPath: (path: string) => shell.openPath(path),
      now: systemClock,
      // The database key: wrapped by the OS keychain, or without one by the passphrase start-up asks for
      // once per session (database-key.ts, app:unlockDatabase).
      ...appStartupKey(dataDir, safeStorage, keychain.databaseKey),
    });
    const appStartup = startup;
    // Background download from the HTTPS feed of electron-builder.yml; only the installed app looks for updates.
    updates = { updates: startUpdates({ updater: electronUpdater.autoUpdater, log, enabled: app.isPackaged }), log };

    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionGranted(permission)));
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => isPermissionGranted(permission));

    protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(request.url, rendererDir, join);
      if (!file) return new Response('Not found', { status: 404 });
      try {
        const body = await readFile(file);
        return new Response(body, {
          headers: { 'content-type': RENDERER_MIME_TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CONTENT_SECURITY_POLICY },
        });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });

    registerIpc(ipcMain, startup.dispatch, log);
    // OS signals are hints only: the outbox runner then probes CART itself.
    const hint = (reason: string): void => {
      log.info('connectivity hint', { reason });
      appStartup.core()?.onlineHint();
    };
    watchConnectivity(powerMonitor, { maybeOnline: hint });
    let wasOnline = net.isOnline();
    setInterval(() => {
      const online = net.isOnline();
      if (online && !wasOnline) hint('network-change');
      wasOnline = online;
    }, 10_000).unref();

    mainWindow = new BrowserWindow(buildWindowOptions(preloadPath));
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    void mainWindow.loadURL(START_URL);
  });
  started.catch((err: unknown) => {
    // Start-up itself reports a bad database in the window (startup.ts); anything else that stops the window
    // from opening still gets a message instead of a silent exit (with the single-instance lock, a silent
    // process would also make every later launch do nothing).
    dialog.showErrorBox(
      'FSE Desk non si è avviato',
      `Si è verificato un errore durante l\u2019avvio: ${err instanceof Error ? err.message : String(err)}\n\nChiudere e riaprire il programma; se si ripete, contattare l\u2019assistenza.`,
    );
    app.quit();
  });

  app.on('window-all-closed', () => {
    // The runner stops first: an exchange under way finishes and is recorded before the database closes;
    // a downloaded update is installed only then, with nothing being sent (updater.ts).
    void closeForQuit(startup, updates?.updates, updates?.log ?? createLogger(() => {}))
      .catch(() => false)
      .then((installing) => {
        if (!installing) app.quit();
      });
  });
}
