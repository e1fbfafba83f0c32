// A tiny real HTTPS server with the test PKI, answering whatever a test scripts: for answers the
// stand-in gateway never gives (an HTML page with 200, a proxy's 400, a 64 MB body) and for server
// certificates that are wrong on purpose.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestPki, type TestPki } from '../support/pki.js';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export type Reply = (req: Seen, res: ServerResponse) => void;

export interface TinyServer {
  dir: string;
  pki: TestPki;
  /** https://127.0.0.1:<port>/gateway/v2/ */
  base: string;
  reply: Reply;
  seen: Seen[];
  close(): Promise<void>;
}

export interface TinyServerOptions {
  /** The server's certificate and key, made from the server's test PKI (default: the PKI's own, valid for 127.0.0.1). */
  cert?: (pki: TestPki) => { keyPem: string; certPem: string };
  /** CA that client certificates must chain to (default: the test PKI's CA). */
  clientCaPem?: string;
  /** A test PKI to reuse (generating one takes seconds); default: a new one in the server's folder. */
  pki?: TestPki;
}

/** A JSON answer with the X-CART-id CART adds to every answer (unless `headers` overrides it). */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      'X-CART-id': 'b7cad8e2-72c4-41ce-ac9a-24ff2b3f72a0',
      ...headers,
    });
    res.end(JSON.stringify(body));
  };

/** An HTML page, as a proxy or a maintenance page sends it (no X-CART-id). */
export const html =
  (status: number, page = '<html><body><h1>Servizio in manutenzione</h1></body></html>'): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  };

export async function startTinyServer(o: TinyServerOptions = {}): Promise<TinyServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tiny-https-'));
  const pki = o.pki ?? makeTestPki(join(dir, 'pki'));
  const cert = o.cert?.(pki) ?? pki.server;
  const seen: Seen[] = [];
  let reply: Reply = json(200, {});
  const server: Server = createServer(
    { key: cert.keyPem, cert: cert.certPem, ca: o.clientCaPem ?? pki.ca.certPem, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      // A client that stops reading (the CART client past its cap) makes writes fail: not the test's concern.
      res.on('error', () => undefined);
      req.resume();
      req.on('end', () => {
        const s = { method: req.method!, url: req.url!, headers: req.headers };
        seen.push(s);
        reply(s, res);
      });
    },
  );
  const t: TinyServer = {
    dir,
    pki,
    base: '',
    get reply() {
      return reply;
    },
    set reply(r: Reply) {
      reply = r;
    },
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/gateway/v2/`;
  return t;
}
