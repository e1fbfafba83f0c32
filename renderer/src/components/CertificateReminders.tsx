// Certificates about to expire are reminded where they are seen (issue 9): a line in the status area
// under the title and a badge on the «Certificati» sidebar item, not only on their card. The list is
// asked at start, every few minutes (days pass while the desk stays open) and after every change on
// the Certificati screen, wherever it is shown (the screen or the first-run guide).
import { useCallback, useEffect, useState } from 'react';
import type { CertificateReminder, FseDeskBridge } from '../../../contract/api.js';
import { remindersSummary } from '../screens/certificate-view-model.js';

const REMINDERS_POLL_MS = 10 * 60_000;
const CHANGED_EVENT = 'fse-desk:certificates-changed';

/** Called by the Certificati screen after an import or a removal. */
export function announceCertificatesChanged(): void {
  window.dispatchEvent(new Event(CHANGED_EVENT));
}

export function useCertificateReminders(bridge: FseDeskBridge, enabled: boolean): CertificateReminder[] {
  const [reminders, setReminders] = useState<CertificateReminder[]>([]);
  const reload = useCallback(async () => {
    const r = await bridge.invoke('certificates:reminders', undefined);
    // A failure leaves the last known reminders: the Certificati screen says what is wrong.
    if (r.ok) setReminders(r.value.reminders);
  }, [bridge]);
  useEffect(() => {
    if (!enabled) return;
    void reload();
    const t = setInterval(() => void reload(), REMINDERS_POLL_MS);
    const onChanged = () => void reload();
    window.addEventListener(CHANGED_EVENT, onChanged);
    return () => {
      clearInterval(t);
      window.removeEventListener(CHANGED_EVENT, onChanged);
    };
  }, [enabled, reload]);
  return reminders;
}

/** The line in the status area; nothing when no certificate is close to its end. */
export function CertificateReminderBar({ reminders, onOpen }: { reminders: CertificateReminder[]; onOpen(): void }) {
  const summary = remindersSummary(reminders);
  if (!summary) return null;
  const expired = reminders.some((r) => r.expired);
  return (
    <div className={`status-bar cert-reminder-bar tone-${expired ? 'error' : 'warning'}`} role="status" data-testid="certificate-reminder">
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text">{summary}</span>
      <button type="button" className="link status-link" onClick={onOpen}>
        Apri «Certificati»
      </button>
    </div>
  );
}

/** The badge on the sidebar item: the number of certificates expiring or expired, with words for screen readers. */
export function CertificateNavBadge({ reminders }: { reminders: CertificateReminder[] }) {
  if (reminders.length === 0) return null;
  const expired = reminders.some((r) => r.expired);
  const words = `${reminders.length} ${reminders.length === 1 ? 'certificato' : 'certificati'} ${expired ? 'da rinnovare, scaduto' : 'in scadenza'}`;
  return (
    <span className={`nav-badge tone-${expired ? 'error' : 'warning'}`} data-testid="certificates-nav-badge" title={words}>
      <span aria-hidden="true">{reminders.length}</span>
      <span className="visually-hidden">{`, ${words}`}</span>
    </span>
  );
}
