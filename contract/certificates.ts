// The certificate part of the contract: which certificates the clinic has imported and what the
// checks found. Plain JSON only: never a password, never key material (the main process builds
// these objects field by field from its own report).
import { z } from 'zod';

/** The structure's three certificate roles, named as in the profile (authCertificate, signatureCertificate, documentSigner). */
export const CERTIFICATE_SLOTS = ['auth', 'signature', 'documentSigner'] as const;
export type StructureSlot = (typeof CERTIFICATE_SLOTS)[number];
/** A doctor's own report-signing certificate (profile.doctors[i].signerCertificate), by the doctor's stable id. */
export type DoctorSlot = `doctor:${string}`;
export type CertificateSlot = StructureSlot | DoctorSlot;

export const doctorSlot = (doctorId: string): DoctorSlot => `doctor:${doctorId}`;
export const isDoctorSlot = (slot: string): slot is DoctorSlot => slot.startsWith('doctor:');
/** The doctor id of a doctor slot; undefined for the structure's slots. */
export const doctorIdOf = (slot: CertificateSlot): string | undefined => (isDoctorSlot(slot) ? slot.slice('doctor:'.length) : undefined);

export interface CertificateProblemView {
  code: string;
  severity: 'error' | 'warning';
  /** Italian, ready to show. */
  message: string;
}

export interface CertificateReportView {
  /** True when there is no error (warnings allowed). */
  ok: boolean;
  subject?: string;
  commonName?: string;
  issuer?: string;
  serialNumber?: string;
  /** The key algorithm, as shown: "RSA 2048 bit", "ECDSA P-256", or the name of an unsupported one ("Ed25519"). */
  keyType?: string;
  /** ISO 8601. */
  notBefore?: string;
  notAfter?: string;
  /** Whole days until notAfter (negative once expired). */
  daysLeft?: number;
  fingerprintSha256?: string;
  /** The holder's personal tax code, when the certificate carries one (serialNumber TINIT-…, or in the CN). */
  holderTaxCode?: string;
  /** From the CN prefix: A<n># auth, S<n># signature. */
  role: 'auth' | 'signature' | 'unknown';
  problems: CertificateProblemView[];
}

export type CertificateSlotState =
  /** Nothing configured for this role. */
  | 'missing'
  /** A file is configured but its password is not in the secret store ("password da inserire"). */
  | 'password-needed'
  /** The configured file cannot be read any more (moved, deleted, no permission). */
  | 'unreadable'
  /** The file was opened and checked: see `report`. */
  | 'checked';

/** The doctor a `doctor:<id>` slot belongs to, as the profile names them. */
export interface SlotDoctor {
  id: string;
  /** «Dott. Mario Rossi». */
  name: string;
  fiscalCode: string;
}

export interface CertificateSlotStatus {
  role: CertificateSlot;
  /** The configured file's NAME (never its folder); null when none. */
  fileName: string | null;
  state: CertificateSlotState;
  /** Italian explanation for the states other than 'checked'. */
  message?: string;
  report?: CertificateReportView;
  /** Only on doctor slots. */
  doctor?: SlotDoctor;
  /**
   * A report-signing certificate (the structure's or a doctor's): its password is checked at import but not kept,
   * it is asked when a report is signed; `report` then comes from the certificate saved with the file.
   */
  passwordAtSigning?: boolean;
}

/** A certificate that expires within REMINDER_DAYS (or has expired): shown in the status bar and on the sidebar. */
export interface CertificateReminder {
  role: CertificateSlot;
  /** Italian, e.g. «Autenticazione (A1#)» or «Firma dei referti: Dott. Mario Rossi». */
  label: string;
  notAfter: string;
  daysLeft: number;
  expired: boolean;
}

/** Days before expiry from which a certificate is reminded everywhere, not only on its card. */
export const REMINDER_DAYS = 30;

export interface CertificatesOverview {
  /** Importing needs a saved clinic profile (the CN is compared with its fiscal code, the file is recorded in it). */
  profileSaved: boolean;
  /** The regional transition mode: the same file is used for authentication and signature. */
  transitionMode: boolean;
  /** True when the app can open a native file dialog (Electron); drag and drop and the file picker work everywhere. */
  chooseFileSupported: boolean;
  /** False on a computer without a protected keychain (Linux without a keyring): passwords are then kept for the session only and asked at every start. */
  secretsProtected: boolean;
  /** The structure's three slots first, then one per doctor of the profile, in the profile's order. */
  slots: CertificateSlotStatus[];
  reminders: CertificateReminder[];
}

export interface ImportCertificateResponse {
  role: CertificateSlot;
  fileName: string;
  /** True when the file was saved for both authentication and signature. */
  sameFileForBoth: boolean;
  report: CertificateReportView;
}

/** A file handed to the main process: only this opaque handle comes back (the bytes stay in main). */
export interface CertificateFileHandle {
  handle: string;
  fileName: string;
}

/** A PKCS#12 of a certificate with its chain is a few kilobytes: 64 KiB is generous, and bounds what the renderer may send. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;
export const MAX_PASSWORD_LENGTH = 1024;
const MAX_FILE_NAME = 255;

/** Doctor ids as contract/profile.ts allows them. */
const DOCTOR_SLOT_PATTERN = /^doctor:[a-z0-9][a-z0-9-]{0,39}$/;
export const certificateSlotSchema: z.ZodType<CertificateSlot> = z.union([
  z.enum(CERTIFICATE_SLOTS),
  z.string().regex(DOCTOR_SLOT_PATTERN) as unknown as z.ZodType<DoctorSlot>,
]);

/** Handles are 128 random bits in base64url. */
const handleSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Scegliere di nuovo il file del certificato.');

/** Only a name: a path separator would say where the file was on the computer, which main neither needs nor wants. */
const fileNameSchema = z
  .string()
  .min(1)
  .max(MAX_FILE_NAME)
  .refine((n) => !/[\\/\0]/.test(n), 'Nome del file non valido.');

export const uploadCertificateRequest = z
  .object({
    fileName: fileNameSchema,
    // base64 of at most MAX_CERTIFICATE_BYTES (4/3 of the bytes, rounded up to 4).
    bytesBase64: z
      .string()
      .min(1)
      .max(Math.ceil(MAX_CERTIFICATE_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/),
  })
  .strict();
export type UploadCertificateRequest = z.infer<typeof uploadCertificateRequest>;

export const importCertificateRequest = z
  .object({
    role: certificateSlotSchema,
    /** Absent: the file already configured for the slot, whose password is asked again (a new session without a keychain). */
    handle: handleSchema.optional(),
    password: z.string().max(MAX_PASSWORD_LENGTH, 'Password troppo lunga.'),
    sameFileForBoth: z.boolean().optional(),
  })
  .strict()
  // The transition mode joins authentication and signature; report signers are always separate.
  .refine((r) => !(r.sameFileForBoth && r.role !== 'auth' && r.role !== 'signature'), {
    path: ['sameFileForBoth'],
    message: 'Il certificato di firma dei referti non può essere usato anche per il canale CART.',
  });

export type ImportCertificateRequest = z.infer<typeof importCertificateRequest>;

export const certificateRoleRequest = z.object({ role: certificateSlotSchema }).strict();
export type CertificateRoleRequest = z.infer<typeof certificateRoleRequest>;
