// Median and p95 of render / embed / sign over N documents (default 50), warm process.
// Usage: node --import tsx scripts/bench-sign.ts [N]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { embedCda, loadSigner, renderReportPdf, signPades } from '../main/core/document/pdf/index.js';
import { testNow } from '../test/support/clock.js';
import { makeTestPki } from '../test/support/pki.js';
import { SAMPLE_CDA, sampleView } from '../test/document/pdf/support.js';

const n = Number(process.argv[2] ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'bench-sign-'));
const pki = makeTestPki(dir);
const now = testNow();
const signer = loadSigner(readFileSync(pki.signerP12), pki.password, now);
const times = { render: [] as number[], embed: [] as number[], sign: [] as number[], total: [] as number[] };
let bytes = 0;

for (let i = -5; i < n; i++) {
  // Five warm-up rounds are not counted.
  const view = sampleView({ identificativoDoc: `2.16.840.1.113883.2.9.2.90.4.4^BENCH-${i}`, version: 1 });
  const t0 = performance.now();
  const pdf = await renderReportPdf(view, { now });
  const t1 = performance.now();
  const withCda = await embedCda(pdf, SAMPLE_CDA, { modDate: now });
  const t2 = performance.now();
  const signed = await signPades(withCda, signer, { signingTime: now });
  const t3 = performance.now();
  if (i < 0) continue;
  times.render.push(t1 - t0);
  times.embed.push(t2 - t1);
  times.sign.push(t3 - t2);
  times.total.push(t3 - t0);
  bytes = signed.length;
}
rmSync(dir, { recursive: true, force: true });

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))]!;
};
const row = (name: string, xs: number[]): string =>
  `${name.padEnd(7)} median ${q(xs, 0.5).toFixed(1).padStart(6)} ms   p95 ${q(xs, 0.95).toFixed(1).padStart(6)} ms`;
console.log(`${n} documents, signed PDF ${bytes} bytes, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
for (const k of ['render', 'embed', 'sign', 'total'] as const) console.log(row(k, times[k]));
