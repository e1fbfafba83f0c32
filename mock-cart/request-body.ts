// Request bodies as the dispatcher reads them (docs/gateway-api.md §6): the multipart `requestBody` through a strict
// Jackson mapper (unknown property or bad enum name → 400), the metadata JSON through Spring (tolerant, enums checked).
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

/** EventCodeEnum codes (spec §15.3.4), compared case-insensitively. */
const EVENT_CODES = new Set(
  (
    '1001000221103 1011000221100 1031000221108 1051000221104 1081000221109 1119305005 1119349007 1157024006 1162643001 28531000087107 ' +
    '29061000087103 836369007 836374004 836375003 836377006 836379009 836380007 836382004 836385002 836387005 836388000 836398006 ' +
    '836401009 871803007 871831003 871908002 J07AC J07AE J07AF J07AG J07AH J07AJ J07AL J07AM J07AN J07AP J07BA J07BB J07BC J07BD ' +
    'J07BE J07BF J07BG J07BH J07BJ J07BK J07BL J07BM J07BN J07BX J07CA J07XA P99 P00 P97 P98 LP418019-8 LP417541-2 96118-5 94503-0 ' +
    'pay PUBLICPOL LP267463-0 LP199190-2 90768-3'
  )
    .split(' ')
    .map((c) => c.toUpperCase()),
);

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
  updateMetadata: COMMON,
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
    if (!EVENT_CODES.has(a.toUpperCase())) return `Il campo atti clinici ${a} non è consentito`;
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

/** AbstractCTL.checkUpdateMandatoryElements: note that bad dates are `/msg/mandatory-element` here. */
export function checkMetadataBody(b: Record<string, unknown>): void {
  if (b.tipoDocumentoLivAlto === undefined) throw mandatoryElement('Il campo tipo documento liv alto deve essere valorizzato.');
  const msg = checkCodes(b) ?? checkDates(b);
  if (msg) throw mandatoryElement(msg);
}
