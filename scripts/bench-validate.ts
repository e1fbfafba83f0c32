// Benchmark of the offline CDA validation in a warm process: median and p95 over N runs of the
// XSD and schematron steps on the same RSA, against `xmllint --schema` (a process per run, as a
// CI check would call it) on the same file. Run: npx tsx scripts/bench-validate.ts [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCda } from '../main/core/document/cda/build-cda.js';
import { makeIdentificativoDoc } from '../main/core/document/cda/identificativo-doc.js';
import { parseReport } from '../main/core/document/cda/report-model.js';
import { validateCdaSync } from '../main/core/document/cda/validate-cda.js';
import { systemClock } from '../main/core/shared/clock.js';

const runs = Number(process.argv[2] ?? 50);
const root = join(import.meta.dirname, '..');
const parsed = parseReport('RSA', JSON.parse(readFileSync(join(root, 'examples/reports/rsa.json'), 'utf8')));
if (!parsed.ok) throw new Error('examples/reports/rsa.json is invalid');
const id = makeIdentificativoDoc({ fiscalCode: '01386030488', type: 'RSA', repository: '999', localId: 'BENCH-1' });
const buildTimes: number[] = [];
let xml = '';
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  xml = buildCda('RSA', parsed.report, {
    clinic: {
      name: 'Poliambulatorio San Frediano',
      fiscalCode: '01386030488',
      istatCode: '048017',
      repository: '999',
      locality: 'X^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
    },
    identificativoDoc: id,
    setId: id,
    version: 1,
    now: systemClock(),
  });
  buildTimes.push(performance.now() - t);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
  return { median: round(q(0.5)), p95: round(q(0.95)) };
};
const round = (n: number) => Math.round(n * 100) / 100;

function bench(label: string, doc: string) {
  const first = validateCdaSync(doc); // warm-up: loads the XSD and the SEF
  if (!first.valid) throw new Error(`${label} is not valid: ${JSON.stringify(first.errors)}`);
  const xsd: number[] = [];
  const sch: number[] = [];
  const both: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = validateCdaSync(doc);
    total.push(performance.now() - t);
    xsd.push(r.timings.xsdMs);
    sch.push(r.timings.schematronMs);
    both.push(r.timings.xsdMs + r.timings.schematronMs);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const file = join(dir, 'cda.xml');
  writeFileSync(file, doc);
  const lint: number[] = [];
  for (let i = 0; i < Math.min(runs, 20); i++) {
    const t = performance.now();
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(root, 'resources/cda/xsd/POCD_MT000040UV02/CDA.xsd'), file]);
    lint.push(performance.now() - t);
    if (r.status !== 0) throw new Error('xmllint rejected the file');
  }
  const xsdS = stats(xsd);
  const bothS = stats(both);
  const lintS = stats(lint);
  return {
    document: label,
    bytes: Buffer.byteLength(doc),
    firstCallMs: round(first.timings.xsdMs + first.timings.schematronMs + first.timings.terminologyMs),
    xsdMs: xsdS,
    schematronMs: stats(sch),
    xsdPlusSchematronMs: bothS,
    wholeValidateCdaMs: stats(total),
    xmllintSchemaProcessMs: lintS,
    ratioXsdVsXmllint: round(xsdS.median / lintS.median),
    ratioXsdPlusSchematronVsXmllint: round(bothS.median / lintS.median),
  };
}

console.log(
  JSON.stringify(
    {
      runs,
      buildRsaMs: stats(buildTimes),
      results: [
        bench('built RSA (examples/reports/rsa.json)', xml),
        bench('official examples/RSA.xml', readFileSync(join(root, '..', 'shared/reference/cda/examples/RSA.xml'), 'utf8')),
      ],
      rssMiB: Math.round(process.memoryUsage().rss / 1048576),
    },
    null,
    2,
  ),
);
