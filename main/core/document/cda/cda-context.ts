// What a CDA builder needs besides the report: the clinic (from the profile) and the document's
// identity, fixed once at preparation.
import type { Profile } from '../../../../contract/profile.js';
import type { Address } from './report-model.js';

export interface CdaClinic {
  name: string;
  fiscalCode: string;
  istatCode: string;
  repository: string;
  /** XON locality of the profile: `NAME^^^^^&OID&ISO^^^^CODE` (structure code under its OID). */
  locality: string;
  /** Optional extras not in the profile; shown in the PDF header and written on the custodian. */
  address?: Address;
  phone?: string;
  email?: string;
}

export interface CdaContext {
  clinic: CdaClinic;
  /** `2.16.840.1.113883.2.9.2.90.4.4^<P.IVA>.<TYPE>.<repo>.<localId>` (see identificativo-doc.ts). */
  identificativoDoc: string;
  /** `root^extension` of the document set: the first version's identificativoDoc. */
  setId: string;
  version: number;
  now: Date;
}

export function clinicFromProfile(profile: Pick<Profile, 'clinic'>, extras: Pick<CdaClinic, 'address' | 'phone' | 'email'> = {}): CdaClinic {
  const c = profile.clinic;
  return {
    name: c.name,
    fiscalCode: c.fiscalCode,
    istatCode: c.istatCode,
    repository: c.repository,
    locality: c.locality,
    ...extras,
  };
}

/** The structure code and its OID, read from the XON locality (e.g. `2.16.840.1.113883.2.9.4.1.3`, `090201123456`). */
export function structureIdOf(clinic: CdaClinic): { root: string; extension: string } | undefined {
  const m = /^[^^]*\^{5}&([^&]*)&ISO\^{4}([^^&]*)$/.exec(clinic.locality);
  if (!m || !m[1] || !m[2]) return undefined;
  return { root: m[1], extension: m[2] };
}
