// Personal tax code (codice fiscale) checks, delegated to codice-fiscale-js: check character and
// omocodia (digits replaced by letters) are its job. Messages are Italian, ready for the UI.
import { createRequire } from 'node:module';
import { CF_PATTERN } from '../../../contract/profile.js';

interface CodiceFiscaleClass {
  check(cf: string): boolean;
}
let codiceFiscale: CodiceFiscaleClass | undefined;
/**
 * Loaded on the first check, not with the module: the package is a ~100 ms webpack bundle and every
 * room imports this file through shared/index.ts (fse-desk validate and --help never check a tax code).
 * It is a CommonJS bundle exposing the class as a named property.
 */
function codiceFiscaleClass(): CodiceFiscaleClass {
  codiceFiscale ??= (createRequire(import.meta.url)('codice-fiscale-js') as { CodiceFiscale: CodiceFiscaleClass }).CodiceFiscale;
  return codiceFiscale;
}

export type FiscalCodeCheck = { ok: true; value: string } | { ok: false; message: string };

export function checkFiscalCode(raw: string): FiscalCodeCheck {
  const value = raw.trim().toUpperCase();
  if (value.length !== 16) return { ok: false, message: 'Il codice fiscale deve avere 16 caratteri.' };
  if (!/^[A-Z0-9]{16}$/.test(value)) return { ok: false, message: 'Il codice fiscale contiene caratteri non ammessi.' };
  let valid: boolean;
  try {
    valid = codiceFiscaleClass().check(value);
  } catch {
    valid = false;
  }
  return valid ? { ok: true, value } : { ok: false, message: 'Codice fiscale non valido: il carattere di controllo non corrisponde.' };
}

/**
 * Personal tax codes inside free text (log lines, CART's error details, journaled bodies), to mask
 * them. The shape is written once, as the contract's CF_PATTERN (the profile form checks with it):
 * here unanchored, between word boundaries and case-insensitive. The check character is not verified:
 * better to mask a look-alike than to let a real one through.
 */
const TAX_CODE_IN_TEXT = new RegExp(`\\b${CF_PATTERN.source.replace(/^\^|\$$/g, '')}\\b`, 'gi');

/** `text` with every word shaped like a personal tax code replaced by `mask`. */
export function replaceTaxCodes(text: string, mask: string): string {
  return text.replace(TAX_CODE_IN_TEXT, () => mask);
}
