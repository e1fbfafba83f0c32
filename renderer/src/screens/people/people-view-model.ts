// «Medici e operatori»: the forms' flat values, their conversion to the channels' drafts, and the tax-code
// check shown while typing. The main process checks everything again (the tax code with codice-fiscale-js).
import { fiscalCodeCheckCharacter } from '../../../../contract/fiscal-code.js';
import { CF_PATTERN, type Operator } from '../../../../contract/profile.js';
import type { DoctorDraft, DoctorView, OperatorDraft } from '../../../../contract/people.js';
import { PRACTICE_SETTINGS, SUBJECT_ROLE_VALUES } from '../../../../contract/value-sets.js';

export type FormValues = Record<string, string>;

export const DOCTOR_FIELDS = ['title', 'givenName', 'familyName', 'fiscalCode', 'specialty', 'discipline', 'phone', 'email'] as const;
export const OPERATOR_FIELDS = ['givenName', 'familyName', 'fiscalCode', 'role'] as const;

export const emptyDoctorForm = (): FormValues => Object.fromEntries(DOCTOR_FIELDS.map((f) => [f, ''])) as FormValues;
export const emptyOperatorForm = (): FormValues => ({ ...(Object.fromEntries(OPERATOR_FIELDS.map((f) => [f, ''])) as FormValues), role: 'OAM' });

export function doctorToForm(d: DoctorView): FormValues {
  const v = emptyDoctorForm();
  for (const f of DOCTOR_FIELDS) v[f] = d[f] ?? '';
  return v;
}

export function operatorToForm(o: Operator): FormValues {
  return { givenName: o.givenName, familyName: o.familyName, fiscalCode: o.fiscalCode, role: o.role };
}

/** Form → draft: blanks of optional fields are left out; the tax code is sent in capitals. */
export function doctorDraftOf(v: FormValues, id: string | undefined): DoctorDraft {
  const draft: DoctorDraft = {
    ...(id ? { id } : {}),
    fiscalCode: (v.fiscalCode ?? '').trim().toUpperCase(),
    givenName: (v.givenName ?? '').trim(),
    familyName: (v.familyName ?? '').trim(),
  };
  for (const f of ['title', 'specialty', 'discipline', 'phone', 'email'] as const) {
    const value = (v[f] ?? '').trim();
    if (value) draft[f] = value;
  }
  return draft;
}

export function operatorDraftOf(v: FormValues): OperatorDraft {
  return {
    fiscalCode: (v.fiscalCode ?? '').trim().toUpperCase(),
    givenName: (v.givenName ?? '').trim(),
    familyName: (v.familyName ?? '').trim(),
    role: v.role ?? '',
  };
}

/**
 * What is wrong with a tax code while it is typed: nothing until it is complete (except characters that
 * can never be in one); once 16 characters, the shape and the check character. Empty = no message.
 */
export function fiscalCodeProblemAsTyped(raw: string): string | undefined {
  const value = raw.trim().toUpperCase();
  if (value === '') return undefined;
  if (!/^[A-Z0-9]*$/.test(value)) return 'Il codice fiscale contiene solo lettere e cifre.';
  if (value.length > 16) return 'Il codice fiscale ha 16 caratteri.';
  if (value.length < 16) return undefined;
  if (!CF_PATTERN.test(value)) return 'Codice fiscale non valido: controllare lettere e cifre.';
  if (fiscalCodeCheckCharacter(value.slice(0, 15)) !== value[15])
    return 'Codice fiscale non valido: l’ultimo carattere non corrisponde. Controllare di averlo copiato bene.';
  return undefined;
}

/** A tax code's problem when the form is sent: a short one is also wrong then. */
export function fiscalCodeProblemOnSave(raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') return 'Indicare il codice fiscale.';
  if (value.length < 16) return 'Il codice fiscale ha 16 caratteri.';
  return fiscalCodeProblemAsTyped(value);
}

export const disciplineName = (code: string | undefined): string | undefined => PRACTICE_SETTINGS.find((e) => e.code === code)?.display;
export const roleName = (code: string): string => SUBJECT_ROLE_VALUES.find((e) => e.code === code)?.display ?? code;

/** Problems the main process sent back, keyed by field, plus the general ones it could not place. */
export function problemsByField(
  problems: { path: string; message: string }[],
  fields: readonly string[],
): { byField: Record<string, string>; general: string[] } {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const p of problems) {
    if (fields.includes(p.path)) byField[p.path] ??= p.message;
    else general.push(p.message);
  }
  return { byField, general };
}

/** The first field in the form's order that has a problem: focus goes there after a failed save. */
export function firstErrorField(fields: readonly string[], errors: Record<string, string>): string | undefined {
  return fields.find((f) => errors[f]);
}
