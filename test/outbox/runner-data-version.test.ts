// Issue 11, finding 9: jobs written by another process (the CLI) are noticed within seconds by a sender that is
// sleeping with nothing due (it reads SQLite's data_version while idle), and a CLI write while another process
// holds the sender's lease says so and exits 3 (README, "Command line"), the job left queued for that process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../main/cli/main.js';
import { Outbox } from '../../main/core/outbox/outbox.js';
import { clockEnv } from '../support/clock.js';
import { FakePort } from './fake-port.js';
import { createInput, makeEnv, SAMPLE_PDF_PATH } from './helpers.js';
import { startStandIn } from './stand-in.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 50) {
    if (waited > ms) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a job written by another connection wakes a sender that has nothing due', async () => {
  const port = new FakePort();
  const env = makeEnv(port, { idlePollMs: 200 });
  const other = Outbox.open(env.file, undefined, { now: env.clock.now });
  try {
    env.outbox.start();
    // Let the sender go to sleep with an empty queue (before the fix: for an hour).
    await new Promise((r) => setTimeout(r, 300));
    const id = other.enqueueCreate(createInput(1));
    await until('the other connection’s job is sent', () => port.sent.length === 1);
    await until('accepted', () => env.outbox.job(id)!.state === 'accepted');
  } finally {
    await env.outbox.stop();
    other.close();
    env.cleanup();
  }
});

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: () => undefined, env });
  return { code, json: out ? (JSON.parse(out) as Record<string, unknown>) : {} };
}

test('publish (and a second drain) while another process is sending this outbox says so, exits 3 and leaves the job queued for it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'other-sender-'));
  const si = await startStandIn(dir);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    // A job for the other process, whose send then hangs: it holds the sender's lease meanwhile.
    const first = await cli(['publish', '--profile', si.profileFile, '--pdf', SAMPLE_PDF_PATH, '--no-send'], si.env);
    assert.equal(first.code, 0, JSON.stringify(first.json));
    si.cart.addFault({ fault: { kind: 'hang', ms: 20_000 }, operation: 'validateAndCreate' });
    child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'outbox', 'drain', '--profile', si.profileFile], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...clockEnv(), ...si.env },
      stdio: 'ignore',
    });
    await until('the other process is sending', () => si.cart.requests().length > 0, 30_000);

    const r = await cli(['publish', '--profile', si.profileFile, '--pdf', SAMPLE_PDF_PATH], si.env);
    assert.equal(r.code, 3);
    assert.equal(r.json.ok, false);
    assert.equal(r.json.queued, true);
    assert.deepEqual(r.json.otherSender, { pid: child.pid });
    assert.match(String(r.json.message), /lo invierà l’altro programma FSE Desk \(processo \d+\)/);
    assert.equal(r.json.state, 'queued');

    // A second drainer is told the same, with the same exit code.
    const drain = await cli(['outbox', 'drain', '--profile', si.profileFile], si.env);
    assert.equal(drain.code, 3);
    assert.equal((drain.json.error as { type?: unknown }).type, 'local/outbox-busy');
    assert.deepEqual(drain.json.otherSender, { pid: child.pid });

    child.kill('SIGKILL');
    await new Promise((done) => child!.once('exit', done));
    const list = await cli(['outbox', 'list', '--profile', si.profileFile], si.env);
    const job = (list.json.jobs as Array<{ id: number; state: string }>).find((j) => j.id === r.json.jobId);
    assert.equal(job?.state, 'queued', 'still there for the sender');
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    si.cart.clearFaults();
    await si.cart.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
