// Whose certificate it is: the holder's tax code, as Italian qualified certificates carry it (ETSI EN
// 319 412-1 semantics identifier in the subject's serialNumber, "TINIT-<codice fiscale>"; older ones put
// it in the CN, e.g. "RSSMRA80A01H501U/7420001234567.abcd"). Used to compare a doctor's certificate with
// the doctor it is imported for, and by report signing to warn about a signer who is not the report's doctor.
import type { X509Certificate } from 'node:crypto';
import { CF_PATTERN } from '../../../contract/profile.js';

const CF_IN_TEXT = new RegExp(`(?:^|[^A-Z0-9])(${CF_PATTERN.source.slice(1, -1)})(?:$|[^A-Z0-9])`);

/** The value of one attribute of a distinguished name as Node prints it (one "KEY=value" per line). */
function attribute(dn: string, key: string): string | undefined {
  return dn
    .split('\n')
    .find((l) => l.startsWith(`${key}=`))
    ?.slice(key.length + 1);
}

/** The holder's personal tax code, upper case; undefined when the certificate carries none (a company seal, a test certificate). */
export function taxCodeOfCertificate(cert: Pick<X509Certificate, 'subject'>): string | undefined {
  const serial = attribute(cert.subject, 'serialNumber')?.toUpperCase();
  const fromSerial = serial?.replace(/^(TINIT-|IT:)/, '');
  if (fromSerial && CF_PATTERN.test(fromSerial)) return fromSerial;
  const cn = attribute(cert.subject, 'CN')?.toUpperCase();
  return cn ? CF_IN_TEXT.exec(cn)?.[1] : undefined;
}
