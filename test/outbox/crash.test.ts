// `fse-desk outbox drain` killed with SIGKILL at random moments, ≥ 30 times, restarted each time until
// the queue is empty: every document ends up published exactly once on the stand-in, no job is lost, and
// no job needs the user — creates whose outcome the kill made unknown are settled by looking up the job's
// own trace id (the stand-in continues traceparent like the national dispatcher).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { clockEnv, testClock } from '../support/clock.js';
import { startStandIn, standInDocs } from './stand-in.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = 50;
const KILLS = 30;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

function drainOnce(profileFile: string, env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'outbox', 'drain', '--profile', profileFile, '--concurrency', '2'], {
      cwd: ROOT,
      // A short settle time: the stand-in writes its status events before answering (default 2 min is for CART).
      // clockEnv(): a shifted clock (npm run test:shifted) reaches the child too.
      env: { PATH: process.env.PATH, ...clockEnv(), FSE_DESK_OUTBOX_SETTLE_MS: '1000', ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, stdout });
    });
  });
}

test('drain killed at random moments 30 times publishes every document exactly once, loses none and needs no user step', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-crash-'));
  const si = await startStandIn(dir, { latencyMs: 400 });
  const dbFile = join(si.profile.dataDir!, 'fse-desk.sqlite');
  try {
    const seed = Outbox.open(dbFile, undefined, { now: testClock });
    const docs = await standInDocs(si.profile, 'CRASH', DOCS);
    for (const d of docs) seed.enqueueCreate(d);
    seed.close();

    let kills = 0;
    let runs = 0;
    while (kills < KILLS) {
      // Random moments: during start-up and crash recovery as well as with requests in flight.
      const r = await drainOnce(si.profileFile, si.env, 200 + Math.floor(Math.random() * 2300));
      runs++;
      if (r.signal === 'SIGKILL') kills++;
      else assert.equal(r.code, 0, r.stdout);
    }
    // Restart until the runner reports nothing left that it can finish by itself.
    let last: Run;
    do {
      last = await drainOnce(si.profileFile, si.env);
      runs++;
    } while (last.code !== 0 && runs < KILLS + 10);
    assert.equal(last.code, 0, last.stdout);

    const outbox = Outbox.open(dbFile, undefined, { now: testClock });
    const onStandIn = new Map(si.cart.documents().map((d) => [d.identificativoDoc, d]));
    const jobs = outbox.list();
    assert.equal(jobs.length, DOCS, 'no job lost');
    const reconciled = jobs.filter((j) => outbox.events(j.id).some((e) => e.toState === 'needs-reconciliation'));
    const foundByTrace = reconciled.filter((j) => outbox.events(j.id).some((e) => /reconciled via clientTraceId/.test(e.reason)));
    const resent = reconciled.filter((j) => outbox.events(j.id).some((e) => /reconciled: look-up by clientTraceId: not found/.test(e.reason)));
    t.diagnostic(
      `${runs} runs, ${kills} kills; ${reconciled.length} jobs had an unknown outcome: ${foundByTrace.length} found by their trace id, ${resent.length} not found and resent; 0 user steps`,
    );
    for (const j of jobs) {
      assert.ok(['accepted', 'confirmed'].includes(j.state), `${j.id} left ${j.state}${j.heldForUser ? ' (held for the user)' : ''}`);
      assert.ok(!outbox.events(j.id).some((e) => /^user:/.test(e.reason)), 'no user step');
    }
    outbox.close();
    const published = si.cart.documents().filter((d) => d.identificativoDoc.includes('.CRASH'));
    assert.equal(published.length, DOCS);
    for (const d of published) assert.equal(d.createCount, 1, `${d.identificativoDoc} created ${d.createCount} times`);
    for (const j of jobs) assert.ok(onStandIn.has(j.identificativoDoc), `${j.identificativoDoc} accepted but not on the stand-in`);
    assert.ok(kills >= KILLS);
  } finally {
    await si.cart.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
