// What the CART/GovWay frontier checks on each of the two JWTs before the dispatcher sees them
// (docs/jwt-claims.md §2, §3, §7; docs/gateway-api.md §8.1). Signature verification is jose's job.
import { X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { contentDeny, tokenFailed } from './problems.js';

export type TokenKind = 'auth' | 'integrity';

export interface VerifiedToken {
  payload: Record<string, unknown>;
  /** CN of the x5c signature certificate. */
  signerCn: string;
}

export interface FrontierContext {
  caCerts: X509Certificate[];
  audience: string;
  /** The stand-in's clock: x5c validity, iat and exp. */
  now: () => Date;
  /** The JWS algorithms accepted; default SPEC_JWT_ALGORITHMS. */
  algorithms?: readonly string[];
}

/** The algorithms the gateway's documents allow (the spec's "RS383" is a typo for RS384). */
export const SPEC_JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;
/**
 * The ECDSA algorithms FSE Desk signs with for EC certificates. The documents do not name them, so the
 * stand-in accepts them only when told to (a frontier configured for them, as GovWay can be).
 */
export const EC_JWT_ALGORITHMS = ['ES256', 'ES384'] as const;
const MAX_LIFETIME_S = 24 * 3600; // the spec asks for a "short" lifetime without a number: refuse day-long tokens
const CLOCK_SKEW_S = 60;
export const SIGNATURE_CN = /^S\d+#/;
export const AUTH_CN = /^A\d+#/;

export function commonName(cert: X509Certificate): string | undefined {
  for (const line of cert.subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return undefined;
}

export function chainsTo(cert: X509Certificate, cas: X509Certificate[]): boolean {
  return cas.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
}

function isValidAt(cert: X509Certificate, ms: number): boolean {
  return Date.parse(cert.validFrom) <= ms && ms <= Date.parse(cert.validTo);
}

/** The product triple registered at accreditation (the ministry's list: Applicativo, Fornitore, Versione). */
export interface RegisteredSoftware {
  applicationId: string;
  vendor: string;
  version: string;
}

/**
 * The frontier's software-identity check (GATEWAY.md §3.2, pitfall 6; docs/jwt-claims.md §4.11): the three
 * subject_application_* claims of FSE-JWT-Signature must equal the registered triple byte for byte, else
 * 403 AuthorizationContentDeny. A status look-up carries no signature token, so it is never checked here.
 */
export function checkSoftwareIdentity(payload: Record<string, unknown>, registered: RegisteredSoftware): void {
  const sent = { applicationId: payload.subject_application_id, vendor: payload.subject_application_vendor, version: payload.subject_application_version };
  const wrong = (Object.keys(registered) as Array<keyof RegisteredSoftware>).filter((k) => sent[k] !== registered[k]);
  if (wrong.length)
    throw contentDeny(
      `Applicativo non abilitato: ${wrong.map((k) => `subject_application_${k === 'applicationId' ? 'id' : k}`).join(', ')} diverso da quanto registrato in accreditamento`,
    );
}

export async function verifyFrontierToken(token: string, kind: TokenKind, ctx: FrontierContext): Promise<VerifiedToken> {
  const label = kind === 'auth' ? 'Authorization' : 'FSE-JWT-Signature';
  const fail = (why: string) => tokenFailed(`${label}: ${why}`);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw fail('token non decodificabile (atteso un JWS compatto)');
  }
  const algs: readonly string[] = ctx.algorithms ?? SPEC_JWT_ALGORITHMS;
  if (typeof header.alg !== 'string' || !algs.includes(header.alg)) throw fail(`algoritmo '${String(header.alg)}' non ammesso (${algs.join(', ')})`);
  if (header.typ !== 'JWT') throw fail("header 'typ' deve valere 'JWT'");
  const x5c = header.x5c as unknown;
  if (!Array.isArray(x5c) || x5c.length !== 1 || typeof x5c[0] !== 'string') throw fail("header 'x5c' deve essere un array con un solo certificato");
  const b64 = x5c[0];
  // Standard base64 on one line (issues #1120, #2595): PEM pasted with line breaks is refused.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw fail("'x5c' non è base64 standard su una riga");
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(b64, 'base64'));
  } catch {
    throw fail("'x5c' non contiene un certificato X.509 DER");
  }
  const nowMs = ctx.now().getTime();
  if (!chainsTo(cert, ctx.caCerts)) throw fail('certificato di firma non emesso da una CA riconosciuta');
  if (!isValidAt(cert, nowMs)) throw fail('certificato di firma scaduto o non ancora valido');
  const cn = commonName(cert) ?? '';
  if (AUTH_CN.test(cn)) throw fail(`il token è firmato con il certificato di autenticazione (${cn}): usare il certificato di firma S#`);
  if (!SIGNATURE_CN.test(cn)) throw fail(`il CN del certificato di firma (${cn}) non è nella forma S<n>#...`);

  let payloadBytes: Uint8Array;
  try {
    const key = await importX509(cert.toString(), header.alg);
    payloadBytes = (await compactVerify(token, key, { algorithms: [...algs] })).payload;
  } catch {
    throw fail('firma del token non valida');
  }
  let payload: Record<string, unknown>;
  try {
    const parsed = JSON.parse(Buffer.from(payloadBytes).toString('utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    payload = parsed as Record<string, unknown>;
  } catch {
    throw fail('payload non è un oggetto JSON');
  }

  const expectedIss = `${kind}:${cn}`;
  if (payload.iss !== expectedIss) throw fail(`'iss' deve valere '${expectedIss}' (prefisso + CN del certificato di firma)`);
  if (typeof payload.aud !== 'string') throw fail("'aud' deve essere una stringa singola (non un array)");
  if (payload.aud !== ctx.audience) throw fail(`'aud' non corrisponde al servizio (atteso '${ctx.audience}')`);
  if ('nbf' in payload) throw fail("il claim 'nbf' non deve essere presente");
  if (typeof payload.jti !== 'string' || payload.jti === '') throw fail("'jti' deve essere una stringa non vuota");
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isInteger(iat)) throw fail("'iat' deve essere un intero (secondi)");
  if (typeof exp !== 'number' || !Number.isInteger(exp)) throw fail("'exp' deve essere un intero (secondi)");
  const nowS = Math.floor(nowMs / 1000);
  if (iat > nowS + CLOCK_SKEW_S) throw fail("'iat' è nel futuro (millisecondi al posto di secondi, o orologio non sincronizzato?)");
  if (exp <= nowS - CLOCK_SKEW_S) throw fail('token scaduto');
  if (exp <= iat) throw fail("'exp' deve essere successivo a 'iat'");
  if (exp - iat > MAX_LIFETIME_S) throw fail('durata del token eccessiva');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw fail("'sub' deve essere presente");
  return { payload, signerCn: cn };
}
