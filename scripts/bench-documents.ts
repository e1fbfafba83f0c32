// npm run bench:documents — «Documenti» list and search pages at 1,000, 10,000 and 100,000 documents.
// Each size gets a fresh encrypted database (the app's own settings: SQLCipher key file, WAL) filled in one
// transaction with realistic rows: ~20 documents per patient over three years; most documents published
// (confirmed, a few accepted with no status check left), some replaced by a second version, some deleted,
// some with a metadata update, rejected, queued, waiting, in flight, held for the user. Then each query runs
// RUNS times with varying parameters, through DocumentLibrary.list (the page with its states computed in SQL,
// plus the total), and the table gives median and p95 in ms, and the ratio of the median to the baseline:
// the first page at the smallest size, measured in the same run. Target: every page under 50 ms at 100,000.
//
//   npm run bench:documents -- [--sizes 1000,10000,100000] [--runs 30] [--keep]   (--keep: leave the databases for EXPLAIN)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DocumentsListRequest } from '../contract/documents.js';
import { DocumentLibrary } from '../main/core/app/documents/document-library.js';
import { nameKey } from '../main/core/app/documents/document-views.js';
import { keyFileSource, openDatabase, type Database } from '../main/core/shared/index.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SIZES = (arg('sizes') ?? '1000,10000,100000').split(',').map(Number);
const RUNS = Number(arg('runs') ?? 30);
const KEEP = process.argv.includes('--keep');
const DAY = 86_400_000;
// A fixed calendar for reproducible data (the bench reads no clock for the data; timings use performance.now).
const START = Date.UTC(2024, 0, 1);

const FAMILY = [
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  'Gallo',
  'Conti',
  'De Luca',
  'Mancini',
  'Costa',
  'Giordano',
  'Rizzo',
  'Lombardi',
  'Moretti',
  'Barbieri',
  'Fontana',
  'Santoro',
  'Mariani',
  'Rinaldi',
  'Caruso',
  'Ferrara',
  'Galli',
  'Martini',
  'Leone',
  'Longo',
  'Gentile',
  'Martinelli',
  'Vitale',
  'Lombardo',
  'Serra',
  'Coppola',
  'De Santis',
  'D\u2019Angelo',
  'Marchetti',
  'Parisi',
  'Villa',
  'Conte',
  'Ferraro',
  'Ferri',
  'Fabbri',
  'Bianco',
  'Marini',
  'Grasso',
  'Valentini',
];
const GIVEN = [
  'Mario',
  'Luca',
  'Giuseppe',
  'Marco',
  'Francesco',
  'Alessandro',
  'Andrea',
  'Giovanni',
  'Paolo',
  'Stefano',
  'Maria',
  'Anna',
  'Giulia',
  'Sara',
  'Laura',
  'Francesca',
  'Chiara',
  'Elena',
  'Paola',
  'Lucia',
  'Silvia',
  'Roberta',
  'Valentina',
  'Federica',
];
const TYPES = ['RSA', 'RSA', 'LAB', 'LAB', 'LAB', 'RAD'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// Rows as large as the app's: a job stores its request body (the metadata, ~600 bytes), a document its form (a few KB,
// in library_forms).
const REQUEST_BODY = JSON.stringify({
  tipologiaStruttura: 'Territorio',
  tipoDocumentoLivAlto: 'REF',
  assettoOrganizzativo: 'AD_PSC107',
  tipoAttivitaClinica: 'CON',
  identificativoSottomissione: '2.16.840.1.113883.2.9.2.90.4.3.1',
  identificativoRep: '2.16.840.1.113883.2.9.2.90.4.5.999',
  mode: 'ATTACHMENT',
  healthDataFormat: 'CDA',
  administrativeRequest: ['NOSSN'],
  attiCliniciRegoleAccesso: ['P99'],
  descriptions: ['Visita specialistica'.repeat(10)],
  conservazioneANorma: 'no',
  dataInizioPrestazione: '20261130100000',
  dataFinePrestazione: '20261130103000',
});
const PATIENT_JSON = JSON.stringify({ address: { street: 'Via Roma 1', city: 'Firenze', postalCode: '50100', province: 'FI', istatCode: '048017' } });
const FORM = JSON.stringify({ kind: 'RSA', rsa: { findings: 'Reperto nella norma. '.repeat(100), conclusions: 'Nulla da segnalare. '.repeat(40) } });

/** Deterministic pseudo-random numbers (mulberry32): the same data on every run. */
function rng(start: number): () => number {
  let a = start;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Patient {
  cf: string;
  given: string;
  family: string;
}

function patients(n: number, r: () => number): Patient[] {
  return Array.from({ length: n }, (_, i) => {
    const family = FAMILY[Math.floor(r() * FAMILY.length)]!;
    const given = GIVEN[Math.floor(r() * GIVEN.length)]!;
    const letters = (s: string): string => (s.toUpperCase().replace(/[^A-Z]/g, '') + 'XXX').slice(0, 3);
    const cf =
      `${letters(family)}${letters(given)}${String(40 + (i % 60)).padStart(2, '0')}${LETTERS[i % 12]}${String(i % 10_000).padStart(4, '0')}${LETTERS[(i / 10_000) | 0]}${String(i % 1000).padStart(3, '0')}`.slice(
        0,
        15,
      ) + LETTERS[i % 26];
    return { cf, given, family };
  });
}

/** Fills `db` with `n` documents (plus second versions and operations) and their outbox jobs; returns the patients. */
function seed(db: Database, n: number): Patient[] {
  const r = rng(n);
  const people = patients(Math.max(1, Math.round(n / 20)), r);
  const insDoc = db.prepare(
    'INSERT INTO outbox_documents (identificativo_doc, version, patient_cf, type, pdf_sha256, created_at) VALUES (?, ?, ?, ?, NULL, ?)',
  );
  const insJob = db.prepare(
    `INSERT INTO outbox_jobs (document_id, chain, operation, path_id, request_body, correlation_id, state, held, next_attempt_at, deadline_at, created_at,
       updated_at, last_error, x_cart_id, trace_id, workflow_instance_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLib = db.prepare(
    `INSERT INTO library_documents (job_id, identificativo_doc, set_id, version, type, patient_cf, patient_given, patient_family, name_key, name_key_rev,
       patient_birth_date, patient_sex, patient_json, doctor_id, doctor_cf, doctor_name, service_date, created_at, source, replaces_document_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '1980-01-01', 'M', ?, 'd1', 'BNCLRA70A41H501X', 'Dott.ssa Laura Bianchi', ?, ?, 'written', ?)`,
  );
  const insForm = db.prepare('INSERT INTO library_forms (document_id, report_form) VALUES (?, ?)');
  const insOp = db.prepare('INSERT INTO library_operations (document_id, job_id, action, created_at) VALUES (?, ?, ?, ?)');
  const span = 3 * 365 * DAY;
  const job = (docRow: number, chain: string, op: string, pathId: string | null, state: string, held: number, at: number): number => {
    const err = state === 'rejected' ? JSON.stringify({ category: 'caller-fault', message: 'Errore di sintassi nel CDA.', type: '/msg/syntax' }) : null;
    return Number(
      insJob.run(docRow, chain, op, pathId, REQUEST_BODY, `trace${docRow}${op}`, state, held, at, at + 3 * DAY, at, at, err, 'x-cart-id', 'trace', 'wii')
        .lastInsertRowid,
    );
  };
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const p = people[Math.floor(r() * people.length)]!;
      const at = START + Math.floor((i / n) * span);
      const type = TYPES[Math.floor(r() * TYPES.length)]!;
      const id = `2.16.840.1.113883.2.9.2.90.4.4^01386030488.${type}.999.B${i}`;
      const service = new Date(at - Math.floor(r() * 3) * DAY).toISOString().slice(0, 10);
      const x = r();
      // The create's outcome: 1 % queued, 0.5 % waiting, 0.5 % in flight/being checked, 2 % rejected, 0.3 % held for the user, else published.
      const [state, held] =
        x < 0.01
          ? ['queued', 0]
          : x < 0.015
            ? ['waiting', 0]
            : x < 0.02
              ? ['accepted', 0]
              : x < 0.04
                ? ['rejected', 0]
                : x < 0.043
                  ? ['needs-reconciliation', 1]
                  : x < 0.1
                    ? ['accepted', 1]
                    : ['confirmed', 0];
      const od = Number(insDoc.run(id, 1, p.cf, type, at).lastInsertRowid);
      const jobId = job(od, id, 'validateAndCreate', null, state, held, at);
      const docRow = Number(
        insLib.run(
          jobId,
          id,
          id,
          1,
          type,
          p.cf,
          p.given,
          p.family,
          nameKey(`${p.family} ${p.given}`),
          nameKey(`${p.given} ${p.family}`),
          PATIENT_JSON,
          service,
          at,
          null,
        ).lastInsertRowid,
      );
      insForm.run(docRow, FORM);
      if (state !== 'confirmed') continue;
      const y = r();
      if (y < 0.03) {
        // Replaced by a second version a day later (written as one more library row: it counts in the total).
        const id2 = `${id}.v2`;
        const od2 = Number(insDoc.run(id2, 2, p.cf, type, at + DAY).lastInsertRowid);
        const job2 = job(od2, id, 'replace', id, 'confirmed', 0, at + DAY);
        const v2 = insLib.run(
          job2,
          id2,
          id,
          2,
          type,
          p.cf,
          p.given,
          p.family,
          nameKey(`${p.family} ${p.given}`),
          nameKey(`${p.given} ${p.family}`),
          PATIENT_JSON,
          service,
          at + DAY,
          docRow,
        ).lastInsertRowid;
        insForm.run(Number(v2), FORM);
        i++;
      } else if (y < 0.05) {
        insOp.run(docRow, job(od, id, 'delete', id, 'confirmed', 0, at + DAY), 'delete', at + DAY);
      } else if (y < 0.07) {
        insOp.run(docRow, job(od, id, 'updateMetadata', id, 'confirmed', 0, at + DAY), 'updateMetadata', at + DAY);
      }
    }
  })();
  db.pragma('optimize');
  return people;
}

interface Query {
  name: string;
  req: (i: number, people: Patient[], n: number) => DocumentsListRequest;
}

const QUERIES: Query[] = [
  { name: 'first page', req: () => ({}) },
  { name: 'page 20', req: () => ({ page: 20 }) },
  { name: 'by tax code', req: (i, p) => ({ fiscalCode: p[(i * 7919) % p.length]!.cf }) },
  { name: 'by name prefix', req: (i) => ({ text: FAMILY[i % FAMILY.length]!.slice(0, 4) }) },
  { name: '«Cognome Nome»', req: (i) => ({ text: `${FAMILY[i % FAMILY.length]} ${GIVEN[i % GIVEN.length]!.slice(0, 2)}` }) },
  {
    name: 'by date range (1 month)',
    req: (i) => {
      const from = new Date(START + (i % 30) * 30 * DAY);
      return { from: from.toISOString().slice(0, 10), to: new Date(from.getTime() + 30 * DAY).toISOString().slice(0, 10) };
    },
  },
  { name: 'by type', req: (i) => ({ type: ['RSA', 'LAB', 'RAD'][i % 3]! }) },
  { name: 'by state: published', req: () => ({ state: 'published' }) },
  { name: 'by state: rejected', req: () => ({ state: 'rejected' }) },
  { name: 'by state: queued', req: () => ({ state: 'queued' }) },
  { name: 'name + state', req: (i) => ({ text: FAMILY[i % FAMILY.length]!, state: 'published' }) },
];

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

interface Row {
  size: number;
  query: string;
  median: number;
  p95: number;
  items: number;
  total: number;
}

function measure(size: number): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-documents-'));
  try {
    const file = join(dir, 'fse-desk.sqlite');
    const db = openDatabase(file, { key: keyFileSource(join(dir, 'database.key'), file) });
    try {
      const t0 = performance.now();
      const people = seed(db, size);
      const lib = new DocumentLibrary(db, () => new Date(START));
      process.stderr.write(`  ${size}: seeded in ${Math.round(performance.now() - t0)} ms\n`);
      const rows: Row[] = QUERIES.map((q) => {
        lib.list(q.req(0, people, size)); // warm the statement cache and the pages
        const times: number[] = [];
        let items = 0;
        let total = 0;
        for (let i = 0; i < RUNS; i++) {
          const req = q.req(i, people, size);
          const s = performance.now();
          const page = lib.list(req);
          times.push(performance.now() - s);
          items += page.items.length;
          total += page.total;
        }
        return {
          size,
          query: q.name,
          median: quantile(times, 0.5),
          p95: quantile(times, 0.95),
          items: Math.round(items / RUNS),
          total: Math.round(total / RUNS),
        };
      });
      // «Nuovo referto»: patients seen before, as the user types three letters of a family name.
      const times: number[] = [];
      let found = 0;
      lib.patients.search('ros');
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        found += lib.patients.search(FAMILY[i % FAMILY.length]!.slice(0, 3)).length;
        times.push(performance.now() - s);
      }
      rows.push({ size, query: 'patients: 3 letters', median: quantile(times, 0.5), p95: quantile(times, 0.95), items: Math.round(found / RUNS), total: 0 });
      return rows;
    } finally {
      db.close();
    }
  } finally {
    if (KEEP) process.stderr.write(`  ${size}: kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const size of SIZES) rows.push(...measure(size));
const baseline = rows.find((r) => r.size === SIZES[0] && r.query === 'first page')!.median;
const f = (ms: number): string => ms.toFixed(2).padStart(8);
console.log(
  `\n«Documenti» pages (page + total, 25 rows, states computed in SQL), ${RUNS} runs each; ratio = median / first page at ${SIZES[0]!.toLocaleString('en')} (${baseline.toFixed(2)} ms)\n`,
);
console.log(
  `${'documents'.padStart(9)}  ${'query'.padEnd(24)} ${'median ms'.padStart(9)} ${'p95 ms'.padStart(8)} ${'ratio'.padStart(7)} ${'rows'.padStart(5)} ${'matches'.padStart(8)}`,
);
for (const r of rows) {
  console.log(
    `${r.size.toLocaleString('en').padStart(9)}  ${r.query.padEnd(24)} ${f(r.median)} ${f(r.p95)} ${(r.median / baseline).toFixed(1).padStart(7)} ${String(r.items).padStart(5)} ${String(r.total).padStart(8)}`,
  );
}
const worst = rows.filter((r) => r.size === Math.max(...SIZES)).reduce((a, b) => (b.p95 > a.p95 ? b : a));
console.log(`\nslowest at ${Math.max(...SIZES).toLocaleString('en')}: ${worst.query}, p95 ${worst.p95.toFixed(2)} ms (target: under 50 ms per page)`);
