// Request bodies of CART calls, strictly per docs/gateway-api.md §6: exact Java enum names, strict objects
// (the gateway's Jackson mapper refuses unknown properties with 400), yyyyMMddHHmmss dates and the
// regional id formats of docs/cart-region.md §4. Validated before anything is sent.
import { z } from 'zod';
import { STRUCTURE_TYPES } from '../../../contract/profile.js';
import { OID } from '../shared/index.js';
import { EVENT_CODES } from './event-codes.js';

export const TIPO_DOCUMENTO_LIV_ALTO = [
  'WOR',
  'REF',
  'LDO',
  'RIC',
  'SUM',
  'TAC',
  'PRS',
  'PRE',
  'ESE',
  'PDC',
  'VAC',
  'CER',
  'VRB',
  'CON',
  'CNT',
  'CRT',
  // Only in the `release` dispatcher / 2026 swagger.
  'LET',
  'PRO',
  'COL',
] as const;

/** The 89 codes of spec §15.3.8 as listed by swagger_gtw-2025-03.yaml. */
export const ASSETTO_ORGANIZZATIVO = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 46, 47, 48,
  49, 50, 51, 52, 54, 55, 56, 57, 58, 60, 61, 62, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 94, 96, 97, 98, 99, 100, 101, 102, 103, 104, 107,
  109, 121, 122, 126, 129, 130, 131, 199, 999,
].map((n) => `AD_PSC${String(n).padStart(3, '0')}`);

export const TIPO_ATTIVITA_CLINICA = ['PHR', 'CON', 'DIS', 'ERP', 'Sistema_TS', 'INI', 'PN_DGC', 'OBS'] as const;
/**
 * Regime of provision (guide v2.24 §16.3.13; the OpenAPI enum also has AUTO, the citizen's own documents in the
 * Taccuino, which a clinic never sends: refused here, docs/decisions.md §31).
 */
export const ADMINISTRATIVE_REQUEST = ['SSN', 'INPATIENT', 'NOSSN', 'SSR', 'DONOR'] as const;
export type AdministrativeRequest = (typeof ADMINISTRATIVE_REQUEST)[number];

const EVENT_CODES_UPPER = new Set(EVENT_CODES.map((c) => c.toUpperCase()));

/** An OID at the start of a pattern: its dots are literal. */
const oidPattern = (oid: string): string => oid.replaceAll('.', '\\.');
/** identificativoDoc for Tuscany (docs/cart-region.md §4.1): 2.16.840.1.113883.2.9.2.90.4.4^<id>, non-empty after the last ^. */
export const ID_DOC_PATTERN = new RegExp(`^${oidPattern(OID.tuscanyDocumentId)}\\^[^^]*[^^]$`);
/** identificativoRep: repository unique id of region 090 (ValidationUtility.repositoryUniqueIdValidation). */
export const ID_REP_PATTERN = new RegExp(`^${oidPattern(OID.tuscanyRepository)}\\.[1-9]\\d*$`);
/** identificativoSottomissione in the Affinity Domain form (the gateway only checks non-empty). */
export const ID_SUBMISSION_PATTERN = new RegExp(`^${oidPattern(OID.tuscanySubmissionSet)}\\.[1-9]\\d*$`);
export const CART_DATE_PATTERN = /^\d{14}$/;

function isValidCartDate(v: string): boolean {
  if (!CART_DATE_PATTERN.test(v)) return false;
  const [y, mo, d, h, mi, s] = [v.slice(0, 4), v.slice(4, 6), v.slice(6, 8), v.slice(8, 10), v.slice(10, 12), v.slice(12, 14)].map(Number) as number[];
  const dt = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return (
    dt.getUTCFullYear() === y &&
    dt.getUTCMonth() === mo! - 1 &&
    dt.getUTCDate() === d &&
    dt.getUTCHours() === h &&
    dt.getUTCMinutes() === mi &&
    dt.getUTCSeconds() === s
  );
}

const enumOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { errorMap: () => ({ message: `${label}: valore non ammesso (ammessi: ${values.join(', ')}).` }) });

const cartDate = z.string().refine(isValidCartDate, 'Data non valida: usare il formato aaaaMMggHHmmss (14 cifre), es. 20240131093000.');

const common = {
  tipologiaStruttura: enumOf(STRUCTURE_TYPES, 'tipologiaStruttura'),
  tipoDocumentoLivAlto: enumOf(TIPO_DOCUMENTO_LIV_ALTO, 'tipoDocumentoLivAlto'),
  assettoOrganizzativo: z
    .string()
    .refine((v) => ASSETTO_ORGANIZZATIVO.includes(v), 'assettoOrganizzativo: codice AD_PSCnnn non presente nella tabella nazionale.'),
  tipoAttivitaClinica: enumOf(TIPO_ATTIVITA_CLINICA, 'tipoAttivitaClinica'),
  identificativoSottomissione: z.string().min(1).max(100),
  attiCliniciRegoleAccesso: z
    .array(z.string().refine((c) => EVENT_CODES_UPPER.has(c.toUpperCase()), 'attiCliniciRegoleAccesso: codice non previsto (es. P99 oscuramento).'))
    .max(100)
    .optional(),
  dataInizioPrestazione: cartDate.optional(),
  dataFinePrestazione: cartDate.optional(),
  conservazioneANorma: z.string().min(1).max(100).optional(),
  descriptions: z
    .array(z.string().refine((d) => d.split('^').length === 3 && d.split('^').every(Boolean), 'descriptions: ogni voce nel formato CODICE^Testo^OID.'))
    .max(100)
    .optional(),
  // Required by guide v2.24 (create, replace, metadata update): derive-body.ts always sets exactly one value and
  // refuses a body without it. Optional here only so a job stored by an earlier version can still be read back.
  administrativeRequest: z
    .array(enumOf(ADMINISTRATIVE_REQUEST, 'administrativeRequest'))
    .length(1, 'administrativeRequest: indicare un solo regime di erogazione (SSN, NOSSN, SSR, INPATIENT o DONOR).')
    .optional(),
};

const documentFields = {
  identificativoDoc: z
    .string()
    .max(100) // 2025-03 swagger limit (the newer one allows 256): the stricter wins.
    .regex(ID_DOC_PATTERN, `identificativoDoc nel formato ${OID.tuscanyDocumentId}^<partita IVA>.<tipo>.<repository>.<id>.`),
  identificativoRep: z.string().max(100).regex(ID_REP_PATTERN, `identificativoRep nel formato ${OID.tuscanyRepository}.<n>.`),
  mode: z.literal('ATTACHMENT'),
  healthDataFormat: z.literal('CDA'),
};

/** validate-and-create (PublicationCreationReqDTO). No workflowInstanceId (→ /msg/cda-match), no priorita (deprecated). */
export const createBodySchema = z.object({ ...common, ...documentFields }).strict();
/** replace (PublicationUpdateReqDTO): identificativoDoc is the id of the NEW document. workflowInstanceId is only for the national two-step flow, which CART does not offer: not accepted here. */
export const replaceBodySchema = z.object({ ...common, ...documentFields }).strict();
/** metadata update (PublicationMetadataReqDTO): no ids, mode or format. */
export const metadataBodySchema = z.object(common).strict();

export type CreateBody = z.infer<typeof createBodySchema>;
export type ReplaceBody = z.infer<typeof replaceBodySchema>;
export type MetadataBody = z.infer<typeof metadataBodySchema>;

export interface BodyProblem {
  path: string;
  /** Italian. */
  message: string;
}

export function bodyProblems(error: z.ZodError): BodyProblem[] {
  return error.issues.map((i) => ({
    path: i.path.join('.'),
    message: i.code === z.ZodIssueCode.unrecognized_keys ? `Campo non riconosciuto dal gateway: ${i.keys.join(', ')}. Rimuoverlo dai metadati.` : i.message,
  }));
}
