// The app's own copy of each imported certificate (issue 9): `<data>/certificates/<slot>.p12`, 0600,
// written atomically, so the profile never depends on a USB stick or a Downloads folder that is later
// emptied. Next to it, `<slot>.cert.pem` holds the public certificate alone: report-signing passwords
// are not kept, so that copy is what lets the screen and the reminders show the holder and the expiry.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { isDoctorSlot, type CertificateSlot } from '../../../contract/certificates.js';
import { writePrivateFile } from '../shared/index.js';

/** The file name of a slot in the certificates folder (a colon is not allowed in Windows file names); 'cart': one file for both CART roles. */
export function slotFileStem(slot: CertificateSlot | 'cart'): string {
  return isDoctorSlot(slot) ? `doctor-${slot.slice('doctor:'.length)}` : slot;
}

export const p12FileIn = (dir: string, slot: CertificateSlot | 'cart'): string => join(dir, `${slotFileStem(slot)}.p12`);

/** The public certificate saved next to a PKCS#12 file: `x.p12` → `x.cert.pem`. */
export const publicCertificateFileOf = (p12: string): string => `${p12.replace(/\.(p12|pfx)$/i, '')}.cert.pem`;

/** Writes the PKCS#12 bytes and the public certificate of a slot; returns the PKCS#12 path for the profile. */
export function saveCertificateFiles(dir: string, slot: CertificateSlot | 'cart', p12: Uint8Array, certificatePem: string): string {
  const file = p12FileIn(dir, slot);
  writePrivateFile(publicCertificateFileOf(file), certificatePem);
  writePrivateFile(file, Buffer.from(p12));
  return file;
}

/** Removes a slot's files, when they are the app's own copies (a CLI profile's own files are never touched). */
export function removeCertificateFiles(dir: string, p12: string): void {
  if (!isInside(dir, p12)) return;
  for (const f of [p12, publicCertificateFileOf(p12)]) rmSync(f, { force: true });
}

/** The public certificate saved with a PKCS#12 file; undefined when there is none (older imports, CLI profiles). */
export function readPublicCertificate(p12: string): X509Certificate | undefined {
  const file = publicCertificateFileOf(p12);
  if (!existsSync(file)) return undefined;
  try {
    return new X509Certificate(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** What the renderer may see of a configured file: its name, never the folder it is in. */
export const fileNameOf = (p12: string): string => basename(p12.replace(/\\/g, '/'));

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
