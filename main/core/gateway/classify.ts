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

function categoryOf(operation: CartOperation, status: number, type: string | undefined): ErrorCategory {
  if (STATUS_OPS.includes(operation) && (status === 404 || status === 405)) return 'not-found';
  if (type === '/msg/record-not-found' || type === '/msg/eds-error') return 'not-found';
  if (status === 429 || status === 503) return 'transient';
  if (type === '/msg/connection-refused' || type === '/msg/generic-timeout') return 'transient';
  if (status === 401) return type === '/msg/mandatory-element-token' ? 'caller-fault' : 'auth';
  if (status === 403) return type?.startsWith('/msg/') ? 'caller-fault' : 'auth';
  // 500 /msg/generic-error, 502, 504 and any other 5xx: the request may have been applied.
  if (status >= 500) return 'ambiguous';
  // A 404/405 without a gateway problem type means the URL itself is unknown: a configuration fault.
  return 'caller-fault';
}

/** An HTTP answer that is not 2xx. */
export function classifyHttpError(operation: CartOperation, status: number, problem: Problem): CartError {
  const type = shortType(problem.type);
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
  } else if ((status === 404 || status === 405) && !type?.startsWith('/msg/')) {
    parts.push(
      `L\u2019indirizzo dell\u2019operazione non esiste sul gateway (HTTP ${status}): verificare l\u2019indirizzo base e i percorsi (paths) nel profilo.`,
    );
  } else if (status === 413) {
    parts.push('Il file è troppo grande per il gateway.');
  } else {
    parts.push(`Il gateway ha risposto con errore HTTP ${status}.`);
  }
  if (problem.detail) parts.push(`Dettaglio: ${problem.detail}`);
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

/** How far the exchange got when it failed. */
export type ExchangePhase = 'connecting' | 'sending' | 'sent';

// TLS alerts by which the server says it refused OUR certificate (bad_certificate 42,
// unsupported 43, revoked 44, expired 45, unknown 46, unknown_ca 48, certificate_required 116).
const CLIENT_CERT_REFUSED =
  /ALERT_(BAD_CERTIFICATE|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_REQUIRED)|alert (bad certificate|certificate unknown|unknown ca|certificate expired|certificate required|certificate revoked)/i;
// Our verification of the SERVER certificate failed.
const SERVER_CERT_UNTRUSTED =
  /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID|CERT_SIGNATURE_FAILURE)$/;
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
 * An untrusted server certificate is reported as auth too: retrying cannot fix the trust settings.
 */
export function classifyNetworkError(err: unknown, phase: ExchangePhase): CartError {
  const { code, text } = errorCodes(err);
  const type = `network/${code}`;
  if (CLIENT_CERT_REFUSED.test(code) || CLIENT_CERT_REFUSED.test(text)) {
    return {
      category: 'auth',
      type,
      detail: text,
      message: 'CART ha rifiutato il certificato di autenticazione (A1#): verificare che sia quello giusto, valido e abilitato da CART per questo ambiente.',
    };
  }
  if (SERVER_CERT_UNTRUSTED.test(code)) {
    return {
      category: 'auth',
      type,
      detail: text,
      message:
        'Il certificato del server CART non è attendibile per questo computer: verificare l\u2019indirizzo del servizio e il file delle autorità di certificazione (trustedCaFile) nel profilo.',
    };
  }
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
