// npm run bench:outbox — three figures for the outbox:
//  1. durable enqueues/s vs raw better-sqlite3 inserts of the same rows (same file settings: WAL,
//     synchronous=FULL, one transaction per document) → ratio (target ≥ 0.8);
//  2. drain of N documents (default 1000) against the stand-in at 100 ms latency, concurrency 4, vs the
//     theoretical minimum N × latency / concurrency → efficiency % (target ≥ 90 %);
//  3. peak RSS during the drain, and RSS over the first vs the last hundred documents (target ≤ 200 MB, flat).
// The stand-in runs in a child process so its CPU (signature checks, CDA parsing) does not stall ours.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../contract/profile.js';
import { openDatabase } from '../main/core/db/database.js';
import { prepareCartCall } from '../main/core/cart/execute.js';
import { createCartPort } from '../main/core/outbox/cart-port-client.js';
import { Outbox, type EnqueueCreate } from '../main/core/outbox/outbox.js';
import type { CartPort } from '../main/core/outbox/cart-port.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PDF_PATH = '/work/shared/reference/cda/signed-samples/SIGNED_RSA1.pdf';
const argNum = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const ENQUEUES = argNum('enqueues', 2000);
const DRAIN_DOCS = argNum('docs', 1000);
const LATENCY_MS = argNum('latency', 100);
const CONCURRENCY = argNum('concurrency', 4);
const MB = (b: number): number => Math.round((b / 1048576) * 10) / 10;
const idOf = (p: string, i: number): string => `2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.${p}${i}`;

function sampleInputs(prefix: string, n: number, base: Omit<EnqueueCreate, 'identificativoDoc' | 'requestBody'> & { requestBody: Record<string, unknown> }): EnqueueCreate[] {
  return Array.from({ length: n }, (_, i) => ({ ...base, identificativoDoc: idOf(prefix, i), requestBody: { ...base.requestBody, identificativoDoc: idOf(prefix, i) } }));
}

function benchEnqueue(dir: string, inputs: EnqueueCreate[]): { outboxPerSec: number; rawPerSec: number } {
  // Raw: the same rows (blob, document, job, first event) with hand-prepared statements, one transaction each.
  const rawDb = openDatabase(join(dir, 'raw.sqlite'));
  const ins = {
    blob: rawDb.prepare('INSERT OR IGNORE INTO outbox_blobs (sha256, bytes, size) VALUES (?, ?, ?)'),
    doc: rawDb.prepare('INSERT INTO outbox_documents (identificativo_doc, version, patient_cf, type, pdf_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    job: rawDb.prepare(
      `INSERT INTO outbox_jobs (document_id, chain, operation, path_id, request_body, person_id, resource_hl7_type, correlation_id, state, next_attempt_at, deadline_at, created_at, updated_at)
       VALUES (?, ?, 'validateAndCreate', NULL, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
    ),
    ev: rawDb.prepare("INSERT INTO outbox_events (job_id, at, from_state, to_state, attempt, reason) VALUES (?, ?, NULL, 'queued', 0, 'enqueued')"),
  };
  const rawOne = rawDb.transaction((x: EnqueueCreate) => {
    const sha = createHash('sha256').update(x.pdf).digest('hex');
    const now = Date.now();
    ins.blob.run(sha, Buffer.from(x.pdf), x.pdf.byteLength);
    const d = Number(ins.doc.run(x.identificativoDoc, 1, x.patientCf, x.type, sha, now).lastInsertRowid);
    const j = Number(ins.job.run(d, x.identificativoDoc, JSON.stringify(x.requestBody), x.personId, x.resourceHl7Type, randomUUID().replace(/-/g, ''), now, now + 1, now, now).lastInsertRowid);
    ins.ev.run(j, now);
  });
  const outbox = Outbox.open(join(dir, 'outbox.sqlite'));
  // Alternate the two a few rounds so disk caches and CPU frequency treat them alike.
  let rawMs = 0;
  let outboxMs = 0;
  const rounds = 4;
  const per = Math.floor(inputs.length / rounds);
  for (let r = 0; r < rounds; r++) {
    const slice = inputs.slice(r * per, (r + 1) * per);
    let t = performance.now();
    for (const x of slice) rawOne.immediate(x);
    rawMs += performance.now() - t;
    t = performance.now();
    for (const x of slice) outbox.enqueueCreate(x);
    outboxMs += performance.now() - t;
  }
  rawDb.close();
  outbox.close();
  return { outboxPerSec: (per * rounds * 1000) / outboxMs, rawPerSec: (per * rounds * 1000) / rawMs };
}

async function startStandInProcess(stateDir: string): Promise<{ child: ChildProcess; info: { url: string; caFile: string; authP12: string; signatureP12: string; password: string } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'mock-cart', '--port', '0', '--state-dir', stateDir, '--latency-ms', String(LATENCY_MS)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((ok, fail) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) ok(buf.slice(0, nl));
    });
    child.on('exit', (code) => fail(new Error(`stand-in exited with ${code}`)));
  });
  return { child, info: JSON.parse(line) };
}

/** CPU time (user + system) of a child process, from /proc (Linux); NaN elsewhere. */
function childCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100 on Linux
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  let child: ChildProcess | undefined;
  try {
    const pdf = new Uint8Array(readFileSync(PDF_PATH));
    const { child: c, info } = await startStandInProcess(join(dir, 'stand-in'));
    child = c;
    const env = { BENCH_PW: info.password };
    const profile: Profile = {
      environment: 'custom',
      baseUrl: info.url,
      trustedCaFile: info.caFile,
      authCertificate: { p12: info.authP12, passwordEnv: 'BENCH_PW' },
      signatureCertificate: { p12: info.signatureP12, passwordEnv: 'BENCH_PW' },
      clinic: {
        name: 'Poliambulatorio Bench',
        fiscalCode: '01386030488',
        istatCode: '048017',
        repository: '999',
        structureType: 'Territorio',
        organizationalSetting: 'AD_PSC107',
        locality: 'POLIAMBULATORIO BENCH^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
      },
      software: { applicationId: 'FSE Desk', vendor: 'FSE Desk', version: '0.1.0' },
      operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
    };
    const call = await prepareCartCall(profile, { operation: 'validateAndCreate', pdf, metadata: { identificativoDoc: idOf('B', 0) } });
    if (call.operation !== 'validateAndCreate') throw new Error('unexpected call');
    const base = {
      patientCf: call.claims.patientId,
      type: String(call.body.tipoDocumentoLivAlto),
      pdf,
      personId: `${call.claims.patientId}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`,
      resourceHl7Type: `('${call.claims.documentCode.code}^^${call.claims.documentCode.codeSystem}')`,
      requestBody: call.body as Record<string, unknown>,
    };

    // 1. enqueue
    const e = benchEnqueue(dir, sampleInputs('E', ENQUEUES, base));
    const ratio = e.outboxPerSec / e.rawPerSec;

    // 2 + 3. drain
    const port = createCartPort(profile, { env });
    const outbox = Outbox.open(join(dir, 'drain.sqlite'), port, { concurrency: CONCURRENCY });
    for (const x of sampleInputs('D', DRAIN_DOCS, base)) outbox.enqueueCreate(x);
    global.gc?.();
    const rssAtStart = process.memoryUsage().rss;
    let peak = rssAtStart;
    const childCpu0 = childCpuMs(child.pid);
    const cpu0 = process.cpuUsage();
    const firstHundred: number[] = [];
    const lastHundred: number[] = [];
    const sampler = setInterval(() => {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      const done = outbox.counts().accepted;
      if (done > 0 && done <= 100) firstHundred.push(rss);
      if (done >= DRAIN_DOCS - 100) lastHundred.push(rss);
    }, 50);
    const t0 = performance.now();
    const report = await outbox.drain({ until: 'empty' });
    const drainMs = performance.now() - t0;
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    const standInCpuMs = childCpuMs(child.pid) - childCpu0;
    const counts = outbox.counts();
    await port.close();
    outbox.close();
    const minMs = (DRAIN_DOCS * LATENCY_MS) / CONCURRENCY;
    const avg = (a: number[]): number => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN);
    const figures = {
      enqueue: { outboxPerSec: Math.round(e.outboxPerSec), rawPerSec: Math.round(e.rawPerSec), ratio: Math.round(ratio * 100) / 100, target: 0.8 },
      drain: {
        documents: DRAIN_DOCS,
        latencyMs: LATENCY_MS,
        concurrency: CONCURRENCY,
        seconds: Math.round(drainMs / 100) / 10,
        theoreticalMinimumSeconds: minMs / 1000,
        efficiencyPercent: Math.round((minMs / drainMs) * 1000) / 10,
        target: 90,
        accepted: counts.accepted,
        stoppedBecause: report.stoppedBecause,
        // Where the time beyond the minimum goes: CPU per document in this process (outbox + client:
        // JWT signing, TLS, SQLite) and in the stand-in (JWT and PAdES checks, CDA parsing).
        clientCpuMsPerDoc: Math.round(((cpu.user + cpu.system) / 1000 / DRAIN_DOCS) * 10) / 10,
        standInCpuMsPerDoc: Math.round((standInCpuMs / DRAIN_DOCS) * 10) / 10,
      },
      memory: { rssAtDrainStartMb: MB(rssAtStart), peakRssMb: MB(peak), firstHundredAvgRssMb: MB(avg(firstHundred)), lastHundredAvgRssMb: MB(avg(lastHundred)), targetPeakMb: 200 },
    };
    // The same drain against a port that only waits `latency` ms: the outbox's own overhead
    // (SQLite transitions with fsync, scheduling), without the client's and the stand-in's CPU.
    const latencyOnly: CartPort = {
      send: (req) => new Promise((ok) => setTimeout(() => ok({ ok: true, operation: req.operation, httpStatus: 202, xCartId: randomUUID() }), LATENCY_MS)),
      probe: async () => 'online',
    };
    const bare = Outbox.open(join(dir, 'bare.sqlite'), latencyOnly, { concurrency: CONCURRENCY });
    for (const x of sampleInputs('F', DRAIN_DOCS, base)) bare.enqueueCreate(x);
    const t1 = performance.now();
    await bare.drain({ until: 'empty' });
    const bareMs = performance.now() - t1;
    bare.close();
    const withBare = { ...figures, drainOutboxOnly: { seconds: Math.round(bareMs / 100) / 10, efficiencyPercent: Math.round((minMs / bareMs) * 1000) / 10 } };
    process.stdout.write(JSON.stringify(withBare, null, 2) + '\n');
  } finally {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
