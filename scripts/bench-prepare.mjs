#!/usr/bin/env node
// npm run bench:prepare — the whole preparation of documents in one warm process (the compiled
// code the CLI and the app run), each step apart: build the CDA, validate it (XSD + schematron +
// terminology), render the PDF, embed cda.xml and sign PAdES. In the same run, `xmllint --schema`
// on the same CDA gives the baseline ratio. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = (p) => import(join(root, 'dist', p));
const N = Number(process.argv[2] ?? 50);
const TYPE = (process.argv[3] ?? 'RSA').toUpperCase();

const { buildCda } = await dist('main/core/document/cda/build-cda.js');
const { validateCda } = await dist('main/core/document/cda/validate-cda.js');
const { parseReport } = await dist('main/core/document/cda/report-model.js');
const { makeIdentificativoDoc } = await dist('main/core/document/cda/identificativo-doc.js');
const { clinicFromProfile } = await dist('main/core/document/cda/cda-context.js');
const { toReportView } = await dist('main/core/document/cda/report-view-mapping.js');
const { renderReportPdf, embedCda, signPades, loadSigner } = await dist('main/core/document/pdf/index.js');
const { makeCert, toPkcs12 } = await dist('mock-cart/test-pki.js');
const { systemClock } = await dist('main/core/shared/clock.js');

const profile = JSON.parse(readFileSync(join(root, 'examples', 'profile.stage.json'), 'utf8'));
const clinic = clinicFromProfile(profile, {
  address: { ...profile.clinic.address, istatCode: profile.clinic.istatCode, country: '100' },
  phone: profile.clinic.phone,
});
const baseReport = JSON.parse(readFileSync(join(root, 'examples', 'reports', `${TYPE.toLowerCase()}.json`), 'utf8'));
const signerCert = makeCert({ commonName: 'Dott. Benchmark', usage: 'sign', now: systemClock() });
const signer = loadSigner(toPkcs12(signerCert, 'pw'), 'pw', systemClock());

const steps = { build: [], validate: [], render: [], embedAndSign: [], total: [] };
const rss = [];
let lastXml = '';
const givenNames = ['Maria', 'Niccolò', 'Anna Chiara', 'Luca', 'Giovanni'];
for (let i = 0; i < N + 1; i++) {
  // Distinct documents: different local id and patient name each time.
  const json = structuredClone(baseReport);
  json.patient.givenName = givenNames[i % givenNames.length];
  delete json.localId;
  const parsed = parseReport(TYPE, json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const now = systemClock();
  const id = makeIdentificativoDoc({ fiscalCode: profile.clinic.fiscalCode, type: TYPE, repository: '999', localId: `BENCH-${i}` });
  const ctx = { clinic, identificativoDoc: id, setId: id, version: 1, now };
  const t0 = performance.now();
  const xml = buildCda(TYPE, parsed.report, ctx);
  const t1 = performance.now();
  const v = await validateCda(xml);
  if (!v.valid) throw new Error(JSON.stringify(v.errors));
  const t2 = performance.now();
  const pdf = await renderReportPdf(toReportView(TYPE, parsed.report, ctx), { now });
  const t3 = performance.now();
  const signed = await signPades(await embedCda(pdf, xml, { modDate: now }), signer, { signingTime: now });
  const t4 = performance.now();
  if (signed.length < 1000) throw new Error('no output');
  lastXml = xml;
  if (i === 0) continue; // the first document warms the process up (loads XSD and schematron)
  steps.build.push(t1 - t0);
  steps.validate.push(t2 - t1);
  steps.render.push(t3 - t2);
  steps.embedAndSign.push(t4 - t3);
  steps.total.push(t4 - t0);
  rss.push(process.memoryUsage().rss);
}

// Baseline: xmllint --schema on the same CDA (one process per document, as a script would call it).
const dir = mkdtempSync(join(tmpdir(), 'bench-prepare-'));
const file = join(dir, 'cda.xml');
writeFileSync(file, lastXml);
const lint = [];
for (let i = 0; i < Math.min(N, 30); i++) {
  const t = performance.now();
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(root, 'resources/cda/xsd/POCD_MT000040UV02/CDA.xsd'), file]);
  lint.push(performance.now() - t);
  if (r.status !== 0) throw new Error('xmllint rejected the CDA');
}
rmSync(dir, { recursive: true, force: true });

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const r2 = (n) => Math.round(n * 10) / 10;
const row = (name, xs) => `${name.padEnd(34)} median ${String(r2(q(xs, 0.5))).padStart(7)} ms   p95 ${String(r2(q(xs, 0.95))).padStart(7)} ms`;
const mb = (b) => Math.round(b / 1048576);
const valMedian = q(steps.validate, 0.5);
const lintMedian = q(lint, 0.5);

console.log(`bench:prepare — ${N} ${TYPE} documents, warm process (Node ${process.version}, ${process.arch})`);
console.log(row('build CDA', steps.build));
console.log(row('validate (XSD+schematron+terms)', steps.validate));
console.log(row('render PDF', steps.render));
console.log(row('embed cda.xml + sign PAdES', steps.embedAndSign));
console.log(row('whole preparation', steps.total));
console.log(row('baseline: xmllint --schema (process)', lint));
console.log(`validation vs xmllint --schema: ${r2(valMedian / lintMedian)}x the time of XSD alone in xmllint (lower is better)`);
console.log(
  `peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB; RSS after first 10 docs ${mb(rss[9] ?? rss[0])} MB, after last ${mb(rss[rss.length - 1])} MB`,
);
console.log(`targets: whole preparation <= 150 ms median; XSD+schematron <= 60 ms median; peak RSS <= 300 MB`);
