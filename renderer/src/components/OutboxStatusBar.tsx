import { useCallback, useEffect, useState } from 'react';
import type { FseDeskBridge, OutboxOverview } from '../../../contract/api.js';
import { connectionStatus } from '../screens/outbox-view-model.js';

/** How often the bar asks the main process for the queue's state. */
export const STATUS_POLL_MS = 3_000;

/** Always visible under the title: online, offline with the documents waiting, or paused with the reason. */
export function OutboxStatusBar({ bridge, onOpenOutbox }: { bridge: FseDeskBridge; onOpenOutbox(): void }) {
  const [overview, setOverview] = useState<OutboxOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const r = await bridge.invoke('outbox:overview', { limit: 0 });
    if (r.ok) {
      setOverview(r.value);
      setError(null);
    } else {
      setError(r.error.message);
    }
  }, [bridge]);

  useEffect(() => {
    void reload();
    const t = setInterval(() => void reload(), STATUS_POLL_MS);
    return () => clearInterval(t);
  }, [reload]);

  const resume = async () => {
    setBusy(true);
    const r = await bridge.invoke('outbox:resume', undefined);
    setBusy(false);
    if (r.ok) setOverview(r.value);
    else setError(r.error.message);
  };

  if (error) {
    return (
      <div className="status-bar tone-error" role="status" data-testid="outbox-status" data-kind="error">
        <span className="status-dot" aria-hidden="true" />
        <span className="status-text">{error}</span>
      </div>
    );
  }
  if (!overview) {
    return (
      <div className="status-bar tone-neutral" role="status" data-testid="outbox-status" data-kind="loading">
        <span className="status-text">Verifica della connessione…</span>
      </div>
    );
  }
  const s = connectionStatus(overview);
  const attention = overview.counts['needs-reconciliation'] + overview.counts.rejected;
  return (
    <div className={`status-bar tone-${s.tone}`} role="status" aria-live="polite" data-testid="outbox-status" data-kind={s.kind}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-text" data-testid="outbox-status-text">
        {s.text}
      </span>
      {attention > 0 && (
        <button type="button" className="link status-link" onClick={onOpenOutbox}>
          {attention === 1 ? '1 invio richiede attenzione' : `${attention} invii richiedono attenzione`}
        </button>
      )}
      {s.canResume && (
        <button type="button" className="secondary small" onClick={() => void resume()} disabled={busy}>
          {busy ? 'Verifica…' : 'Riprendi invii'}
        </button>
      )}
    </div>
  );
}
