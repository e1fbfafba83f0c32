// End to end: a crash while a report is being written loses nothing. The browser shell runs as a child process
// on the real core (draft-crash-shell.ts) with a data folder of its own; the report is typed until
// «Bozza salvata» shows, the process is killed with SIGKILL (no clean shut-down), a new one is started on the same
// folder, and «Nuovo referto» lists the draft, which opens with everything that was typed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { VALID_TEST_PROFILE } from '../support/shell.js';
import { assertAccessible, openApp, openNewReport, reachStep, shoot, WAIT } from './report-stand-in.js';

let browser: Browser;
const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'e2e-draft-crash-'));

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
});

/** Starts the shell as its own process and answers its URL (with the token) once it listens. */
async function startShellProcess(): Promise<{ child: ChildProcess; url: string; token: string; origin: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/draft-crash-shell.ts'], {
    env: { ...process.env, FSE_DESK_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`shell exited early (${code})`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  const u = new URL(url);
  const token = new URLSearchParams(u.hash.slice(1)).get('token') ?? '';
  return { child, url, token, origin: u.origin };
}

async function invoke(shell: { origin: string; token: string }, channel: string, payload: unknown): Promise<unknown> {
  const res = await fetch(`${shell.origin}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-fse-desk-token': shell.token },
    body: JSON.stringify({ channel, payload }),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!body.ok) throw new Error(`${channel}: ${JSON.stringify(body.error)}`);
  return body.value;
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => child.once('exit', () => resolve()));

test('a report being written survives a crash of the app and is found among the drafts', async () => {
  const first = await startShellProcess();
  await invoke(first, 'profile:save', { profile: VALID_TEST_PROFILE });
  const p = await openApp(browser, first.url);
  await openNewReport(p);
  await p.getByRole('button', { name: /Visita specialistica/ }).click();
  await reachStep(p, 1);
  await p.getByLabel('Codice fiscale', { exact: true }).fill('RSSMRA80A01H501U');
  await p.getByLabel('Cognome').fill('Rossi');
  await p.getByLabel('Nome', { exact: true }).fill('Mario');
  await p.getByRole('button', { name: 'Avanti' }).click();
  await reachStep(p, 2);
  const findings = 'Ecocardiogramma: ventricolo sinistro di normali dimensioni, funzione sistolica conservata.';
  await p.getByLabel('Referto', { exact: true }).fill(findings);
  // «Bozza salvata» for this change (the status says «Salvataggio…» from the keystroke until it is written).
  await p.locator('[data-draft-status="saved"]').waitFor(WAIT);
  assert.match((await p.locator('[data-draft-status="saved"]').textContent()) ?? '', /^Bozza salvata alle \d{2}:\d{2}$/);
  await shoot(p, 'draft-1-bozza-salvata');

  // The crash: no shut-down, no last save.
  const gone = killed(first.child);
  first.child.kill('SIGKILL');
  await gone;
  await p.close();

  const second = await startShellProcess();
  const q = await openApp(browser, second.url);
  await openNewReport(q);
  const resume = q.getByRole('button', { name: /Riprendi la bozza: Visita specialistica, .*Rossi/ });
  await resume.waitFor(WAIT);
  await assertAccessible(q, 'new report start with a draft');
  await shoot(q, 'draft-2-dopo-il-crash');
  await resume.click();
  await reachStep(q, 1);
  assert.equal(await q.getByLabel('Codice fiscale', { exact: true }).inputValue(), 'RSSMRA80A01H501U');
  assert.equal(await q.getByLabel('Cognome').inputValue(), 'Rossi');
  await q.getByRole('button', { name: 'Avanti' }).click();
  await reachStep(q, 2);
  assert.equal(await q.getByLabel('Referto', { exact: true }).inputValue(), findings);
  assert.deepEqual(q.problems, []);
  await q.close();
  const stopped = killed(second.child);
  second.child.kill('SIGTERM');
  await stopped;
});
