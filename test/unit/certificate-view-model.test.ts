// The Certificati screen's words: badges, reminders in the status area, and base64 of a dropped file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CertificateReminder, CertificateSlotStatus } from '../../contract/certificates.js';
import { remindersSummary, reminderText, slotBadge, slotKey, toBase64 } from '../../renderer/src/screens/certificate-view-model.js';

const checked = (codes: string[], ok = true): CertificateSlotStatus => ({
  role: 'auth',
  fileName: 'auth.p12',
  state: 'checked',
  report: { ok, role: 'auth', problems: codes.map((code) => ({ code, severity: ok ? 'warning' : 'error', message: code })) },
});

const reminder = (r: Partial<CertificateReminder>): CertificateReminder => ({
  role: 'auth',
  label: 'Autenticazione (A1#)',
  notAfter: '2026-03-03T12:00:00.000Z',
  daysLeft: 12,
  expired: false,
  ...r,
});

test('a certificate close to its end reads «In scadenza», an expired one «Scaduto»', () => {
  assert.deepEqual(slotBadge(checked([])), { label: 'Valido', tone: 'ok' });
  assert.deepEqual(slotBadge(checked(['expiring-soon'])), { label: 'In scadenza', tone: 'warning' });
  assert.deepEqual(slotBadge(checked(['dual-use'])), { label: 'Valido, con avvisi', tone: 'warning' });
  assert.deepEqual(slotBadge(checked(['expired'], false)), { label: 'Scaduto', tone: 'error' });
  assert.deepEqual(slotBadge(checked(['role-mismatch'], false)), { label: 'Non valido', tone: 'error' });
});

test('the status area names the most urgent certificate and how many more', () => {
  assert.equal(remindersSummary([]), null);
  assert.equal(
    remindersSummary([reminder({})]),
    'Certificato in scadenza — Autenticazione (A1#): scade tra 12 giorni. Richiederne il rinnovo e importare il nuovo file.',
  );
  assert.match(
    remindersSummary([reminder({ daysLeft: 1 }), reminder({ label: 'Firma dei referti: Dott. Mario Rossi' })]) ?? '',
    /scade tra 1 giorno \(e un altro certificato\)\./,
  );
  assert.match(
    remindersSummary([reminder({ expired: true, daysLeft: -2 }), reminder({}), reminder({})]) ?? '',
    /^Certificato scaduto — Autenticazione \(A1#\): scaduto il 3 marzo 2026 \(e altri 2 certificati\)/,
  );
  assert.equal(reminderText(reminder({ daysLeft: 0 })), 'Autenticazione (A1#): scade oggi');
});

test('a doctor slot becomes a DOM id part without a colon', () => {
  assert.equal(slotKey('doctor:rossi'), 'doctor-rossi');
  assert.equal(slotKey('documentSigner'), 'documentSigner');
});

test('a dropped file is base64-encoded whole, across chunk boundaries', () => {
  const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff);
  assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
});
