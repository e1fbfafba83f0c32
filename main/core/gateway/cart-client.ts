// The mutual-TLS CART client on undici. One Agent per client: TLS client certificate = the AUTH
// PKCS#12, trust = system roots + profile.trustedCaFile, certificate verification always on.
// Every call gets a fresh JWT pair, returns a CartResult (never throws for network/HTTP problems)
// and is written to the journal when one is given.
import { Agent, util as undiciUtil, type Dispatcher } from 'undici';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { createSecureContext, rootCertificates, type ConnectionOptions } from 'node:tls';
import { pickCartIds } from '../../../contract/cart-ids.js';
import type { Profile } from '../../../contract/profile.js';
import { effectiveSoftwareIdentity } from '../../../contract/software-identity.js';
import { sha256Hex, isTraceId, newSpanId, newTraceId, type Clock } from '../shared/index.js';
import type { CartCredentials, Pkcs12Bundle } from '../credentials/index.js';
import type { PurposeOfUse, SignedOperation, StandardClaims } from './jwt-claims.js';
import { signCartTokens, type CartTokens } from './jwt-sign.js';
import { classifyHttpError, classifyNetworkError, CLIENT_CERTIFICATE_REFUSED_IT, type ExchangePhase, type Problem } from './classify.js';
import { unrecognisedAnswerError, unrecognisedSuccess } from './gateway-answer.js';
import { clientCertificateRefused } from './tls-probe.js';
import { tlsHandshake, type HandshakeOptions, type HandshakeOutcome } from './tls-handshake.js';
import { audienceOf, baseUrlOf, METHODS, operationUrl, UnsafePathError } from './endpoints.js';
import { formatTraceparent } from './traceparent.js';
import { encodeMultipart } from './multipart.js';
import type { CartJournal, JournalEntry, TokenSummary } from './journal.js';
import type { CreateBody, MetadataBody, ReplaceBody } from './request-bodies.js';
import type { CartOperation, CartResult } from './types.js';

export interface CartTimeouts {
  connectMs: number;
  /** Until the response headers: validate-and-create validates synchronously, so this is generous. */
  headersMs: number;
  /** Between two chunks of the response body. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: CartTimeouts = { connectMs: 15_000, headersMs: 120_000, bodyMs: 60_000 };

export interface DocumentClaims {
  /** Patient tax code (person_id). */
  patientId: string;
  /** ClinicalDocument/code (resource_hl7_type); optional for delete only. */
  documentCode?: { code: string; codeSystem: string };
}

/**
 * A validated call, ready to send. `clientTraceId` (32 lowercase hex) is the W3C trace id put in the
 * `traceparent` header; absent (or not a valid trace id) → a random one. Every call gets a NEW span id:
 * the outbox passes the same trace id on every attempt of a job, so "was any attempt of this job
 * applied?" is one `status/search/{traceId}` look-up, while each attempt stays a distinct span.
 */
export type CartCall = (
  | { operation: 'validateAndCreate'; pdf: Uint8Array; fileName: string; body: CreateBody; claims: Required<DocumentClaims> }
  | { operation: 'replace'; id: string; pdf: Uint8Array; fileName: string; body: ReplaceBody; claims: Required<DocumentClaims>; purposeOfUse?: PurposeOfUse }
  | { operation: 'delete'; id: string; claims: DocumentClaims }
  | { operation: 'updateMetadata'; id: string; body: MetadataBody; claims: Required<DocumentClaims>; purposeOfUse?: PurposeOfUse }
  | { operation: 'statusByWorkflow'; workflowInstanceId: string }
  | { operation: 'statusByTrace'; traceId: string }
) & { clientTraceId?: string };

export interface CartClientOptions {
  profile: Profile;
  credentials: CartCredentials;
  /** PEM of extra trusted CAs (contents of profile.trustedCaFile). */
  trustedCaPem?: string;
  timeouts?: Partial<CartTimeouts>;
  journal?: CartJournal;
  /** Told when an exchange could not be journalled (the result is returned all the same, with `journalError`). */
  onJournalError?: (message: string) => void;
  /** The person on whose behalf calls are made (JWT sub, subject_role); default profile.operator. */
  operator?: { fiscalCode: string; role: string };
  /** JWT iat/exp and Retry-After dates. */
  now: Clock;
}

/**
 * How much of an answer is read and kept. Why: an answer of any size was held in memory and stored in the
 * append-only journal forever (one 64 MB error page: 560 MB of memory, 67 MB of journal). The gateway's
 * own answers are small JSON; a publication answer may carry `fhirBundle` (the FHIR form of the CDA,
 * no size limit in the OpenAPI), so a 2xx of create/replace may be read further, never kept whole.
 */
export const RESPONSE_BODY_CAP = 256 * 1024;
export const PUBLICATION_ANSWER_READ_CAP = 8 * 1024 * 1024;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** The bytes read: the whole body, or its first bytes when reading stopped at the cap. */
  body: Buffer;
  /** False when reading stopped at the cap: `body` is then only the beginning of the answer. */
  complete: boolean;
  /** The body's full length when known (read to its end, or declared by Content-Length). */
  length?: number;
  /** SHA-256 of the bytes read (of the whole body when `complete`). */
  sha256: string;
}

/** Thrown into undici to stop reading an answer past its cap; the part read is kept. */
class ReadCapReached extends Error {}

interface PreparedBody {
  /** One buffer, or chunks sent in order (multipart: the PDF is one of them, not copied). */
  bytes?: Buffer | Uint8Array[];
  length?: number;
  contentType?: string;
  summary?: JournalEntry['requestBody'];
}

function pemChain(bundle: Pkcs12Bundle): string[] {
  // Leaf plus intermediates; self-signed roots are left out (the server has them).
  return [bundle.certificate.toString(), ...bundle.chain.filter((c) => c.subject !== c.issuer).map((c) => c.toString())];
}

function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now.getTime());
}

function tokenSummary(token: string, claims: StandardClaims): TokenSummary {
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { alg?: string; typ?: string; x5c?: string[] };
  const { person_id: personId, ...rest } = claims;
  return {
    header: {
      ...(header.alg ? { alg: header.alg } : {}),
      ...(header.typ ? { typ: header.typ } : {}),
      ...(header.x5c?.[0] ? { x5cSha256: sha256Hex(Buffer.from(header.x5c[0], 'base64')) } : {}),
    },
    // person_id carries the patient's tax code: only its presence is kept.
    claims: personId === undefined ? rest : { ...rest, person_id: '[present, not stored]' },
  };
}

export class CartClient {
  private readonly agent: Agent;
  private readonly tlsOptions: ConnectionOptions;
  private readonly now: Clock;

  constructor(private readonly o: CartClientOptions) {
    const t = { ...DEFAULT_TIMEOUTS, ...o.timeouts };
    const host = new URL(baseUrlOf(o.profile)).hostname;
    this.now = o.now;
    this.tlsOptions = {
      // The key lives only in this process's memory; Node's TLS takes PEM.
      key: o.credentials.auth.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      cert: pemChain(o.credentials.auth),
      ca: [...rootCertificates, ...(o.trustedCaPem ? [o.trustedCaPem] : [])],
      rejectUnauthorized: true,
      // SNI cannot carry an IP address.
      ...(isIP(host) ? {} : { servername: host }),
    };
    // One secure context for every connection: built from these options per connection, it re-parses the
    // ~140 system root certificates each time (tens of ms of CPU per new connection).
    const secureContext = createSecureContext({ key: this.tlsOptions.key, cert: this.tlsOptions.cert, ca: this.tlsOptions.ca });
    this.agent = new Agent({
      connect: {
        secureContext,
        rejectUnauthorized: true,
        ...(this.tlsOptions.servername ? { servername: this.tlsOptions.servername } : {}),
        timeout: t.connectMs,
      } as Agent.Options['connect'],
      connectTimeout: t.connectMs,
      headersTimeout: t.headersMs,
      bodyTimeout: t.bodyMs,
      // One request per connection attempt is enough for a desk app; no pipelining surprises.
      pipelining: 1,
    });
  }

  /** The connection check behind «In linea»: a TLS handshake with the client certificate, no HTTP request (tls-handshake.ts). */
  handshake(o?: HandshakeOptions): Promise<HandshakeOutcome> {
    return tlsHandshake(operationUrl(this.o.profile, 'validateAndCreate'), this.tlsOptions, o);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private operator(): { fiscalCode: string; role: string } {
    const op = this.o.operator ?? this.o.profile.operator;
    if (!op) throw new Error('no operator (profile.operator) for the JWT sub claim');
    return op;
  }

  private async tokens(call: CartCall, now: Date): Promise<CartTokens> {
    const op = this.operator();
    const cred = { privateKey: this.o.credentials.signature.privateKey, certificate: this.o.credentials.signature.certificate };
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(cred.certificate.subject)?.[1] ?? '';
    const common = { signatureCertCn: cn, audience: audienceOf(this.o.profile), operatorFiscalCode: op.fiscalCode, now };
    if (call.operation === 'statusByWorkflow' || call.operation === 'statusByTrace') return signCartTokens(cred, common);
    const signed: SignedOperation = call.operation;
    return signCartTokens(cred, common, {
      operation: signed,
      locality: this.o.profile.clinic.locality,
      operatorRole: op.role,
      software: effectiveSoftwareIdentity(this.o.profile),
      patientId: call.claims.patientId,
      ...(call.claims.documentCode ? { documentCode: call.claims.documentCode } : {}),
      ...('pdf' in call ? { pdfBytes: call.pdf } : {}),
      ...('purposeOfUse' in call && call.purposeOfUse ? { purposeOfUse: call.purposeOfUse } : {}),
    });
  }

  private async body(call: CartCall): Promise<PreparedBody> {
    if (call.operation === 'validateAndCreate' || call.operation === 'replace') {
      // requestBody is a plain field, not a file: the dispatcher reads it as a servlet parameter (docs/gateway-api.md §5).
      const m = encodeMultipart({ requestBody: JSON.stringify(call.body), file: { name: call.fileName, type: 'application/pdf', bytes: call.pdf } });
      return {
        bytes: m.chunks,
        length: m.length,
        contentType: m.contentType,
        summary: { requestBody: call.body, file: { name: call.fileName, size: call.pdf.byteLength, sha256: sha256Hex(call.pdf) }, size: m.length },
      };
    }
    if (call.operation === 'updateMetadata') {
      const bytes = Buffer.from(JSON.stringify(call.body), 'utf8');
      return { bytes, length: bytes.byteLength, contentType: 'application/json', summary: { json: call.body, size: bytes.byteLength } };
    }
    return {};
  }

  private exchange(
    operation: CartOperation,
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Buffer | Uint8Array[] | undefined,
    state: { phase: ExchangePhase },
  ): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      let status = 0;
      let respHeaders: Record<string, string | string[]> = {};
      let readCap = RESPONSE_BODY_CAP;
      let abort: ((err?: Error) => void) | undefined;
      const chunks: Buffer[] = [];
      let bytesRead = 0;
      const hash = createHash('sha256');
      const raw = (complete: boolean): RawResponse => {
        const declared = Number(headerValue(respHeaders, 'content-length'));
        const length = complete ? bytesRead : Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
        return { status, headers: respHeaders, body: Buffer.concat(chunks), complete, ...(length !== undefined ? { length } : {}), sha256: hash.digest('hex') };
      };
      // Legacy handler callbacks: they are the ones that tell when the request was fully written
      // (onRequestSent), which decides transient vs ambiguous after a failure.
      const handler = {
        onConnect: (abortRequest: (err?: Error) => void) => {
          abort = abortRequest;
          state.phase = 'sending';
        },
        onRequestSent: () => {
          state.phase = 'sent';
        },
        onHeaders: (statusCode: number, rawHeaders: Buffer[]) => {
          if (statusCode < 200) return true;
          state.phase = 'sent';
          status = statusCode;
          respHeaders = undiciUtil.parseHeaders(rawHeaders) as Record<string, string | string[]>;
          if (status < 300 && (operation === 'validateAndCreate' || operation === 'replace')) readCap = PUBLICATION_ANSWER_READ_CAP;
          return true;
        },
        onData: (chunk: Buffer) => {
          // Only what fits under the cap is kept; past it, reading stops and the connection is dropped.
          const room = readCap - bytesRead;
          const kept = room >= chunk.length ? chunk : chunk.subarray(0, Math.max(0, room));
          chunks.push(kept);
          hash.update(kept);
          bytesRead += kept.length;
          if (kept.length < chunk.length) abort?.(new ReadCapReached());
          return true;
        },
        onComplete: () => resolve(raw(true)),
        onError: (err: Error) => (err instanceof ReadCapReached ? resolve(raw(false)) : reject(err)),
      };
      // An array of chunks is written as an iterable body (undici's client-h1 writeIterable; its typings list
      // only single-buffer bodies): the PDF goes to the socket without being copied into one buffer.
      const payload = body as Dispatcher.DispatchOptions['body'];
      this.agent.dispatch(
        { origin: url.origin, path: url.pathname + url.search, method: method as Dispatcher.HttpMethod, headers, ...(payload ? { body: payload } : {}) },
        handler as Dispatcher.DispatchHandler,
      );
    });
  }

  /** Sends one validated call. Network and HTTP failures come back as a CartResult, not as exceptions. */
  async send(call: CartCall): Promise<CartResult> {
    const operation: CartOperation = call.operation;
    const id =
      call.operation === 'statusByWorkflow'
        ? call.workflowInstanceId
        : call.operation === 'statusByTrace'
          ? call.traceId
          : call.operation === 'validateAndCreate'
            ? undefined
            : call.id;
    let url: URL;
    try {
      url = operationUrl(this.o.profile, operation, id);
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      // Nothing is sent (not even the tokens); the whole queue waits for the profile to be fixed (category auth pauses it).
      return { ok: false, operation, error: { category: 'auth', type: 'local/profile-paths', title: 'Richiesta non inviata', message: err.userMessage } };
    }
    const method = METHODS[operation];
    const started = this.now();
    const tokens = await this.tokens(call, started);
    const prepared = await this.body(call);
    const clientTraceId = call.clientTraceId !== undefined && isTraceId(call.clientTraceId) ? call.clientTraceId : newTraceId();
    const clientSpanId = newSpanId();
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${tokens.authorization.token}`,
      traceparent: formatTraceparent(clientTraceId, clientSpanId),
    };
    if (tokens.signature) headers['fse-jwt-signature'] = tokens.signature.token;
    if (prepared.contentType) headers['content-type'] = prepared.contentType;
    if (prepared.length !== undefined) headers['content-length'] = String(prepared.length);

    const state: { phase: ExchangePhase } = { phase: 'connecting' };
    const t0 = performance.now();
    let raw: RawResponse | undefined;
    let failure: unknown;
    try {
      raw = await this.exchange(operation, url, method, headers, prepared.bytes, state);
    } catch (err) {
      failure = err;
    }
    const durationMs = performance.now() - t0;
    const result: CartResult = raw ? this.fromResponse(operation, raw) : { ok: false, operation, error: classifyNetworkError(failure, state.phase) };
    result.clientTraceId = clientTraceId;
    result.clientSpanId = clientSpanId;
    if (!raw && result.error && result.error.category !== 'auth' && state.phase !== 'connecting' && /SOCKET|ECONNRESET|EPIPE/.test(result.error.type ?? '')) {
      // Closed without an answer: tell a refused client certificate apart from a dropped connection.
      if (await clientCertificateRefused(url, this.tlsOptions)) {
        result.error = {
          category: 'auth',
          type: 'tls/client-certificate-refused',
          detail: `${result.error.detail ?? ''} | the server closes authenticated idle connections at once: client certificate refused`,
          message: CLIENT_CERTIFICATE_REFUSED_IT,
        };
      }
    }

    if (this.o.journal) {
      const redacted: Record<string, string> = { ...headers, authorization: `[REDACTED jti=${tokens.authorization.claims.jti}]` };
      if (tokens.signature) redacted['fse-jwt-signature'] = `[REDACTED jti=${tokens.signature.claims.jti}]`;
      const identificativoDoc = call.operation === 'validateAndCreate' ? call.body.identificativoDoc : 'id' in call ? call.id : undefined;
      // A journal that cannot be written (disk full) must not lose the gateway's answer: the caller records the
      // outcome from `result` (the outbox keeps it in its own tables) and the failure travels with it.
      try {
        result.journalId = this.o.journal.append({
          at: started,
          operation,
          method,
          url: url.href,
          ...(identificativoDoc ? { identificativoDoc } : {}),
          requestHeaders: redacted,
          tokens: {
            authorization: tokenSummary(tokens.authorization.token, tokens.authorization.claims),
            ...(tokens.signature ? { signature: tokenSummary(tokens.signature.token, tokens.signature.claims) } : {}),
          },
          ...(prepared.summary ? { requestBody: prepared.summary } : {}),
          ...(raw
            ? {
                responseStatus: raw.status,
                responseHeaders: raw.headers,
                responseBody: raw.body,
                responseBodySha256: raw.sha256,
                responseBodyLength: raw.length ?? null,
              }
            : {}),
          ...pickCartIds(result),
          ok: result.ok,
          ...(result.error ? { category: result.error.category, ...(result.error.type ? { errorType: result.error.type } : {}) } : {}),
          durationMs,
        });
      } catch (err) {
        result.journalError = err instanceof Error ? err.message : String(err);
        this.o.onJournalError?.(result.journalError);
      }
    }
    return result;
  }

  private fromResponse(operation: CartOperation, raw: RawResponse): CartResult {
    let json: Record<string, unknown> | undefined;
    const text = raw.body.toString('utf8');
    try {
      // The beginning of an answer cut at the cap is not JSON; it is never parsed as such.
      const parsed: unknown = text && raw.complete ? JSON.parse(text) : undefined;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    const str = (k: string): string | undefined => (typeof json?.[k] === 'string' ? (json[k] as string) : undefined);
    const xCartId = headerValue(raw.headers, 'x-cart-id');
    const retryAfterMs = parseRetryAfter(headerValue(raw.headers, 'retry-after'), this.now());
    const traceId = str('traceID');
    const spanId = str('spanID');
    const workflowInstanceId = str('workflowInstanceId');
    const warning = str('warning');
    const base: CartResult = {
      ok: raw.status >= 200 && raw.status < 300,
      operation,
      httpStatus: raw.status,
      ...(xCartId ? { xCartId } : {}),
      ...(traceId ? { traceId } : {}),
      ...(spanId ? { spanId } : {}),
      ...(workflowInstanceId ? { workflowInstanceId } : {}),
      ...(warning !== undefined ? { warning } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
    if (base.ok) {
      if (operation === 'statusByWorkflow' || operation === 'statusByTrace') return { ...base, body: json ?? text };
      // A write is accepted only on the gateway's own success answer; anything else may or may not have been applied.
      const why = unrecognisedSuccess(operation, { json, complete: raw.complete, xCartId, contentType: headerValue(raw.headers, 'content-type') });
      return why ? { ...base, ok: false, error: unrecognisedAnswerError(raw.status, why) } : base;
    }
    const problem: Problem = {
      ...(str('type') ? { type: str('type') } : {}),
      ...(str('title') ? { title: str('title') } : {}),
      ...(str('detail') ? { detail: str('detail') } : text && !json ? { detail: text.slice(0, 2000) } : {}),
      ...(str('instance') ? { instance: str('instance') } : {}),
    };
    return { ...base, error: classifyHttpError(operation, raw.status, problem) };
  }
}
