// One CART operation end to end, from a profile and plain inputs: derive the body and claims from
// the PDF's CDA, open the certificates, send, journal. Kept apart from the CLI so the outbox can
// call it. Input problems never reach the network: they come back as a CartResult whose error type
// starts with "local/".
import { readFileSync } from 'node:fs';
import type { Profile } from '../../../contract/profile.js';
import { CredentialsError, loadCartCredentials, type CartCredentials, type CredentialSource } from '../credentials/index.js';
import { checkFiscalCode, OID, type Clock } from '../shared/index.js';
import type { PurposeOfUse } from './jwt-claims.js';
import { loadCdaReading, type CdaFacts } from '../document/index.js';
import { CartClient, type CartCall, type CartTimeouts } from './cart-client.js';
import { BodyError, deriveCreateBody, deriveMetadataBody, deriveReplaceBody } from './derive-body.js';
import type { CartJournal } from './journal.js';
import type { CartError, CartOperation, CartResult } from './types.js';

/**
 * What a caller asks for. Where the JWT claims that come from the CDA (person_id, resource_hl7_type)
 * cannot be read from the request itself (delete and metadata send no PDF):
 * - pass `pdf` = the PDF that was published: both are derived from its cda.xml, or
 * - pass `patientFiscalCode` (person_id) and, for metadata, `documentCode` (LOINC of ClinicalDocument/code).
 */
export type CartRequest =
  | { operation: 'validateAndCreate'; pdf: Uint8Array; fileName?: string; metadata?: Record<string, unknown> }
  | { operation: 'replace'; id: string; pdf: Uint8Array; fileName?: string; metadata?: Record<string, unknown>; purposeOfUse?: PurposeOfUse }
  | { operation: 'delete'; id: string; pdf?: Uint8Array; patientFiscalCode?: string }
  | {
      operation: 'updateMetadata';
      id: string;
      metadata?: Record<string, unknown>;
      pdf?: Uint8Array;
      patientFiscalCode?: string;
      documentCode?: { code: string; codeSystem?: string };
      purposeOfUse?: PurposeOfUse;
    }
  | { operation: 'statusByWorkflow'; workflowInstanceId: string }
  | { operation: 'statusByTrace'; traceId: string };

export class CartInputError extends Error {
  constructor(
    readonly code: 'pdf' | 'cda' | 'body' | 'claims' | 'certificate' | 'profile',
    /** Italian, for the person at the desk. */
    readonly userMessage: string,
    readonly details: string[] = [],
  ) {
    super(`${code}: ${userMessage}${details.length ? ' — ' + details.join('; ') : ''}`);
    this.name = 'CartInputError';
  }
}

/**
 * --patient-cf (delete, metadata update): checked like every tax code FSE Desk sends (fiscal-code.ts,
 * docs/decisions.md §23) before anything is stored or sent: a malformed one only earns a useless rejection.
 */
function patientFiscalCodeOf(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const cf = checkFiscalCode(raw);
  if (!cf.ok) throw new CartInputError('claims', `Codice fiscale del paziente non valido: ${cf.message}`);
  return cf.value;
}

async function factsOf(pdf: Uint8Array): Promise<CdaFacts> {
  const { readCdaFacts, CdaFactsError, CdaExtractionError, extractCdaFromPdf } = await loadCdaReading();
  try {
    return readCdaFacts(await extractCdaFromPdf(pdf));
  } catch (err) {
    if (err instanceof CdaExtractionError) {
      const msg =
        err.code === 'not-pdf'
          ? 'Il file indicato non è un PDF.'
          : 'Nel PDF non è stato trovato l\u2019allegato cda.xml leggibile: usare il PDF firmato generato da FSE Desk.';
      throw new CartInputError('pdf', msg, [err.message]);
    }
    if (err instanceof CdaFactsError)
      throw new CartInputError('cda', 'Il cda.xml contenuto nel PDF non è leggibile o non ha i dati richiesti (codice documento, paziente, identificativo).', [
        err.message,
      ]);
    throw err;
  }
}

function bodyOrThrow<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof BodyError) {
      throw new CartInputError(
        'body',
        'I metadati della richiesta non sono validi: correggerli prima dell\u2019invio.',
        err.problems.map((p) => `${p.path || '(metadati)'}: ${p.message}`),
      );
    }
    throw err;
  }
}

function documentTypeCheck(facts: CdaFacts, metadata: Record<string, unknown> | undefined): void {
  if (!facts.documentType && !(metadata?.['tipoDocumentoLivAlto'] && metadata['identificativoDoc'])) {
    throw new CartInputError(
      'cda',
      `Tipo di documento non riconosciuto (codice ${facts.documentCode.code}): indicare tipoDocumentoLivAlto e identificativoDoc nei metadati.`,
    );
  }
}

/** Turns a request into a validated call (body, claims); throws CartInputError. */
export async function prepareCartCall(profile: Profile, request: CartRequest, now: Date): Promise<CartCall> {
  switch (request.operation) {
    case 'validateAndCreate': {
      const facts = await factsOf(request.pdf);
      documentTypeCheck(facts, request.metadata);
      const body = bodyOrThrow(() => deriveCreateBody(profile, facts, request.metadata, now));
      return {
        operation: 'validateAndCreate',
        pdf: request.pdf,
        fileName: request.fileName ?? 'documento.pdf',
        body,
        claims: { patientId: facts.patientId.extension, documentCode: facts.documentCode },
      };
    }
    case 'replace': {
      const facts = await factsOf(request.pdf);
      documentTypeCheck(facts, request.metadata);
      const body = bodyOrThrow(() => deriveReplaceBody(profile, facts, request.metadata, now));
      return {
        operation: 'replace',
        id: request.id,
        pdf: request.pdf,
        fileName: request.fileName ?? 'documento.pdf',
        body,
        claims: { patientId: facts.patientId.extension, documentCode: facts.documentCode },
        ...(request.purposeOfUse ? { purposeOfUse: request.purposeOfUse } : {}),
      };
    }
    case 'delete': {
      const facts = request.pdf ? await factsOf(request.pdf) : undefined;
      const patientId = patientFiscalCodeOf(request.patientFiscalCode) ?? facts?.patientId.extension;
      if (!patientId)
        throw new CartInputError(
          'claims',
          'Per eliminare un documento indicare il codice fiscale del paziente (--patient-cf) oppure il PDF pubblicato (--pdf).',
        );
      return { operation: 'delete', id: request.id, claims: { patientId, ...(facts ? { documentCode: facts.documentCode } : {}) } };
    }
    case 'updateMetadata': {
      const facts = request.pdf ? await factsOf(request.pdf) : undefined;
      const patientId = patientFiscalCodeOf(request.patientFiscalCode) ?? facts?.patientId.extension;
      const documentCode = request.documentCode
        ? { code: request.documentCode.code, codeSystem: request.documentCode.codeSystem ?? OID.loinc }
        : facts?.documentCode;
      if (!patientId || !documentCode) {
        throw new CartInputError(
          'claims',
          'Per aggiornare i metadati indicare il PDF pubblicato (--pdf) oppure il codice fiscale del paziente (--patient-cf) e il codice LOINC del documento (--document-code).',
        );
      }
      const body = bodyOrThrow(() => deriveMetadataBody(profile, facts, request.metadata, now));
      return {
        operation: 'updateMetadata',
        id: request.id,
        body,
        claims: { patientId, documentCode },
        ...(request.purposeOfUse ? { purposeOfUse: request.purposeOfUse } : {}),
      };
    }
    case 'statusByWorkflow':
      return { operation: 'statusByWorkflow', workflowInstanceId: request.workflowInstanceId };
    case 'statusByTrace':
      return { operation: 'statusByTrace', traceId: request.traceId };
  }
}

/**
 * The profile's AUTH and SIGNATURE certificates, opened with passwords from `source` and checked
 * (credentials/cart-credentials.ts); a problem becomes a CartInputError, hence a local failure.
 */
export function openCartCredentials(profile: Profile, source: CredentialSource, now: Date): CartCredentials {
  try {
    return loadCartCredentials(profile, source, now);
  } catch (err) {
    if (err instanceof CredentialsError) throw new CartInputError(err.code, err.userMessage, err.details);
    throw err;
  }
}

/**
 * Where a call's certificates come from: already opened (the app keeps them in the main process), or
 * opened from the profile's files with passwords from a source (the CLI: environment variables).
 * One of the two is required: there is no implicit default such as process.env.
 */
export type CartCredentialsOption = { credentials: CartCredentials } | { credentialSource: CredentialSource };

/** The certificates an option names; throws CartInputError when they have to be opened and cannot be. */
export function credentialsOf(profile: Profile, o: CartCredentialsOption, now: Date): CartCredentials {
  return 'credentials' in o ? o.credentials : openCartCredentials(profile, o.credentialSource, now);
}

export type ExecuteOptions = CartCredentialsOption & {
  journal?: CartJournal;
  timeouts?: Partial<CartTimeouts>;
  /** Overrides profile.operator (the signed-in doctor or staff member). */
  operator?: { fiscalCode: string; role: string };
  /** Submission id, certificate validity, JWT times. */
  now: Clock;
};

function localFailure(operation: CartOperation, err: CartInputError): CartResult {
  const error: CartError = {
    category: err.code === 'certificate' ? 'auth' : 'caller-fault',
    type: `local/${err.code}`,
    title: 'Richiesta non inviata',
    ...(err.details.length ? { detail: err.details.join('; ') } : {}),
    message: err.userMessage,
  };
  return { ok: false, operation, error };
}

/** One call: prepare, send, journal. Never throws for input, network or HTTP problems. */
export async function executeCartOperation(profile: Profile, request: CartRequest, options: ExecuteOptions): Promise<CartResult> {
  const now = options.now;
  let client: CartClient | undefined;
  try {
    const operator = options.operator ?? profile.operator;
    if (!operator) throw new CartInputError('profile', 'Nel profilo manca l\u2019operatore (operator: codice fiscale e ruolo) per conto del quale si invia.');
    const cf = checkFiscalCode(operator.fiscalCode);
    if (!cf.ok) throw new CartInputError('profile', `Codice fiscale dell\u2019operatore non valido: ${cf.message}`);
    const call = await prepareCartCall(profile, request, now());
    const credentials = credentialsOf(profile, options, now());
    let trustedCaPem: string | undefined;
    if (profile.trustedCaFile) {
      try {
        trustedCaPem = readFileSync(profile.trustedCaFile, 'utf8');
      } catch (err) {
        throw new CartInputError('profile', 'Il file delle autorità di certificazione indicato nel profilo (trustedCaFile) non è leggibile.', [
          (err as Error).message,
        ]);
      }
    }
    client = new CartClient({
      profile,
      credentials,
      operator: { fiscalCode: cf.value, role: operator.role },
      ...(trustedCaPem ? { trustedCaPem } : {}),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      ...(options.journal ? { journal: options.journal } : {}),
      now,
    });
    return await client.send(call);
  } catch (err) {
    if (err instanceof CartInputError) return localFailure(request.operation, err);
    throw err;
  } finally {
    await client?.close();
  }
}
