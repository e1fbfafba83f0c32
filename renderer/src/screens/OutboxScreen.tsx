import { useCallback, useEffect, useRef, useState } from 'react';
import type { FseDeskBridge, OutboxOverview, OutboxState } from '../../../contract/api.js';
import { OutboxJobDetail, StateBadge } from '../components/OutboxJobHistory.js';
import { FILTER_ORDER, formatDateTime, shortDocId, stateLabel, STATE_TONE } from './outbox-view-model.js';

const POLL_MS = 3_000;

export function OutboxScreen({ bridge }: { bridge: FseDeskBridge }) {
  const [filter, setFilter] = useState<OutboxState | null>(null);
  const [overview, setOverview] = useState<OutboxOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  // The opened detail takes the focus; Escape closes it and gives the focus back to its row (issue 9).
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected !== null) panel.current?.focus();
  }, [selected]);
  const closeDetail = useCallback(() => {
    const row = selected;
    setSelected(null);
    if (row !== null) setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="job-row-${row}"] .row-open`)?.focus(), 0);
  }, [selected]);

  const reload = useCallback(async () => {
    const r = await bridge.invoke('outbox:overview', filter ? { state: filter } : {});
    if (r.ok) {
      setOverview(r.value);
      setLoadError(null);
    } else {
      setLoadError(r.error.message);
    }
  }, [bridge, filter]);

  useEffect(() => {
    void reload();
    const t = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(t);
  }, [reload]);

  const all = overview ? Object.values(overview.counts).reduce((a, b) => a + b, 0) : 0;

  return (
    <div className="outbox">
      <h1>Invii</h1>
      <p className="lead">
        I documenti inviati al Fascicolo Sanitario Elettronico tramite CART e quelli ancora da inviare. Gli invii ripartono da soli quando CART torna
        raggiungibile: qui si vede lo stato di ciascuno e si interviene quando serve.
      </p>
      {loadError && (
        <p className="notice tone-error" role="alert">
          {loadError}
        </p>
      )}
      {overview && (
        <>
          <div className="filters" role="group" aria-label="Filtra per stato">
            <button type="button" className={`chip${filter === null ? ' active' : ''}`} aria-pressed={filter === null} onClick={() => setFilter(null)}>
              Tutti <span className="chip-count">{all}</span>
            </button>
            {/* Only the states that have jobs (and the one chosen), so the row stays short. */}
            {FILTER_ORDER.filter((s) => filter === s || overview.counts[s] > 0).map((s) => (
              <button
                key={s}
                type="button"
                className={`chip chip-${STATE_TONE[s]}${filter === s ? ' active' : ''}`}
                aria-pressed={filter === s}
                onClick={() => setFilter(s)}
                data-filter={s}
              >
                {stateLabel(s)} <span className="chip-count">{overview.counts[s]}</span>
              </button>
            ))}
          </div>
          {overview.jobs.length === 0 ? (
            <p className="muted" data-testid="outbox-empty">
              {filter ? `Nessun invio nello stato «${stateLabel(filter)}».` : 'Nessun documento inviato finora.'}
            </p>
          ) : (
            <table className="jobs" data-testid="outbox-table">
              <thead>
                <tr>
                  <th scope="col">Documento</th>
                  <th scope="col">Operazione</th>
                  <th scope="col">Stato</th>
                  <th scope="col">Tentativi</th>
                  <th scope="col">Ultimo aggiornamento</th>
                </tr>
              </thead>
              <tbody>
                {overview.jobs.map((j) => (
                  <tr
                    key={j.id}
                    className={selected === j.id ? 'selected' : undefined}
                    data-testid={`job-row-${j.id}`}
                    data-doc={j.identificativoDoc}
                    onClick={() => setSelected(j.id)}
                  >
                    <td>
                      <button
                        type="button"
                        className="link row-open"
                        onClick={() => setSelected(j.id)}
                        aria-label={`Dettaglio dell\u2019invio ${shortDocId(j.identificativoDoc)}`}
                      >
                        {shortDocId(j.identificativoDoc)}
                      </button>
                      {j.type && <span className="cert-code">{j.type}</span>}
                    </td>
                    <td>{j.operationLabel}</td>
                    <td>
                      <StateBadge job={j} />
                    </td>
                    <td className="num">{j.attempts}</td>
                    <td>{formatDateTime(j.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {overview.total > overview.jobs.length && (
            <p className="hint">
              Sono mostrati gli ultimi {overview.jobs.length} invii su {overview.total}.
            </p>
          )}
        </>
      )}
      {selected !== null && (
        <div
          ref={panel}
          tabIndex={-1}
          role="region"
          aria-label="Dettaglio dell’invio"
          className="job-detail-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              closeDetail();
            }
          }}
        >
          <OutboxJobDetail key={selected} bridge={bridge} jobId={selected} onChanged={reload} onClose={closeDetail} />
        </div>
      )}
    </div>
  );
}
