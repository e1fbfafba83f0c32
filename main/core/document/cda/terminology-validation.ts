// The gateway's terminology step, as far as the shipped dictionaries allow
// (docs/cda-validation.md §2 step 4, §5):
// every element with @codeSystem is looked at; allow-listed systems are skipped; an OID with a
// 999 or 9999 arc is refused; unmanaged systems are ignored; a codeSystemVersion other than the
// managed one is refused; a code missing from its table is refused. Tables the pack lacks
// (LOINC, AIC) cannot be checked offline and are skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { sha256Hex } from '../../shared/index.js';
import { cdaPaths } from './cda-resources.js';
import { csvFields } from './csv-fields.js';
import type { Issue } from './validation-types.js';

interface ManagedSystem {
  system: string;
  version: string | null;
  whitelist: boolean;
  deleted: boolean;
}

/** build/terminology/index.json, written by scripts/build-terminology.ts. */
export interface TerminologyIndex {
  version: number;
  generatedBy: string;
  /** The folder of the CSV tables, relative to the project. */
  source: string;
  provenance: string;
  /** Per code system: its JSON array of codes (`file`) and the CSV it was read from. */
  tables: Record<string, { file: string; csv: string; bytes: number; sha256: string; codes: number }>;
}

/** Bump when the layout of build/terminology changes: an index of another version is not used. */
export const TERMINOLOGY_INDEX_VERSION = 1;

let managed: Map<string, ManagedSystem> | undefined;
const tables = new Map<string, Set<string> | null>();
let builtIndex: TerminologyIndex | null | undefined;

function managedSystems(): Map<string, ManagedSystem> {
  if (managed) return managed;
  const list = JSON.parse(readFileSync(join(cdaPaths().resourcesDir, 'dictionary', 'managed-code-systems.json'), 'utf8')) as ManagedSystem[];
  managed = new Map(list.filter((s) => !s.deleted).map((s) => [s.system, s]));
  return managed;
}

/** The precomputed index (npm run build:terminology), or null when there is none of this version. */
function terminologyIndex(): TerminologyIndex | null {
  if (builtIndex !== undefined) return builtIndex;
  const file = join(cdaPaths().terminologyBuildDir, 'index.json');
  const index = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as TerminologyIndex) : null;
  builtIndex = index?.version === TERMINOLOGY_INDEX_VERSION ? index : null;
  return builtIndex;
}

/**
 * Codes of one terminology table, or null when the pack has no table for it. The shipped CSV decides,
 * always: its codes come from the build's JSON only when that was made from these very bytes (same
 * SHA-256, a few ms to check, against tens of ms to parse up to 1.3 MB of CSV), else from the CSV.
 */
function tableFor(system: string): Set<string> | null {
  if (tables.has(system)) return tables.get(system)!;
  const file = join(cdaPaths().resourcesDir, 'dictionary', 'catalogs-terminology', `${system}.csv`);
  let codes: Set<string> | null = null;
  if (existsSync(file)) {
    const csv = readFileSync(file);
    const built = terminologyIndex()?.tables[system];
    codes = new Set(
      built?.sha256 === sha256Hex(csv)
        ? (JSON.parse(readFileSync(join(cdaPaths().terminologyBuildDir, built.file), 'utf8')) as string[])
        : readCsvColumn(csv.toString('utf8'), 1),
    );
  }
  tables.set(system, codes);
  return codes;
}

/** One column of a terminology table (header line skipped, empty values left out). */
export function readCsvColumn(text: string, column: number): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line) continue;
    const v = csvFields(line)[column];
    if (v !== undefined && v !== '') out.push(v);
  }
  return out;
}

export function validateTerminology(doc: XmlDocument): Issue[] {
  const systems = managedSystems();
  const issues: Issue[] = [];
  for (const node of doc.find('//*[@codeSystem]')) {
    const el = node as XmlElement;
    const system = el.attr('codeSystem')?.value ?? '';
    const location = nodePath(el);
    const arcs = system.split('.');
    if (arcs.includes('999') || arcs.includes('9999')) {
      issues.push({
        stage: 'terminology',
        message: `Il sistema di codifica ${system} ha un OID con arco 999 o 9999, che il gateway rifiuta.`,
        location,
      });
      continue;
    }
    const m = systems.get(system);
    if (!m || m.whitelist) continue;
    const version = el.attr('codeSystemVersion')?.value;
    if (version !== undefined && version !== m.version) {
      issues.push({
        stage: 'terminology',
        message:
          `La versione "${version}" del sistema di codifica ${system} non è gestita dal gateway` +
          (m.version ? ` (versione gestita: ${m.version}).` : '.') +
          ' Omettere codeSystemVersion o usare la versione gestita.',
        location,
        ruleId: 'codeSystemVersion',
      });
      continue;
    }
    const code = el.attr('code')?.value;
    if (code === undefined) continue;
    const table = tableFor(system);
    if (table && !table.has(code)) {
      // One issue per code (the gateway lists them all in a single VOCABULARY_ERROR).
      issues.push({
        stage: 'terminology',
        message: `Almeno uno dei seguenti vocaboli non è censito: codice "${code}" del sistema ${system}.`,
        location,
        ruleId: 'VOCABULARY_ERROR',
      });
    }
  }
  return issues;
}

function nodePath(el: XmlElement): string {
  const parts: string[] = [];
  let cur: XmlElement | null = el;
  while (cur) {
    parts.unshift(cur.name);
    cur = cur.parent;
  }
  return '/' + parts.join('/');
}
