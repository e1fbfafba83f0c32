// The browser shell's one polite question about desktop notifications (renderer/src/notifications.ts).
import { useState } from 'react';
import { notificationsSupported } from '../notifications.js';

/** The answer (or «Non ora») is remembered on this computer. */
const ASKED_KEY = 'fse-desk.notifications.asked';

/**
 * In the browser shell (Electron grants the permission itself): one polite question, not the browser's prompt at
 * start-up. Hidden once answered, dismissed, or where notifications do not exist.
 */
export function NotificationPermissionPrompt() {
  const [visible, setVisible] = useState(() => notificationsSupported() && Notification.permission === 'default' && localStorage.getItem(ASKED_KEY) === null);
  if (!visible) return null;
  const done = () => {
    localStorage.setItem(ASKED_KEY, 'yes');
    setVisible(false);
  };
  return (
    <div className="notice tone-info notification-prompt" role="region" aria-label="Notifiche sul desktop">
      <span>Ricevere un avviso sul desktop quando un documento viene rifiutato o gli invii si fermano?</span>
      <button type="button" className="secondary small" onClick={() => void Notification.requestPermission().finally(done)}>
        Attiva le notifiche
      </button>
      <button type="button" className="link small" onClick={done}>
        Non ora
      </button>
    </div>
  );
}
