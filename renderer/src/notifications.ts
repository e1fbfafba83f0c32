// Desktop notifications (issue 10): a document rejected, sending stopped with documents waiting, and the waiting
// documents all sent after the outage. The web Notification API works in Electron's renderer (main grants only the
// 'notifications' permission) and in Chromium (the shell asks once, politely). The text goes to the lock screen:
// never a tax code or a patient's name, only counts and «aprire FSE Desk».
import { useEffect, useRef } from 'react';
import type { FseDeskBridge, OutboxOverview } from '../../contract/api.js';

/** As often as the status bar asks for the queue's state. */
const WATCH_POLL_MS = 3_000;

export interface DesktopNote {
  /** Same tag = the newer notification replaces the older one instead of piling up. */
  tag: 'rejected' | 'stopped' | 'resumed';
  title: string;
  body: string;
}

export interface OutboxWatch {
  rejected: number;
  /** An outage is going on: sending paused or CART unreachable while documents wait. Ends when the queue is empty. */
  outage: boolean;
}

type Observed = Pick<OutboxOverview, 'counts' | 'paused' | 'connection' | 'online' | 'pending'>;

const documenti = (n: number): string => (n === 1 ? '1 documento' : `${n} documenti`);

/**
 * What changed since the last look, as notifications. The first look only takes note (what was already there when
 * the app opened is on screen, not news); an outage notifies once when it starts and once when its documents are out.
 */
export function outboxNotes(prev: OutboxWatch | null, o: Observed): { watch: OutboxWatch; notes: DesktopNote[] } {
  const notes: DesktopNote[] = [];
  const rejected = o.counts.rejected;
  const stoppedNow = o.pending > 0 && (o.paused || o.connection === 'offline' || o.connection === 'refused' || o.connection === 'server-untrusted');
  // 'checking' says nothing new about the outage: keep what we knew.
  let outage = prev?.outage ?? false;
  if (stoppedNow) outage = true;
  else if (outage && o.pending === 0 && !o.paused && o.online) outage = false;

  if (prev) {
    if (rejected > prev.rejected) {
      const n = rejected - prev.rejected;
      notes.push({
        tag: 'rejected',
        title: n === 1 ? 'Documento rifiutato' : 'Documenti rifiutati',
        body: `${n === 1 ? '1 documento rifiutato' : `${n} documenti rifiutati`}: aprire FSE Desk`,
      });
    }
    if (!prev.outage && outage) {
      notes.push({
        tag: 'stopped',
        title: 'Invii sospesi',
        body: o.paused
          ? `${documenti(o.pending)} in attesa: aprire FSE Desk`
          : `CART non raggiungibile, ${documenti(o.pending)} in attesa: partiranno da soli al ritorno della linea`,
      });
    }
    if (prev.outage && !outage) {
      notes.push({ tag: 'resumed', title: 'Invii completati', body: 'Tutti i documenti in attesa sono stati inviati: aprire FSE Desk' });
    }
  }
  return { watch: { rejected, outage }, notes };
}

export const notificationsSupported = (): boolean => typeof window !== 'undefined' && 'Notification' in window;

function show(note: DesktopNote, onOpen: () => void): void {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(note.title, { body: note.body, tag: note.tag });
    n.onclick = () => {
      window.focus();
      onOpen();
      n.close();
    };
  } catch {
    // Some platforms allow notifications only from a service worker: the status bar still says it all.
  }
}

/** Watches the queue and notifies; a click on a notification brings the app forward and opens «Documenti». */
export function useDesktopNotifications(bridge: FseDeskBridge, onOpen: () => void): void {
  const watch = useRef<OutboxWatch | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    let stopped = false;
    const look = async () => {
      const r = await bridge.invoke('outbox:overview', { limit: 0 });
      if (stopped || !r.ok) return;
      const { watch: next, notes } = outboxNotes(watch.current, r.value);
      watch.current = next;
      for (const note of notes) show(note, () => open.current());
    };
    void look();
    const t = setInterval(() => void look(), WATCH_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [bridge]);
}
