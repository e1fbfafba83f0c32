// npm run build:terminology — the terminology tables (resources/cda/dictionary/catalogs-terminology/<OID>.csv,
// up to 1.3 MB each) precomputed at BUILD time into build/terminology/: per table, the JSON array of its
// codes (<OID>.json), and index.json saying where each came from (CSV name, size, SHA-256) and what made
// it. The first validation after start then reads a few kB of JSON per table instead of parsing the CSV
// (about 80 ms of a cold `fse-desk validate` on an RSA). Shipped with the app like build/schematron/.
//
// The codes are read by the validator's own CSV reader (readCsvColumn), so both routes give the same
// set. At run time terminology-validation.ts uses a table's JSON only when index.json lists it with the
// SHA-256 of the CSV it reads; otherwise (no build, a CSV updated since) it parses the CSV as before.
//
//   node --import tsx scripts/build-terminology.ts [--quiet]
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvColumn, TERMINOLOGY_INDEX_VERSION, type TerminologyIndex } from '../main/core/document/cda/terminology-validation.js';
import { sha256Hex } from '../main/core/shared/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const csvDir = join(root, 'resources', 'cda', 'dictionary', 'catalogs-terminology');
const outDir = join(root, 'build', 'terminology');
const quiet = process.argv.includes('--quiet');

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

const started = performance.now();
mkdirSync(outDir, { recursive: true });
const index: TerminologyIndex = {
  version: TERMINOLOGY_INDEX_VERSION,
  generatedBy: 'scripts/build-terminology.ts',
  source: relative(root, csvDir),
  provenance: 'resources/cda/PROVENANCE.md',
  tables: {},
};
let codeCount = 0;
for (const csv of readdirSync(csvDir)
  .filter((f) => f.endsWith('.csv'))
  .sort()) {
  const bytes = readFileSync(join(csvDir, csv));
  const system = csv.slice(0, -'.csv'.length);
  // Unique codes, in the order of the CSV; the validator puts them in a Set either way.
  const codes = [...new Set(readCsvColumn(bytes.toString('utf8'), 1))];
  const file = `${system}.json`;
  writeAtomic(join(outDir, file), JSON.stringify(codes));
  index.tables[system] = { file, csv, bytes: bytes.length, sha256: sha256Hex(bytes), codes: codes.length };
  codeCount += codes.length;
}
// Tables whose CSV is gone from resources/ go from build/ too.
for (const f of readdirSync(outDir)) {
  if (f.endsWith('.json') && f !== 'index.json' && !(f.slice(0, -'.json'.length) in index.tables)) rmSync(join(outDir, f));
}
writeAtomic(join(outDir, 'index.json'), JSON.stringify(index, null, 1) + '\n');
if (!quiet) {
  const tables = Object.keys(index.tables).length;
  process.stderr.write(
    `build-terminology: ${tables} tables, ${codeCount} codes → ${relative(root, outDir)}/ in ${(performance.now() - started).toFixed(0)} ms\n`,
  );
}
