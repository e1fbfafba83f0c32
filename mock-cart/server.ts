// Stand-in CART gateway (regional frontier + national dispatcher) for tests, demos and training.
// A real HTTPS server with client-certificate verification that applies the gateway's rules as docs/gateway-api.md
// describes them: frontier (mTLS CN, both JWTs), dispatcher claims, request body, PDF signature, embedded CDA,
// attachment hash. Independent of the app's own CART/JWT/PDF code on purpose: it exists to catch their bugs.
// Not done here: XSD, schematron, terminology (the real gateway refuses invalid CDAs; this one does not).
import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Request as UndiciRequest } from 'undici';
import { FaultQueue, type FaultKind, type FaultRule, type MockOperation } from './faults.js';
import { AUTH_CN, checkSoftwareIdentity, verifyFrontierToken, type RegisteredSoftware, type VerifiedToken } from './jwt-frontier.js';
import { checkAuthTokenClaims, checkClaimsAgainstCda, checkSignatureClaims, type ClaimOperation } from './jwt-claims.js';
import { contentDeny, dispatcherProblem, frontierProblem, GatewayProblem, mandatoryElement, tokenRequired, type ProblemBody } from './problems.js';
import { checkMetadataBody, isValidMasterId, parseMetadataBody, parsePublicationBody } from './request-body.js';
import { checkPades, extractCda, loadPdf } from './pdf-checks.js';
import { readCdaFacts } from './cda-facts.js';
import { StateStore, type StatusEvent } from './state-store.js';
import { makeTestPkiFiles } from './test-pki.js';
import { traceIdFromTraceparent } from './trace-context.js';

// The fault types live with the fault queue (faults.ts); re-exported for the tests and tools that drive the server.
export type { FaultKind, FaultRule, MockOperation };
export interface MockCartOptions {
  stateDir: string; // published documents + status events persisted here (append-only JSON lines) so a restart keeps them
  port?: number; // 0/undefined = random; listens on 127.0.0.1 only
  tlsKeyPem: string;
  tlsCertPem: string; // server certificate (optionally followed by its chain)
  clientCaPem: string; // client certificates (A1#) must chain to this CA; JWT x5c (S1#) certs too
  latencyMs?: number; // every answer leaves no sooner than this after the request arrived (processing included)
  audience?: string; // expected JWT aud; default: the server's base URL without trailing slash
  /** CA of the server certificate, written to caFile. Default: the chain in tlsCertPem, else clientCaPem if it issued the server cert, else the server cert itself. */
  serverCaPem?: string;
  /** Frontier size limit (413). Default 20 MiB. */
  maxBodyBytes?: number;
  /**
   * Continue the caller's W3C `traceparent` like the national dispatcher's Spring tracing (default true).
   * false = a frontier that drops the header (whether CART forwards it is not published): every request
   * starts a new trace, as before.
   */
  honourTraceparent?: boolean;
  /** The product triple registered at accreditation: a write whose subject_application_* claims differ gets the
   *  frontier's 403 AuthorizationContentDeny (jwt-frontier.ts). Undefined: any triple is accepted. */
  registeredSoftware?: RegisteredSoftware;
  /** JWS algorithms the frontier accepts. Default: the documents' RS256/RS384/RS512; add EC_JWT_ALGORITHMS to accept ECDSA tokens. */
  jwtAlgorithms?: readonly string[];
  /**
   * The stand-in's clock: JWT iat/exp and x5c validity, status event dates, error timestamps. The TLS
   * handshake checks client certificates against the computer's real time regardless.
   */
  now: () => Date;
}
export interface PublishedDoc {
  identificativoDoc: string;
  sha256: string;
  createCount: number;
  deleted: boolean;
  replacedBy?: string;
  metadataUpdates: number;
  patientHash?: string;
}
export interface MockCartRequest {
  method: string;
  path: string;
  /** 0 when no answer was sent (dropped or hung connection). */
  status: number;
  /** When it arrived, by the stand-in's clock (ms since the epoch). */
  at: number;
  xCartId: string;
  operation: string;
}
export interface MockCart {
  url: string; // base URL, e.g. https://127.0.0.1:PORT/gateway/v2/
  caFile: string; // PEM of the CA that signed the server certificate (written into stateDir)
  /** The `aud` the stand-in expects. */
  audience: string;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  documents(): PublishedDoc[];
  requests(): MockCartRequest[];
  /** When TLS handshakes were refused (client certificate not accepted, or not sent), by the stand-in's clock: they never become requests. */
  tlsRefusals(): number[];
  close(): Promise<void>;
}

const BASE_PATH = '/gateway/v2/';
const WII_SUFFIX = '^^^^urn:ihe:iti:xdw:2013:workflowInstanceId';
const WARN_MODE_OMITTED = "Attenzione: il campo 'mode' non è stato valorizzato; il CDA è stato cercato come risorsa XFA e poi come allegato.";

interface Route {
  operation: MockOperation;
  id?: string;
  statusKind?: 'workflow' | 'trace';
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const sha256hex = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function matchRoute(method: string, path: string): Route | 'not-found' | 'method-not-allowed' {
  if (!path.startsWith(BASE_PATH)) return 'not-found';
  const rest = path.slice(BASE_PATH.length);
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  let m: RegExpExecArray | null;
  const want = (ok: string, r: Route): Route | 'method-not-allowed' => (method === ok ? r : 'method-not-allowed');
  if (rest === 'documents/validate-and-create') return want('POST', { operation: 'validateAndCreate' });
  if ((m = /^documents\/([^/]+)\/metadata$/.exec(rest))) return want('PUT', { operation: 'updateMetadata', id: dec(m[1]!) });
  if ((m = /^documents\/([^/]+)$/.exec(rest))) {
    if (method === 'PUT') return { operation: 'replace', id: dec(m[1]!) };
    if (method === 'DELETE') return { operation: 'delete', id: dec(m[1]!) };
    return 'method-not-allowed';
  }
  if ((m = /^status\/search\/([^/]+)$/.exec(rest))) return want('GET', { operation: 'status', statusKind: 'trace', id: dec(m[1]!) });
  if ((m = /^status\/([^/]+)$/.exec(rest))) return want('GET', { operation: 'status', statusKind: 'workflow', id: dec(m[1]!) });
  return 'not-found';
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function faultAnswer(f: Extract<FaultKind, { kind: 'status' }>): Answer {
  if (f.status === 500 && !f.type)
    return problemAnswer(dispatcherProblem('/msg/generic-error', 'Errore generico simulato dal gateway di prova', undefined, { status: 500 }));
  const names: Record<number, string> = {
    429: 'TooManyRequests',
    500: 'InternalError',
    502: 'InvalidResponse',
    503: 'APIUnavailable',
    504: 'EndpointRequestTimedOut',
  };
  const headers: Record<string, string> = {};
  if (f.retryAfterSeconds !== undefined) headers['Retry-After'] = String(f.retryAfterSeconds);
  const p = frontierProblem(f.status, names[f.status] ?? 'Error', 'Errore simulato dal gateway di prova', headers);
  if (f.type) p.body.type = f.type;
  return problemAnswer(p);
}

function problemAnswer(p: GatewayProblem): Answer {
  return { status: p.httpStatus, body: p.body, headers: p.headers };
}

export async function startMockCart(o: MockCartOptions): Promise<MockCart> {
  const store = new StateStore(o.stateDir);
  const caCerts = splitPem(o.clientCaPem).map((p) => new X509Certificate(p));
  const faults = new FaultQueue();
  const log: MockCartRequest[] = [];
  const hangTimers = new Set<NodeJS.Timeout>();
  const maxBody = o.maxBodyBytes ?? 20 * 1024 * 1024;
  let audience = o.audience ?? '';

  const server: Server = createServer({ key: o.tlsKeyPem, cert: o.tlsCertPem, ca: o.clientCaPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.socket?.destroy();
    });
  });
  const tlsRefusals: number[] = [];
  // Refused handshakes are an expected outcome, not server errors; counted for the tests of request ceilings.
  server.on('tlsClientError', () => tlsRefusals.push(o.now().getTime()));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const xCartId = randomUUID();
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'https://stand-in.invalid').pathname;
    const route = matchRoute(method, path);
    const entry: MockCartRequest = { method, path, status: 0, at: o.now().getTime(), xCartId, operation: typeof route === 'string' ? route : route.operation };
    log.push(entry);
    const plan = faults.take(typeof route === 'string' ? undefined : route.operation);
    const fault = plan.fault;

    if (fault?.kind === 'drop-before-body') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      req.resume();
      const t = setTimeout(() => {
        hangTimers.delete(t);
        req.socket.destroy();
      }, fault.ms);
      hangTimers.add(t);
      return;
    }

    let answer: Answer;
    let body: Buffer | undefined;
    try {
      body = await readBody(req, maxBody);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) {
        req.socket.destroy();
        return;
      }
    }
    if (body === undefined) answer = problemAnswer(frontierProblem(413, 'RequestTooLarge', `Richiesta oltre il limite di ${maxBody} byte`));
    else if (fault?.kind === 'status') answer = faultAnswer(fault);
    else if (fault?.kind === 'problem')
      answer = problemAnswer(
        fault.type.startsWith('/msg/')
          ? dispatcherProblem(fault.type, 'Errore simulato dal gateway di prova', undefined, { status: fault.status })
          : frontierProblem(fault.status, fault.type, 'Errore simulato dal gateway di prova'),
      );
    else if (route === 'not-found') answer = { status: 404, body: { timestamp: o.now().toISOString(), status: 404, error: 'Not Found', path } };
    else if (route === 'method-not-allowed')
      answer = { status: 405, body: { timestamp: o.now().toISOString(), status: 405, error: 'Method Not Allowed', path } };
    else answer = await process(route, req, body);

    if (fault?.kind === 'drop-after-body') {
      req.socket.destroy(); // applied (if valid) but never answered: the outbox's ambiguous case
      return;
    }
    // The configured latency is the gateway's whole response time (its own processing included), so the
    // benchmark's N × latency / concurrency is a reachable floor; a latency fault adds on top.
    const delay = plan.latencyMs + Math.max(0, (o.latencyMs ?? 0) - (performance.now() - arrived));
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    send(res, answer, xCartId);
    entry.status = answer.status;
  }

  function send(res: ServerResponse, a: Answer, xCartId: string): void {
    const b = a.body as ProblemBody | undefined;
    const isProblem = a.status >= 400 && !!b && typeof b.type === 'string' && b.type !== 'about:blank' && 'title' in b;
    const json = Buffer.from(JSON.stringify(a.body));
    res.writeHead(a.status, {
      ...a.headers,
      'Content-Type': isProblem ? 'application/problem+json' : 'application/json',
      'Content-Length': String(json.length),
      'X-CART-id': xCartId,
    });
    res.end(json);
  }

  async function process(route: Route, req: IncomingMessage, body: Buffer): Promise<Answer> {
    // Spring tracing: a valid traceparent joins the caller's trace (new server span); otherwise a new
    // 64-bit root trace whose span id equals the trace id (Brave's root span).
    const continued = o.honourTraceparent === false ? undefined : traceIdFromTraceparent(req.headers.traceparent);
    const traceID = continued ?? hex(8);
    const spanID = continued ? hex(8) : traceID;
    try {
      const tokens = await frontier(req, route.operation === 'status');
      return await dispatch(route, req, body, tokens, traceID, spanID);
    } catch (e) {
      if (e instanceof GatewayProblem) {
        if (e.body.type.startsWith('/msg/')) {
          e.body.traceID ??= traceID;
          e.body.spanID ??= spanID;
        }
        return problemAnswer(e);
      }
      return problemAnswer(
        dispatcherProblem('/msg/generic-error', `Errore interno del gateway di prova: ${(e as Error).message}`, undefined, { status: 500, traceID, spanID }),
      );
    }
  }

  /** GovWay/CART frontier: authentication certificate, both tokens (docs/gateway-api.md §3, §8.1; docs/jwt-claims.md §2). */
  async function frontier(req: IncomingMessage, statusOnly: boolean): Promise<{ auth: VerifiedToken; signature?: VerifiedToken }> {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    const cn = peer?.subject?.CN;
    const cnText = Array.isArray(cn) ? cn.join(',') : (cn ?? '');
    if (!AUTH_CN.test(cnText))
      throw contentDeny(
        `Il certificato client (${cnText}) non è un certificato di autenticazione A<n>#: per il canale TLS va usato il certificato di autenticazione`,
      );
    const authHeader = req.headers.authorization;
    if (!authHeader) throw tokenRequired("Header 'Authorization: Bearer <JWT>' mancante");
    if (!/^Bearer /.test(authHeader) || authHeader.length <= 7) throw tokenRequired("Header 'Authorization' deve avere la forma 'Bearer <JWT>'");
    const sigHeader = req.headers['fse-jwt-signature'];
    const sigToken = Array.isArray(sigHeader) ? sigHeader[0] : sigHeader;
    if (!statusOnly && !sigToken) throw tokenRequired("Header 'FSE-JWT-Signature' mancante");
    const ctx = { caCerts, audience, now: o.now, ...(o.jwtAlgorithms ? { algorithms: o.jwtAlgorithms } : {}) };
    const auth = await verifyFrontierToken(authHeader.slice(7).trim(), 'auth', ctx);
    const signature = sigToken ? await verifyFrontierToken(sigToken.replace(/^Bearer /, '').trim(), 'integrity', ctx) : undefined;
    checkAuthTokenClaims(auth.payload, signature?.payload);
    if (signature && o.registeredSoftware) checkSoftwareIdentity(signature.payload, o.registeredSoftware);
    return { auth, signature };
  }

  async function dispatch(
    route: Route,
    req: IncomingMessage,
    body: Buffer,
    t: { auth: VerifiedToken; signature?: VerifiedToken },
    traceID: string,
    spanID: string,
  ): Promise<Answer> {
    if (route.operation === 'status') return status(route, t.auth, traceID, spanID);
    const op = route.operation as ClaimOperation;
    if (op === 'updateMetadata') {
      // Spring deserialises the JSON body before the controller runs.
      const ct = req.headers['content-type'] ?? '';
      if (!/^application\/json\b/i.test(ct))
        return { status: 415, body: { timestamp: o.now().toISOString(), status: 415, error: 'Unsupported Media Type', path: req.url } };
      const meta = parseMetadataBody(body.toString('utf8'));
      if (!isValidMasterId(route.id)) throw dispatcherProblem('/msg/id-doc', 'Identificativo documento nel path non valido', '/id-doc');
      const claims = checkSignatureClaims(t.signature!.payload, op);
      checkMetadataBody(meta);
      const wii = `${sha256hex(route.id!)}.${hex(5)}${WII_SUFFIX}`;
      const doc = store.current(route.id!);
      if (!doc) throw notFound(wii);
      // Status events are recorded with the change itself: a look-up finds them even if the answer is then lost.
      store.update((s) => {
        s.putDoc({ ...doc, metadataUpdates: doc.metadataUpdates + 1 });
        s.putTransaction(tx(wii, traceID, claims.sub, route.id!, ['RIFERIMENTI_INI', 'EDS_UPDATE', 'INI_UPDATE']));
      });
      return { status: 200, body: { traceID, spanID, workflowInstanceId: wii } };
    }
    if (op === 'delete') {
      if (!isValidMasterId(route.id)) throw dispatcherProblem('/msg/id-doc', 'Identificativo documento nel path non valido', '/id-doc');
      const claims = checkSignatureClaims(t.signature!.payload, op);
      const wii = `${sha256hex(route.id!)}.${hex(5)}${WII_SUFFIX}`;
      const doc = store.current(route.id!);
      if (!doc) throw notFound(wii);
      store.update((s) => {
        s.putDoc({ ...doc, deleted: true });
        s.putTransaction(tx(wii, traceID, claims.sub, route.id!, ['RIFERIMENTI_INI', 'EDS_DELETE', 'INI_DELETE']));
      });
      return { status: 200, body: { traceID, spanID, workflowInstanceId: wii } };
    }
    return publish(op, route, req, body, t.signature!, traceID, spanID);
  }

  async function publish(
    op: 'validateAndCreate' | 'replace',
    route: Route,
    req: IncomingMessage,
    body: Buffer,
    sig: VerifiedToken,
    traceID: string,
    spanID: string,
  ): Promise<Answer> {
    const claims = checkSignatureClaims(sig.payload, op);
    if (op === 'replace' && !isValidMasterId(route.id)) throw dispatcherProblem('/msg/id-doc', 'Identificativo documento nel path non valido', '/id-doc');
    // Multipart parsed by undici's spec-compliant FormData parser (already a dependency): a part with a filename
    // becomes a File, a plain field a string, which is exactly the field/file distinction the servlet makes.
    let form: FormData;
    try {
      const ct = req.headers['content-type'] ?? '';
      form = (await new UndiciRequest('https://stand-in.invalid/', {
        method: 'POST',
        headers: { 'content-type': ct },
        body,
      }).formData()) as unknown as FormData;
    } catch {
      throw mandatoryElement('Richiesta multipart/form-data non leggibile: servono i campi requestBody e file');
    }
    const rb = form.get('requestBody');
    if (rb !== null && typeof rb !== 'string')
      throw mandatoryElement('Il campo requestBody deve essere un campo di testo, non un file (è stato inviato come parte con filename)');
    const json = parsePublicationBody(rb ?? undefined, op);

    const file = form.get('file');
    const pdf = file !== null && typeof file !== 'string' ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    if (pdf.length === 0) throw dispatcherProblem('/msg/empty-file', 'File vuoto o assente: il PDF va inviato come parte file con filename', '/empty-file');
    if (Buffer.from(pdf.subarray(0, 4)).toString('latin1') !== '%PDF') throw dispatcherProblem('/msg/document-type', 'Il file non è un PDF', '/non-pdf-file');
    const doc = await loadPdf(pdf);
    const signError = checkPades(doc, pdf);
    if (signError) throw dispatcherProblem('/msg/sign-error', signError);
    const cda = extractCda(doc, json.mode);
    if (!cda) throw dispatcherProblem('/msg/cda-element', "Errore in fase di estrazione del CDA: allegato 'cda.xml' non trovato", '/cda-extraction');
    const facts = readCdaFacts(cda) ?? { patientIds: [] };
    checkClaimsAgainstCda(claims, facts);
    if (!facts.firstId)
      throw dispatcherProblem(
        '/msg/workflow-id-error-extraction',
        "Errore in fase di estrazione dell'identificativo del workflow: il primo <id> del CDA deve avere root ed extension",
      );
    const wii = `${facts.firstId.root}.${sha256hex(facts.firstId.extension)}.${hex(5)}${WII_SUFFIX}`;
    // CART has no separate validation call, so the one-shot flow generates the wii itself: any body value fails.
    if (json.workflowInstanceId !== undefined)
      throw dispatcherProblem('/msg/cda-match', 'Il CDA non risulta validato', '/cda-not-validated', { workflowInstanceId: wii });
    const sha = sha256hex(pdf);
    if ((claims.attachmentHash ?? '').toLowerCase() !== sha)
      throw dispatcherProblem('/msg/document-hash', "L'attachment_hash del token non corrisponde allo SHA-256 del file inviato", '/jwt-hash-match', {
        workflowInstanceId: wii,
      });
    const newId = json.identificativoDoc;
    if (op === 'replace' && !store.current(route.id!)) throw notFound(wii);
    if (!newId) throw mandatoryElement('Il campo identificativo documento deve essere valorizzato.');
    const patientHash = sha256hex(claims.personId.split('^')[0] ?? '');
    store.update((s) => {
      const existing = s.doc(newId);
      const duplicate = !!existing && !existing.deleted && !(op === 'replace' && newId === route.id);
      if (existing && !existing.deleted) {
        if (duplicate) existing.createCount++;
        existing.sha256 = sha;
        existing.workflowInstanceId = wii;
        existing.patientHash = patientHash;
        if (op === 'replace' && newId === route.id) delete existing.replacedBy;
        s.putDoc(existing);
      } else {
        s.putDoc({ identificativoDoc: newId, sha256: sha, createCount: 1, deleted: false, metadataUpdates: 0, patientHash, workflowInstanceId: wii });
      }
      if (op === 'replace' && newId !== route.id) s.putDoc({ ...s.doc(route.id!)!, replacedBy: newId });
      const t = tx(wii, traceID, claims.sub, newId, [op === 'replace' ? 'REPLACE' : 'PUBLICATION']);
      // The real gateway notices a duplicate only when INI refuses it, after the 202 (#2596).
      t.events.push(
        duplicate
          ? event('SEND_TO_INI', newId, 'BLOCKING_ERROR', 'Documento già presente su INI (uniqueId duplicato)')
          : event('SEND_TO_INI', newId, 'SUCCESS'),
      );
      s.putTransaction(t);
    });
    // OpenAPI 2026-07: the publication answer carries the FHIR Bundle made from the CDA, as a string (clinical data,
    // the patient's tax code included): the client must read it tolerantly and never store it verbatim.
    const fhirBundle = JSON.stringify({
      resourceType: 'Bundle',
      type: 'document',
      entry: [
        { resource: { resourceType: 'Composition', identifier: { value: newId } } },
        { resource: { resourceType: 'Patient', identifier: [{ system: 'http://hl7.org/fhir/sid/it-cf', value: claims.personId.split('^')[0] ?? '' }] } },
      ],
    });
    return { status: 202, body: { traceID, spanID, workflowInstanceId: wii, warning: json.mode === undefined ? WARN_MODE_OMITTED : '', fhirBundle } };
  }

  function status(route: Route, auth: VerifiedToken, traceID: string, spanID: string): Answer {
    const subjectHash = sha256hex(String(auth.payload.sub));
    const txs = route.statusKind === 'trace' ? store.byTrace(route.id!) : [store.transaction(route.id!)].filter((x) => x !== undefined);
    if (txs.length === 0) throw dispatcherProblem('/msg/record-not-found', 'Nessuna transazione trovata per l’identificativo indicato', '/record-not-found');
    const mine = txs.filter((x) => x.subjectHash === subjectHash);
    if (mine.length === 0) throw dispatcherProblem('/msg/unauthorized', 'La transazione appartiene a un altro soggetto (sub)', '/unauthorized');
    const transactionData = mine.flatMap((x) => x.events.map((e) => ({ ...e, workflowInstanceId: x.workflowInstanceId, traceId: x.traceId })));
    return { status: 200, body: { traceID, spanID, transactionData } };
  }

  function notFound(wii: string): GatewayProblem {
    return dispatcherProblem('/msg/record-not-found', 'Errore. Nessun riferimento trovato.', '/record-not-found', { workflowInstanceId: wii });
  }

  function event(eventType: string, id: string, eventStatus: StatusEvent['eventStatus'] = 'SUCCESS', message?: string): StatusEvent {
    return { eventType, eventStatus, eventDate: o.now().toISOString(), identificativoDocumento: id, ...(message ? { message } : {}) };
  }

  function tx(wii: string, traceId: string, sub: string, id: string, types: string[]) {
    return { workflowInstanceId: wii, traceId, subjectHash: sha256hex(sub), events: types.map((ty) => event(ty, id)) };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}${BASE_PATH}`;
  audience ||= url.replace(/\/$/, '');

  mkdirSync(o.stateDir, { recursive: true });
  const caFile = join(o.stateDir, 'server-ca.pem');
  writeFileSync(caFile, serverCaPem(o));

  return {
    url,
    caFile,
    audience,
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    documents: () =>
      store.allDocs().map((d) => ({
        identificativoDoc: d.identificativoDoc,
        sha256: d.sha256,
        createCount: d.createCount,
        deleted: d.deleted,
        ...(d.replacedBy ? { replacedBy: d.replacedBy } : {}),
        metadataUpdates: d.metadataUpdates,
        ...(d.patientHash ? { patientHash: d.patientHash } : {}),
      })),
    requests: () => log.map((r) => ({ ...r })),
    tlsRefusals: () => [...tlsRefusals],
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of hangTimers) clearTimeout(t);
        hangTimers.clear();
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function serverCaPem(o: MockCartOptions): string {
  if (o.serverCaPem) return o.serverCaPem;
  const chain = splitPem(o.tlsCertPem);
  if (chain.length > 1) return chain.slice(1).join('\n') + '\n';
  const leaf = new X509Certificate(chain[0] ?? o.tlsCertPem);
  const issuers = splitPem(o.clientCaPem).filter((p) => leaf.checkIssued(new X509Certificate(p)));
  return issuers.length ? issuers.join('\n') + '\n' : leaf.toString();
}

/** Generates a throw-away test PKI into dir (CA, server cert, A1/S1 PKCS#12 with passwords) and starts the server: used by `fse-desk mock-cart`. */
export async function startMockCartWithTestPki(o: {
  stateDir: string;
  port?: number;
  latencyMs?: number;
  /** The stand-in's clock, and the instant a new test PKI's validity is built around. */
  now: () => Date;
  registeredSoftware?: RegisteredSoftware;
}): Promise<{ cart: MockCart; pki: { caFile: string; authP12: string; signatureP12: string; signerP12: string; password: string } }> {
  const pki = makeTestPkiFiles(join(o.stateDir, 'pki'), o.now());
  const cart = await startMockCart({
    stateDir: o.stateDir,
    port: o.port,
    latencyMs: o.latencyMs,
    tlsKeyPem: pki.serverKeyPem,
    tlsCertPem: pki.serverCertPem,
    clientCaPem: pki.caPem,
    serverCaPem: pki.caPem,
    now: o.now,
    ...(o.registeredSoftware ? { registeredSoftware: o.registeredSoftware } : {}),
  });
  return { cart, pki: { caFile: pki.caFile, authP12: pki.authP12, signatureP12: pki.signatureP12, signerP12: pki.signerP12, password: pki.password } };
}
