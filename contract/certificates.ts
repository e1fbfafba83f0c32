// The certificate part of the contract: which certificates the clinic has imported and what the
// checks found. Plain JSON only: never a password, never key material (the main process builds
// these objects field by field from its own report).
import { z } from 'zod';

/** The three certificate roles of the app, named as in the profile (authCertificate, signatureCertificate, documentSigner). */
export const CERTIFICATE_SLOTS = ['auth', 'signature', 'documentSigner'] as const;
export type CertificateSlot = (typeof CERTIFICATE_SLOTS)[number];

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

export interface CertificateSlotStatus {
  role: CertificateSlot;
  /** The configured file, as saved in the profile; null when none. */
  path: string | null;
  state: CertificateSlotState;
  /** Italian explanation for the states other than 'checked'. */
  message?: string;
  report?: CertificateReportView;
}

export interface CertificatesOverview {
  /** Importing needs a saved clinic profile (the CN is compared with its fiscal code, the path is saved in it). */
  profileSaved: boolean;
  /** The regional transition mode: the same file is used for authentication and signature. */
  transitionMode: boolean;
  /** True when the app can open a file dialog (Electron); false in the browser shell, where a path is typed. */
  chooseFileSupported: boolean;
  /** False on a computer without a protected keychain (Linux without a keyring): passwords are then kept for the session only and asked at every start. */
  secretsProtected: boolean;
  slots: CertificateSlotStatus[];
}

export interface ImportCertificateResponse {
  role: CertificateSlot;
  path: string;
  /** True when the file was saved for both authentication and signature. */
  sameFileForBoth: boolean;
  report: CertificateReportView;
}

export const MAX_PATH_LENGTH = 4096;
export const MAX_PASSWORD_LENGTH = 1024;

/** POSIX "/…", Windows "C:\…" or "C:/…", or a UNC share "\\server\…". Written here because the renderer has no node:path. */
export function isAbsolutePath(p: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p);
}

const slot = z.enum(CERTIFICATE_SLOTS);
const absolutePath = z
  .string()
  .min(1, 'Indicare il file del certificato.')
  .max(MAX_PATH_LENGTH, 'Percorso del file troppo lungo.')
  .refine((p) => !p.includes('\0'), 'Percorso del file non valido.')
  .refine(isAbsolutePath, 'Indicare il percorso completo del file (ad esempio C:\\Certificati\\autenticazione.p12).');

export const importCertificateRequest = z
  .object({
    role: slot,
    path: absolutePath,
    password: z.string().max(MAX_PASSWORD_LENGTH, 'Password troppo lunga.'),
    sameFileForBoth: z.boolean().optional(),
  })
  .strict()
  // The transition mode joins authentication and signature; the report signer is always separate.
  .refine((r) => !(r.sameFileForBoth && r.role === 'documentSigner'), {
    path: ['sameFileForBoth'],
    message: 'Il certificato di firma dei referti non può essere usato anche per il canale CART.',
  });

export type ImportCertificateRequest = z.infer<typeof importCertificateRequest>;

export const certificateRoleRequest = z.object({ role: slot }).strict();
export type CertificateRoleRequest = z.infer<typeof certificateRoleRequest>;
