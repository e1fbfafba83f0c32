// Builds the request bodies from the clinic profile and the CDA facts; `--metadata` overrides are
// merged on top and the result is re-validated (unknown property → error before sending).
import { randomInt } from 'node:crypto';
import type { Profile } from '../../../contract/profile.js';
import type { CdaFacts } from '../document/index.js';
import { sha256Hex, OID } from '../shared/index.js';
import {
  type AdministrativeRequest,
  bodyProblems,
  createBodySchema,
  metadataBodySchema,
  replaceBodySchema,
  type BodyProblem,
  type CreateBody,
  type MetadataBody,
  type ReplaceBody,
} from './request-bodies.js';
import type { z } from 'zod';

export class BodyError extends Error {
  constructor(
    message: string,
    readonly problems: BodyProblem[],
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/**
 * Default tipoAttivitaClinica: outpatient reports (RSA, LAB, RAD) are the delivery of a booked
 * service, "ERP" (Erogazione Prestazione Prenotata). Override with --metadata when it differs.
 */
export const DEFAULT_TIPO_ATTIVITA_CLINICA = 'ERP';

/**
 * identificativoSottomissione: AD form 2.16.840.1.113883.2.9.2.90.4.3.<n> (docs/decisions.md §5; the regional
 * example "…90.999" is not an AD submission-set OID). n = milliseconds since 1970 followed by 4 random
 * digits: unique per call and a valid OID arc (no leading zero). A retry is a new call, so a new id.
 */
export function newSubmissionId(now: Date): string {
  return `${OID.tuscanySubmissionSet}.${now.getTime()}${String(randomInt(10000)).padStart(4, '0')}`;
}

/**
 * identificativoRep: the national rule is 2.16.840.1.113883.2.9.2.<region>.4.5.<n>; CART names the
 * regional repositories REP999, REP201, REP202, REP203, so n = the repository code of the profile.
 */
export function repositoryId(profile: Profile): string {
  return `${OID.tuscanyRepository}.${profile.clinic.repository}`;
}

/**
 * identificativoDoc (docs/cart-region.md §4.1): 2.16.840.1.113883.2.9.2.90.4.4^<P.IVA>.<TYPE>.<repository>.<own id>.
 * When the CDA id already has the regional root, it is used as is (the CDA and the index then agree).
 * Otherwise the own id is the first 20 hex digits of SHA-256 of the CDA id: stable for the same
 * document (a resend keeps its id, so the gateway can spot a duplicate) and free of patient data
 * (CDA ids often embed the patient's tax code).
 */
export function documentId(profile: Profile, facts: CdaFacts): string | undefined {
  if (facts.id.root === OID.tuscanyDocumentId && !facts.id.extension.includes('^')) return `${OID.tuscanyDocumentId}^${facts.id.extension}`;
  if (!facts.documentType) return undefined;
  const own = sha256Hex(`${facts.id.root}^${facts.id.extension}`).slice(0, 20);
  return `${OID.tuscanyDocumentId}^${profile.clinic.fiscalCode}.${facts.documentType.shortType}.${profile.clinic.repository}.${own}`;
}

/**
 * administrativeRequest by default (guide v2.24 makes it required): from the repository, the only hint the profile
 * holds about how the clinic's services are paid. REP999 (accredited private clinic) → NOSSN, paid by the patient;
 * REP201–203 (in convenzione with the SSN) → SSN. A report provided under another regime sets it per report
 * (`metadata.administrativeRequest`, validated). The mapping is to be confirmed with CART (docs/gateway-api.md).
 */
export function defaultAdministrativeRequest(profile: Profile): AdministrativeRequest {
  return profile.clinic.repository === '999' ? 'NOSSN' : 'SSN';
}

function commonFields(profile: Profile, facts: CdaFacts | undefined, now: Date): Record<string, unknown> {
  return {
    administrativeRequest: [defaultAdministrativeRequest(profile)],
    tipologiaStruttura: profile.clinic.structureType,
    ...(facts?.documentType ? { tipoDocumentoLivAlto: facts.documentType.tipoDocumentoLivAlto } : {}),
    ...(profile.clinic.organizationalSetting ? { assettoOrganizzativo: profile.clinic.organizationalSetting } : {}),
    tipoAttivitaClinica: DEFAULT_TIPO_ATTIVITA_CLINICA,
    identificativoSottomissione: newSubmissionId(now),
    ...(facts?.serviceStart ? { dataInizioPrestazione: facts.serviceStart } : {}),
    ...(facts?.serviceEnd ? { dataFinePrestazione: facts.serviceEnd } : {}),
  };
}

function validated<T>(schema: z.ZodType<T>, value: Record<string, unknown>, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new BodyError(`the ${what} request body is invalid`, bodyProblems(r.error));
  // The schemas keep it optional for stored jobs of earlier versions; a body built now never goes without it.
  if (value.administrativeRequest === undefined) {
    throw new BodyError(`the ${what} request body is invalid`, [
      {
        path: 'administrativeRequest',
        message: 'administrativeRequest è obbligatorio: indicare il regime di erogazione (SSN, NOSSN, SSR, INPATIENT o DONOR).',
      },
    ]);
  }
  return r.data;
}

function merge(base: Record<string, unknown>, overrides: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = { ...base };
  // An override set to null removes the derived field (e.g. no service dates).
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

function documentFields(profile: Profile, facts: CdaFacts): Record<string, unknown> {
  const id = documentId(profile, facts);
  return { ...(id ? { identificativoDoc: id } : {}), identificativoRep: repositoryId(profile), mode: 'ATTACHMENT', healthDataFormat: 'CDA' };
}

export function deriveCreateBody(profile: Profile, facts: CdaFacts, overrides: Record<string, unknown> | undefined, now: Date): CreateBody {
  return validated(createBodySchema, merge({ ...commonFields(profile, facts, now), ...documentFields(profile, facts) }, overrides), 'validate-and-create');
}

/** Replace: identificativoDoc is the id of the NEW document (from the new PDF's CDA). */
export function deriveReplaceBody(profile: Profile, facts: CdaFacts, overrides: Record<string, unknown> | undefined, now: Date): ReplaceBody {
  return validated(replaceBodySchema, merge({ ...commonFields(profile, facts, now), ...documentFields(profile, facts) }, overrides), 'replace');
}

/** Metadata update: facts (from the published PDF) are optional; without them tipoDocumentoLivAlto must come from overrides. */
export function deriveMetadataBody(profile: Profile, facts: CdaFacts | undefined, overrides: Record<string, unknown> | undefined, now: Date): MetadataBody {
  return validated(metadataBodySchema, merge(commonFields(profile, facts, now), overrides), 'metadata');
}
