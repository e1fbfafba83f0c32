// The Electron layer: windows, IPC wiring, app lifecycle. Everything that does real work is in
// main/core and is shared with the CLI and the browser shell.
import { app, BrowserWindow, clipboard, dialog, ipcMain, net, powerMonitor, protocol, safeStorage, session, type OpenDialogOptions } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createAppCore, type AppCore } from '../core/app/index.js';
import { systemClock, createLogger } from '../core/shared/index.js';
import { registerIpc } from './ipc.js';
import { watchConnectivity } from './online-events.js';
import { createSecretStore } from './secret-store.js';
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
  let core: AppCore | undefined;
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

  /** The file dialog runs here, in main: the renderer receives only the chosen path. */
  async function chooseCertificateFile(purpose: keyof typeof DIALOG_TITLES): Promise<string | null> {
    const options: OpenDialogOptions = {
      title: DIALOG_TITLES[purpose],
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

  app.whenReady().then(() => {
    const dataDir = app.getPath('userData');
    mkdirSync(join(dataDir, 'logs'), { recursive: true });
    const log = createLogger((line) => appendFileSync(join(dataDir, 'logs', 'main.log'), line));
    // Certificate passwords stay in this process, encrypted by the OS (safeStorage).
    const secrets = createSecretStore(safeStorage, join(dataDir, 'secrets.json'));
    // The renderer gets no clipboard permission (every permission request is denied): it asks main to copy.
    const copyText = (text: string): void => clipboard.writeText(text);
    core = createAppCore({
      dataDir,
      version: app.getVersion(),
      shell: 'electron',
      log,
      secrets,
      chooseFile: chooseCertificateFile,
      copyText,
      now: systemClock,
    });
    const appCore = core;

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

    registerIpc(ipcMain, core.dispatch, log);
    // OS signals are hints only: the outbox runner then probes CART itself.
    const hint = (reason: string): void => {
      log.info('connectivity hint', { reason });
      appCore.onlineHint();
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

  app.on('window-all-closed', () => {
    // The runner stops first: an exchange under way finishes and is recorded before the database closes.
    void (core ? core.close() : Promise.resolve()).finally(() => app.quit());
  });
}
