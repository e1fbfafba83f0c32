// The app's certificate service: imports the clinic's PKCS#12 files for the three roles, keeping
// each password in the main process's secret store and each path in the stored profile, and
// re-checks what is configured. The file is read and opened here, in main: the renderer only ever
// sees the report below, built field by field (no password, no key material).
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type {
  CertificateReportView,
  CertificateSlot,
  CertificateSlotStatus,
  CertificatesOverview,
  ImportCertificateRequest,
  ImportCertificateResponse,
} from '../../../contract/certificates.js';
import { CERTIFICATE_SLOTS } from '../../../contract/certificates.js';
import type { Profile } from '../../../contract/profile.js';
import { fail, ok, type FieldProblem, type Result } from '../../../contract/result.js';
import { validateProfile, type Clock, type Logger, type ProfileStore } from '../shared/index.js';
import type { SecretStore } from './secret-store.js';
import { inspectCertificate, type CertificateProblem, type CertificateReport } from './inspect-certificate.js';

export interface CertificateServiceDeps {
  profiles: Pick<ProfileStore, 'get' | 'save'>;
  secrets: SecretStore;
  log: Logger;
  /** Clock for the validity checks and the profile's saved-at time. */
  now: Clock;
  /** Whether the host can open a file dialog (reported to the UI). */
  chooseFileSupported?: boolean;
}

export interface CertificateService {
  list(): Promise<CertificatesOverview>;
  importCertificate(req: ImportCertificateRequest): Promise<Result<ImportCertificateResponse>>;
  remove(role: CertificateSlot): Result<{ role: CertificateSlot }>;
}

/** The profile field that holds each role's file. */
export const PROFILE_FIELD = {
  auth: 'authCertificate',
  signature: 'signatureCertificate',
  documentSigner: 'documentSigner',
} as const satisfies Record<CertificateSlot, keyof Profile>;

/** Name of a role's password in the secret store. */
export const secretNameFor = (role: CertificateSlot): string => `certificate-password:${role}`;

/** A PKCS#12 of a certificate and its chain is a few kilobytes; anything this big is not one. */
const MAX_P12_BYTES = 1024 * 1024;

const PASSWORD_NEEDED = 'Password da inserire: importare di nuovo il file indicando la sua password.';
/** Without a protected keychain the password is kept only until the program closes (keychain-policy.ts). */
const PASSWORD_FOR_SESSION = 'Password da inserire: su questo computer non viene salvata. Indicarla qui sotto per questa sessione.';
const NO_PROFILE = 'Prima di importare i certificati salvare il profilo della struttura (sezione «Profilo della struttura»).';
const REFUSED = 'Il certificato non è stato importato: correggere i problemi indicati e riprovare.';

type FileRead = { ok: true; bytes: Buffer } | { ok: false; message: string };

async function readCertificateFile(path: string): Promise<FileRead> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return { ok: false, message: 'Il percorso indicato è una cartella, non un file: scegliere il file .p12/.pfx.' };
    if (s.size > MAX_P12_BYTES)
      return { ok: false, message: 'Il file è troppo grande per essere un certificato .p12/.pfx: verificare di aver scelto il file giusto.' };
    return { ok: true, bytes: await readFile(path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { ok: false, message: 'Il file indicato non esiste: verificare il percorso (il file potrebbe essere stato spostato o rinominato).' };
    if (code === 'EACCES' || code === 'EPERM')
      return { ok: false, message: 'Il file non è leggibile con i permessi attuali: copiarlo in una cartella dell’utente e riprovare.' };
    return { ok: false, message: 'Il file non può essere letto: verificare il percorso e che il supporto (es. chiavetta USB) sia collegato.' };
  }
}

/**
 * Runs the certificate checks for a role. The report signer (PAdES) is the doctor's or the clinic's
 * own certificate: the CART CN rules (A1#/S1#, regional form) concern only the two gateway
 * certificates, so for it those findings are dropped, and a CART certificate gets a warning.
 */
export function inspectForRole(
  role: CertificateSlot,
  bytes: Uint8Array,
  password: string,
  o: { sameFileForBoth: boolean; clinicFiscalCode?: string | undefined; now: Date },
): CertificateReport {
  if (role !== 'documentSigner') {
    return inspectCertificate(bytes, password, {
      expectedRole: o.sameFileForBoth ? 'both' : role,
      now: o.now,
      ...(o.clinicFiscalCode ? { clinicFiscalCode: o.clinicFiscalCode } : {}),
    });
  }
  const r = inspectCertificate(bytes, password, { now: o.now });
  // The report signer signs only the PDF (PAdES), never a CART token: the JWT key warning does not apply.
  const problems: CertificateProblem[] = r.problems.filter((p) => !p.code.startsWith('cn-') && p.code !== 'jwt-key-not-rsa');
  if (r.role !== 'unknown') {
    problems.push({
      code: 'role-mismatch',
      severity: 'warning',
      message:
        'Questo è un certificato CART (A1#/S1#) per il collegamento con la Regione, non il certificato di firma del medico o della struttura: verificare che sia davvero quello con cui firmare i referti.',
    });
  }
  return { ...r, problems, ok: !problems.some((p) => p.severity === 'error') };
}

/** The report as it may leave the main process: listed fields only. */
export function toReportView(r: CertificateReport): CertificateReportView {
  const v: CertificateReportView = {
    ok: r.ok,
    role: r.role,
    problems: r.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message })),
  };
  if (r.subject !== undefined) v.subject = r.subject;
  if (r.commonName !== undefined) v.commonName = r.commonName;
  if (r.issuer !== undefined) v.issuer = r.issuer;
  if (r.serialNumber !== undefined) v.serialNumber = r.serialNumber;
  if (r.keyType !== undefined) v.keyType = r.keyType;
  if (r.notBefore !== undefined) v.notBefore = r.notBefore;
  if (r.notAfter !== undefined) v.notAfter = r.notAfter;
  if (r.daysLeft !== undefined) v.daysLeft = r.daysLeft;
  if (r.fingerprintSha256 !== undefined) v.fingerprintSha256 = r.fingerprintSha256;
  return v;
}

/** Which form field a problem concerns, so the screen can mark it. */
function problemField(code: string): string {
  if (code === 'wrong-password') return 'password';
  if (['corrupt', 'unsupported-format', 'no-key', 'no-certificate', 'key-mismatch', 'unsupported-key'].includes(code)) return 'path';
  return '';
}

/** Authentication and signature name the same file: the regional transition mode. */
export function isTransitionMode(p: Profile | null): boolean {
  return Boolean(p?.authCertificate && p.signatureCertificate && p.authCertificate.p12 === p.signatureCertificate.p12);
}

/**
 * The certificate references of a profile saved from the profile form. In the app they are written
 * only by the certificate service, which keeps each path in step with its password in the secret
 * store: the stored ones always win over whatever (possibly stale) copy the form sends back.
 */
export function keepStoredCertificates(draft: Profile, stored: Profile | null): Profile {
  const out: Profile = { ...draft };
  for (const role of CERTIFICATE_SLOTS) {
    const field = PROFILE_FIELD[role];
    const ref = stored?.[field];
    if (ref) out[field] = ref;
    else delete out[field];
  }
  return out;
}

export function createCertificateService(d: CertificateServiceDeps): CertificateService {
  const now = d.now;

  const storedPassword = (role: CertificateSlot): string | null => {
    try {
      return d.secrets.get(secretNameFor(role));
    } catch (err) {
      // An undecryptable secret is treated as absent: the person is asked for the password again.
      d.log.warn('stored certificate password unreadable', { role, error: err instanceof Error ? err.message : String(err) });
      return null;
    }
  };

  async function slotStatus(role: CertificateSlot, profile: Profile | null, transition: boolean): Promise<CertificateSlotStatus> {
    const ref = profile?.[PROFILE_FIELD[role]];
    if (!ref) return { role, path: null, state: 'missing', message: 'Nessun certificato importato.' };
    const password = storedPassword(role);
    if (password === null) return { role, path: ref.p12, state: 'password-needed', message: d.secrets.isStrong() ? PASSWORD_NEEDED : PASSWORD_FOR_SESSION };
    const file = await readCertificateFile(ref.p12);
    if (!file.ok) return { role, path: ref.p12, state: 'unreadable', message: file.message };
    const report = inspectForRole(role, file.bytes, password, {
      sameFileForBoth: transition && role !== 'documentSigner',
      clinicFiscalCode: profile?.clinic?.fiscalCode,
      now: now(),
    });
    return { role, path: ref.p12, state: 'checked', report: toReportView(report) };
  }

  return {
    async list() {
      const profile = d.profiles.get();
      const transition = isTransitionMode(profile);
      const slots: CertificateSlotStatus[] = [];
      for (const role of CERTIFICATE_SLOTS) slots.push(await slotStatus(role, profile, transition));
      return {
        profileSaved: profile !== null,
        transitionMode: transition,
        chooseFileSupported: d.chooseFileSupported ?? false,
        secretsProtected: d.secrets.isStrong(),
        slots,
      };
    },

    async importCertificate(req) {
      const profile = d.profiles.get();
      if (!profile) return fail('no-profile', NO_PROFILE);
      const path = resolve(req.path);
      const file = await readCertificateFile(path);
      if (!file.ok) {
        d.log.info('certificate import refused: file not readable', { role: req.role });
        return fail('file-unreadable', file.message, [{ path: 'path', message: file.message }]);
      }
      const sameFileForBoth = req.sameFileForBoth === true && req.role !== 'documentSigner';
      const report = inspectForRole(req.role, file.bytes, req.password, { sameFileForBoth, clinicFiscalCode: profile.clinic?.fiscalCode, now: now() });
      if (!report.ok) {
        const errors = report.problems.filter((p) => p.severity === 'error');
        d.log.info('certificate import refused', { role: req.role, sameFileForBoth, problems: errors.map((p) => p.code) });
        const problems: FieldProblem[] = errors.map((p) => ({ path: problemField(p.code), message: p.message }));
        return fail('certificate-refused', REFUSED, problems);
      }

      const roles: CertificateSlot[] = sameFileForBoth ? ['auth', 'signature'] : [req.role];
      const updated: Profile = { ...profile };
      // In the app the password lives in the secret store, so the reference names no environment variable.
      for (const role of roles) updated[PROFILE_FIELD[role]] = { p12: path };
      const v = validateProfile(updated);
      if (!v.ok) {
        return fail(
          'profile-invalid',
          'Il profilo salvato non è completo o valido: correggerlo nella sezione «Profilo della struttura», poi importare di nuovo il certificato.',
          v.problems,
        );
      }
      try {
        for (const role of roles) d.secrets.set(secretNameFor(role), req.password);
      } catch (err) {
        d.log.error('certificate password could not be stored', { role: req.role, error: err instanceof Error ? err.message : String(err) });
        for (const role of roles) {
          try {
            d.secrets.delete(secretNameFor(role));
          } catch {
            // Nothing more to undo: the profile was not changed.
          }
        }
        return fail(
          'secrets-unavailable',
          'Impossibile conservare la password in modo protetto su questo computer (portachiavi del sistema non disponibile): il certificato non è stato importato.',
        );
      }
      d.profiles.save(v.profile, now());
      d.log.info('certificate imported', {
        role: req.role,
        sameFileForBoth,
        fingerprint: report.fingerprintSha256,
        notAfter: report.notAfter,
        warnings: report.problems.map((p) => p.code),
      });
      return ok({ role: req.role, path, sameFileForBoth, report: toReportView(report) });
    },

    remove(role) {
      d.secrets.delete(secretNameFor(role));
      const profile = d.profiles.get();
      const field = PROFILE_FIELD[role];
      if (profile?.[field]) {
        const rest: Profile = { ...profile };
        delete rest[field];
        // Dropping a reference cannot add a problem, so the rest is saved as it is.
        d.profiles.save(rest, now());
      }
      d.log.info('certificate removed', { role });
      return ok({ role });
    },
  };
}
