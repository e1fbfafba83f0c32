// The app's certificate service: imports the clinic's PKCS#12 files — the structure's three roles and
// one report-signing certificate per doctor — and re-checks what is configured. Files reach it as bytes
// held under an opaque handle (upload-handles.ts): from the native dialog of the Electron layer, or sent
// by the renderer after drag and drop or the file picker. The renderer never names a path and only ever
// sees the report below, built field by field (no password, no key material, no folder).
// An imported file is copied into the app's data folder (certificate-files.ts) and THAT copy is recorded
// in the profile. CART passwords (auth, signature) are kept in the secret store; report-signing passwords
// are checked here but not kept: they are asked when a report is signed.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  CERTIFICATE_SLOTS,
  MAX_CERTIFICATE_BYTES,
  REMINDER_DAYS,
  doctorIdOf,
  doctorSlot,
  type CertificateFileHandle,
  type CertificateReminder,
  type CertificateReportView,
  type CertificateSlot,
  type CertificateSlotStatus,
  type CertificatesOverview,
  type ImportCertificateRequest,
  type ImportCertificateResponse,
  type SlotDoctor,
  type StructureSlot,
  type UploadCertificateRequest,
} from '../../../contract/certificates.js';
import type { CertificateRef, Doctor, Profile } from '../../../contract/profile.js';
import { fail, ok, type FieldProblem, type Result } from '../../../contract/result.js';
import { validateProfile, type Clock, type Logger, type ProfileStore } from '../shared/index.js';
import type { SecretStore } from './secret-store.js';
import { fileNameOf, p12FileIn, readPublicCertificate, removeCertificateFiles, saveCertificateFiles } from './certificate-files.js';
import { inspectCertificate, inspectPublicCertificate, type CertificateProblem, type CertificateReport } from './inspect-certificate.js';
import { UploadHandles } from './upload-handles.js';

export interface CertificateServiceDeps {
  profiles: Pick<ProfileStore, 'get' | 'save'>;
  secrets: SecretStore;
  log: Logger;
  /** Clock for the validity checks, the handles' expiry and the profile's saved-at time. */
  now: Clock;
  /** Where imported files are copied: `<data>/certificates` (created 0700 on the first import). */
  certificatesDir: string;
  /** The native file dialog (Electron), run in main; it returns the chosen path, which is read here and never sent on. */
  chooseFile?: ((slot: CertificateSlot) => Promise<string | null>) | undefined;
  /** The files held for import (tests pass their own to control expiry). */
  uploads?: UploadHandles;
}

export interface CertificateService {
  list(): Promise<CertificatesOverview>;
  /** Certificates expiring within REMINDER_DAYS or expired, for the status bar and the sidebar. */
  reminders(): Promise<CertificateReminder[]>;
  upload(req: UploadCertificateRequest): Result<CertificateFileHandle>;
  chooseFile(slot: CertificateSlot): Promise<Result<{ file: CertificateFileHandle | null }>>;
  importCertificate(req: ImportCertificateRequest): Promise<Result<ImportCertificateResponse>>;
  remove(slot: CertificateSlot): Result<{ role: CertificateSlot }>;
}

/** The profile field that holds each structure role's file. */
export const PROFILE_FIELD = {
  auth: 'authCertificate',
  signature: 'signatureCertificate',
  documentSigner: 'documentSigner',
} as const satisfies Record<StructureSlot, keyof Profile>;

/** Name of a slot's password in the secret store. */
export const secretNameFor = (slot: CertificateSlot): string => `certificate-password:${slot}`;

/** Report signers (the structure's and each doctor's): their password is asked at signing time, never kept. */
export const isReportSigner = (slot: CertificateSlot): boolean => slot !== 'auth' && slot !== 'signature';

const PASSWORD_NEEDED = 'Password da inserire: indicare qui sotto la password del certificato.';
/** Without a protected keychain the password is kept only until the program closes (keychain-policy.ts). */
const PASSWORD_FOR_SESSION = 'Password da inserire: su questo computer non viene salvata. Indicarla qui sotto per questa sessione.';
const SIGNER_NOT_SAVED =
  'Certificato configurato, ma i suoi dati non sono stati salvati con una versione precedente: importare di nuovo il file per verificarlo.';
const NO_PROFILE = 'Prima di importare i certificati salvare il profilo della struttura (sezione «Profilo della struttura»).';
const REFUSED = 'Il certificato non è stato importato: correggere i problemi indicati e riprovare.';
const FILE_GONE = 'Il file scelto non è più disponibile (è passato troppo tempo o ci sono stati troppi tentativi): sceglierlo di nuovo.';
const NO_FILE = 'Scegliere il file del certificato (.p12/.pfx).';
const TOO_BIG = 'Il file è troppo grande per essere un certificato .p12/.pfx: verificare di aver scelto il file giusto.';
const NOT_P12 = 'Il file non è un certificato .p12/.pfx: scegliere il file ricevuto dall’autorità di certificazione.';

type FileRead = { ok: true; bytes: Buffer } | { ok: false; message: string };

async function readCertificateFile(path: string): Promise<FileRead> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return { ok: false, message: 'È stata scelta una cartella, non un file: scegliere il file .p12/.pfx.' };
    if (s.size > MAX_CERTIFICATE_BYTES) return { ok: false, message: TOO_BIG };
    return { ok: true, bytes: await readFile(path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { ok: false, message: 'Il file non si trova più: potrebbe essere stato spostato, rinominato o cancellato. Importarlo di nuovo.' };
    if (code === 'EACCES' || code === 'EPERM')
      return { ok: false, message: 'Il file non è leggibile con i permessi attuali: copiarlo in una cartella dell’utente e riprovare.' };
    return { ok: false, message: 'Il file non può essere letto: verificare che il supporto (es. chiavetta USB) sia collegato e riprovare.' };
  }
}

/** «Dott. Mario Rossi». */
export const doctorName = (d: Pick<Doctor, 'title' | 'givenName' | 'familyName'>): string => [d.title, d.givenName, d.familyName].filter(Boolean).join(' ');

/**
 * Runs the certificate checks for a role. A report signer (PAdES) is the doctor's or the clinic's own
 * certificate: the CART CN rules (A1#/S1#, regional form) concern only the two gateway certificates, so
 * for it those findings are dropped, a CART certificate gets a warning, and a doctor's certificate is
 * compared with the doctor's tax code.
 */
export function inspectForRole(
  role: CertificateSlot,
  bytes: Uint8Array,
  password: string,
  o: { sameFileForBoth: boolean; clinicFiscalCode?: string | undefined; now: Date; doctor?: Doctor | undefined },
): CertificateReport {
  if (role === 'auth' || role === 'signature') {
    return inspectCertificate(bytes, password, {
      expectedRole: o.sameFileForBoth ? 'both' : role,
      now: o.now,
      ...(o.clinicFiscalCode ? { clinicFiscalCode: o.clinicFiscalCode } : {}),
    });
  }
  return asReportSigner(inspectCertificate(bytes, password, { now: o.now }), o.doctor);
}

/** The report-signer reading of a report (see inspectForRole). */
function asReportSigner(r: CertificateReport, doctor: Doctor | undefined): CertificateReport {
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
  // Only once the file opened: a wrong password has no holder to compare.
  if (doctor && r.fingerprintSha256) {
    const name = doctorName(doctor);
    if (!r.holderTaxCode) {
      problems.push({
        code: 'doctor-tax-code-missing',
        severity: 'warning',
        message: `Il certificato non riporta un codice fiscale: verificare che sia davvero il certificato di firma di ${name}.`,
      });
    } else if (r.holderTaxCode !== doctor.fiscalCode.toUpperCase()) {
      problems.push({
        code: 'doctor-tax-code-differs',
        severity: 'warning',
        message: `Il certificato è intestato al codice fiscale ${r.holderTaxCode}, ma ${name} ha il codice fiscale ${doctor.fiscalCode}: verificare di aver scelto il certificato giusto. I referti firmati con questo certificato mostreranno un avviso.`,
      });
    }
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
  if (r.holderTaxCode !== undefined) v.holderTaxCode = r.holderTaxCode;
  return v;
}

/** Which form field a problem concerns, so the screen can mark it. */
function problemField(code: string): string {
  if (code === 'wrong-password') return 'password';
  if (['corrupt', 'unsupported-format', 'no-key', 'no-certificate', 'key-mismatch', 'unsupported-key'].includes(code)) return 'file';
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
 * (Doctors, with their certificates, are kept by people-service.ts keepStoredPeople.)
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

/** The reference a slot holds in the profile. */
function refOf(profile: Profile | null, slot: CertificateSlot): CertificateRef | undefined {
  const id = doctorIdOf(slot);
  if (id === undefined) return profile?.[PROFILE_FIELD[slot as StructureSlot]];
  return profile?.doctors?.find((d) => d.id === id)?.signerCertificate;
}

/** The profile with `ref` in `slot` (undefined removes it). */
function withRef(profile: Profile, slot: CertificateSlot, ref: CertificateRef | undefined): Profile {
  const out: Profile = { ...profile };
  const id = doctorIdOf(slot);
  if (id === undefined) {
    const field = PROFILE_FIELD[slot as StructureSlot];
    if (ref) out[field] = ref;
    else delete out[field];
    return out;
  }
  out.doctors = (profile.doctors ?? []).map((d) => {
    if (d.id !== id) return d;
    const { signerCertificate: _old, ...rest } = d;
    return ref ? { ...rest, signerCertificate: ref } : rest;
  });
  return out;
}

/** Every file the profile names (a file may serve two slots in the transition mode). */
function filesInUse(p: Profile): Set<string> {
  const refs = [p.authCertificate, p.signatureCertificate, p.documentSigner, ...(p.doctors ?? []).map((d) => d.signerCertificate)];
  return new Set(refs.filter((r): r is CertificateRef => r !== undefined).map((r) => r.p12));
}

const SLOT_LABEL: Record<StructureSlot, string> = {
  auth: 'Autenticazione (A1#)',
  signature: 'Firma dei token (S1#)',
  documentSigner: 'Firma dei referti della struttura',
};

function slotLabel(slot: CertificateSlotStatus): string {
  if (slot.doctor) return `Firma dei referti: ${slot.doctor.name}`;
  return SLOT_LABEL[slot.role as StructureSlot] ?? slot.role;
}

/** Reminders from the listed slots; one per file (the transition mode lists one file twice). */
export function remindersOf(slots: CertificateSlotStatus[]): CertificateReminder[] {
  const seen = new Set<string>();
  const out: CertificateReminder[] = [];
  for (const s of slots) {
    const r = s.report;
    if (!r?.notAfter || r.daysLeft === undefined || !r.fingerprintSha256) continue;
    if (r.daysLeft > REMINDER_DAYS || seen.has(r.fingerprintSha256)) continue;
    seen.add(r.fingerprintSha256);
    out.push({ role: s.role, label: slotLabel(s), notAfter: r.notAfter, daysLeft: r.daysLeft, expired: r.problems.some((p) => p.code === 'expired') });
  }
  // The most urgent first.
  return out.sort((a, b) => a.daysLeft - b.daysLeft);
}

export function createCertificateService(d: CertificateServiceDeps): CertificateService {
  const now = d.now;
  const uploads = d.uploads ?? new UploadHandles({ now });

  const storedPassword = (slot: CertificateSlot): string | null => {
    try {
      return d.secrets.get(secretNameFor(slot));
    } catch (err) {
      // An undecryptable secret is treated as absent: the person is asked for the password again.
      d.log.warn('stored certificate password unreadable', { role: slot, error: err instanceof Error ? err.message : String(err) });
      return null;
    }
  };

  const doctorOf = (profile: Profile | null, slot: CertificateSlot): Doctor | undefined => {
    const id = doctorIdOf(slot);
    return id === undefined ? undefined : profile?.doctors?.find((x) => x.id === id);
  };

  async function slotStatus(slot: CertificateSlot, profile: Profile | null, transition: boolean): Promise<CertificateSlotStatus> {
    const doctor = doctorOf(profile, slot);
    const who: { doctor?: SlotDoctor } = doctor ? { doctor: { id: doctor.id, name: doctorName(doctor), fiscalCode: doctor.fiscalCode } } : {};
    const signer = isReportSigner(slot) ? { passwordAtSigning: true } : {};
    const ref = refOf(profile, slot);
    if (!ref) return { role: slot, fileName: null, state: 'missing', message: 'Nessun certificato importato.', ...who, ...signer };
    const fileName = fileNameOf(ref.p12);
    const base = { role: slot, fileName, ...who };
    const legacyPassword = storedPassword(slot);
    if (isReportSigner(slot) && legacyPassword === null) {
      // Its password is not kept: the certificate saved next to the file tells holder and expiry.
      const file = await readCertificateFile(ref.p12);
      if (!file.ok) return { ...base, ...signer, state: 'unreadable', message: file.message };
      const cert = readPublicCertificate(ref.p12);
      if (!cert) return { ...base, ...signer, state: 'password-needed', message: SIGNER_NOT_SAVED };
      const report = asReportSigner(inspectPublicCertificate(cert, { now: now() }), doctor);
      return { ...base, ...signer, state: 'checked', report: toReportView(report) };
    }
    if (legacyPassword === null) return { ...base, state: 'password-needed', message: d.secrets.isStrong() ? PASSWORD_NEEDED : PASSWORD_FOR_SESSION };
    const file = await readCertificateFile(ref.p12);
    if (!file.ok) return { ...base, state: 'unreadable', message: file.message };
    const report = inspectForRole(slot, file.bytes, legacyPassword, {
      sameFileForBoth: transition && !isReportSigner(slot),
      clinicFiscalCode: profile?.clinic?.fiscalCode,
      now: now(),
      doctor,
    });
    return { ...base, state: 'checked', report: toReportView(report) };
  }

  async function list(): Promise<CertificatesOverview> {
    const profile = d.profiles.get();
    const transition = isTransitionMode(profile);
    const slots: CertificateSlotStatus[] = [];
    const all: CertificateSlot[] = [...CERTIFICATE_SLOTS, ...(profile?.doctors ?? []).map((x) => doctorSlot(x.id))];
    for (const slot of all) slots.push(await slotStatus(slot, profile, transition));
    return {
      profileSaved: profile !== null,
      transitionMode: transition,
      chooseFileSupported: d.chooseFile !== undefined,
      secretsProtected: d.secrets.isStrong(),
      slots,
      reminders: remindersOf(slots),
    };
  }

  /** The bytes of a chosen file: a handle, or (none given) the file already configured for the slot, whose password is asked again. */
  async function fileFor(
    req: ImportCertificateRequest,
    profile: Profile,
  ): Promise<{ ok: true; bytes: Buffer; fileName: string } | { ok: false; result: Result<never> }> {
    if (req.handle === undefined) {
      const ref = refOf(profile, req.role);
      if (!ref) return { ok: false, result: fail('no-file', NO_FILE, [{ path: 'file', message: NO_FILE }]) };
      const file = await readCertificateFile(ref.p12);
      if (!file.ok) return { ok: false, result: fail('file-unreadable', file.message, [{ path: 'file', message: file.message }]) };
      return { ok: true, bytes: file.bytes, fileName: fileNameOf(ref.p12) };
    }
    const held = uploads.use(req.handle);
    if (!held.ok) {
      d.log.info('certificate import refused: file handle not usable', { role: req.role, reason: held.reason });
      return { ok: false, result: fail('file-gone', FILE_GONE, [{ path: 'file', message: FILE_GONE }]) };
    }
    return { ok: true, bytes: held.file.bytes, fileName: held.file.fileName };
  }

  return {
    list,

    async reminders() {
      return (await list()).reminders;
    },

    upload(req) {
      const bytes = Buffer.from(req.bytesBase64, 'base64');
      if (bytes.length === 0) return fail('file-refused', NOT_P12, [{ path: 'file', message: NOT_P12 }]);
      if (bytes.length > MAX_CERTIFICATE_BYTES) return fail('file-refused', TOO_BIG, [{ path: 'file', message: TOO_BIG }]);
      // Every PKCS#12 file is a DER SEQUENCE: a PDF, an image or a PEM text is told at once, on the file itself.
      if (bytes[0] !== 0x30) return fail('file-refused', NOT_P12, [{ path: 'file', message: NOT_P12 }]);
      const handle = uploads.hold(req.fileName, bytes);
      d.log.info('certificate file received', { sizeBytes: bytes.length });
      return ok({ handle, fileName: req.fileName });
    },

    async chooseFile(slot) {
      if (!d.chooseFile)
        return fail('unsupported', 'Qui la finestra di scelta del file non è disponibile: trascinare il file nel riquadro oppure usare «Sfoglia…».');
      const path = await d.chooseFile(slot);
      if (path === null) return ok({ file: null });
      const file = await readCertificateFile(path);
      if (!file.ok) {
        d.log.info('chosen certificate file not readable', { role: slot });
        return fail('file-unreadable', file.message, [{ path: 'file', message: file.message }]);
      }
      const fileName = basename(path);
      return ok({ file: { handle: uploads.hold(fileName, file.bytes), fileName } });
    },

    async importCertificate(req) {
      const profile = d.profiles.get();
      if (!profile) return fail('no-profile', NO_PROFILE);
      const doctor = doctorOf(profile, req.role);
      if (doctorIdOf(req.role) !== undefined && !doctor) {
        return fail('unknown-doctor', 'Questo medico non è più nell’elenco dei medici: riaprire la sezione «Certificati».');
      }
      const chosen = await fileFor(req, profile);
      if (!chosen.ok) return chosen.result;
      const sameFileForBoth = req.sameFileForBoth === true && req.role === 'auth';
      const report = inspectForRole(req.role, chosen.bytes, req.password, {
        sameFileForBoth,
        clinicFiscalCode: profile.clinic?.fiscalCode,
        now: now(),
        doctor,
      });
      if (!report.ok || !report.certificatePem) {
        const errors = report.problems.filter((p) => p.severity === 'error');
        d.log.info('certificate import refused', { role: req.role, sameFileForBoth, problems: errors.map((p) => p.code) });
        const problems: FieldProblem[] = errors.map((p) => ({ path: problemField(p.code), message: p.message }));
        // The handle is kept: only the password (or the file) needs to change.
        return fail('certificate-refused', REFUSED, problems);
      }

      const roles: CertificateSlot[] = sameFileForBoth ? ['auth', 'signature'] : [req.role];
      // One file for both CART roles gets its own name, so a later import of either alone never overwrites it.
      const target: CertificateSlot | 'cart' = sameFileForBoth ? 'cart' : req.role;
      const previous = roles.map((role) => refOf(profile, role));
      const path = p12FileIn(d.certificatesDir, target);
      let updated: Profile = profile;
      // In the app the password lives in the secret store (or is asked at signing), so the reference names no environment variable.
      for (const role of roles) updated = withRef(updated, role, { p12: path });
      const v = validateProfile(updated);
      if (!v.ok) {
        return fail(
          'profile-invalid',
          'Il profilo salvato non è completo o valido: correggerlo nella sezione «Profilo della struttura», poi importare di nuovo il certificato.',
          v.problems,
        );
      }
      const kept = isReportSigner(req.role) ? [] : roles;
      const before = new Map(kept.map((role) => [role, storedPassword(role)]));
      try {
        for (const role of kept) d.secrets.set(secretNameFor(role), req.password);
      } catch (err) {
        d.log.error('certificate password could not be stored', { role: req.role, error: err instanceof Error ? err.message : String(err) });
        restoreSecrets(before);
        return fail(
          'secrets-unavailable',
          'Impossibile conservare la password in modo protetto su questo computer (portachiavi del sistema non disponibile): il certificato non è stato importato.',
        );
      }
      try {
        saveCertificateFiles(d.certificatesDir, target, chosen.bytes, report.certificatePem);
      } catch (err) {
        d.log.error('certificate file could not be saved in the data folder', { role: req.role, error: err instanceof Error ? err.message : String(err) });
        restoreSecrets(before);
        return fail(
          'file-not-saved',
          'Impossibile salvare una copia del certificato nella cartella dei dati del programma (disco pieno o protetto): il certificato non è stato importato.',
        );
      }
      d.profiles.save(v.profile, now());
      if (req.handle !== undefined) uploads.release(req.handle);
      // A report signer imported before this version may have its password stored: it is not kept any more.
      if (isReportSigner(req.role)) forgetPassword(req.role);
      // The files the slots named before, when nothing names them any more.
      const inUse = filesInUse(v.profile);
      for (const ref of previous) if (ref && !inUse.has(ref.p12)) removeCertificateFiles(d.certificatesDir, ref.p12);
      d.log.info('certificate imported', {
        role: req.role,
        sameFileForBoth,
        fingerprint: report.fingerprintSha256,
        notAfter: report.notAfter,
        warnings: report.problems.map((p) => p.code),
      });
      return ok({ role: req.role, fileName: chosen.fileName, sameFileForBoth, report: toReportView(report) });
    },

    remove(slot) {
      forgetPassword(slot);
      const profile = d.profiles.get();
      const ref = refOf(profile, slot);
      if (profile && ref) {
        // Dropping a reference cannot add a problem, so the rest is saved as it is.
        const rest = withRef(profile, slot, undefined);
        d.profiles.save(rest, now());
        if (!filesInUse(rest).has(ref.p12)) removeCertificateFiles(d.certificatesDir, ref.p12);
      }
      d.log.info('certificate removed', { role: slot });
      return ok({ role: slot });
    },
  };

  function forgetPassword(slot: CertificateSlot): void {
    try {
      d.secrets.delete(secretNameFor(slot));
    } catch {
      // Nothing to forget, or a store that cannot be written: the reference goes anyway.
    }
  }

  function restoreSecrets(before: Map<CertificateSlot, string | null>): void {
    for (const [role, value] of before) {
      try {
        if (value === null) d.secrets.delete(secretNameFor(role));
        else d.secrets.set(secretNameFor(role), value);
      } catch {
        // Nothing more to undo: the profile was not changed.
      }
    }
  }
}
