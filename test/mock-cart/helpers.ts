// Builds real requests for the stand-in gateway, independently of the app's CART client: jose for the tokens,
// undici for mutual TLS and multipart. Each test starts from a valid call and breaks one thing.
import { SIGNED_SAMPLES } from '../support/reference.js';
import { createHash, createPrivateKey, randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { Agent, FormData, request } from 'undici';
import { testClock } from '../support/clock.js';
import { makeCert, type TestCert, type TestPki } from '../support/pki.js';
import type { MockCart } from '../../mock-cart/server.js';
import { startTestCart } from '../support/test-cart.js';

export const SAMPLES = SIGNED_SAMPLES;
export const RSA1 = readFileSync(join(SAMPLES, 'SIGNED_RSA1.pdf'));
export const RSA1_TYPE = "('11488-4^^2.16.840.1.113883.6.1')";
export const RSA1_PATIENT = 'RSSMRA22A01A399Z';
export const OPERATOR = 'BRGLRZ80D58H501Q';
export const MEF = '^^^&2.16.840.1.113883.2.9.4.3.2&ISO';
export const sha256hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export interface Env {
  dir: string;
  pki: TestPki;
  cart: MockCart;
  agent: Agent;
}

export async function startEnv(): Promise<Env> {
  const dir = mkdtempSync(join(tmpdir(), 'mock-cart-'));
  const { pki, cart } = await startTestCart(dir);
  return { dir, pki, cart, agent: clientAgent(pki, pki.auth) };
}

export async function stopEnv(env: Env): Promise<void> {
  await env.agent.close();
  await env.cart.close();
}

export function clientAgent(pki: TestPki, client?: TestCert, headersTimeout?: number): Agent {
  return new Agent({
    connect: { ca: pki.ca.certPem, ...(client ? { cert: client.certPem, key: client.keyPem } : {}) },
    ...(headersTimeout ? { headersTimeout, bodyTimeout: headersTimeout } : {}),
  });
}

export const x5cOf = (c: TestCert): string => new X509Certificate(c.certPem).raw.toString('base64');

export async function signJwt(payload: Record<string, unknown>, signer: TestCert, header: Record<string, unknown> = {}): Promise<string> {
  const hdr = { alg: 'RS256', typ: 'JWT', x5c: [x5cOf(signer)], ...header };
  return new SignJWT(payload).setProtectedHeader(hdr as { alg: string }).sign(createPrivateKey(signer.keyPem));
}

export type Op = 'validateAndCreate' | 'replace' | 'delete' | 'updateMetadata';
const MATRIX: Record<Op, { action_id: string; purpose_of_use: string }> = {
  validateAndCreate: { action_id: 'CREATE', purpose_of_use: 'TREATMENT' },
  replace: { action_id: 'UPDATE', purpose_of_use: 'UPDATE' },
  updateMetadata: { action_id: 'UPDATE', purpose_of_use: 'UPDATE' },
  delete: { action_id: 'DELETE', purpose_of_use: 'UPDATE' },
};

export function reservedClaims(env: Env, kind: 'auth' | 'integrity', signer: TestCert = env.pki.signature): Record<string, unknown> {
  const now = Math.floor(testClock().getTime() / 1000);
  const cn = new X509Certificate(signer.certPem).subject
    .split('\n')
    .find((l) => l.startsWith('CN='))!
    .slice(3);
  return { iss: `${kind}:${cn}`, sub: OPERATOR + MEF, aud: env.cart.audience, iat: now, exp: now + 300, jti: randomUUID() };
}

export function signatureClaims(env: Env, op: Op, pdf?: Uint8Array): Record<string, unknown> {
  return {
    ...reservedClaims(env, 'integrity'),
    subject_organization_id: '090',
    subject_organization: 'Regione Toscana',
    locality: 'POLIAMBULATORIO PROVA^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
    subject_role: 'AAS',
    person_id: RSA1_PATIENT + MEF,
    patient_consent: true,
    ...MATRIX[op],
    ...(op !== 'delete' ? { resource_hl7_type: RSA1_TYPE } : {}),
    ...(pdf ? { attachment_hash: sha256hex(pdf) } : {}),
    subject_application_id: 'FSE Desk',
    subject_application_vendor: 'FSE Desk Test',
    subject_application_version: '0.1.0',
  };
}

let counter = 0;
export function newDocId(): string {
  return `2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.${testClock().getTime()}${++counter}`;
}

export function publicationBody(id = newDocId()): Record<string, unknown> {
  return {
    tipologiaStruttura: 'Territorio',
    tipoDocumentoLivAlto: 'REF',
    assettoOrganizzativo: 'AD_PSC107',
    tipoAttivitaClinica: 'CON',
    identificativoSottomissione: '2.16.840.1.113883.2.9.2.90.4.3.1',
    administrativeRequest: ['NOSSN'],
    identificativoDoc: id,
    identificativoRep: '2.16.840.1.113883.2.9.2.90.4.5.999',
    dataInizioPrestazione: '20240105100000',
    mode: 'ATTACHMENT',
    healthDataFormat: 'CDA',
  };
}

export interface CallOptions {
  op: Op;
  id?: string;
  pdf?: Uint8Array;
  body?: Record<string, unknown> | string;
  auth?: (c: Record<string, unknown>) => void;
  sig?: (c: Record<string, unknown>) => void;
  authToken?: string | null;
  sigToken?: string | null;
  signer?: TestCert;
  sigHeader?: Record<string, unknown>;
  agent?: Agent;
  /** Extra request headers (e.g. traceparent). */
  headers?: Record<string, string>;
  /** Build the multipart form by hand. */
  form?: (f: FormData, bodyText: string, pdf: Uint8Array) => void;
}

export interface CallResult {
  status: number;
  xCartId?: string;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

export async function call(env: Env, o: CallOptions): Promise<CallResult> {
  const pdf = o.pdf ?? RSA1;
  const withFile = o.op === 'validateAndCreate' || o.op === 'replace';
  const authClaims = reservedClaims(env, 'auth', o.signer);
  const sigClaims: Record<string, unknown> = {
    ...signatureClaims(env, o.op, withFile ? pdf : undefined),
    ...(o.signer ? { iss: reservedClaims(env, 'integrity', o.signer).iss } : {}),
  };
  sigClaims.sub = authClaims.sub;
  sigClaims.iat = authClaims.iat;
  sigClaims.exp = authClaims.exp;
  o.auth?.(authClaims);
  o.sig?.(sigClaims);
  const signer = o.signer ?? env.pki.signature;
  const authToken = o.authToken === undefined ? await signJwt(authClaims, signer) : o.authToken;
  const sigToken = o.sigToken === undefined ? await signJwt(sigClaims, signer, o.sigHeader) : o.sigToken;
  const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
  if (authToken !== null) headers.authorization = `Bearer ${authToken}`;
  if (sigToken !== null) headers['fse-jwt-signature'] = sigToken;
  const id = encodeURIComponent(o.id ?? '');
  const path = {
    validateAndCreate: 'documents/validate-and-create',
    replace: `documents/${id}`,
    delete: `documents/${id}`,
    updateMetadata: `documents/${id}/metadata`,
  }[o.op];
  const method = { validateAndCreate: 'POST', replace: 'PUT', delete: 'DELETE', updateMetadata: 'PUT' }[o.op];
  let body: FormData | string | undefined;
  if (withFile) {
    const text = typeof o.body === 'string' ? o.body : JSON.stringify(o.body ?? publicationBody());
    const form = new FormData();
    if (o.form) o.form(form, text, pdf);
    else {
      form.append('requestBody', text);
      form.append('file', new Blob([Buffer.from(pdf)], { type: 'application/pdf' }), 'document.pdf');
    }
    body = form;
  } else if (o.op === 'updateMetadata') {
    headers['content-type'] = 'application/json';
    body =
      typeof o.body === 'string'
        ? o.body
        : JSON.stringify(
            o.body ?? {
              tipologiaStruttura: 'Territorio',
              tipoDocumentoLivAlto: 'REF',
              assettoOrganizzativo: 'AD_PSC107',
              tipoAttivitaClinica: 'CON',
              identificativoSottomissione: '2.16.840.1.113883.2.9.2.90.4.3.1',
              administrativeRequest: ['NOSSN'],
            },
          );
  }
  const res = await request(new URL(path, env.cart.url), { method: method as 'POST', headers, body, dispatcher: o.agent ?? env.agent });
  const text = await res.body.text();
  const xc = res.headers['x-cart-id'];
  return {
    status: res.statusCode,
    xCartId: Array.isArray(xc) ? xc[0] : xc,
    headers: res.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** A valid publication; returns the published id and the answer. */
export async function publish(env: Env, id = newDocId()): Promise<{ id: string; res: CallResult }> {
  const res = await call(env, { op: 'validateAndCreate', body: publicationBody(id) });
  return { id, res };
}

export async function getStatus(env: Env, path: string, sub = OPERATOR + MEF, extraHeaders: Record<string, string> = {}): Promise<CallResult> {
  const token = await signJwt({ ...reservedClaims(env, 'auth'), sub }, env.pki.signature);
  const res = await request(new URL(path, env.cart.url), {
    method: 'GET',
    headers: { ...extraHeaders, authorization: `Bearer ${token}` },
    dispatcher: env.agent,
  });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    xCartId: res.headers['x-cart-id'] as string,
    headers: res.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

export { makeCert };
