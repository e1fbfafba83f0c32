// The profile form works on flat string fields keyed by their dotted path (the same paths the
// main process uses in its problem list), converted to and from the nested profile object.
// Two groups are the form's own: the locality's parts (composed into clinic.locality) and the
// software identity override (left out when empty: the built-in identity is used).
import { composeLocality, localityPartsProblems, parseLocality, type LocalityParts } from '../../../contract/locality.js';
import { OPERATIONS, type Profile } from '../../../contract/profile.js';

export type FormValues = Record<string, string>;

export const PATH_FIELDS = OPERATIONS.map((o) => `paths.${o}` as const);
export const SOFTWARE_FIELDS = ['software.applicationId', 'software.vendor', 'software.version'] as const;
/** The fields under «Avanzate»: opened by itself when one of them holds a value or an error. */
export const ADVANCED_FIELDS: readonly string[] = [...SOFTWARE_FIELDS, 'trustedCaFile', 'audience', ...PATH_FIELDS];

export const FORM_FIELDS = [
  'environment',
  'baseUrl',
  'audience',
  'trustedCaFile',
  ...PATH_FIELDS,
  'clinic.name',
  'clinic.fiscalCode',
  'clinic.istatCode',
  'clinic.repository',
  'clinic.structureType',
  'clinic.organizationalSetting',
  'clinic.address.street',
  'clinic.address.postalCode',
  'clinic.address.city',
  'clinic.address.province',
  'clinic.phone',
  'clinic.email',
  ...SOFTWARE_FIELDS,
  'operator.fiscalCode',
  'operator.role',
] as const;

/** The locality's parts, keyed like form fields (`locality.name`…): not profile paths. */
export const LOCALITY_FIELDS = { 'locality.name': 'name', 'locality.aslCode': 'aslCode', 'locality.sts11Code': 'sts11Code' } as const;

export const EMPTY_FORM: FormValues = Object.fromEntries([...FORM_FIELDS, ...Object.keys(LOCALITY_FIELDS)].map((f) => [f, ''])) as FormValues;

function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys.at(-1)!] = value;
}

export function localityParts(v: FormValues): LocalityParts {
  return { name: v['locality.name'] ?? '', aslCode: v['locality.aslCode'] ?? '', sts11Code: v['locality.sts11Code'] ?? '' };
}

/** The XON string the parts compose, for the preview; empty while no part is filled in. */
export function localityPreview(v: FormValues): string {
  const p = localityParts(v);
  return p.name.trim() || p.aslCode.trim() || p.sts11Code.trim() ? composeLocality(p) : '';
}

/** Problems of the locality's parts, keyed by their form field, shown before anything is sent to the main process. */
export function localityFieldProblems(v: FormValues): Record<string, string> {
  const problems = localityPartsProblems(localityParts(v));
  const out: Record<string, string> = {};
  for (const [field, part] of Object.entries(LOCALITY_FIELDS)) if (problems[part]) out[field] = problems[part];
  return out;
}

/** Profile → form values. Fields the form does not edit (certificates, dataDir, outbox timing, storage) are kept aside and merged back on save. */
export function toForm(p: Profile | null): FormValues {
  const v: FormValues = { ...EMPTY_FORM, environment: 'stage', 'clinic.repository': '999', 'clinic.structureType': 'Territorio' };
  if (!p) return v;
  for (const f of FORM_FIELDS) {
    const value = getPath(p, f);
    if (typeof value === 'string') v[f] = value;
  }
  const parts = parseLocality(p.clinic.locality);
  for (const [field, part] of Object.entries(LOCALITY_FIELDS)) v[field] = parts[part];
  return v;
}

/** Form values → profile draft: blanks of optional fields are left out; the main process validates the rest. */
export function fromForm(v: FormValues, base: Profile | null): Record<string, unknown> {
  const draft: Record<string, unknown> = {};
  if (base) {
    for (const k of ['authCertificate', 'signatureCertificate', 'documentSigner', 'dataDir', 'outbox', 'storage'] as const) {
      if (base[k] !== undefined) draft[k] = base[k];
    }
  }
  const softwareGiven = SOFTWARE_FIELDS.some((f) => (v[f] ?? '') !== '');
  for (const f of FORM_FIELDS) {
    const isSoftware = (SOFTWARE_FIELDS as readonly string[]).includes(f);
    // The software identity is compared byte for byte by INI: never trimmed, so the main process refuses stray spaces.
    const value = isSoftware ? (v[f] ?? '') : (v[f] ?? '').trim();
    if (isSoftware ? softwareGiven : value !== '') setPath(draft, f, f === 'operator.fiscalCode' ? value.toUpperCase() : value);
  }
  if (draft.environment !== 'custom') delete draft.baseUrl;
  const clinic = (draft.clinic ?? {}) as Record<string, unknown>;
  const locality = localityPreview(v);
  if (locality) clinic.locality = locality;
  draft.clinic = clinic;
  return draft;
}
