// The «Nuovo referto» guide as plain data and functions (no DOM, no React), so unit tests can check
// the steps, where each problem is shown and the tax-code check the form runs as the user types.
import { fiscalCodeCheckCharacter } from '../../../../contract/fiscal-code.js';
import { CF_PATTERN } from '../../../../contract/profile.js';
import { birthFromFiscalCode, type ReportForm, type ReportProblem } from '../../../../contract/report-form.js';

export type StepId = 'patient' | 'content' | 'doctor' | 'preview';

export const STEPS: readonly { id: StepId; label: string }[] = [
  { id: 'patient', label: 'Paziente' },
  { id: 'content', label: 'Contenuto' },
  { id: 'doctor', label: 'Medico e date' },
  { id: 'preview', label: 'Anteprima e firma' },
];

const DOCTOR_FIELDS = ['doctorId', 'discipline', 'serviceDate', 'documentDate', 'administrativeRequest', 'confidentiality', 'nre'];

/** The step that shows a field; undefined for problems of no field (shown at the top of every step). */
export function stepOfField(field: string): StepId | undefined {
  const head = field.split('.')[0] ?? '';
  if (head === 'patient') return 'patient';
  if (head === 'rsa' || head === 'lab' || head === 'rad') return 'content';
  if (DOCTOR_FIELDS.includes(head)) return 'doctor';
  return undefined;
}

/** The DOM id of a field's control: `patient.fiscalCode` → `rf-patient-fiscalCode`. */
export const fieldId = (path: string): string => `rf-${path.replace(/\./g, '-')}`;

/** Problems by field path, errors before warnings (one field may get several). */
export function problemsByField(problems: readonly ReportProblem[]): Map<string, ReportProblem[]> {
  const map = new Map<string, ReportProblem[]>();
  for (const p of [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))) {
    const list = map.get(p.field) ?? [];
    list.push(p);
    map.set(p.field, list);
  }
  return map;
}

/** The problems one step shows: its own fields' and those of no field. */
export function problemsOfStep(problems: readonly ReportProblem[], step: StepId): ReportProblem[] {
  return problems.filter((p) => {
    const s = stepOfField(p.field);
    return s === step || s === undefined;
  });
}

/** The first step (in the guide's order) holding an error, for «correct this first» after a failed preview. */
export function firstStepWithError(problems: readonly ReportProblem[]): StepId | undefined {
  for (const s of STEPS) if (problems.some((p) => p.severity === 'error' && stepOfField(p.field) === s.id)) return s.id;
  return undefined;
}

/** A copy of `obj` with the value at the dotted path replaced (array indexes as numbers): immutable form updates. */
export function setIn<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return obj;
  if (Array.isArray(obj)) {
    const copy = [...obj] as unknown[];
    const i = Number(head);
    copy[i] = rest.length ? setIn(copy[i], rest.join('.'), value) : value;
    return copy as T;
  }
  const base = (obj ?? {}) as Record<string, unknown>;
  return { ...base, [head]: rest.length ? setIn(base[head], rest.join('.'), value) : value } as T;
}

// --- Tax code as typed ---

export type FiscalCodeCheck =
  { kind: 'empty' } | { kind: 'typing'; remaining: number } | { kind: 'invalid'; message: string } | { kind: 'valid'; birthDate?: string; sex?: 'M' | 'F' };

/**
 * What the form says under the tax code while it is typed: nothing while incomplete, the reason when 16 characters
 * do not make a tax code, the birth date and sex otherwise. 11 digits: a provisional code (no derivation).
 * The main process checks it again (codice-fiscale-js) on validation.
 */
export function checkFiscalCode(input: string, today: Date): FiscalCodeCheck {
  const cf = input.trim().toUpperCase();
  if (cf === '') return { kind: 'empty' };
  if (/^\d{11}$/.test(cf)) return { kind: 'valid' };
  if (!/^[A-Z0-9]*$/.test(cf)) return { kind: 'invalid', message: 'Il codice fiscale contiene solo lettere e cifre.' };
  if (cf.length < 16) return { kind: 'typing', remaining: 16 - cf.length };
  if (cf.length > 16) return { kind: 'invalid', message: 'Il codice fiscale ha 16 caratteri.' };
  if (!CF_PATTERN.test(cf)) return { kind: 'invalid', message: 'Il codice fiscale non ha la forma corretta: controllare lettere e cifre.' };
  if (fiscalCodeCheckCharacter(cf.slice(0, 15)) !== cf[15])
    return { kind: 'invalid', message: 'L’ultimo carattere non corrisponde: probabilmente c’è un errore di battitura.' };
  const birth = birthFromFiscalCode(cf, today);
  if (!birth) return { kind: 'invalid', message: 'La data di nascita nel codice fiscale non esiste.' };
  return { kind: 'valid', birthDate: birth.birthDate, sex: birth.sex };
}

/**
 * The patient after the tax code changed: birth date and sex are (re)derived when empty or when they were derived
 * from the previous code, so a value the user typed over is kept.
 */
export function withFiscalCode(patient: ReportForm['patient'], fiscalCode: string, today: Date): ReportForm['patient'] {
  const before = checkFiscalCode(patient.fiscalCode, today);
  const after = checkFiscalCode(fiscalCode, today);
  const next = { ...patient, fiscalCode: fiscalCode.toUpperCase() };
  if (after.kind !== 'valid' || !after.birthDate) return next;
  const derivedBefore = before.kind === 'valid' ? before : undefined;
  if (patient.birthDate === '' || patient.birthDate === derivedBefore?.birthDate) next.birthDate = after.birthDate;
  if (patient.sex === '' || patient.sex === derivedBefore?.sex) next.sex = after.sex ?? '';
  return next;
}

/** The content for another patient (wrong-patient flow): everything but the patient, no link to the old version. */
export function copyForAnotherPatient(form: ReportForm): ReportForm {
  const { replaceOf: _replaced, correctOf: _corrected, importId: _imported, ...rest } = form;
  return { ...rest, patient: { fiscalCode: '', givenName: '', familyName: '', birthDate: '', sex: '', phone: '', email: '' } };
}
