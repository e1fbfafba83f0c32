// Which certificate signs a doctor's report (issue 9): the doctor's own, when one was imported for
// them, otherwise the structure's report signer (documentSigner). The report-authoring code asks
// here and nowhere else, so the rule lives in one place.
import { doctorSlot, type CertificateSlot } from '../../../contract/certificates.js';
import type { CertificateRef, Profile } from '../../../contract/profile.js';

export interface SignerCertificate {
  /** The slot whose password is asked at signing time (`doctor:<id>` or `documentSigner`). */
  slot: CertificateSlot;
  ref: CertificateRef;
  owner: 'doctor' | 'structure';
}

/** The certificate proposed for signing a report of `doctorId`; undefined when neither the doctor nor the structure has one. */
export function signerCertificateFor(profile: Pick<Profile, 'doctors' | 'documentSigner'> | null, doctorId: string | undefined): SignerCertificate | undefined {
  if (!profile) return undefined;
  const doctor = doctorId === undefined ? undefined : profile.doctors?.find((d) => d.id === doctorId);
  if (doctor?.signerCertificate) return { slot: doctorSlot(doctor.id), ref: doctor.signerCertificate, owner: 'doctor' };
  if (profile.documentSigner) return { slot: 'documentSigner', ref: profile.documentSigner, owner: 'structure' };
  return undefined;
}
