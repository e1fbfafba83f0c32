// End to end: the "Invii" screen and the status bar in Chromium, through the browser shell, with
// the real outbox runner sending to the stand-in CART gateway over mutual TLS. The profile is saved
// and the certificates imported through the contract channels; documents are enqueued on the
// core's Outbox (the signed sample, one identificativoDoc each).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startTestShell } from '../support/shell.js';
import { createInput, startOutboxE2e, type OutboxE2e } from './outbox-stand-in.js';

const ARTIFACTS = 'test-artifacts/e2e';
const WAIT = { timeout: 30_000 };
let browser: Browser;
let e2e: OutboxE2e;
let page: TrackedPage;
let patientCf = '';
let waitingJob = 0;

type TrackedPage = Page & { problems: string[] };

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  e2e = await startOutboxE2e();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await e2e?.stop();
});

async function openApp(url: string): Promise<TrackedPage> {
  const p = (await browser.newPage({ viewport: { width: 1280, height: 1000 } })) as TrackedPage;
  p.problems = [];
  p.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) p.problems.push(m.text());
  });
  p.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) p.problems.push(`${r.status()} ${r.url()}`);
  });
  await p.goto(url);
  await p.getByRole('heading', { name: 'Profilo della struttura' }).waitFor();
  return p;
}

async function openInvii(p: Page): Promise<void> {
  await p.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Invii' }).click();
  await p.getByRole('heading', { name: 'Invii', level: 1 }).waitFor();
}

/** Full-page shots with the sticky header drawn where the page was scrolled look broken: shoot from the top. */
async function shoot(p: Page, name: string): Promise<void> {
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

const statusText = (p: Page, text: RegExp) => p.getByTestId('outbox-status-text').filter({ hasText: text });
const rowInState = (p: Page, jobId: number, state: string) => p.getByTestId(`job-row-${jobId}`).locator(`[data-state="${state}"]`);

async function enqueue(tag: string): Promise<number> {
  const input = await createInput(e2e.profile, tag);
  patientCf = input.claims.patientId;
  return e2e.env.core.outbox.enqueueCreate(input);
}

test('documents enqueued in the app are sent by the runner and shown as "Accettato da CART"', async () => {
  page = await openApp(e2e.env.shell.url);
  const ids = [await enqueue('E2E-A1'), await enqueue('E2E-A2'), await enqueue('E2E-A3')];
  await openInvii(page);
  for (const id of ids) await rowInState(page, id, 'accepted').waitFor(WAIT);
  assert.equal(await rowInState(page, ids[0]!, 'accepted').textContent(), 'Accettato da CART');
  await statusText(page, /^In linea$/).waitFor(WAIT);
  assert.equal(e2e.cart.documents().filter((d) => d.identificativoDoc.includes('E2E-A')).length, 3);
  // The detail shows the X-CART-id CART gave and the history of the job.
  await page.getByTestId(`job-row-${ids[0]}`).click();
  const detail = page.getByTestId('job-detail');
  const xCartId = await detail.getByTestId('job-xcartid').textContent();
  assert.equal(xCartId, e2e.env.core.outbox.job(ids[0]!)!.xCartId);
  assert.match(xCartId ?? '', /^[0-9a-f-]{36}$/);
  await detail.getByTestId('job-history').getByText('Accettato da CART (HTTP 202).').waitFor();
  await shoot(page, 'outbox-accepted');
  assert.deepEqual(page.problems, []);
});

test('a create whose answer was lost is settled by the app itself: no question to the user, published once', async () => {
  e2e.cart.addFault({ fault: { kind: 'drop-after-body' }, operation: 'validateAndCreate' });
  const lost = await enqueue('E2E-L1');
  await rowInState(page, lost, 'confirmed').waitFor(WAIT);
  await page.getByTestId(`job-row-${lost}`).click();
  const detail = page.getByTestId('job-detail');
  await detail
    .getByTestId('job-history')
    .getByText(/Nessuna risposta certa da CART/)
    .waitFor(WAIT);
  await detail.getByTestId('job-history').getByText('Pubblicazione sul Fascicolo confermata.').waitFor(WAIT);
  // The old question «Risulta pubblicato / Non risulta pubblicato: reinvia» is gone from the normal path.
  assert.equal(await page.getByText(/Risulta pubblicato|Non risulta pubblicato/).count(), 0);
  assert.equal(await detail.getByTestId('job-technical').count(), 0, 'no manual override once settled');
  assert.equal(e2e.cart.documents().find((d) => d.identificativoDoc === e2e.env.core.outbox.job(lost)!.identificativoDoc)?.createCount, 1);
  await shoot(page, 'outbox-lost-answer-settled');
  await detail.getByRole('button', { name: 'Chiudi' }).click();
});

test('a 503 with Retry-After from the gateway shows the document as "In attesa di nuovo invio"', async () => {
  e2e.cart.addFault({ fault: { kind: 'status', status: 503, retryAfterSeconds: 900 }, operation: 'validateAndCreate' });
  waitingJob = await enqueue('E2E-W1');
  await rowInState(page, waitingJob, 'waiting').waitFor(WAIT);
  await page.getByTestId(`job-row-${waitingJob}`).click();
  const detail = page.getByTestId('job-detail');
  await detail.getByText('Prossimo tentativo').waitFor();
  await detail.getByTestId('job-error').waitFor();
  await detail
    .getByTestId('job-history')
    .getByText(/Servizio non disponibile \(HTTP 503\)/)
    .waitFor(WAIT);
  await statusText(page, /^In linea — 1 documento da inviare$/).waitFor(WAIT);
  // Filtering by the state keeps only that job.
  await page.locator('[data-filter="waiting"]').click();
  await page.getByTestId(`job-row-${waitingJob}`).waitFor();
  // The filtered list replaces the whole one after its query: wait for it rather than count the old rows.
  const rows = page.getByTestId('outbox-table').locator('tbody tr');
  await rows.nth(1).waitFor({ state: 'detached', ...WAIT });
  assert.equal(await rows.count(), 1);
  await shoot(page, 'outbox-waiting');
  await page
    .getByRole('group', { name: 'Filtra per stato' })
    .getByRole('button', { name: /^Tutti/ })
    .click();
});

test('with the gateway unreachable the bar says "Non in linea" with the documents waiting, and sending resumes when it is back', async () => {
  await e2e.cart.close();
  const offlineJob = await enqueue('E2E-O1');
  await statusText(page, /^Non in linea — 2 documenti in attesa$/).waitFor(WAIT);
  assert.equal(await page.getByTestId('outbox-status').getAttribute('data-kind'), 'offline');
  await shoot(page, 'outbox-offline');
  await e2e.restartCart();
  await rowInState(page, offlineJob, 'accepted').waitFor(WAIT);
  await statusText(page, /^In linea — 1 documento da inviare$/).waitFor(WAIT);
});

test('the support request for a job carries the ids, the request and the response, without tokens or the patient tax code', async () => {
  await page.getByTestId(`job-row-${waitingJob}`).click();
  const detail = page.getByTestId('job-detail');
  await detail.getByRole('button', { name: 'Prepara richiesta di assistenza' }).click();
  const box = detail.getByRole('textbox', { name: 'Testo della richiesta di assistenza' });
  await box.waitFor();
  const text = await box.inputValue();
  const job = e2e.env.core.outbox.job(waitingJob)!;
  assert.match(
    text,
    /^A: fseprivati@regione\.toscana\.it\nOggetto: FSE2\.0 Richiesta Supporto Staging \| Poliambulatorio Sant’Ambrogio \+ FSE Desk \+ FSE Desk \+ /,
  );
  assert.doesNotMatch(text, /cartdesk/);
  assert.ok(text.includes(`identificativoDoc: ${job.identificativoDoc}`));
  assert.ok(job.xCartId && text.includes(`X-Cart-id: ${job.xCartId}`));
  assert.match(text, /Risposta: HTTP 503/);
  assert.match(text, /Corpo della risposta \(come ricevuto\):/);
  assert.ok(patientCf.length === 16 && !text.includes(patientCf), 'the patient tax code must not appear');
  assert.doesNotMatch(text, /eyJ[\w-]+\./);
  assert.equal(await box.getAttribute('readonly'), '');
  await detail.getByRole('button', { name: 'Copia testo' }).click();
  await detail.getByText(/Copiato negli appunti\.|Testo selezionato: premere Ctrl\+C/).waitFor();
  await shoot(page, 'outbox-support');
});

test('a waiting job can be cancelled from its detail and is then shown as "Annullato"', async () => {
  const detail = page.getByTestId('job-detail');
  await detail.getByRole('button', { name: 'Annulla invio' }).click();
  await detail.getByTestId('job-action-status').filter({ hasText: 'Invio annullato.' }).waitFor();
  await rowInState(page, waitingJob, 'cancelled').waitFor(WAIT);
  await statusText(page, /^In linea$/).waitFor(WAIT);
  assert.equal(await detail.getByRole('button', { name: 'Annulla invio' }).count(), 0);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a fresh install shows no sending problem; once a document waits without a profile the bar says why and offers "Riprendi invii"', async () => {
  const bare = await startTestShell();
  try {
    const p = await openApp(bare.shell.url);
    // Nothing queued: no red «Invii sospesi» greets a new clinic (issue 9).
    await statusText(p, /^Nessun documento da inviare$/).waitFor(WAIT);
    assert.equal(await p.getByTestId('outbox-status').getAttribute('data-kind'), 'idle');
    await openInvii(p);
    await p.getByTestId('outbox-empty').waitFor();
    bare.core.outbox.enqueueCreate(await createInput(e2e.profile, 'E2E-P1'));
    await statusText(p, /^Invii sospesi: il profilo della struttura non è ancora salvato/).waitFor(WAIT);
    await p.getByTestId('outbox-status').getByRole('button', { name: 'Riprendi invii' }).click();
    await statusText(p, /^Invii sospesi: il profilo della struttura non è ancora salvato/).waitFor(WAIT);
    await shoot(p, 'outbox-paused');
    assert.deepEqual(p.problems, []);
    await p.close();
  } finally {
    await bare.stop();
  }
});
