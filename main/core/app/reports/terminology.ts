// terminology:search — the searchable lists of the report form: ICD9-CM (services performed, exams) from the
// shipped table the gateway validates against, and the laboratory tests (LOINC) of lab-tests.ts. Matches a code
// prefix first, then descriptions containing every typed word; at most 30 results.
import type { TerminologyEntry } from '../../../../contract/reports.js';
import { loadTerminologyCatalog } from './document-room.js';
import { OID } from '../../shared/index.js';
import { LAB_TESTS } from './lab-tests.js';

export const TERMINOLOGY_MAX_RESULTS = 30;

/** Lower case without accents: «ecografia» finds «Ecografìa». */
const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

interface Indexed {
  entry: TerminologyEntry;
  code: string;
  words: string;
}

const indexes = new Map<string, Indexed[]>();
const names = new Map<string, Map<string, string>>();

async function indexOf(system: 'icd9cm' | 'loinc'): Promise<Indexed[]> {
  const known = indexes.get(system);
  if (known) return known;
  let entries: TerminologyEntry[];
  if (system === 'loinc') entries = LAB_TESTS.map((t) => ({ ...t }));
  else {
    const { terminologyCatalog } = await loadTerminologyCatalog();
    entries = terminologyCatalog(OID.icd9cm) ?? [];
  }
  const index = entries.map((entry) => ({ entry, code: entry.code.toLowerCase(), words: ` ${fold(entry.display)}` }));
  indexes.set(system, index);
  names.set(system, new Map(entries.map((e) => [e.code, e.display])));
  return index;
}

export async function searchTerminology(system: 'icd9cm' | 'loinc', text: string): Promise<TerminologyEntry[]> {
  const index = await indexOf(system);
  const query = fold(text.trim());
  // The LAB list is short: shown whole before anything is typed; the ICD9-CM table (20,000 rows) only on a query.
  if (!query) return system === 'loinc' ? index.slice(0, TERMINOLOGY_MAX_RESULTS).map((i) => i.entry) : [];
  const words = query.split(/\s+/);
  const scored: Array<{ i: Indexed; score: number }> = [];
  for (const i of index) {
    let score: number;
    if (i.code === query) score = 0;
    else if (i.code.startsWith(query)) score = 1;
    else if (words.every((w) => i.words.includes(` ${w}`))) score = 2;
    else if (words.every((w) => i.words.includes(w))) score = 3;
    else continue;
    scored.push({ i, score });
  }
  scored.sort((a, b) => a.score - b.score || a.i.code.localeCompare(b.i.code, 'en', { numeric: true }));
  return scored.slice(0, TERMINOLOGY_MAX_RESULTS).map((s) => s.i.entry);
}

/** The name of a code, to fill a description the user left empty (undefined when the code is not listed). */
export function describeCode(system: 'icd9cm' | 'loinc', code: string): string | undefined {
  return names.get(system)?.get(code);
}

/** Loads the lists before the first form is checked, so describeCode answers. */
export async function warmTerminology(): Promise<void> {
  await Promise.all([indexOf('icd9cm'), indexOf('loinc')]);
}
