// The profile form works on flat string fields keyed by their dotted path (the same paths the
// main process uses in its problem list), converted to and from the nested profile object.
import type { Profile } from '../../../contract/profile.js';

export type FormValues = Record<string, string>;

export const FORM_FIELDS = [
  'environment',
  'baseUrl',
  'audience',
  'clinic.name',
  'clinic.fiscalCode',
  'clinic.istatCode',
  'clinic.repository',
  'clinic.structureType',
  'clinic.organizationalSetting',
  'clinic.locality',
  'software.applicationId',
  'software.vendor',
  'software.version',
  'operator.fiscalCode',
  'operator.role',
] as const;

export const EMPTY_FORM: FormValues = Object.fromEntries(FORM_FIELDS.map((f) => [f, ''])) as FormValues;

/** Profile → form values. Fields the form does not edit (certificates, paths, dataDir) are kept aside and merged back on save. */
export function toForm(p: Profile | null): FormValues {
  const v: FormValues = { ...EMPTY_FORM, environment: 'stage', 'clinic.repository': '999', 'clinic.structureType': 'Territorio' };
  if (!p) return v;
  for (const f of FORM_FIELDS) {
    const [a, b] = f.split('.') as [string, string | undefined];
    const top = (p as unknown as Record<string, unknown>)[a];
    const value = b ? (top as Record<string, unknown> | undefined)?.[b] : top;
    if (typeof value === 'string') v[f] = value;
  }
  return v;
}

/** Form values → profile draft: blanks of optional fields are left out; the main process validates the rest. */
export function fromForm(v: FormValues, base: Profile | null): Record<string, unknown> {
  const draft: Record<string, unknown> = {};
  if (base) {
    for (const k of ['trustedCaFile', 'paths', 'authCertificate', 'signatureCertificate', 'documentSigner', 'dataDir'] as const) {
      if (base[k] !== undefined) draft[k] = base[k];
    }
  }
  const nested: Record<string, Record<string, string>> = { clinic: {}, software: {}, operator: {} };
  for (const f of FORM_FIELDS) {
    const [a, b] = f.split('.') as [string, string | undefined];
    // The software identity is compared byte for byte by INI: never trim or normalise it.
    const value = a === 'software' ? (v[f] ?? '') : (v[f] ?? '').trim();
    if (b) {
      if (value !== '') nested[a]![b] = a === 'operator' && b === 'fiscalCode' ? value.toUpperCase() : value;
    } else if (value !== '') {
      draft[a] = value;
    }
  }
  if (draft.environment !== 'custom') delete draft.baseUrl;
  draft.clinic = nested.clinic;
  draft.software = nested.software;
  if (Object.keys(nested.operator!).length > 0) draft.operator = nested.operator;
  return draft;
}
