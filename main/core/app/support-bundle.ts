// The text of a support request to the region for one outbox job, as the region asks for it (docs/cart-region.md §10):
// fixed subject "FSE2.0 Richiesta Supporto Produzione|Staging | <struttura> + <fornitore> +
// <applicativo> + <dettagli>", to fseprivati@regione.toscana.it (cc cartdesk@regione.toscana.it in
// production only), with identificativoDoc, X-Cart-id, traceID, spanID, workflowInstanceId, times, the
// request and the response as journaled. Redaction: tokens are never included (the journal keeps only
// "[REDACTED jti=…]" and a claim summary; any JWT-shaped text is masked again here) and every personal
// tax code is replaced by a mask — the e-mail leaves the clinic.
import type { OutboxHistoryEntry, OutboxJobView, SupportBundle } from '../../../contract/outbox.js';
import type { Profile } from '../../../contract/profile.js';
import { effectiveSoftwareIdentity } from '../../../contract/software-identity.js';
import { redactFhirBundle, type JournalRow } from '../gateway/index.js';
import { maskTaxCodes } from './mask-tax-codes.js';

const SUPPORT_TO = 'fseprivati@regione.toscana.it';
const SUPPORT_CC_PRODUCTION = 'cartdesk@regione.toscana.it';
/** Host of the production gateway (docs/cart-region.md §2). */
const PRODUCTION_HOST = 'fse20gw.regione.toscana.it';

export interface SupportBundleInput {
  profile: Pick<Profile, 'environment' | 'baseUrl' | 'clinic' | 'software'>;
  job: OutboxJobView;
  history: OutboxHistoryEntry[];
  exchanges: JournalRow[];
}

const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const TOKEN_HEADERS = new Set(['authorization', 'fse-jwt-signature']);

/** Tokens and tax codes out of any text that goes into the e-mail. */
export function redactForSupport(text: string): string {
  return maskTaxCodes(text.replace(JWT, '[TOKEN OSCURATO]'));
}

/**
 * A "custom" profile is production only when it points at the production gateway; any other
 * custom address is a test set-up (stand-in, tunnel) and gets the Staging subject.
 */
export function isProduction(p: Pick<Profile, 'environment' | 'baseUrl'>): boolean {
  if (p.environment === 'production') return true;
  if (p.environment !== 'custom' || !p.baseUrl) return false;
  try {
    return new URL(p.baseUrl).hostname.toLowerCase() === PRODUCTION_HOST;
  } catch {
    return false;
  }
}

/** Subject fields are joined with " + " and " | ": keep those separators out of the values. */
const field = (s: string): string =>
  s
    .replace(/[\r\n|+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function supportSubject(input: Pick<SupportBundleInput, 'profile' | 'job'>): string {
  const env = isProduction(input.profile) ? 'Produzione' : 'Staging';
  const { clinic } = input.profile;
  const software = effectiveSoftwareIdentity(input.profile);
  const j = input.job;
  const details = `${j.operationLabel} ${j.identificativoDoc}${j.xCartId ? ` X-Cart-id ${j.xCartId}` : ''} - ${j.stateLabel}`;
  return redactForSupport(
    `FSE2.0 Richiesta Supporto ${env} | ${field(clinic.name)} + ${field(software.vendor)} + ${field(software.applicationId)} + ${field(details)}`,
  );
}

function parsed(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const pretty = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));
const indent = (s: string): string =>
  s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

function headerLines(raw: string | null): string {
  const h = parsed(raw);
  if (!h || typeof h !== 'object') return '    (nessuna)';
  return Object.entries(h as Record<string, unknown>)
    .map(([k, v]) => {
      const value = Array.isArray(v) ? v.join(', ') : String(v);
      // The journal already stores "[REDACTED jti=…]"; anything else in a token header is dropped here.
      const safe = TOKEN_HEADERS.has(k.toLowerCase()) && !value.startsWith('[REDACTED') ? '[TOKEN OSCURATO]' : value;
      return `    ${k}: ${safe}`;
    })
    .join('\n');
}

function exchangeText(r: JournalRow, n: number, total: number): string {
  const lines = [
    `=== Scambio ${n} di ${total} — ${r.at} ===`,
    `Richiesta: ${r.method} ${r.url}`,
    'Intestazioni della richiesta:',
    headerLines(r.request_headers),
  ];
  const tokens = parsed(r.token_summary);
  if (tokens !== undefined) lines.push('Token JWT (solo intestazione e attestazioni; firma e valori omessi):', indent(pretty(tokens)));
  const body = parsed(r.request_body);
  if (body !== undefined) lines.push('Corpo della richiesta (il PDF è indicato solo con nome, dimensione e SHA-256):', indent(pretty(body)));
  if (r.response_status === null) {
    lines.push(`Risposta: nessuna risposta ricevuta${r.error_type ? ` (${r.error_type})` : ''}, dopo ${r.duration_ms} ms`);
  } else {
    lines.push(`Risposta: HTTP ${r.response_status}, dopo ${r.duration_ms} ms`);
    if (r.x_cart_id) lines.push(`X-Cart-id: ${r.x_cart_id}`);
    if (r.trace_id) lines.push(`traceID: ${r.trace_id}`);
    if (r.span_id) lines.push(`spanID: ${r.span_id}`);
    if (r.workflow_instance_id) lines.push(`workflowInstanceId: ${r.workflow_instance_id}`);
    lines.push('Intestazioni della risposta:', headerLines(r.response_headers));
    // fhirBundle is clinical data: never in an e-mail, also for exchanges journaled before it was left out there.
    lines.push('Corpo della risposta (come ricevuto):', indent(r.response_body === null ? '(vuoto)' : redactFhirBundle(r.response_body)));
  }
  return lines.join('\n');
}

export function buildSupportBundle(input: SupportBundleInput): SupportBundle {
  const { profile, job, history, exchanges } = input;
  const production = isProduction(profile);
  const to = [SUPPORT_TO];
  const cc = production ? [SUPPORT_CC_PRODUCTION] : [];
  const subject = supportSubject(input);
  const v = (x: string | null): string => x ?? '(non disponibile)';
  const err = job.lastError;

  const body = [
    'Buongiorno,',
    '',
    'chiediamo assistenza per un invio di documento al Fascicolo Sanitario Elettronico tramite CART. Di seguito i dati dell\u2019invio, gli identificativi restituiti da CART e, per ogni scambio, la richiesta e la risposta registrate dal nostro applicativo (token e codici fiscali oscurati).',
    '',
    `Struttura: ${profile.clinic.name} (P.IVA/CF ${profile.clinic.fiscalCode})`,
    `Applicativo: ${effectiveSoftwareIdentity(profile).applicationId} versione ${effectiveSoftwareIdentity(profile).version} — fornitore ${effectiveSoftwareIdentity(profile).vendor}`,
    `Ambiente: ${production ? 'Produzione' : 'Staging'}${profile.baseUrl ? ` (${profile.baseUrl})` : ''}`,
    '',
    'DATI DELL\u2019INVIO',
    `identificativoDoc: ${job.identificativoDoc}`,
    `Operazione: ${job.operationLabel} (${job.operation})${job.type ? `, tipo documento ${job.type}` : ''}, versione ${job.version}`,
    `Stato in FSE Desk: ${job.stateLabel}`,
    ...(err ? [`Ultimo errore: ${err.message}${err.type ? ` [type ${err.type}]` : ''}${err.detail ? ` — detail: ${err.detail}` : ''}`] : []),
    ...(job.httpStatus !== null ? [`Ultimo stato HTTP: ${job.httpStatus}`] : []),
    `X-Cart-id: ${v(job.xCartId)}`,
    `traceID: ${v(job.traceId)}`,
    `spanID: ${v(job.spanId)}`,
    `workflowInstanceId: ${v(job.workflowInstanceId)}`,
    `Messo in coda: ${job.createdAt}`,
    `Ultimo aggiornamento: ${job.updatedAt}`,
    `Tentativi di invio: ${job.attempts}`,
    '',
    'CRONOLOGIA (orari UTC)',
    ...history.map(
      (h) =>
        `${h.at} — ${h.toStateLabel}: ${h.description}${h.xCartId ? ` X-Cart-id ${h.xCartId}` : ''}${h.traceId ? ` traceID ${h.traceId}` : ''}${h.error && h.toState !== 'accepted' ? ` (${h.error.type ? `${h.error.type}: ` : ''}${h.error.detail ?? h.error.message})` : ''}`,
    ),
    '',
    `RICHIESTE E RISPOSTE (${exchanges.length} ${exchanges.length === 1 ? 'scambio' : 'scambi'} con CART)`,
    ...(exchanges.length === 0
      ? ['Nessuno scambio registrato per questo invio (ad esempio perché CART non era raggiungibile).']
      : exchanges.map((r, i) => exchangeText(r, i + 1, exchanges.length) + '\n')),
    '',
    'Restiamo a disposizione per ulteriori informazioni.',
    'Cordiali saluti,',
    profile.clinic.name,
  ].join('\n');

  const safeBody = redactForSupport(body);
  const text = [`A: ${to.join(', ')}`, ...(cc.length ? [`Cc: ${cc.join(', ')}`] : []), `Oggetto: ${subject}`, '', safeBody].join('\n');
  return { to, cc, subject, body: safeBody, text };
}
