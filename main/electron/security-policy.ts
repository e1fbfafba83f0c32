// Window hardening as pure data and functions, so plain-Node tests can assert every option.
// Only type imports from 'electron' here: this module must load without the Electron binary.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The app's own origin: the renderer is served from packaged files through this scheme. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'fse-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Strict CSP: only the app's own files, no inline or eval'd script, no remote anything.
 * The browser shell serves the same policy ('self' there is the loopback origin).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export function buildWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

export function buildWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'FSE Desk',
    show: false,
    backgroundColor: '#f6f7f9',
    autoHideMenuBar: true,
    webPreferences: buildWebPreferences(preloadPath),
  };
}

/** Content types of the renderer's files, served by the app:// handler and by the browser shell alike. */
export const RENDERER_MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The start page of the window. */
export const START_URL = `${APP_ORIGIN}/index.html`;

/** In-app navigation is never allowed: the UI is a single page; a link cannot take the window elsewhere. */
export function isNavigationAllowed(url: string): boolean {
  return url === START_URL;
}

/** window.open and target=_blank are always denied (no external content inside the app). */
export function windowOpenPolicy(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Only desktop notifications (a rejected document, sending paused, the queue emptied after an outage: issue 10);
 * camera, microphone, geolocation, clipboard…: the app needs none, so every other request is refused.
 */
export function isPermissionGranted(permission: string): boolean {
  return permission === 'notifications';
}

/** IPC is accepted only from the app's own top frame. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/** Maps an app:// request to a file path under the renderer folder, refusing traversal. */
export function resolveAppFile(requestUrl: string, rendererDir: string, join: (...p: string[]) => string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  const path = decodeURIComponent(u.pathname);
  if (path.split('/').some((seg) => seg === '..') || path.includes('\0')) return null;
  return join(rendererDir, path === '/' ? 'index.html' : path);
}
