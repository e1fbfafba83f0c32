// When a downloaded update may be installed. Installing replaces the program and ends the process,
// so it must never cut an exchange with CART short: a job left in `sending` would come back as
// "Esito da verificare" (it may or may not have reached the Fascicolo). The app therefore installs
// only at quit, after the outbox runner has stopped (exchanges under way finish and are recorded),
// and only when no job is still marked as sending. Plain Node: main/electron/updater.ts applies it.
import type { OutboxCountsView } from '../../../contract/outbox.js';
import type { AppOutbox } from './outbox-service.js';

export interface OutboxActivity {
  /** The runner may start a new exchange at any moment while it runs. */
  runnerRunning: boolean;
  counts: Pick<OutboxCountsView, 'sending'>;
}

export type UpdateDecision = { install: true } | { install: false; reason: string };

/** `null`: no outbox is open (the database could not be opened), so nothing can be in flight. */
export function canInstallUpdate(activity: OutboxActivity | null): UpdateDecision {
  if (activity === null) return { install: true };
  if (activity.runnerRunning) return { install: false, reason: 'the outbox runner is still running' };
  if (activity.counts.sending > 0) return { install: false, reason: `${activity.counts.sending} job(s) still marked as sending` };
  return { install: true };
}

/** What canInstallUpdate needs, read from the app's outbox (call it after stopping the runner). */
export function outboxActivity(sending: Pick<AppOutbox, 'isRunning' | 'overview'>): OutboxActivity {
  return { runnerRunning: sending.isRunning, counts: { sending: sending.overview({ limit: 0 }).counts.sending } };
}
