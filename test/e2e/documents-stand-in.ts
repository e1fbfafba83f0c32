// Set-up shared by the «Documenti» e2e tests: documents published for real to the stand-in gateway (a signed
// reference sample enqueued on the core's outbox, as outbox-stand-in.ts does) and recorded in the document library
// the way report authoring records them, plus a page that records the desktop notifications it shows.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { emptyReportForm, type ReportForm } from '../../contract/report-form.js';
import { prepareCartCall } from '../../main/core/gateway/execute.js';
import { launchChromium } from '../support/browser.js';
import { testClock } from '../support/clock.js';
import { SIGNED_SAMPLES } from '../support/reference.js';
import { startOutboxE2e, type OutboxE2e } from './outbox-stand-in.js';

export const ARTIFACTS = 'test-artifacts/e2e';
export const WAIT = { timeout: 30_000 };

// SIGNED_RSA2.pdf is left out: the stand-in refuses its signature (/msg/sign-error).
type Sample = 'SIGNED_RSA1.pdf' | 'SIGNED_LAB2.pdf' | 'SIGNED_RAD1.pdf';
const TYPE_OF: Record<Sample, 'RSA' | 'LAB' | 'RAD'> = {
  'SIGNED_RSA1.pdf': 'RSA',
  'SIGNED_LAB2.pdf': 'LAB',
  'SIGNED_RAD1.pdf': 'RAD',
};

const docIdFor = (tag: string): string => `2.16.840.1.113883.2.9.2.90.4.4^01386030488.DOC.999.${tag}`;

export interface Published {
  documentId: number;
  jobId: number;
  identificativoDoc: string;
  /** The patient's tax code as the signed CDA carries it. */
  patientCf: string;
}

export interface PublishOptions {
  tag: string;
  sample?: Sample;
  givenName?: string;
  familyName?: string;
  doctorName?: string;
  /** AAAA-MM-GG. */
  serviceDate?: string;
  /** «Correggi e invia di nuovo»: the rejected document this publication corrects. */
  correctsDocumentId?: number;
}

/**
 * The stand-in, the shell and the profile of outbox-stand-in.ts, with the first status check of an accepted document
 * after a second instead of a minute: «Pubblicato» needs CART's confirmation (or the checks to run out).
 */
export async function startDocumentsE2e(): Promise<OutboxE2e> {
  const e2e = await startOutboxE2e();
  const profile = { ...e2e.profile, outbox: { ...e2e.profile.outbox, firstStatusCheckSeconds: 1 } };
  const saved = await e2e.env.core.dispatch('profile:save', { profile });
  if (!saved.ok) throw new Error(`profile not saved: ${JSON.stringify(saved)}`);
  e2e.profile = profile;
  await e2e.env.core.sending.reconfigure();
  return e2e;
}

/** The library the core records documents in (D's DocumentLibrary, wired in app-core). */
export function libraryOf(e2e: OutboxE2e) {
  return e2e.env.core.documents;
}

/** Enqueues the sample's create and records it like «Nuovo referto» does: the runner then sends it to the stand-in. */
export async function publishSample(e2e: OutboxE2e, o: PublishOptions): Promise<Published> {
  const sample = o.sample ?? 'SIGNED_RSA1.pdf';
  const type = TYPE_OF[sample];
  const pdf = new Uint8Array(readFileSync(join(SIGNED_SAMPLES, sample)));
  const identificativoDoc = docIdFor(o.tag);
  const call = await prepareCartCall(e2e.profile, { operation: 'validateAndCreate', pdf, metadata: { identificativoDoc } }, testClock());
  if (call.operation !== 'validateAndCreate') throw new Error('unexpected call');
  const jobId = e2e.env.core.outbox.enqueueCreate({ identificativoDoc, type, pdf, claims: call.claims, requestBody: { ...call.body, identificativoDoc } });
  const patient = { fiscalCode: call.claims.patientId, givenName: o.givenName ?? 'Mario', familyName: o.familyName ?? 'Rossi' };
  const form: ReportForm = emptyReportForm(type);
  form.patient = { ...form.patient, ...patient };
  form.serviceDate = `${o.serviceDate ?? '2026-11-20'}T10:00`;
  const documentId = libraryOf(e2e).recordDocument({
    jobId,
    identificativoDoc,
    setId: identificativoDoc,
    version: 1,
    type,
    patient,
    doctor: { fiscalCode: 'BNCGNN70A01D612X', name: o.doctorName ?? 'Dott. Giovanni Bianchi' },
    serviceDate: o.serviceDate ?? '2026-11-20',
    reportForm: form,
    source: 'written',
    ...(o.correctsDocumentId !== undefined ? { correctsDocumentId: o.correctsDocumentId } : {}),
  });
  return { documentId, jobId, identificativoDoc, patientCf: call.claims.patientId };
}

export type TrackedPage = Page & { problems: string[]; notes(): Promise<Array<{ title: string; body: string }>> };

/**
 * A page of the app with notifications granted and recorded: the Notification constructor is wrapped so the test
 * reads what the user would have seen (headless Chromium shows nothing on screen).
 */
export async function openDocumentsApp(browser: Browser, url: string): Promise<{ context: BrowserContext; page: TrackedPage }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // An Italian clinic's computer: dates typed and shown as gg/mm/aaaa.
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  await context.grantPermissions(['notifications'], { origin: new URL(url).origin });
  // A string, not a function: tsx's compiled helpers (__name) do not exist in the page.
  await context.addInitScript(`{
    window.__notes = [];
    const Original = window.Notification;
    window.Notification = class extends Original {
      constructor(title, options) {
        super(title, options);
        window.__notes.push({ title, body: (options && options.body) || '' });
      }
    };
  }`);
  const page = (await context.newPage()) as TrackedPage;
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) page.problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) page.problems.push(`${r.status()} ${r.url()}`);
  });
  page.notes = () => page.evaluate(() => (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes);
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Sezioni' }).waitFor();
  return { context, page };
}

export async function openDocuments(p: Page): Promise<void> {
  await p.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Documenti' }).click();
  await p.getByRole('heading', { name: 'Documenti', level: 1 }).waitFor();
}

/** Full-page shots with the sticky header drawn where the page was scrolled look broken: shoot from the top. */
export async function shoot(p: Page, name: string): Promise<void> {
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/** Serious and critical accessibility violations on what the page shows now (ids and summaries, for the message). */
export async function axeProblems(p: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page: p }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A row of «Documenti» once it shows this state. */
export const rowInState = (p: Page, documentId: number, state: string) => p.locator(`[data-testid="document-row-${documentId}"][data-state="${state}"]`);

/**
 * The set-up every «Documenti» suite shares: the stand-in and core (`start`), Chromium and one page of the app,
 * handed to `ready` before the first test and all closed after the last.
 */
export function documentsSuite<E extends OutboxE2e>(start: () => Promise<E>, ready: (s: { e2e: E; browser: Browser; page: TrackedPage }) => void): void {
  let e2e: E | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  before(async () => {
    e2e = await start();
    browser = await launchChromium();
    const opened = await openDocumentsApp(browser, e2e.env.shell.url);
    context = opened.context;
    ready({ e2e, browser, page: opened.page });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await e2e?.stop();
  });
}
