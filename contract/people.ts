// The clinic's doctors and operators («Medici e operatori») and who is operating in this session.
// Doctors and operators live in the profile (contract/profile.ts `doctors`, `operators`); these channels
// edit them one person at a time, so a stale copy of the profile form can never drop them.
import { z } from 'zod';
import type { Doctor, Operator } from './profile.js';

/** A doctor as the renderer sees it: the certificate reference stays in the main process. */
export type DoctorView = Omit<Doctor, 'signerCertificate'> & {
  /** The doctor has their own report-signing certificate (removing them asks for confirmation). */
  hasCertificate: boolean;
};

export interface PeopleOverview {
  doctors: DoctorView[];
  operators: Operator[];
  /** False until the clinic's profile is saved: people are stored in it. */
  profileSaved: boolean;
}

export interface SessionState {
  /** Who is operating in this session: the `sub` and `subject_role` of every call. */
  operator?: Operator;
  operators: Operator[];
  /** There are operators and none is chosen for this session yet: the app asks «Chi sta lavorando?». */
  needsChoice: boolean;
}

const text = z.string().max(200);
const fiscalCode = z.string().max(20);

/**
 * A doctor from the form: blanks of optional fields are sent as absent. `id` absent = a new doctor
 * (the main process gives the id); present = that doctor is changed. Checked field by field in main.
 */
export const doctorDraft = z
  .object({
    id: z.string().max(40).optional(),
    fiscalCode,
    givenName: text,
    familyName: text,
    title: text.optional(),
    specialty: text.optional(),
    discipline: text.optional(),
    phone: text.optional(),
    email: text.optional(),
  })
  .strict();
export type DoctorDraft = z.infer<typeof doctorDraft>;

/** An operator from the form; `previousFiscalCode` names the one being changed (absent = a new operator). */
export const operatorDraft = z
  .object({
    fiscalCode,
    givenName: text,
    familyName: text,
    role: z.string().max(10),
  })
  .strict();
export type OperatorDraft = z.infer<typeof operatorDraft>;

export const saveDoctorRequest = z.object({ doctor: doctorDraft }).strict();
export const removeDoctorRequest = z.object({ id: z.string().min(1).max(40) }).strict();
export const saveOperatorRequest = z.object({ operator: operatorDraft, previousFiscalCode: fiscalCode.optional() }).strict();
export const removeOperatorRequest = z.object({ fiscalCode }).strict();
export const setOperatorRequest = z.object({ fiscalCode }).strict();

export type SaveDoctorRequest = z.infer<typeof saveDoctorRequest>;
export type RemoveDoctorRequest = z.infer<typeof removeDoctorRequest>;
export type SaveOperatorRequest = z.infer<typeof saveOperatorRequest>;
export type RemoveOperatorRequest = z.infer<typeof removeOperatorRequest>;
export type SetOperatorRequest = z.infer<typeof setOperatorRequest>;

/** What a save answers: the list after the change, and the saved doctor's id (new doctors get theirs here). */
export interface SaveDoctorResponse {
  id: string;
  people: PeopleOverview;
}

/** «Dott.ssa Maria Rossi»: the name as printed and listed. */
export function personDisplayName(p: { title?: string | undefined; givenName: string; familyName: string }): string {
  return [p.title, p.givenName, p.familyName].filter((s) => s && s.trim() !== '').join(' ');
}

/** One action asked from the desk, as the actions journal keeps it (a job's history shows them). */
export interface OperatorActionView {
  at: string;
  /** The channel that did it, e.g. 'outbox:retry'. */
  action: string;
  /** Italian, e.g. «Nuovo tentativo chiesto». */
  label: string;
  /** «Mario Rossi (OAM)» as they were then; null when nobody was chosen (no operators listed). */
  operator: string | null;
}
