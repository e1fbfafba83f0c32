// The personal tax code's check character, for the forms that check a code as it is typed (patients, doctors,
// operators). Hand-written (ten lines) because contract/ stays free of dependencies apart from zod and the
// renderer cannot load codice-fiscale-js; the main process remains the judge (main/core/shared/fiscal-code.ts).

// Values of the characters in odd positions (1st, 3rd, …), DM 12/03/1974; even positions count A–Z as 0–25 and
// digits as themselves.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** The check character of the first 15 characters of a tax code (letters and digits, upper case). */
export function fiscalCodeCheckCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c - 65; // digits count like A–J
    sum += i % 2 === 0 ? (ODD[v] ?? 0) : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}
