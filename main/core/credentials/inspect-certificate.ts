// Import checks for the clinic's CA Sogei PKCS#12 files (authentication A<n>#, signature S<n>#).
// Returns a JSON-able report; never includes the private key or the password.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { formatShortDate as dateIt } from '../../../contract/format-it.js';
import { isValidPartitaIva } from '../../../contract/profile.js';
import type { CertificateReportView } from '../../../contract/certificates.js';
import { sha256Hex } from '../shared/index.js';
import { signingAlgorithmOf, unsupportedKeyMessage } from './key-type.js';
import { loadPkcs12, Pkcs12Error, type Pkcs12Bundle, type Pkcs12ErrorCode } from './pkcs12.js';
import { taxCodeOfCertificate } from './certificate-holder.js';
import { parseCartCn, type CartCnParts, type CertificateRole } from './cart-cn.js';

export type CertificateProblemCode =
  | Pkcs12ErrorCode
  | 'not-yet-valid'
  | 'expired'
  | 'expiring-soon'
  | 'cn-no-role-prefix'
  | 'cn-not-regional'
  | 'cn-fiscal-code-check'
  | 'cn-fiscal-code-differs'
  | 'role-mismatch'
  | 'dual-use'
  /** A doctor's certificate whose holder's tax code is not the doctor's (or cannot be read): a warning, not a refusal. */
  | 'doctor-tax-code-differs'
  | 'doctor-tax-code-missing'
  /** An ECDSA key on a certificate that signs the CART tokens: the gateway's documents name RSA only. */
  | 'jwt-key-not-rsa';

export interface CertificateProblem {
  code: CertificateProblemCode;
  severity: 'error' | 'warning';
  /** Italian, for the person at the desk. */
  message: string;
}

/** The contract's view of a report (what the screen may see), plus what only the main process keeps. */
export interface CertificateReport extends Omit<CertificateReportView, 'problems'> {
  cn?: CartCnParts | null;
  /** Issuer certificates carried in the file. */
  chainLength?: number;
  /** The certificate alone (public), PEM: saved next to the app's copy of the file (certificate-files.ts). */
  certificatePem?: string;
  problems: CertificateProblem[];
}

export interface InspectOptions {
  /** The role the file is being imported for; 'both' = the regional transition mode (one file for TLS and JWT). */
  expectedRole?: CertificateRole | 'both';
  now: Date;
  /** The clinic's P.IVA/CF from the profile: a CN naming another structure is reported. */
  clinicFiscalCode?: string;
  /** Warn this many days before expiry (default 30). */
  warnDays?: number;
}

const PKCS12_MESSAGES: Record<Exclude<Pkcs12ErrorCode, 'unsupported-key'>, string> = {
  // The MAC cannot tell a wrong password from a changed byte: both are named.
  'wrong-password':
    'Password errata oppure file danneggiato. Verificare la password ricevuta con il certificato; se è corretta, il file è danneggiato: scaricarlo o esportarlo di nuovo.',
  corrupt: 'Il file è danneggiato o incompleto, oppure non è un certificato PKCS#12 (.p12/.pfx): scaricarlo o esportarlo di nuovo.',
  'unsupported-format':
    'Il file usa una protezione (cifratura) non riconosciuta, oppure è danneggiato: esportarlo di nuovo in formato PKCS#12 con cifratura AES-256 o 3DES.',
  'no-key': 'Il file contiene solo il certificato, senza la chiave privata: esportarlo di nuovo includendo la chiave privata.',
  'no-certificate': 'Il file non contiene alcun certificato.',
  'key-mismatch': 'La chiave privata del file non corrisponde al certificato: richiedere o esportare di nuovo il file.',
};

const ROLE_IT: Record<CertificateRole, string> = { auth: 'autenticazione (A1#)', signature: 'firma (S1#)' };
const DAY_MS = 24 * 3600e3;

/** One line "CN=…, O=…, C=…" from Node's multi-line distinguished name. */
function oneLineDn(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

function commonNameOf(dn: string): string | undefined {
  return dn
    .split('\n')
    .find((l) => l.startsWith('CN='))
    ?.slice(3);
}

export function inspectCertificate(p12Bytes: Uint8Array, password: string, options: InspectOptions): CertificateReport {
  let bundle: Pkcs12Bundle;
  try {
    bundle = loadPkcs12(p12Bytes, password);
  } catch (err) {
    if (err instanceof Pkcs12Error) {
      const message = err.code === 'unsupported-key' ? unsupportedKeyMessage(err.keyType ?? 'sconosciuta') : PKCS12_MESSAGES[err.code];
      return { ok: false, role: 'unknown', problems: [{ code: err.code, severity: 'error', message }] };
    }
    throw err;
  }
  return inspectBundle(bundle, options);
}

/** The same checks on an already opened file. */
export function inspectBundle(bundle: Pkcs12Bundle, options: InspectOptions): CertificateReport {
  return inspectParts(bundle.certificate, bundle.privateKey, bundle.chain.length, options);
}

/**
 * The same checks on a certificate alone (the copy saved at import next to a report signer's file, whose
 * password is not kept): the key type is read from its public key.
 */
export function inspectPublicCertificate(cert: X509Certificate, options: InspectOptions): CertificateReport {
  return inspectParts(cert, cert.publicKey, 0, options);
}

function inspectParts(cert: X509Certificate, key: KeyObject, chainLength: number, options: InspectOptions): CertificateReport {
  const problems: CertificateProblem[] = [];
  const error = (code: CertificateProblemCode, message: string): void => void problems.push({ code, severity: 'error', message });
  const warn = (code: CertificateProblemCode, message: string): void => void problems.push({ code, severity: 'warning', message });

  const keyType = signingAlgorithmOf(key);
  if (!keyType.ok) error('unsupported-key', unsupportedKeyMessage(keyType.label));

  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  const now = options.now.getTime();
  const daysLeft = Math.floor((notAfter.getTime() - now) / DAY_MS);
  if (now < notBefore.getTime()) {
    error('not-yet-valid', `Il certificato non è ancora valido: lo sarà dal ${dateIt(notBefore)}. Verificare la data del computer o attendere.`);
  } else if (now > notAfter.getTime()) {
    error('expired', `Il certificato è scaduto il ${dateIt(notAfter)}: richiederne il rinnovo e importare il nuovo file.`);
  } else if (daysLeft <= (options.warnDays ?? 30)) {
    warn('expiring-soon', `Il certificato scade il ${dateIt(notAfter)} (tra ${daysLeft} giorni): avviare subito il rinnovo.`);
  }

  const commonName = commonNameOf(cert.subject);
  const cn = commonName === undefined ? null : parseCartCn(commonName);
  let role: CertificateRole | 'unknown' = 'unknown';
  if (!cn) {
    error(
      'cn-no-role-prefix',
      'Il nome (CN) del certificato non inizia con A1# (autenticazione) o S1# (firma): non è un certificato CART per il Fascicolo Sanitario.',
    );
  } else {
    role = cn.role;
    if (!cn.regional) {
      // A warning, not an error: stage may use the certificate of the national accreditation, whose CN differs.
      warn(
        'cn-not-regional',
        'Il nome (CN) del certificato non segue la forma regionale (prefisso, 090, partita IVA di 11 cifre, dominio e fornitore, codice ISTAT di 6 cifre). Verificare con CART che sia il certificato giusto.',
      );
    } else {
      if (!isValidPartitaIva(cn.regional.fiscalCode)) {
        warn('cn-fiscal-code-check', `La partita IVA/codice fiscale nel certificato (${cn.regional.fiscalCode}) non ha una cifra di controllo valida.`);
      }
      if (options.clinicFiscalCode && options.clinicFiscalCode !== cn.regional.fiscalCode) {
        warn('cn-fiscal-code-differs', `Il certificato è intestato alla partita IVA ${cn.regional.fiscalCode}, il profilo indica ${options.clinicFiscalCode}.`);
      }
    }
    const expected = options.expectedRole;
    // Signed and sent anyway (ES256/ES384 are standard JWT algorithms), but said before the first refusal.
    if (keyType.ok && keyType.algorithm.kind !== 'rsa' && (expected ? expected !== 'auth' : cn.role === 'signature')) {
      warn(
        'jwt-key-not-rsa',
        `Il certificato ha una chiave ${keyType.algorithm.label}: la documentazione del gateway FSE indica solo chiavi RSA per firmare i token (RS256), quindi CART potrebbe rifiutarlo. Se le richieste vengono rifiutate, chiedere all'autorità di certificazione un certificato RSA.`,
      );
    }
    if (expected === 'both') {
      warn(
        'dual-use',
        `Lo stesso certificato (${ROLE_IT[cn.role]}) è usato sia per l'autenticazione sia per la firma: ammesso solo nella modalità transitoria regionale.`,
      );
    } else if (expected && expected !== cn.role) {
      error(
        'role-mismatch',
        `È stato scelto un certificato di ${ROLE_IT[cn.role]} come certificato di ${ROLE_IT[expected]}: scambiare i due file. Se la Regione ha rilasciato un unico certificato per entrambi gli usi, indicarlo per entrambi i ruoli.`,
      );
    }
  }

  const holderTaxCode = taxCodeOfCertificate(cert);
  return {
    ok: !problems.some((p) => p.severity === 'error'),
    subject: oneLineDn(cert.subject),
    ...(commonName !== undefined ? { commonName } : {}),
    issuer: oneLineDn(cert.issuer),
    serialNumber: cert.serialNumber,
    keyType: keyType.ok ? keyType.algorithm.label : keyType.label,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft,
    fingerprintSha256: sha256Hex(cert.raw),
    ...(holderTaxCode ? { holderTaxCode } : {}),
    role,
    cn,
    chainLength,
    certificatePem: cert.toString(),
    problems,
  };
}
