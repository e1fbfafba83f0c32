// npm run bench:outbox — the outbox's figures:
//  1. durable enqueues/s vs raw better-sqlite3 inserts of the same rows (same file settings: WAL,
//     synchronous=FULL, one transaction per document) → ratio (target ≥ 0.8);
//  2. drain of N documents (default 1000) against the stand-in at 100 ms latency, concurrency 4, vs the
//     theoretical minimum N × latency / concurrency → efficiency % (target ≥ 90 %);
//  3. peak RSS of the process that drains, and its RSS over the first vs the last hundred documents
//     (target ≤ 200 MB, flat).
// Every part runs in its own plain-node child process, from a bundle of this file that esbuild (already a
// dev dependency) writes under node_modules/.cache: the stand-in has its own process (its CPU and memory are
// not the outbox's), and the drain is measured without tsx's loader (~100 MB of RSS that the app does not
// carry). The stand-in's latency is its whole response time (its own CPU included, mock-cart/server.ts).
//
//   npm run bench:outbox -- [--docs 1000] [--latency 100] [--concurrency 4] [--enqueues 2000]
// Project modules are imported lazily, per role: the bundle is split, so the draining process loads only
// the outbox and the CART client (not the stand-in, pdf-lib or the CDA tooling).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../contract/profile.js';
import type { EnqueueCreate } from '../main/core/outbox/outbox.js';
import type { CartPort } from '../main/core/outbox/cart-port.js';
import { systemClock } from '../main/core/shared/clock.js';

// The shared reference pack sits beside the checkout; the bench runs from the package root (npm run), also in its bundled children.
const PDF_PATH = resolve('..', 'shared', 'reference', 'cda', 'signed-samples', 'SIGNED_RSA1.pdf');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const argNum = (name: string, def: number): number => (arg(name) === undefined ? def : Number(arg(name)));
const ENQUEUES = argNum('enqueues', 2000);
const DRAIN_DOCS = argNum('docs', 1000);
const LATENCY_MS = argNum('latency', 100);
const CONCURRENCY = argNum('concurrency', 4);
const MB = (b: number): number => Math.round((b / 1048576) * 10) / 10;
const idOf = (p: string, i: number): string => `2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.${p}${i}`;

interface StandInInfo {
  url: string;
  caFile: string;
  authP12: string;
  signatureP12: string;
  password: string;
}

type Base = Omit<EnqueueCreate, 'identificativoDoc'>;

function sampleInputs(prefix: string, n: number, base: Base): EnqueueCreate[] {
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    identificativoDoc: idOf(prefix, i),
    requestBody: { ...base.requestBody, identificativoDoc: idOf(prefix, i) },
  }));
}

function profileFor(info: StandInInfo): Profile {
  return {
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
}

/** Body and claims derived once from the sample's CDA (in the parent), written to dir/base.json for the children. */
async function writeBaseInput(profile: Profile, dir: string): Promise<void> {
  const { prepareCartCall } = await import('../main/core/gateway/execute.js');
  const pdf = new Uint8Array(readFileSync(PDF_PATH));
  const call = await prepareCartCall(profile, { operation: 'validateAndCreate', pdf, metadata: { identificativoDoc: idOf('B', 0) } }, systemClock());
  if (call.operation !== 'validateAndCreate') throw new Error('unexpected call');
  const base: Omit<Base, 'pdf'> = { type: String(call.body.tipoDocumentoLivAlto), claims: call.claims, requestBody: call.body };
  writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
}

function baseInput(dir: string): Base {
  return { ...(JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8')) as Omit<Base, 'pdf'>), pdf: new Uint8Array(readFileSync(PDF_PATH)) };
}

const print = (x: unknown): void => void process.stdout.write(JSON.stringify(x) + '\n');

// ---------------------------------------------------------------- child roles

/** The stand-in gateway with a throw-away PKI; prints its connection details, runs until SIGTERM. */
async function roleStandIn(): Promise<void> {
  const { startMockCartWithTestPki } = await import('../mock-cart/server.js');
  const { cart, pki } = await startMockCartWithTestPki({ stateDir: arg('state-dir')!, port: 0, latencyMs: LATENCY_MS, now: systemClock });
  print({ url: cart.url, caFile: pki.caFile, authP12: pki.authP12, signatureP12: pki.signatureP12, password: pki.password } satisfies StandInInfo);
  await new Promise<void>((done) => process.once('SIGTERM', () => void cart.close().then(done)));
}

/** Enqueue throughput: the outbox vs hand-prepared raw inserts of the same rows, one transaction each. */
async function roleEnqueue(dir: string): Promise<void> {
  const { openDatabase } = await import('../main/core/shared/db/database.js');
  const { Outbox } = await import('../main/core/outbox/outbox.js');
  const inputs = sampleInputs('E', ENQUEUES, baseInput(dir));
  const rawDb = openDatabase(join(dir, 'raw.sqlite'));
  const ins = {
    blob: rawDb.prepare('INSERT OR IGNORE INTO outbox_blobs (sha256, bytes, size) VALUES (?, ?, ?)'),
    doc: rawDb.prepare('INSERT INTO outbox_documents (identificativo_doc, version, patient_cf, type, pdf_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    job: rawDb.prepare(
      `INSERT INTO outbox_jobs (document_id, chain, operation, path_id, request_body, person_id, resource_hl7_type, correlation_id, state, next_attempt_at, deadline_at, created_at, updated_at)
       VALUES (?, ?, 'validateAndCreate', NULL, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
    ),
    ev: rawDb.prepare(
      "INSERT INTO outbox_events (job_id, at, from_state, to_state, attempt, kind, reason) VALUES (?, ?, NULL, 'queued', 0, 'enqueued', 'enqueued')",
    ),
  };
  const rawOne = rawDb.transaction((x: EnqueueCreate) => {
    const sha = createHash('sha256').update(x.pdf).digest('hex');
    const now = systemClock().getTime();
    ins.blob.run(sha, Buffer.from(x.pdf), x.pdf.byteLength);
    const { patientId, documentCode } = x.claims;
    const d = Number(ins.doc.run(x.identificativoDoc, 1, patientId, x.type, sha, now).lastInsertRowid);
    const personId = `${patientId}^^^&2.16.840.1.113883.2.9.4.3.2&ISO`;
    const j = Number(
      ins.job.run(
        d,
        x.identificativoDoc,
        JSON.stringify(x.requestBody),
        personId,
        `('${documentCode.code}^^${documentCode.codeSystem}')`,
        randomUUID().replace(/-/g, ''),
        now,
        now + 1,
        now,
        now,
      ).lastInsertRowid,
    );
    ins.ev.run(j, now);
  });
  const outbox = Outbox.open(join(dir, 'outbox.sqlite'), undefined, { now: systemClock });
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
  print({ outboxPerSec: (per * rounds * 1000) / outboxMs, rawPerSec: (per * rounds * 1000) / rawMs });
}

/** The drain against the stand-in: time, CPU, and this process's RSS while it drains. */
async function roleDrain(info: StandInInfo, dir: string): Promise<void> {
  const { createCartPort } = await import('../main/core/outbox/cart-port-client.js');
  const { envCredentialSource } = await import('../main/cli/profile-file.js');
  const { Outbox } = await import('../main/core/outbox/outbox.js');
  const base = baseInput(dir);
  const real = createCartPort(profileFor(info), { credentialSource: envCredentialSource({ BENCH_PW: info.password }), now: systemClock });
  // Round-trip time of each exchange as the outbox sees it (JWT signing, encoding, TLS, the stand-in's latency).
  const sendMs: number[] = [];
  const port: CartPort = {
    send: async (req) => {
      const t = performance.now();
      try {
        return await real.send(req);
      } finally {
        sendMs.push(performance.now() - t);
      }
    },
    probe: () => real.probe(),
  };
  let accepted = 0;
  const outbox = Outbox.open(join(dir, 'drain.sqlite'), port, {
    concurrency: CONCURRENCY,
    now: systemClock,
    log: (event) => {
      if (event === 'outbox.accepted') accepted++;
    },
  });
  for (const x of sampleInputs('D', DRAIN_DOCS, base)) outbox.enqueueCreate(x);
  global.gc?.();
  const rssAtStart = process.memoryUsage.rss();
  let peak = rssAtStart;
  const firstHundred: number[] = [];
  const lastHundred: number[] = [];
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss);
    if (accepted > 0 && accepted <= 100) firstHundred.push(rss);
    if (accepted >= DRAIN_DOCS - 100) lastHundred.push(rss);
  }, 25);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await outbox.drain({ until: 'empty' });
  const drainMs = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const cpu = process.cpuUsage(cpu0);
  // BENCH_DEBUG_MEM=1: memory before/after a forced GC at the end of the drain (garbage vs retained), on stderr.
  if (process.env.BENCH_DEBUG_MEM) {
    const m1 = process.memoryUsage();
    global.gc?.();
    const m2 = process.memoryUsage();
    process.stderr.write(JSON.stringify({ before: m1, afterGc: m2 }) + '\n');
  }
  const counts = outbox.counts();
  await real.close();
  outbox.close();
  sendMs.sort((a, b) => a - b);
  const avg = (a: number[]): number => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN);
  print({
    drainMs,
    accepted: counts.accepted + counts.confirmed,
    stoppedBecause: report.stoppedBecause,
    cpuMsPerDoc: (cpu.user + cpu.system) / 1000 / DRAIN_DOCS,
    avgSendMs: avg(sendMs),
    p50SendMs: sendMs[Math.floor(sendMs.length / 2)] ?? NaN,
    p95SendMs: sendMs[Math.floor(sendMs.length * 0.95)] ?? NaN,
    rssAtStart,
    peakRss: peak,
    maxRssKernel: process.resourceUsage().maxRSS * 1024,
    firstHundredAvgRss: avg(firstHundred),
    lastHundredAvgRss: avg(lastHundred),
  });
}

/** The same drain against a port that only waits `latency` ms: the outbox's own overhead (SQLite, scheduling). */
async function roleBare(dir: string): Promise<void> {
  const { Outbox } = await import('../main/core/outbox/outbox.js');
  const latencyOnly: CartPort = {
    send: (req) => new Promise((ok) => setTimeout(() => ok({ ok: true, operation: req.operation, httpStatus: 202, xCartId: randomUUID() }), LATENCY_MS)),
    probe: async () => 'online',
  };
  const bare = Outbox.open(join(dir, 'bare.sqlite'), latencyOnly, { concurrency: CONCURRENCY, now: systemClock });
  const base = baseInput(dir);
  for (const x of sampleInputs('F', DRAIN_DOCS, base)) bare.enqueueCreate(x);
  const t = performance.now();
  await bare.drain({ until: 'empty' });
  const ms = performance.now() - t;
  bare.close();
  print({ drainMs: ms });
}

// ---------------------------------------------------------------- parent

/** Bundles this file for plain node; bare imports stay external and resolve from the project's node_modules. */
async function bundle(root: string): Promise<string> {
  const { build } = await import('esbuild');
  const outdir = join(root, 'node_modules', '.cache', 'fse-desk-bench');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return join(outdir, 'bench-outbox.mjs');
}

function spawnRole(script: string, role: string, extra: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; firstLine: Promise<string> } {
  const args = [
    ...(role === 'drain' ? ['--expose-gc'] : []),
    script,
    '--role',
    role,
    '--docs',
    String(DRAIN_DOCS),
    '--latency',
    String(LATENCY_MS),
    '--concurrency',
    String(CONCURRENCY),
    '--enqueues',
    String(ENQUEUES),
    ...extra,
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH, ...(process.env.BENCH_DEBUG_MEM ? { BENCH_DEBUG_MEM: '1' } : {}), ...env },
  });
  const firstLine = new Promise<string>((ok, fail) => {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) ok(buf.slice(0, nl));
    });
    child.on('exit', (code) => fail(new Error(`${role} exited with ${code} before answering`)));
  });
  return { child, firstLine };
}

async function runRole<T>(script: string, role: string, extra: string[]): Promise<T> {
  const { firstLine } = spawnRole(script, role, extra);
  return JSON.parse(await firstLine) as T;
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

async function parent(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const script = await bundle(root);
  const dir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  let standIn: ChildProcess | undefined;
  try {
    const s = spawnRole(script, 'stand-in', ['--state-dir', join(dir, 'stand-in')]);
    standIn = s.child;
    const info = JSON.parse(await s.firstLine) as StandInInfo;
    const infoArgs = ['--info', JSON.stringify(info), '--dir', dir];
    await writeBaseInput(profileFor(info), dir);

    const e = await runRole<{ outboxPerSec: number; rawPerSec: number }>(script, 'enqueue', infoArgs);
    const standInCpu0 = childCpuMs(standIn.pid);
    const d = await runRole<{
      drainMs: number;
      accepted: number;
      stoppedBecause: string;
      cpuMsPerDoc: number;
      avgSendMs: number;
      p50SendMs: number;
      p95SendMs: number;
      rssAtStart: number;
      peakRss: number;
      maxRssKernel: number;
      firstHundredAvgRss: number;
      lastHundredAvgRss: number;
    }>(script, 'drain', infoArgs);
    const standInCpuMs = childCpuMs(standIn.pid) - standInCpu0;
    const bare = await runRole<{ drainMs: number }>(script, 'bare', infoArgs);

    const minMs = (DRAIN_DOCS * LATENCY_MS) / CONCURRENCY;
    const r1 = (x: number): number => Math.round(x * 10) / 10;
    const ratio = e.outboxPerSec / e.rawPerSec;
    const efficiency = (minMs / d.drainMs) * 100;
    const growth = d.lastHundredAvgRss - d.firstHundredAvgRss;
    const figures = {
      enqueue: {
        outboxPerSec: Math.round(e.outboxPerSec),
        rawPerSec: Math.round(e.rawPerSec),
        ratio: Math.round(ratio * 100) / 100,
        target: 0.8,
        met: ratio >= 0.8,
      },
      drain: {
        documents: DRAIN_DOCS,
        latencyMs: LATENCY_MS,
        concurrency: CONCURRENCY,
        seconds: r1(d.drainMs / 1000),
        theoreticalMinimumSeconds: minMs / 1000,
        efficiencyPercent: r1(efficiency),
        target: 90,
        met: efficiency >= 90,
        accepted: d.accepted,
        stoppedBecause: d.stoppedBecause,
        // Where the time beyond the minimum goes: CPU per document in the draining process (outbox + client:
        // JWT signing, TLS, SQLite) and in the stand-in (JWT and PAdES checks, CDA parsing, its state log).
        clientCpuMsPerDoc: r1(d.cpuMsPerDoc),
        // One exchange as the outbox awaits it; its excess over the latency caps the efficiency at latency / avg.
        sendMs: { avg: r1(d.avgSendMs), p50: r1(d.p50SendMs), p95: r1(d.p95SendMs) },
        standInCpuMsPerDoc: r1(standInCpuMs / DRAIN_DOCS),
      },
      memory: {
        process: 'plain node, bundled (no tsx), draining only',
        rssAtDrainStartMb: MB(d.rssAtStart),
        peakRssMb: MB(d.peakRss),
        kernelMaxRssMb: MB(d.maxRssKernel),
        firstHundredAvgRssMb: MB(d.firstHundredAvgRss),
        lastHundredAvgRssMb: MB(d.lastHundredAvgRss),
        growthFirstToLastHundredMb: MB(growth),
        targetPeakMb: 200,
        met: d.peakRss <= 200 * 1048576 && Math.abs(growth) <= 20 * 1048576,
      },
      drainOutboxOnly: { seconds: r1(bare.drainMs / 1000), efficiencyPercent: r1((minMs / bare.drainMs) * 100) },
    };
    process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
  } finally {
    standIn?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = arg('role');
if (role === undefined) await parent();
else if (role === 'stand-in') await roleStandIn();
else {
  const info = JSON.parse(arg('info')!) as StandInInfo;
  const dir = arg('dir')!;
  if (role === 'enqueue') await roleEnqueue(dir);
  else if (role === 'drain') await roleDrain(info, dir);
  else if (role === 'bare') await roleBare(dir);
  else throw new Error(`unknown role ${role}`);
}
