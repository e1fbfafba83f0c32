// Turns an HTTP answer or a network failure into a category (docs/gateway-api.md §8.3) and an Italian message.
import type { CartError, CartOperation, ErrorCategory } from './types.js';

export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  instance?: string;
}

const STATUS_OPS: readonly CartOperation[] = ['statusByWorkflow', 'statusByTrace'];

/** Italian explanations of the gateway's problem types (docs/gateway-api.md §8.2). */
const TYPE_MESSAGES: Record<string, string> = {
  '/msg/mandatory-element': 'Il gateway ha rifiutato i dati della richiesta: un campo manca, non è riconosciuto o ha un valore non ammesso.',
  '/msg/invalid-format': 'Una data dei metadati non è nel formato aaaaMMggHHmmss.',
  '/msg/id-doc': 'L\u2019identificativo del documento o del repository non è nel formato richiesto.',
  '/msg/empty-file': 'Il PDF inviato è vuoto.',
  '/msg/document-type': 'Il file inviato non è un PDF.',
  '/msg/cda-element': 'Nel PDF non è stato trovato l\u2019allegato cda.xml: rigenerare il documento.',
  '/msg/workflow-id-error-extraction': 'Il CDA non ha un identificativo (id root/extension) leggibile.',
  '/msg/sign-error': 'Il PDF non risulta firmato o la firma non è valida: firmare di nuovo il documento senza modificarlo dopo la firma.',
  '/msg/jwt-validation': 'I dati di identificazione della chiamata (token) non sono coerenti con il documento (es. paziente o tipo documento).',
  '/msg/mandatory-element-token': 'Il token della chiamata non è leggibile dal gateway.',
  '/msg/missing-token': 'Manca il token della chiamata.',
  '/msg/syntax': 'Il CDA non rispetta lo schema XSD: correggere il documento.',
  '/msg/vocabulary': 'Il CDA usa codici non presenti nelle terminologie del gateway.',
  '/msg/semantic': 'Il CDA non supera i controlli schematron: correggere il documento.',
  '/msg/validator': 'Il validatore ha rifiutato il CDA oppure il tipo documento non corrisponde al codice LOINC.',
  '/msg/cda-match': 'Il CDA non risulta validato: la validazione è già stata usata o il documento è cambiato.',
  '/msg/document-hash': 'L\u2019impronta del PDF non corrisponde al file inviato.',
  '/msg/max-day-limit-exceed': 'La validazione del documento è più vecchia di 5 giorni: ripetere l\u2019invio completo.',
  '/msg/fhir-mapping-type': 'Il gateway non è riuscito a convertire il CDA.',
  '/msg/generic-error': 'Errore generico del gateway.',
  '/msg/simulation-error': 'Errore simulato dall\u2019ambiente di test (identificativo CRASH_/SKIP_VALIDATION).',
  '/msg/record-not-found': 'Documento non trovato sul Fascicolo (o errore dell\u2019indice nazionale, vedere il dettaglio).',
  '/msg/eds-error': 'Documento non trovato nel repository regionale.',
  '/msg/ini-error': 'L\u2019indice nazionale (INI) ha restituito un errore.',
  '/msg/generic-timeout': 'Un servizio del gateway non ha risposto in tempo; la richiesta non è stata accodata.',
  '/msg/connection-refused': 'Un servizio del gateway non è raggiungibile; la richiesta non è stata accodata.',
  '/msg/mocked-service': 'Ambiente di test: l\u2019indice nazionale è simulato per questa regione.',
  '/msg/unauthorized': 'Lo stato di questa transazione può essere letto solo da chi l\u2019ha inviata.',
};

const CATEGORY_ADVICE: Record<ErrorCategory, string> = {
  'caller-fault': 'Correggere il documento o i dati prima di un nuovo invio; non ripetere la richiesta così com\u2019è.',
  auth: 'Verificare i certificati e l\u2019abilitazione presso CART, poi riprovare.',
  transient: 'Il servizio non è disponibile ora: la richiesta non è stata applicata e si può ripetere più tardi.',
  ambiguous: 'Non è certo se il gateway abbia ricevuto la richiesta: verificare lo stato prima di inviare di nuovo.',
  'not-found': 'Il documento non risulta presente (o è già stato eliminato o sostituito).',
};

function shortType(type: string | undefined): string | undefined {
  if (!type) return undefined;
  // Frontier errors: https://govway.org/handling-errors/<status>/<Name>.html → the Name.
  const govway = /handling-errors\/\d+\/([A-Za-z]+)/.exec(type);
  if (govway) return govway[1];
  const m = /(\/msg\/[a-z-]+)/.exec(type);
  return m ? m[1] : type;
}

/**
 * The problem types only the gateway writes: the dispatcher's `/msg/<name>` and the GovWay frontier's
 * `https://govway.org/handling-errors/<status>/<Name>.html` (docs/gateway-api.md §8.1–8.2). A 4xx without
 * one did not come from the gateway (a proxy's HTML page, a server refusing an oversized header).
 */
export function isGatewayProblemType(type: string | undefined): boolean {
  return type !== undefined && (/(^|\/)msg\/[a-z-]+$/.test(type) || /govway\.org\/handling-errors\/\d+\/[A-Za-z]+/.test(type));
}

/**
 * A 4xx that is not the gateway's own problem, on a write: nothing reached the gateway's handler, so
 * nothing was applied; it is a network, proxy or address problem of the clinic's side, retried with
 * back-off once fixed (never a rejection of the document). 429 is transient anyway; 413 stays the
 * document's fault (its size does not change by retrying). 404/405 without a dispatcher type means the
 * operation's address is wrong (GovWay answers those for unknown paths too).
 */
function notFromGateway(operation: CartOperation, status: number, rawType: string | undefined, type: string | undefined): boolean {
  if (STATUS_OPS.includes(operation) || status < 400 || status >= 500 || status === 429 || status === 413) return false;
  if ((status === 404 || status === 405) && !type?.startsWith('/msg/')) return true;
  return !isGatewayProblemType(rawType);
}

function categoryOf(operation: CartOperation, status: number, type: string | undefined): ErrorCategory {
  if (STATUS_OPS.includes(operation) && (status === 404 || status === 405)) return 'not-found';
  if (type === '/msg/record-not-found' || type === '/msg/eds-error') return 'not-found';
  if (status === 429 || status === 503) return 'transient';
  if (type === '/msg/connection-refused' || type === '/msg/generic-timeout') return 'transient';
  if (status === 401) return type === '/msg/mandatory-element-token' ? 'caller-fault' : 'auth';
  if (status === 403) return type?.startsWith('/msg/') ? 'caller-fault' : 'auth';
  // 500 /msg/generic-error, 502, 504 and any other 5xx: the request may have been applied.
  if (status >= 500) return 'ambiguous';
  // Any other gateway problem (4xx): the document or the request data must change.
  return 'caller-fault';
}

/** An HTTP answer that is not 2xx. */
export function classifyHttpError(operation: CartOperation, status: number, problem: Problem): CartError {
  const type = shortType(problem.type);
  if (notFromGateway(operation, status, problem.type, type)) return transportError(status, problem);
  const category = categoryOf(operation, status, type);
  const parts: string[] = [];
  if (STATUS_OPS.includes(operation) && (status === 405 || (status === 404 && type !== '/msg/record-not-found'))) {
    parts.push('La consultazione dello stato non è disponibile: CART potrebbe non offrire questo servizio.');
  } else if (STATUS_OPS.includes(operation) && type === '/msg/record-not-found') {
    parts.push('Transazione non trovata.');
  } else if (type && TYPE_MESSAGES[type]) {
    parts.push(TYPE_MESSAGES[type]!);
  } else if (type === 'TokenAuthenticationFailed' || type === 'TokenAuthenticationRequired') {
    parts.push('CART ha rifiutato i token della chiamata (firma, certificato di firma, emittente o destinatario non validi).');
  } else if (type === 'AuthorizationContentDeny') {
    parts.push('CART non autorizza questa chiamata: certificato o applicativo (nome, fornitore, versione) non abilitati.');
  } else if (status === 429) {
    parts.push('Troppe richieste al gateway.');
  } else if (status === 413) {
    parts.push('Il file è troppo grande per il gateway.');
  } else {
    parts.push(`Il gateway ha risposto con errore HTTP ${status}.`);
  }
  if (problem.detail) parts.push(`Dettaglio: ${sentence(problem.detail)}`);
  if (operation === 'delete' && category === 'not-found') parts.push('Se si stava ripetendo una cancellazione, il documento risulta già eliminato.');
  parts.push(CATEGORY_ADVICE[category]);
  return {
    category,
    ...(problem.type ? { type: problem.type } : { type: `http/${status}` }),
    ...(problem.title ? { title: problem.title } : {}),
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(problem.instance ? { instance: problem.instance } : {}),
    message: parts.join(' '),
  };
}

/** CART's text as one sentence of ours: trimmed and closed by a full stop, so the advice after it reads as its own sentence. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** A 4xx that did not come from the gateway (notFromGateway): a transport or configuration problem, retried with back-off. */
function transportError(status: number, problem: Problem): CartError {
  const what =
    status === 404 || status === 405
      ? `L\u2019indirizzo dell\u2019operazione non esiste sul gateway (HTTP ${status}): verificare l\u2019indirizzo base e i percorsi (paths) nel profilo.`
      : status === 407
        ? 'Il proxy della rete della struttura chiede un\u2019autenticazione (HTTP 407): configurare il proxy o contattare il tecnico della rete.'
        : `Il server ha risposto con un errore che non proviene dal gateway (HTTP ${status}): verificare la rete o il proxy della struttura, oppure contattare il tecnico della rete.`;
  return {
    category: 'transient',
    type: problem.type ?? `http/${status}`,
    ...(problem.title ? { title: problem.title } : {}),
    ...(problem.detail ? { detail: problem.detail } : {}),
    message: `${what} La richiesta non è stata applicata: sarà inviata di nuovo automaticamente, con gli stessi dati, quando il problema sarà risolto.`,
  };
}

/** How far the exchange got when it failed. */
export type ExchangePhase = 'connecting' | 'sending' | 'sent';

// TLS alerts by which the server says it refused OUR certificate (bad_certificate 42,
// unsupported 43, revoked 44, expired 45, unknown 46, unknown_ca 48, certificate_required 116).
const CLIENT_CERT_REFUSED =
  /ALERT_(BAD_CERTIFICATE|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_REQUIRED)|alert (bad certificate|certificate unknown|unknown ca|certificate expired|certificate required|certificate revoked)/i;
// Our verification of the SERVER certificate failed (Node/OpenSSL codes): not the clinic's certificates.
// Each says what is wrong and who can fix it: the address (the clinic), the computer's clock or the
// trusted CAs (the clinic's technician), the service's certificate (the Region's support).
const SERVER_CERT_PROBLEMS: ReadonlyArray<[RegExp, string]> = [
  [
    /^ERR_TLS_CERT_ALTNAME_INVALID$/,
    'Il certificato del server CART non è valido per questo indirizzo: verificare l\u2019indirizzo del servizio (Profilo della struttura, sezione «Ambiente») o contattare il supporto della Regione.',
  ],
  [
    /^(CERT_HAS_EXPIRED|CERT_NOT_YET_VALID)$/,
    'Il certificato del server CART è scaduto o non ancora valido: verificare che data e ora di questo computer siano corrette; se lo sono, il problema è del servizio: contattare il supporto della Regione.',
  ],
  [
    /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE)$/,
    'Il certificato del server CART non è rilasciato da un\u2019autorità riconosciuta da questo computer: verificare l\u2019indirizzo del servizio e il file delle autorità di certificazione indicato nel profilo (trustedCaFile); se la rete della struttura ispeziona le connessioni (proxy, antivirus), contattare il tecnico della rete.',
  ],
];

/** The message for a failed check of the gateway's server certificate, or undefined when `code` is not one. */
function serverCertificateMessage(code: string): string | undefined {
  return SERVER_CERT_PROBLEMS.find(([re]) => re.test(code))?.[1];
}

/** The error is a failed check of the gateway's SERVER certificate (not a refusal of the clinic's certificates). */
export function isServerCertificateProblem(e: Pick<CartError, 'type'>): boolean {
  return e.type?.startsWith('network/') === true && serverCertificateMessage(e.type.slice('network/'.length)) !== undefined;
}

/** Refusal of the clinic's authentication certificate by the server (TLS alert, or closed at once after the handshake). */
export const CLIENT_CERTIFICATE_REFUSED_IT =
  'Il server CART ha rifiutato il certificato di autenticazione della struttura (A1#): verificare che sia quello giusto, valido e abilitato da CART per questo ambiente; se lo è, contattare il supporto della Regione.';
const BEFORE_SEND = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT|ENETDOWN|EADDRNOTAVAIL)$/;

function errorCodes(err: unknown): { code: string; text: string } {
  const seen: string[] = [];
  let code = '';
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    const e = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (!code && typeof e.code === 'string') code = e.code;
    if (typeof e.code === 'string') seen.push(e.code);
    if (typeof e.message === 'string') seen.push(e.message);
    cur = e.cause;
  }
  return { code: code || 'UNKNOWN', text: seen.join(' | ') };
}

/**
 * A failure without an HTTP answer. Before the request was fully written (connect, DNS, TLS
 * handshake) nothing can have been applied: transient. Once it was written, a reset or timeout
 * leaves the outcome unknown: ambiguous. A TLS alert refusing our certificate is auth whenever it
 * arrives (with TLS 1.3 it may come after the request was written, but the server then refused it).
 * A server certificate that fails our check is auth too (retrying cannot fix it: the queue pauses), with
 * a message that names the server's certificate, never the clinic's.
 */
export function classifyNetworkError(err: unknown, phase: ExchangePhase): CartError {
  const { code, text } = errorCodes(err);
  const type = `network/${code}`;
  if (CLIENT_CERT_REFUSED.test(code) || CLIENT_CERT_REFUSED.test(text)) {
    return { category: 'auth', type, detail: text, message: CLIENT_CERTIFICATE_REFUSED_IT };
  }
  const serverCertificate = serverCertificateMessage(code);
  if (serverCertificate) return { category: 'auth', type, detail: text, message: serverCertificate };
  if (phase === 'connecting' || BEFORE_SEND.test(code)) {
    return {
      category: 'transient',
      type,
      detail: text,
      message: 'Impossibile collegarsi a CART (rete, indirizzo o servizio non disponibile): la richiesta non è stata inviata. Riprovare più tardi.',
    };
  }
  if (phase === 'sending') {
    return {
      category: 'transient',
      type,
      detail: text,
      message: 'La connessione con CART si è interrotta prima che la richiesta fosse inviata completamente: non è stata applicata. Riprovare più tardi.',
    };
  }
  const timeout = /TIMEOUT/.test(code);
  return {
    category: 'ambiguous',
    type,
    detail: text,
    message: timeout
      ? 'CART non ha risposto in tempo dopo aver ricevuto la richiesta: non è certo se sia stata applicata. Verificare lo stato prima di inviare di nuovo.'
      : 'La connessione con CART si è interrotta dopo l\u2019invio della richiesta: non è certo se sia stata applicata. Verificare lo stato prima di inviare di nuovo.',
  };
}
