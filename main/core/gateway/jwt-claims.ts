// Claims of the two CART tokens, exactly as docs/jwt-claims.md (JwtSRV, AbstractCTL rules):
// standard claims in both (equal sub/iat/exp/aud, distinct jti), custom claims only in FSE-JWT-Signature.
import { randomUUID } from 'node:crypto';
import { sha256Hex, OID } from '../shared/index.js';
import type { CartOperation } from './types.js';

/** Suffix of sub and person_id: fiscal code issued by MEF. */
export const CF_SUFFIX = `^^^&${OID.fiscalCode}&ISO`;
/** Tuscany in the national table (spec §15.3.7); a string, never a number. */
export const TUSCANY_ORGANIZATION_ID = '090';
export const TUSCANY_ORGANIZATION = 'Regione Toscana';
/** Short lifetime: tokens are made for one call, seconds before it is sent. */
export const TOKEN_LIFETIME_SECONDS = 300;

/** The four operations that carry a FSE-JWT-Signature token (status look-ups send only Authorization). */
export type SignedOperation = Extract<CartOperation, 'validateAndCreate' | 'replace' | 'delete' | 'updateMetadata'>;
export type PurposeOfUse = 'TREATMENT' | 'UPDATE' | 'ACCESS UPDATE';

interface MatrixRow {
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  purposes: readonly PurposeOfUse[];
  resourceType: 'required' | 'optional';
  attachmentHash: boolean;
}

/** docs/jwt-claims.md §6; the first purpose is the default. */
export const CLAIM_MATRIX: Record<SignedOperation, MatrixRow> = {
  validateAndCreate: { action: 'CREATE', purposes: ['TREATMENT'], resourceType: 'required', attachmentHash: true },
  // The spec says UPDATE; TREATMENT is accepted since fix #2096. UPDATE works on both.
  replace: { action: 'UPDATE', purposes: ['UPDATE', 'TREATMENT'], resourceType: 'required', attachmentHash: true },
  updateMetadata: { action: 'UPDATE', purposes: ['UPDATE', 'ACCESS UPDATE'], resourceType: 'required', attachmentHash: false },
  delete: { action: 'DELETE', purposes: ['UPDATE'], resourceType: 'optional', attachmentHash: false },
};

export class ClaimsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimsError';
  }
}

export interface CommonClaimsInput {
  /** CN of the SIGNATURE certificate (S1#…): iss is built from it in both tokens. */
  signatureCertCn: string;
  audience: string;
  operatorFiscalCode: string;
  now: Date;
}

export interface SignatureClaimsInput extends CommonClaimsInput {
  operation: SignedOperation;
  locality: string;
  operatorRole: string;
  software: { applicationId: string; vendor: string; version: string };
  /** Patient tax code (recordTarget/patientRole/id/@extension). */
  patientId: string;
  /** ClinicalDocument/code; required except for delete. */
  documentCode?: { code: string; codeSystem: string };
  /** The exact bytes sent as `file`; required for create/replace, refused otherwise. */
  pdfBytes?: Uint8Array;
  purposeOfUse?: PurposeOfUse;
}

export interface StandardClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
  [claim: string]: unknown;
}

export function resourceHl7Type(code: { code: string; codeSystem: string }): string {
  return `('${code.code}^^${code.codeSystem}')`;
}

function standard(prefix: 'auth:' | 'integrity:', i: CommonClaimsInput): StandardClaims {
  if (!i.signatureCertCn) throw new ClaimsError('the signature certificate has no CN');
  if (!i.audience) throw new ClaimsError('audience is empty');
  const iat = Math.floor(i.now.getTime() / 1000);
  return {
    iss: prefix + i.signatureCertCn,
    sub: i.operatorFiscalCode + CF_SUFFIX,
    aud: i.audience,
    iat,
    exp: iat + TOKEN_LIFETIME_SECONDS,
    jti: randomUUID(),
  };
}

/** Claims of the Authorization token: standard claims only. */
export function authorizationClaims(i: CommonClaimsInput): StandardClaims {
  return standard('auth:', i);
}

/** Claims of the FSE-JWT-Signature token for one operation. */
export function signatureClaims(i: SignatureClaimsInput): StandardClaims {
  const row = CLAIM_MATRIX[i.operation];
  const purpose = i.purposeOfUse ?? row.purposes[0]!;
  if (!row.purposes.includes(purpose)) throw new ClaimsError(`purpose_of_use ${purpose} is not accepted for ${i.operation}`);
  if (!i.patientId) throw new ClaimsError('person_id needs the patient tax code');
  if (row.resourceType === 'required' && !i.documentCode) throw new ClaimsError(`resource_hl7_type is required for ${i.operation}`);
  if (row.attachmentHash && !i.pdfBytes) throw new ClaimsError(`attachment_hash is required for ${i.operation}`);
  if (!row.attachmentHash && i.pdfBytes) throw new ClaimsError(`${i.operation} sends no file: attachment_hash must be omitted`);
  return {
    ...standard('integrity:', i),
    subject_organization_id: TUSCANY_ORGANIZATION_ID,
    subject_organization: TUSCANY_ORGANIZATION,
    locality: i.locality,
    subject_role: i.operatorRole,
    person_id: i.patientId + CF_SUFFIX,
    patient_consent: true,
    purpose_of_use: purpose,
    action_id: row.action,
    ...(i.documentCode ? { resource_hl7_type: resourceHl7Type(i.documentCode) } : {}),
    // Omitted (never null) when there is no file.
    ...(i.pdfBytes ? { attachment_hash: sha256Hex(i.pdfBytes) } : {}),
    // Verbatim: INI compares them with the accredited product triple byte for byte.
    subject_application_id: i.software.applicationId,
    subject_application_vendor: i.software.vendor,
    subject_application_version: i.software.version,
  };
}
