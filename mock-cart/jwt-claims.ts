// The dispatcher's claim checks on the FSE-JWT-Signature payload (JwtSRV.validatePayloadFor*, docs/jwt-claims.md §4-§6),
// plus the cross-checks against the CDA taken from the uploaded PDF (AbstractCTL.validateJWT).
import { isDispatcherValidCf } from './dispatcher-cf.js';
import { contentDeny, jwtInvalid } from './problems.js';
import type { CdaFacts } from './cda-facts.js';

export type ClaimOperation = 'validateAndCreate' | 'replace' | 'delete' | 'updateMetadata';

const MEF_OID_SUFFIX = '^^^&2.16.840.1.113883.2.9.4.3.2&ISO';
const TEAM_OID = '2.16.840.1.113883.2.9.4.3.7';
const LOCALITY_XON = /^[^^]*\^{5}&[^&]*&ISO\^{4}[^^&]*$/;
const RESOURCE_HL7_TYPE = /^\('([^'^]+)\^\^([^'^]+)'\)$/;
const ROLES = new Set('AAS APR PSS INF FAR DSA DAM OAM ASS TUT ING GEN NOR DRS RSA MRP INI OGC OPI MDS GTW DAP'.split(' '));

/** SubjectOrganizationEnum (spec §15.3.7). */
export const ORGANIZATIONS: Record<string, string> = {
  '010': 'Regione Piemonte',
  '020': "Regione Valle d'Aosta",
  '030': 'Regione Lombardia',
  '041': 'P.A. Bolzano',
  '042': 'P.A. Trento',
  '050': 'Regione Veneto',
  '060': 'Regione Friuli Venezia Giulia',
  '070': 'Regione Liguria',
  '080': 'Regione Emilia-Romagna',
  '090': 'Regione Toscana',
  '100': 'Regione Umbria',
  '110': 'Regione Marche',
  '120': 'Regione Lazio',
  '130': 'Regione Abruzzo',
  '140': 'Regione Molise',
  '150': 'Regione Campania',
  '160': 'Regione Puglia',
  '170': 'Regione Basilicata',
  '180': 'Regione Calabria',
  '190': 'Regione Sicilia',
  '200': 'Regione Sardegna',
  '000': 'INI',
  '970': 'Sistema TS',
  '001': 'SASN',
  '999': 'GTW',
  '950': 'MDS',
};

/** §3.3: action_id and the purpose_of_use values accepted for each operation. */
const MATRIX: Record<ClaimOperation, { action: string; purposes: string[]; hl7Type: boolean; hash: boolean }> = {
  validateAndCreate: { action: 'CREATE', purposes: ['TREATMENT'], hl7Type: true, hash: true },
  // TREATMENT accepted on replace since fix #2096.
  replace: { action: 'UPDATE', purposes: ['UPDATE', 'TREATMENT'], hl7Type: true, hash: true },
  updateMetadata: { action: 'UPDATE', purposes: ['UPDATE', 'ACCESS UPDATE'], hl7Type: true, hash: false },
  delete: { action: 'DELETE', purposes: ['UPDATE'], hl7Type: false, hash: false },
};

const RESERVED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);

/**
 * Spec §15.1: the Authorization token is "composto da Header e Reserved Claims". The real frontier may silently
 * ignore extra claims, but a custom claim there means the client put it in the wrong token, and the dispatcher
 * reads custom claims only from FSE-JWT-Signature: the stand-in refuses it so the bug surfaces here.
 * Also refused: a `sub` differing between the two tokens (docs/jwt-claims.md §3: keep it equal).
 */
export function checkAuthTokenClaims(auth: Record<string, unknown>, signature: Record<string, unknown> | undefined): void {
  const custom = Object.keys(auth).filter((k) => !RESERVED.has(k));
  if (custom.length)
    throw jwtInvalid(
      '/jwt-malformed-field',
      `JWT payload: il token Authorization contiene claim custom (${custom.join(', ')}): vanno solo in FSE-JWT-Signature`,
    );
  if (signature && signature.sub !== auth.sub) throw jwtInvalid('/jwt-malformed-field', 'JWT payload: il campo sub deve essere uguale nei due token');
}

function str(p: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const v = p[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw jwtInvalid('/jwt-mandatory-field-missing', `JWT payload: il campo ${name} è obbligatorio`);
    return undefined;
  }
  if (typeof v !== 'string') throw jwtInvalid('/jwt-malformed-field', `JWT payload: il campo ${name} deve essere una stringa`);
  return v;
}

/** JwtSRV.checkFiscalCode: with the MEF OID the CF must pass CfUtility (see dispatcher-cf.ts); other OIDs are not checked. */
export function checkCxFiscalCode(value: string, field: string): void {
  let cf: string | undefined;
  if (value.includes('^^^')) {
    if (value.endsWith(MEF_OID_SUFFIX) && value.indexOf('^') === value.length - MEF_OID_SUFFIX.length) cf = value.slice(0, -MEF_OID_SUFFIX.length);
    else if (value.includes('&2.16.840.1.113883.2.9.4.3.2&')) cf = value.split('^')[0];
  } else {
    cf = value;
  }
  if (cf !== undefined && !isDispatcherValidCf(cf))
    throw jwtInvalid('/jwt-malformed-field', `JWT payload: il campo ${field} non contiene un codice fiscale valido`);
}

export interface ValidatedClaims {
  sub: string;
  personId: string;
  resourceHl7Type?: string;
  attachmentHash?: string;
}

export function checkSignatureClaims(p: Record<string, unknown>, op: ClaimOperation): ValidatedClaims {
  const m = MATRIX[op];
  const sub = str(p, 'sub', true)!;
  const orgId = str(p, 'subject_organization_id', true)!;
  const org = str(p, 'subject_organization', true)!;
  const locality = str(p, 'locality', true)!;
  const role = str(p, 'subject_role', true)!;
  const personId = str(p, 'person_id', true)!;
  if (p.patient_consent === undefined || p.patient_consent === null)
    throw jwtInvalid('/jwt-mandatory-field-missing', 'JWT payload: il campo patient_consent è obbligatorio');
  const purpose = str(p, 'purpose_of_use', true)!;
  const action = str(p, 'action_id', true)!;
  for (const f of ['subject_application_id', 'subject_application_vendor', 'subject_application_version']) str(p, f, true);
  const hl7 = str(p, 'resource_hl7_type', m.hl7Type);
  const hash = str(p, 'attachment_hash', m.hash);

  checkCxFiscalCode(sub, 'sub');
  const orgName = ORGANIZATIONS[orgId];
  if (!orgName) throw jwtInvalid('/jwt-malformed-field', `JWT payload: subject_organization_id '${orgId}' non ammesso`);
  if (orgName.toLowerCase() !== org.toLowerCase())
    throw jwtInvalid('/jwt-malformed-field', 'JWT payload: subject_organization non coerente con subject_organization_id');
  if (orgId !== '090') throw contentDeny(`CART accetta solo subject_organization_id 090 (Regione Toscana), ricevuto ${orgId}`);
  if (!LOCALITY_XON.test(locality)) throw jwtInvalid('/jwt-malformed-field', 'JWT payload: il campo locality non è nel formato XON');
  if (!ROLES.has(role)) throw jwtInvalid('/jwt-malformed-field', `JWT payload: subject_role '${role}' non ammesso`);
  if (p.patient_consent !== true) throw jwtInvalid('/jwt-malformed-field', 'JWT payload: patient_consent deve essere il booleano true');
  if (action !== m.action) throw jwtInvalid('/jwt-malformed-field', `JWT payload: action_id deve valere ${m.action} per questa operazione`);
  if (!m.purposes.includes(purpose))
    throw jwtInvalid('/jwt-malformed-field', `JWT payload: purpose_of_use deve valere ${m.purposes.join(' o ')} per questa operazione`);
  if (hl7 !== undefined && !RESOURCE_HL7_TYPE.test(hl7))
    throw jwtInvalid('/jwt-malformed-field', "JWT payload: resource_hl7_type deve avere la forma ('<codice>^^<codeSystem>')");
  if (p.use_subject_as_author !== undefined && typeof p.use_subject_as_author !== 'boolean')
    throw jwtInvalid('/jwt-malformed-field', 'JWT payload: use_subject_as_author deve essere booleano');
  // Without a CDA (delete, metadata) person_id gets the same CF check as sub.
  if (!m.hash) checkCxFiscalCode(personId, 'person_id');
  return { sub, personId, resourceHl7Type: hl7, attachmentHash: hash };
}

/** AbstractCTL.validateResourceHl7Type + validatePersonId. */
export function checkClaimsAgainstCda(c: ValidatedClaims, cda: CdaFacts): void {
  if (!cda.firstCode) throw jwtInvalid('/jwt-document-type', 'JWT payload: non è stato possibile verificare la tipologia del CDA');
  const expected = `('${cda.firstCode.code}^^${cda.firstCode.codeSystem}')`;
  if (c.resourceHl7Type !== expected)
    throw jwtInvalid('/jwt-document-type', 'JWT payload: Tipologia documento diversa dalla tipologia di CDA (code - codesystem)');
  if (cda.patientIds.length === 0)
    throw jwtInvalid('/jwt-person-id', 'JWT payload: non è stato possibile verificare il codice fiscale del paziente presente nel CDA');
  const cf = c.personId.split('^')[0];
  const match = cda.patientIds.find((id) => id.extension === cf);
  if (!match || !match.root)
    throw jwtInvalid('/jwt-person-id', 'JWT payload: Person id presente nel JWT differente dal codice fiscale del paziente previsto sul CDA');
  if (match.root !== TEAM_OID) checkCxFiscalCode(c.personId, 'person_id');
}
