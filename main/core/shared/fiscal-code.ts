// Personal tax code (codice fiscale) checks, delegated to codice-fiscale-js: check character and
// omocodia (digits replaced by letters) are its job. Messages are Italian, ready for the UI.
import codiceFiscaleModule from 'codice-fiscale-js';

// The package is a webpack CommonJS bundle exposing the class as a named property.
const { CodiceFiscale } = codiceFiscaleModule as unknown as { CodiceFiscale: { check(cf: string): boolean } };

export type FiscalCodeCheck = { ok: true; value: string } | { ok: false; message: string };

export function checkFiscalCode(raw: string): FiscalCodeCheck {
  const value = raw.trim().toUpperCase();
  if (value.length !== 16) return { ok: false, message: 'Il codice fiscale deve avere 16 caratteri.' };
  if (!/^[A-Z0-9]{16}$/.test(value)) return { ok: false, message: 'Il codice fiscale contiene caratteri non ammessi.' };
  let valid = false;
  try {
    valid = CodiceFiscale.check(value);
  } catch {
    valid = false;
  }
  return valid ? { ok: true, value } : { ok: false, message: 'Codice fiscale non valido: il carattere di controllo non corrisponde.' };
}
