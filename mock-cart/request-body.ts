// Request bodies as the dispatcher reads them (docs/gateway-api.md §6): the multipart `requestBody` through a strict
// Jackson mapper (unknown property or bad enum name → 400), the metadata JSON through Spring (tolerant, enums checked).
import { AD264_EVENT_CODES } from './event-codes.js';
import { dispatcherProblem, GatewayProblem, mandatoryElement } from './problems.js';

const ENUMS = {
  tipologiaStruttura: ['Ospedale', 'Prevenzione', 'Territorio', 'SistemaTS', 'Cittadino', 'MdsPN_DGC'],
  tipoDocumentoLivAlto: 'WOR REF LDO RIC SUM TAC PRS PRE ESE PDC VAC CER VRB CON CNT CRT LET PRO COL'.split(' '),
  assettoOrganizzativo: (
    '001 002 003 004 005 006 007 008 009 010 011 012 013 014 015 018 019 020 021 024 025 026 027 028 029 030 031 032 033 034 035 036 ' +
    '037 038 039 040 041 042 043 046 047 048 049 050 051 052 054 055 056 057 058 060 061 062 064 065 066 067 068 069 070 071 072 073 ' +
    '074 075 076 077 078 094 096 097 098 099 100 101 102 103 104 107 109 121 122 126 129 130 131 199 999'
  )
    .split(' ')
    .map((n) => `AD_PSC${n}`),
  tipoAttivitaClinica: ['PHR', 'CON', 'DIS', 'ERP', 'Sistema_TS', 'INI', 'PN_DGC', 'OBS'],
  mode: ['ATTACHMENT', 'RESOURCE'],
  healthDataFormat: ['CDA'],
  administrativeRequest: ['SSN', 'INPATIENT', 'NOSSN', 'SSR', 'DONOR', 'AUTO'],
} as const;

type FieldKind = 'string' | 'strings' | 'enum' | 'enums' | 'boolean';
const COMMON: Record<string, FieldKind> = {
  tipologiaStruttura: 'enum',
  tipoDocumentoLivAlto: 'enum',
  assettoOrganizzativo: 'enum',
  tipoAttivitaClinica: 'enum',
  identificativoSottomissione: 'string',
  attiCliniciRegoleAccesso: 'strings',
  dataInizioPrestazione: 'string',
  dataFinePrestazione: 'string',
  conservazioneANorma: 'string',
  descriptions: 'strings',
  administrativeRequest: 'enums',
};
const PUBLICATION: Record<string, FieldKind> = {
  ...COMMON,
  identificativoDoc: 'string',
  identificativoRep: 'string',
  mode: 'enum',
  healthDataFormat: 'enum',
  workflowInstanceId: 'string',
};
const FIELDS = {
  validateAndCreate: { ...PUBLICATION, priorita: 'boolean' } as Record<string, FieldKind>, // priorita: deprecated, still known to VaC
  replace: PUBLICATION,
  // UpdateMetadataReqDTO (OpenAPI 2026-07) types these two as plain strings: Spring accepts any value, and the
  // Affinity Domain 2.6.4 check (checkMetadataBody) refuses what is not in its value sets.
  updateMetadata: { ...COMMON, tipoDocumentoLivAlto: 'string', administrativeRequest: 'strings' } as Record<string, FieldKind>,
};

export interface PublicationBody {
  identificativoDoc?: string;
  identificativoRep?: string;
  tipoDocumentoLivAlto?: string;
  mode?: 'ATTACHMENT' | 'RESOURCE';
  workflowInstanceId?: string;
  [k: string]: unknown;
}

function coerce(name: string, kind: FieldKind, v: unknown, strict: boolean): unknown {
  if (v === null) return undefined;
  const bad = (): GatewayProblem =>
    strict ? mandatoryElement(`Parametro non valido: ${name}`) : springBadRequest(`JSON parse error: campo ${name} non valido`);
  const enumValues = (ENUMS as Record<string, readonly string[]>)[name];
  const scalar = (x: unknown): string => {
    // Jackson coerces numbers and booleans to String by default; objects/arrays are refused.
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    throw bad();
  };
  switch (kind) {
    case 'string':
      return scalar(v);
    case 'boolean':
      if (typeof v !== 'boolean') throw bad();
      return v;
    case 'enum': {
      const s = scalar(v);
      if (!enumValues?.includes(s)) throw bad();
      return s;
    }
    case 'strings':
    case 'enums': {
      if (!Array.isArray(v)) throw bad();
      return v.map((x) => {
        const s = scalar(x);
        if (kind === 'enums' && !enumValues?.includes(s)) throw bad();
        return s;
      });
    }
  }
}

/** Plain Spring 400 (not problem+json from the dispatcher): what a bad metadata body gets. */
export function springBadRequest(detail: string): GatewayProblem {
  return new GatewayProblem(400, { type: 'about:blank', title: 'Bad Request', status: 400, detail });
}

const DATE = /^\d{14}$/;
/** SimpleDateFormat("yyyyMMddHHmmss") is lenient on ranges; we require 14 digits and a real calendar date. */
function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const [y, mo, d, h, mi, se] = [s.slice(0, 4), s.slice(4, 6), s.slice(6, 8), s.slice(8, 10), s.slice(10, 12), s.slice(12, 14)].map(Number) as number[];
  const t = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, se!));
  return t.getUTCMonth() === mo! - 1 && t.getUTCDate() === d! && h! < 24 && mi! < 60 && se! < 60;
}

function checkDates(b: Record<string, unknown>): string | undefined {
  if (typeof b.dataInizioPrestazione === 'string' && !validDate(b.dataInizioPrestazione)) return 'Il campo data inizio deve essere valorizzato correttamente';
  if (typeof b.dataFinePrestazione === 'string' && !validDate(b.dataFinePrestazione)) return 'Il campo data fine deve essere valorizzato correttamente';
  return undefined;
}

function checkCodes(b: Record<string, unknown>): string | undefined {
  for (const d of (b.descriptions as string[] | undefined) ?? []) {
    if (d.split('^').length !== 3) return 'Valorizzare correttamente il campo descriptions rispettando la forma: [CODICE]^[Descrizione]^[OID]';
  }
  for (const a of (b.attiCliniciRegoleAccesso as string[] | undefined) ?? []) {
    if (!AD264_EVENT_CODES.has(a.toUpperCase())) return `Il campo atti clinici ${a} non è consentito`;
  }
  return undefined;
}

function parseObject(text: string, strict: boolean): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw strict ? mandatoryElement('Errore nel parsing del requestBody: JSON non valido') : springBadRequest('JSON parse error');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw strict ? mandatoryElement('Il requestBody deve essere un oggetto JSON') : springBadRequest('JSON parse error');
  return v as Record<string, unknown>;
}

/** CdaUtility.isValidMasterId: contains `^`, non-empty after the last `^`. */
export function isValidMasterId(id: string | undefined): boolean {
  if (!id || id.length > 256 || !id.includes('^')) return false;
  return id.slice(id.lastIndexOf('^') + 1).length > 0;
}

/** ValidationUtility.repositoryUniqueIdValidation: 2.16.840.1.113883.2.9.2.<region>.4.5.<n>, region a valid organization code. */
const REGIONS = new Set([
  '010',
  '020',
  '030',
  '041',
  '042',
  '050',
  '060',
  '070',
  '080',
  '090',
  '100',
  '110',
  '120',
  '130',
  '140',
  '150',
  '160',
  '170',
  '180',
  '190',
  '200',
  '000',
]);
export function isValidRepositoryId(id: string): boolean {
  const m = /^2\.16\.840\.1\.113883\.2\.9\.2\.(\d+)\.4\.5\.[0-9A-Za-z.]+$/.exec(id);
  return !!m && REGIONS.has(m[1]!.padStart(3, '0'));
}

/** Multipart `requestBody` of validate-and-create / replace, checks in the dispatcher's order (first failure wins). */
export function parsePublicationBody(text: string | undefined, op: 'validateAndCreate' | 'replace'): PublicationBody {
  if (text === undefined || text === '') throw mandatoryElement('Il campo requestBody deve essere valorizzato.');
  const raw = parseObject(text, true);
  const fields = FIELDS[op];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const kind = fields[k];
    if (!kind) throw mandatoryElement(`Parametro non riconosciuto: ${k}`);
    out[k] = coerce(k, kind, v, true);
  }
  const b = out as PublicationBody;
  const empty = (s: unknown) => s === undefined || s === '';
  let msg: string | undefined;
  // AbstractCTL.checkPublicationMandatoryElements (identificativoDoc is not checked here on replace).
  if (empty(b.identificativoDoc) && op === 'validateAndCreate') msg = 'Il campo identificativo documento deve essere valorizzato.';
  else if (empty(b.identificativoRep)) msg = 'Il campo identificativo rep deve essere valorizzato.';
  else if (b.tipoDocumentoLivAlto === undefined) msg = 'Il campo tipo documento liv alto deve essere valorizzato.';
  else if (b.assettoOrganizzativo === undefined) msg = 'Il campo assetto organizzativo deve essere valorizzato.';
  else if (b.tipoAttivitaClinica === undefined) msg = 'Il campo tipo attivita clinica deve essere valorizzato.';
  else if (empty(b.identificativoSottomissione)) msg = 'Il campo identificativo sottomissione deve essere valorizzato.';
  else if (b.tipologiaStruttura === undefined) msg = 'Il campo tipologia struttura deve essere valorizzato.';
  // Guide v2.24 (16/09/2026) makes it required on create and replace.
  else if (!Array.isArray(b.administrativeRequest) || b.administrativeRequest.length === 0) msg = ADMINISTRATIVE_REQUEST_MISSING;
  msg ??= checkCodes(out);
  if (msg) throw mandatoryElement(msg);
  const dateMsg = checkDates(out);
  if (dateMsg) throw dispatcherProblem('/msg/invalid-format', dateMsg, '/invalid-date-format');
  if (!isValidMasterId(b.identificativoDoc))
    throw dispatcherProblem(
      '/msg/id-doc',
      'Il campo identificativoDoc deve avere la forma ROOT^ESTENSIONE (es. 2.16.840.1.113883.2.9.2.90.4.4^...)',
      '/id-doc',
    );
  if (!isValidRepositoryId(b.identificativoRep!))
    throw dispatcherProblem('/msg/id-doc', 'Il campo identificativoRep non è nella forma 2.16.840.1.113883.2.9.2.<regione>.4.5.<n>', '/id-doc');
  return b;
}

/** JSON body of PUT documents/{id}/metadata: Spring ignores unknown fields but refuses bad enum names. */
export function parseMetadataBody(text: string): Record<string, unknown> {
  const raw = parseObject(text, false);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const kind = FIELDS.updateMetadata[k];
    if (kind) out[k] = coerce(k, kind, v, false);
  }
  return out;
}

const ADMINISTRATIVE_REQUEST_MISSING = 'Il campo administrative request deve essere valorizzato.';

/** One metadata value outside its Affinity Domain 2.6.4 value set (guide v2.24 §8, §16.3), or undefined. */
function outsideValueSets(b: Record<string, unknown>): string | undefined {
  const sets: Array<[string, readonly string[]]> = [
    ['tipologiaStruttura', ENUMS.tipologiaStruttura],
    ['tipoDocumentoLivAlto', ENUMS.tipoDocumentoLivAlto],
    ['assettoOrganizzativo', ENUMS.assettoOrganizzativo],
    ['tipoAttivitaClinica', ENUMS.tipoAttivitaClinica],
    ['administrativeRequest', ENUMS.administrativeRequest],
  ];
  for (const [name, values] of sets) {
    const v = b[name];
    for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
      if (!values.includes(String(x))) return `Il valore ${String(x)} del campo ${name} non appartiene al value set dell’Affinity Domain 2.6.4`;
    }
  }
  return undefined;
}

/**
 * AbstractCTL.checkUpdateMandatoryElements (note that bad dates are `/msg/mandatory-element` here), then the
 * Affinity Domain 2.6.4 checks of the metadata update (guide v2.24 §8; ini-client c7e02b43) and the
 * administrativeRequest that guide v2.24 makes required.
 */
export function checkMetadataBody(b: Record<string, unknown>): void {
  if (b.tipoDocumentoLivAlto === undefined) throw mandatoryElement('Il campo tipo documento liv alto deve essere valorizzato.');
  const msg = checkCodes(b) ?? checkDates(b);
  if (msg) throw mandatoryElement(msg);
  if (!Array.isArray(b.administrativeRequest) || b.administrativeRequest.length === 0) throw mandatoryElement(ADMINISTRATIVE_REQUEST_MISSING);
  const outside = outsideValueSets(b);
  if (outside) throw mandatoryElement(outside);
}
