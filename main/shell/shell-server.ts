// The browser shell: serves the built renderer and the same API contract on 127.0.0.1 only,
// for development and end-to-end tests where the Electron binary is not available.
// Every API call must carry the per-run random token; the page receives it in the URL fragment
// (never sent to the server in requests for files, never stored by the server).
// Not shipped in the installer (electron-builder.yml excludes dist/main/shell).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../core/app/index.js';
import type { Logger } from '../core/shared/index.js';
import { CONTENT_SECURITY_POLICY, RENDERER_MIME_TYPES } from '../electron/security-policy.js';

export interface ShellOptions {
  dispatch: Dispatch;
  rendererDir: string;
  log: Logger;
  port?: number;
  /** Fixed token (tests); default: 32 random bytes. */
  token?: string;
}

export interface Shell {
  /** Page URL including the token fragment. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-fse-desk-token';
const MAX_BODY = 1024 * 1024;
function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function tokenMatches(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== 'string') return false;
  const g = Buffer.from(given);
  return g.length === expected.length && timingSafeEqual(g, expected);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startShell(o: ShellOptions): Promise<Shell> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  let host = '';

  const server = createServer(async (req, res) => {
    try {
      // Refuse requests addressed to any other host name (DNS rebinding).
      if (req.headers.host !== host) return send(res, 421, 'Misdirected request', 'text/plain');
      const url = new URL(req.url ?? '/', `http://${host}`);
      if (url.pathname === '/api/invoke') {
        if (req.method !== 'POST') return send(res, 405, 'Method not allowed', 'text/plain');
        if (!tokenMatches(req.headers[TOKEN_HEADER], expected))
          return send(res, 401, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Richiesta non autorizzata.' } }), 'application/json');
        if (!String(req.headers['content-type']).startsWith('application/json')) return send(res, 415, 'Unsupported media type', 'text/plain');
        const text = await readBody(req);
        if (text === null) return send(res, 413, 'Payload too large', 'text/plain');
        let call: { channel?: unknown; payload?: unknown };
        try {
          call = JSON.parse(text) as { channel?: unknown; payload?: unknown };
        } catch {
          return send(res, 400, JSON.stringify({ ok: false, error: { code: 'bad-request', message: 'Richiesta non valida.' } }), 'application/json');
        }
        const result = await o.dispatch(call.channel, call.payload);
        return send(res, 200, JSON.stringify(result), 'application/json');
      }
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed', 'text/plain');
      let decoded: string;
      try {
        decoded = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      } catch {
        // A malformed percent-encoding (e.g. /%E0%A4%A) is the client's mistake, not ours.
        return send(res, 400, 'Bad request', 'text/plain');
      }
      const rel = normalize(decoded);
      const file = join(o.rendererDir, rel);
      if (!file.startsWith(o.rendererDir + sep)) return send(res, 404, 'Not found', 'text/plain');
      const body = await readFile(file).catch(() => null);
      if (!body) return send(res, 404, 'Not found', 'text/plain');
      return send(res, 200, body, RENDERER_MIME_TYPES[extname(file)] ?? 'application/octet-stream');
    } catch (err) {
      o.log.error('shell request failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) send(res, 500, 'Internal error', 'text/plain');
    }
  });

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
