// npm run soak — issue 11's soak: N documents (default 1000) through the in-project stand-in over real TLS, with
// mixed operations in order per document (every document created; a fifth then replaced, a tenth updated, a tenth
// deleted), 20 % of the create answers lost after the stand-in applied them, 10 % 503, 5 % 429 with Retry-After and
// some connection resets, while the drainer — a child `fse-desk outbox drain --until settled` — is killed with
// SIGKILL at random moments at least K times (default 50). The stand-in does NOT continue `traceparent`, so no
// look-up can find a lost answer: every such outcome must be settled by resending (reconcile.ts, earlier-attempt.ts).
//
// Prints: documents in their expected final state on the stand-in (goal N/N), publications of the same document
// beyond the first that the index refused (goal ≤ the ambiguous outcomes), jobs left for the user (goal 0),
// requests per document and wall time. test/outbox/soak-small.test.ts runs the same engine with 30 documents.
//
//   npm run soak -- [--docs 1000] [--kills 50] [--kill-min-ms 200] [--kill-max-ms 5000] [--keep]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../contract/profile.js';
import type { MockCart } from '../mock-cart/server.js';
import type { EnqueueCreate } from '../main/core/outbox/outbox.js';
import { systemClock } from '../main/core/shared/clock.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PDF_PATH = resolve(ROOT, '..', 'shared', 'reference', 'cda', 'signed-samples', 'SIGNED_RSA1.pdf');
const DOC_ROOT = '2.16.840.1.113883.2.9.2.90.4.4^01386030488.RSA.999.';

export interface SoakOptions {
  docs: number;
  /** SIGKILLs of the drainer, at least (fewer only if the queue settles first). */
  kills: number;
  /** A drainer is killed this long after its first request, uniformly at random in [min, max]. */
  killMinMs?: number;
  killMaxMs?: number;
  /** Keep the working folder (stand-in state, outbox database) for inspection. */
  keep?: boolean;
  /** Progress lines (English). */
  log?: (line: string) => void;
}

export interface SoakFigures {
  documents: number;
  /** Documents whose final state on the stand-in is the expected one (created, replaced, updated, deleted). */
  inExpectedState: number;
  notInExpectedState: string[];
  jobs: number;
  jobStates: Record<string, number>;
  /** Create and replace attempts whose outcome was unknown (lost answer, dropped connection, 502/504, killed drainer). */
  ambiguousOutcomes: number;
  /** Publications of the same document beyond the first, refused by the stand-in's index as duplicates. */
  duplicatesRefused: number;
  /** Jobs settled as "published/deleted by the earlier attempt" (earlier-attempt.ts). */
  settledByEarlierAttempt: number;
  /** Rejected, or still to verify: what would need the user. */
  leftForUser: number;
  requests: number;
  requestsPerDocument: number;
  kills: number;
  drainerRuns: number;
  wallMs: number;
}

/** What a document goes through, in order; the same rule in the run and in the check. */
function plan(i: number): { replaced: boolean; updated: boolean; deleted: boolean } {
  // A tenth updated: half of them after their replacement (the update then goes to the new id).
  return { replaced: i % 5 === 0, updated: i % 20 === 5 || i % 20 === 1, deleted: i % 10 === 3 };
}
const idOf = (i: number): string => `${DOC_ROOT}SOAK${i}`;
const replacementOf = (i: number): string => `${DOC_ROOT}SOAKR${i}`;

/** Faults as rates of all requests; each rule's chance is conditional on the earlier ones not having hit. */
function addFaults(cart: MockCart): void {
  cart.addFault({ fault: { kind: 'status', status: 503 }, chance: 0.1 });
  cart.addFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, chance: 0.05 / 0.9 });
  cart.addFault({ fault: { kind: 'drop-before-body' }, chance: 0.02 / 0.85 });
  // 20 % of the create answers lost after the create was applied.
  cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'validateAndCreate', chance: 0.2 / (0.85 * 0.98) });
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

/**
 * One `fse-desk outbox drain --until settled`. With `killAfterMs`, it is killed that long after the stand-in sees its
 * first request (counted from there, not from the start: loading the CLI takes seconds on a busy machine, and a
 * kill before any request would test nothing).
 */
function drainOnce(profileFile: string, env: NodeJS.ProcessEnv, requests: () => number, killAfterMs?: number): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/cli/main.ts', 'outbox', 'drain', '--profile', profileFile, '--until', 'settled', '--concurrency', '4'],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const before = requests();
    let timer: NodeJS.Timeout | undefined;
    const watch =
      killAfterMs === undefined
        ? undefined
        : setInterval(() => {
            if (timer || requests() === before) return;
            timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
          }, 20);
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      clearTimeout(timer);
      done({ code, signal, stdout });
    });
  });
}

export async function runSoak(o: SoakOptions): Promise<SoakFigures> {
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'fse-desk-soak-'));
  const { makeTestPkiFiles } = await import('../mock-cart/test-pki.js');
  const { startMockCart } = await import('../mock-cart/server.js');
  const pki = makeTestPkiFiles(join(dir, 'pki'), systemClock());
  const cart = await startMockCart({
    stateDir: join(dir, 'stand-in'),
    tlsKeyPem: pki.serverKeyPem,
    tlsCertPem: pki.serverCertPem,
    clientCaPem: pki.caPem,
    serverCaPem: pki.caPem,
    // Whether CART forwards traceparent is not published: the run assumes it does not.
    honourTraceparent: false,
    now: systemClock,
  });
  try {
    const profile: Profile = {
      environment: 'custom',
      baseUrl: cart.url,
      trustedCaFile: cart.caFile,
      authCertificate: { p12: pki.authP12, passwordEnv: 'SOAK_PW' },
      signatureCertificate: { p12: pki.signatureP12, passwordEnv: 'SOAK_PW' },
      clinic: {
        name: 'Poliambulatorio Soak',
        fiscalCode: '01386030488',
        istatCode: '048017',
        repository: '999',
        structureType: 'Territorio',
        organizationalSetting: 'AD_PSC107',
        locality: 'POLIAMBULATORIO SOAK^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090201123456',
      },
      software: { applicationId: 'FSE Desk', vendor: 'FSE Desk Srl', version: '0.1.0' },
      operator: { fiscalCode: 'MNTMRA03M71C615V', role: 'DRS' },
      dataDir: join(dir, 'data'),
      outbox: { firstStatusCheckSeconds: 1 },
    };
    const profileFile = join(dir, 'profile.json');
    writeFileSync(profileFile, JSON.stringify(profile, null, 2));
    // The children get the certificate password and a shifted clock (faketime), nothing else of this environment.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      SOAK_PW: pki.password,
      FSE_DESK_OUTBOX_SETTLE_MS: '1000',
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k === 'LD_PRELOAD' || k.startsWith('FAKETIME'))),
    };

    // Every job of every document, enqueued in order per document before the first drainer starts.
    const { prepareCartCall } = await import('../main/core/gateway/execute.js');
    const { openCliDatabase } = await import('../main/cli/cart-command.js');
    const { Outbox } = await import('../main/core/outbox/outbox.js');
    const pdf = new Uint8Array(readFileSync(PDF_PATH));
    const call = await prepareCartCall(profile, { operation: 'validateAndCreate', pdf, metadata: { identificativoDoc: idOf(0) } }, systemClock());
    if (call.operation !== 'validateAndCreate') throw new Error('unexpected call');
    const input = (id: string): EnqueueCreate => ({
      identificativoDoc: id,
      type: String(call.body.tipoDocumentoLivAlto),
      pdf,
      claims: call.claims,
      requestBody: { ...call.body, identificativoDoc: id },
    });
    const { identificativoDoc: _d, identificativoRep: _r, mode: _m, healthDataFormat: _h, ...metadata } = call.body;
    const outbox = new Outbox(openCliDatabase(profile, profileFile, env), undefined, { now: systemClock });
    for (let i = 0; i < o.docs; i++) {
      const p = plan(i);
      outbox.enqueueCreate(input(idOf(i)));
      if (p.replaced) outbox.enqueueReplace({ ...input(replacementOf(i)), replacesId: idOf(i) });
      if (p.updated) outbox.enqueueMetadataUpdate({ identificativoDoc: p.replaced ? replacementOf(i) : idOf(i), requestBody: metadata, claims: call.claims });
      if (p.deleted) outbox.enqueueDelete({ identificativoDoc: idOf(i), claims: { patientId: call.claims.patientId } });
    }
    const jobs = outbox.list().length;
    outbox.close();
    log(`${o.docs} documents, ${jobs} jobs enqueued in ${dir}`);

    addFaults(cart);
    const [killMin, killMax] = [o.killMinMs ?? 200, o.killMaxMs ?? 5_000];
    let kills = 0;
    let runs = 0;
    let settled = false;
    while (!settled) {
      const killAt = kills < o.kills ? killMin + Math.floor(Math.random() * (killMax - killMin)) : undefined;
      const r = await drainOnce(profileFile, env, () => cart.requests().length, killAt);
      runs++;
      if (r.signal === 'SIGKILL') kills++;
      else if (r.code === 0) settled = true;
      else log(`drainer run ${runs} ended with code ${r.code}: ${r.stdout.slice(0, 500)}`);
      if (runs % 10 === 0 || settled)
        log(`${runs} drainer runs, ${kills} kills, ${cart.requests().length} requests, ${Math.round((performance.now() - started) / 1000)} s`);
      if (runs > o.kills + 200) throw new Error(`the queue did not settle after ${runs} drainer runs`);
    }
    cart.clearFaults();

    // The outcome, from the outbox and from the stand-in.
    const done = new Outbox(openCliDatabase(profile, profileFile, env), undefined, { now: systemClock });
    const all = done.list();
    const jobStates: Record<string, number> = {};
    let ambiguousOutcomes = 0;
    let settledByEarlierAttempt = 0;
    for (const j of all) {
      jobStates[j.state] = (jobStates[j.state] ?? 0) + 1;
      const events = done.events(j.id);
      if (j.operation === 'validateAndCreate' || j.operation === 'replace')
        ambiguousOutcomes += events.filter((e) => e.kind === 'ambiguous' || e.kind === 'crash-recovery').length;
      if (events.some((e) => e.kind === 'earlier-attempt-applied')) settledByEarlierAttempt++;
    }
    const leftForUser = all.filter((j) => j.state === 'rejected' || j.state === 'needs-reconciliation' || j.state === 'queued' || j.state === 'waiting').length;
    done.close();
    const onStandIn = new Map(cart.documents().map((d) => [d.identificativoDoc, d]));
    const notInExpectedState: string[] = [];
    for (let i = 0; i < o.docs; i++) {
      const p = plan(i);
      const d = onStandIn.get(idOf(i));
      const r = onStandIn.get(replacementOf(i));
      const ok = p.deleted
        ? d?.deleted === true
        : p.replaced
          ? d?.replacedBy === replacementOf(i) && !!r && !r.deleted && !r.replacedBy && (!p.updated || r.metadataUpdates >= 1)
          : !!d && !d.deleted && !d.replacedBy && (!p.updated || d.metadataUpdates >= 1);
      if (!ok) notInExpectedState.push(idOf(i));
    }
    const duplicatesRefused = [...onStandIn.values()].reduce((n, d) => n + d.createCount - 1, 0);
    const requests = cart.requests().length;
    return {
      documents: o.docs,
      inExpectedState: o.docs - notInExpectedState.length,
      notInExpectedState,
      jobs: all.length,
      jobStates,
      ambiguousOutcomes,
      duplicatesRefused,
      settledByEarlierAttempt,
      leftForUser,
      requests,
      requestsPerDocument: Math.round((requests / o.docs) * 100) / 100,
      kills,
      drainerRuns: runs,
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    await cart.close();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const num = (name: string, def: number): number => (arg(name) === undefined ? def : Number(arg(name)));
  const f = await runSoak({
    docs: num('docs', 1000),
    kills: num('kills', 50),
    killMinMs: num('kill-min-ms', 200),
    killMaxMs: num('kill-max-ms', 5_000),
    keep: process.argv.includes('--keep'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const lines = [
    `documents in their expected final state on the stand-in: ${f.inExpectedState}/${f.documents}${f.notInExpectedState.length ? ` (not: ${f.notInExpectedState.slice(0, 10).join(', ')})` : ''}`,
    `duplicate publications refused by the index: ${f.duplicatesRefused} (ambiguous create/replace outcomes: ${f.ambiguousOutcomes}; jobs settled as done by the earlier attempt: ${f.settledByEarlierAttempt})`,
    `jobs left for the user: ${f.leftForUser} of ${f.jobs} (states: ${JSON.stringify(f.jobStates)})`,
    `requests per document: ${f.requestsPerDocument} (${f.requests} requests)`,
    `drainer: ${f.drainerRuns} runs, ${f.kills} killed with SIGKILL`,
    `wall time: ${Math.round(f.wallMs / 1000)} s`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  process.exitCode = f.inExpectedState === f.documents && f.leftForUser === 0 && f.duplicatesRefused <= f.ambiguousOutcomes ? 0 : 1;
}
