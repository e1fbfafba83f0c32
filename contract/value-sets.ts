// The coded lists of the profile form with their Italian names: the data lives in resources/value-sets
// (copied from the Ministry's FSE material, see PROVENANCE.md there); this module only gives it types.
import practiceSettingData from '../resources/value-sets/practice-setting.json' with { type: 'json' };
import structureTypeData from '../resources/value-sets/structure-type.json' with { type: 'json' };
import subjectRoleData from '../resources/value-sets/subject-role.json' with { type: 'json' };

export interface ValueSetEntry {
  code: string;
  /** The Italian name given by the affinity-domain specification. */
  display: string;
  /** The source's short explanation, where it has one. */
  explanation?: string;
  /** Roles only: the role of the DPCM on the FSE the code maps to, as the source says. */
  dpcmRole?: string;
  /** FSE Desk's choice: a value a private clinic is expected to need, offered first. */
  privateClinic: boolean;
}

export const PRACTICE_SETTINGS: readonly ValueSetEntry[] = practiceSettingData.values;
export const STRUCTURE_TYPE_VALUES: readonly ValueSetEntry[] = structureTypeData.values;
export const SUBJECT_ROLE_VALUES: readonly ValueSetEntry[] = subjectRoleData.values;

/** The entries split for a select: the private-clinic ones first, the rest after, each in the source's order. */
export function privateClinicFirst(set: readonly ValueSetEntry[]): { first: ValueSetEntry[]; others: ValueSetEntry[] } {
  return { first: set.filter((e) => e.privateClinic), others: set.filter((e) => !e.privateClinic) };
}
