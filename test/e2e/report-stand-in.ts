// Set-up shared by the «Nuovo referto» e2e tests: the outbox stand-in set-up (gateway, shell, profile, clinic
// certificates) plus, through the contract channels, a doctor of the clinic and the structure's report-signing
// certificate (the test PKI's signer P12), and the page helpers the report tests share.
import { mkdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
// Named import: the package's CommonJS typings make the default import the module object under NodeNext.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { DocumentDetail } from '../../contract/documents.js';
import { startOutboxE2e, type OutboxE2e } from './outbox-stand-in.js';

export const ARTIFACTS = 'test-artifacts/e2e';
export const WAIT = { timeout: 30_000 };

/** The doctor the tests report with (a valid tax code; the signer certificate is the structure's). */
export const TEST_DOCTOR = {
  fiscalCode: 'BNCLRA70A41D612F',
  givenName: 'Laura',
  familyName: 'Bianchi',
  title: 'Dott.ssa',
  specialty: 'Cardiologia',
  discipline: 'AD_PSC008',
  phone: '055 123456',
};

export interface ReportE2e extends OutboxE2e {
  doctorId: string;
}

type Dispatch = OutboxE2e['env']['core']['dispatch'];

async function must<T>(what: string, call: Promise<{ ok: boolean; value?: T; error?: unknown }>): Promise<T> {
  const r = await call;
  if (!r.ok) throw new Error(`${what}: ${JSON.stringify(r)}`);
  return r.value as T;
}

/** The structure's report signer, as the certificates screen imports it: upload the bytes, then import the handle. */
export async function importReportSigner(dispatch: Dispatch, p12Path: string, password: string): Promise<void> {
  const upload = await must<{ handle: string }>(
    'signer upload',
    dispatch('certificates:upload', { fileName: 'firma-referti.p12', bytesBase64: readFileSync(p12Path).toString('base64') }) as never,
  );
  await must('signer import', dispatch('certificates:import', { role: 'documentSigner', handle: upload.handle, password }) as never);
}

export async function startReportE2e(): Promise<ReportE2e> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const e2e = await startOutboxE2e();
  const dispatch = e2e.env.core.dispatch;
  // The first status check 1 s after acceptance (default 60 s): «pubblicato» within the test's patience.
  e2e.profile = { ...e2e.profile, outbox: { ...e2e.profile.outbox, firstStatusCheckSeconds: 1 } };
  await must('profile', dispatch('profile:save', { profile: e2e.profile }) as never);
  await e2e.env.core.sending.reconfigure();
  const saved = await must<{ id: string }>('doctor', dispatch('people:save-doctor', { doctor: TEST_DOCTOR }) as never);
  await importReportSigner(dispatch, e2e.pki.signerP12, e2e.pki.password);
  return Object.assign(e2e, { doctorId: saved.id });
}

export type TrackedPage = Page & { problems: string[] };

/** A page of the app that records console errors and failed requests (CSP violations included). */
export async function openApp(browser: Browser, url: string): Promise<TrackedPage> {
  // A page of its own context: axe's AxeBuilder refuses pages made by browser.newPage().
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const p = (await context.newPage()) as TrackedPage;
  p.problems = [];
  p.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) p.problems.push(m.text());
  });
  p.on('pageerror', (e) => p.problems.push(e.message));
  p.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) p.problems.push(`${r.status()} ${r.url()}`);
  });
  await p.goto(url);
  await p.getByRole('navigation', { name: 'Sezioni' }).waitFor(WAIT);
  return p;
}

export async function openNewReport(p: Page): Promise<void> {
  await p.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Nuovo referto' }).click();
  await p.getByRole('heading', { name: 'Nuovo referto', level: 1, exact: true }).waitFor(WAIT);
}

/** Full-page shots from the top (the sticky header drawn mid-page looks broken); a modal dialog is shot as the window shows it. */
export async function shoot(p: Page, name: string, opts: { window?: boolean } = {}): Promise<void> {
  if (!opts.window) await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: !opts.window });
}

/** No serious or critical accessibility violation on what the page shows now. */
export async function assertAccessible(p: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page: p }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `accessibility violations on ${where}`,
  );
}

export const stepHeading = (p: Page, n: number) => p.getByRole('heading', { name: new RegExp(`^Passo ${n} di 4`) });

/** Waits for step n of the guide; when the form refused to go on, the failure says what the form asked to fix. */
export async function reachStep(p: Page, n: number): Promise<void> {
  try {
    await stepHeading(p, n).waitFor(WAIT);
  } catch {
    const shown = await p
      .locator('#report-problems, [role="alert"]')
      .allTextContents()
      .catch(() => []);
    throw new Error(`step ${n} not reached${shown.length ? `: ${shown.join(' | ')}` : ''}`);
  }
}

/** Waits for the outbox to take the document to the state (documents:get, the same view «Documenti» shows). */
export async function waitForDocumentState(
  dispatch: Dispatch,
  documentId: number,
  state: DocumentDetail['state'],
  timeoutMs = 60_000,
): Promise<DocumentDetail> {
  const until = performance.now() + timeoutMs;
  let last: DocumentDetail | undefined;
  while (performance.now() < until) {
    last = await must<DocumentDetail>('documents:get', dispatch('documents:get', { documentId }) as never);
    if (last.state === state) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`document ${documentId} still ${last?.state}, expected ${state}`);
}

/** Waits for PdfView to have drawn its pages; a failure says what the page logged (404s, CSP, pdf.js errors). */
export async function pdfShown(p: TrackedPage): Promise<void> {
  const view = p.locator('.pdf-view[data-pdf-state="shown"], .pdf-view[data-pdf-state="error"]').first();
  await view.waitFor(WAIT);
  const state = await view.getAttribute('data-pdf-state');
  if (state !== 'shown') throw new Error(`PDF not shown: ${p.problems.join(' | ')}`);
  assert.ok((await p.locator('.pdf-view canvas.pdf-page').count()) > 0);
}

/** Runs `act` (the click that signs) and answers the documentId that reports:sign gave the page. */
export async function signedDocumentId(p: Page, act: () => Promise<void>): Promise<number> {
  const response = p.waitForResponse((r) => r.url().endsWith('/api/invoke') && (r.request().postData() ?? '').includes('"reports:sign"'), WAIT);
  await act();
  const body = (await (await response).json()) as { ok: boolean; value?: { documentId: number }; error?: unknown };
  if (!body.ok || !body.value) throw new Error(`reports:sign failed: ${JSON.stringify(body.error)}`);
  return body.value.documentId;
}
