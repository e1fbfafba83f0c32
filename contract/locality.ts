// The XON locality (docs/jwt-claims.md §4.3) composed from the parts a clinic finds in its own documents:
// NAME^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090 + health authority (3 digits) + STS.11 code (6 digits).
// The receptionist types the parts; the XON string is derived and only shown as a preview.

/** The Ministry's OID for structure codes (the STS.11 register). */
export const STRUCTURE_CODE_OID = '2.16.840.1.113883.2.9.4.1.3';
/** Tuscany's region code: FSE Desk publishes only through CART. */
export const TUSCANY_REGION_CODE = '090';

export interface LocalityParts {
  /** The structure's name as registered (STS.11 model, «denominazione»). */
  name: string;
  /** The health authority's 3-digit code (201, 202, 203 for Tuscany's ASL). */
  aslCode: string;
  /** The structure's 6-digit STS.11 code. */
  sts11Code: string;
}

export function composeLocality(p: LocalityParts): string {
  return `${p.name.trim()}^^^^^&${STRUCTURE_CODE_OID}&ISO^^^^${TUSCANY_REGION_CODE}${p.aslCode.trim()}${p.sts11Code.trim()}`;
}

/** The parts of a stored locality; an XON string FSE Desk did not compose keeps its name and leaves the codes empty. */
export function parseLocality(xon: string): LocalityParts {
  const m = /^([^^]*)\^{5}&([^&]*)&ISO\^{4}([^^&]*)$/.exec(xon);
  if (!m) return { name: '', aslCode: '', sts11Code: '' };
  const code = /^090(\d{3})(\d{6})$/.exec(m[3]!);
  if (m[2] !== STRUCTURE_CODE_OID || !code) return { name: m[1]!, aslCode: '', sts11Code: '' };
  return { name: m[1]!, aslCode: code[1]!, sts11Code: code[2]! };
}

/** Each part's problem, in Italian, keyed by part; empty when the parts compose a valid locality. */
export function localityPartsProblems(p: LocalityParts): Partial<Record<keyof LocalityParts, string>> {
  const out: Partial<Record<keyof LocalityParts, string>> = {};
  const name = p.name.trim();
  if (name.length < 2) out.name = 'Indicare il nome della struttura come nel modello STS.11.';
  else if (/[\^&|~\\]/.test(name)) out.name = 'Il nome non può contenere i caratteri ^ & | ~ \\.';
  if (!/^\d{3}$/.test(p.aslCode.trim())) out.aslCode = 'Il codice dell’azienda sanitaria ha 3 cifre (201, 202 o 203 in Toscana).';
  if (!/^\d{6}$/.test(p.sts11Code.trim())) out.sts11Code = 'Il codice STS.11 della struttura ha 6 cifre.';
  return out;
}
