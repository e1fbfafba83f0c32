// «Documenti»: the clinic's documents (not the operations), each with its current state on the FSE, searchable and
// paged. A row opens the document's page; a rejected one shows why and the one action that fixes it.
import { useCallback, useEffect, useState } from 'react';
import type { FseDeskBridge } from '../../../../contract/api.js';
import {
  DOCUMENT_STATE_LABELS,
  DOCUMENT_STATES,
  DOCUMENT_TYPE_LABELS,
  type DocumentListItem,
  type DocumentRejection,
  type DocumentsPage,
  type DocumentState,
} from '../../../../contract/documents.js';
import type { Navigate } from '../../navigation.js';
import {
  correctionRoute,
  DOCUMENT_STATE_TONE,
  documentsCount,
  hasFilters,
  listRequest,
  NO_FILTERS,
  pageRange,
  pendingText,
  serviceDay,
  stateText,
  type DocumentFilters,
} from './documents-view-model.js';

/** States change while the outbox sends: the list looks again as often as the status bar. */
const POLL_MS = 3_000;
/** Typing in the search box waits this long for the next key before asking. */
const TYPING_MS = 250;

export function DocumentStateBadge({ item }: { item: Pick<DocumentListItem, 'state' | 'stateLabel' | 'replacedBy'> }) {
  return (
    <span className={`cert-badge tone-${DOCUMENT_STATE_TONE[item.state]}`} data-state={item.state}>
      {stateText(item)}
    </span>
  );
}

/** The one action that fixes a rejection, as a button: «Riprova» (nothing was applied) or «Correggi e invia di nuovo». */
export function RejectionFix({
  bridge,
  navigate,
  documentId,
  rejection,
  onDone,
}: {
  bridge: FseDeskBridge;
  navigate: Navigate;
  documentId: number;
  rejection: DocumentRejection;
  onDone(message: string | null, error: string | null): void;
}) {
  const [busy, setBusy] = useState(false);
  const correctedBy = rejection.correctedBy;
  if (correctedBy)
    return (
      <button
        type="button"
        className="link small"
        onClick={(e) => {
          e.stopPropagation();
          navigate({ screen: 'document', documentId: correctedBy.documentId });
        }}
        data-testid="rejection-corrected"
      >
        Già corretto: apri il referto inviato di nuovo
      </button>
    );
  const fix = async () => {
    if (rejection.action === 'correct') return navigate(correctionRoute(documentId));
    setBusy(true);
    const r = await bridge.invoke('outbox:retry', { jobId: rejection.jobId });
    setBusy(false);
    if (r.ok) onDone('Documento rimesso in coda per l\u2019invio.', null);
    else onDone(null, r.error.message);
  };
  return (
    <button
      type="button"
      className="secondary small"
      disabled={busy}
      onClick={(e) => {
        // In a list row: the fix, not the row's «open the page».
        e.stopPropagation();
        void fix();
      }}
      data-testid="rejection-fix"
    >
      {rejection.actionLabel}
    </button>
  );
}

export function DocumentsScreen({ bridge, navigate }: { bridge: FseDeskBridge; navigate: Navigate }) {
  const [filters, setFilters] = useState<DocumentFilters>(NO_FILTERS);
  // The filters the last request used: typing waits a moment, the selects and dates apply at once.
  const [applied, setApplied] = useState<DocumentFilters>(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<DocumentsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const r = await bridge.invoke('documents:list', listRequest(applied, page));
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [bridge, applied, page]);

  useEffect(() => {
    void reload();
    const t = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(t);
  }, [reload]);

  useEffect(() => {
    if (filters.text === applied.text) return;
    const t = setTimeout(() => {
      setApplied((a) => ({ ...a, text: filters.text }));
      setPage(1);
    }, TYPING_MS);
    return () => clearTimeout(t);
  }, [filters.text, applied.text]);

  const change = (patch: Partial<DocumentFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    if (!('text' in patch)) {
      setApplied((a) => ({ ...a, ...patch }));
      setPage(1);
    }
  };
  const clear = () => {
    setFilters(NO_FILTERS);
    setApplied(NO_FILTERS);
    setPage(1);
  };

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const open = (documentId: number) => navigate({ screen: 'document', documentId });

  return (
    <div className="documents">
      <h1>Documenti</h1>
      <p className="lead">
        I referti della struttura e il loro stato sul Fascicolo Sanitario Elettronico. Aprire un documento per vederlo, sostituirlo o eliminarlo.
      </p>

      <form
        className="document-filters"
        role="search"
        aria-label="Cerca documenti"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filters);
          setPage(1);
        }}
      >
        <div className="field grow">
          <label htmlFor="doc-search-text">Paziente o codice fiscale</label>
          <input
            id="doc-search-text"
            type="search"
            value={filters.text}
            autoComplete="off"
            spellCheck={false}
            placeholder="Cognome, nome o codice fiscale"
            onChange={(e) => change({ text: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="doc-search-from">Prestazione dal</label>
          <input id="doc-search-from" type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => change({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="doc-search-to">al</label>
          <input id="doc-search-to" type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => change({ to: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="doc-search-type">Tipo</label>
          <select id="doc-search-type" value={filters.type} onChange={(e) => change({ type: e.target.value })}>
            <option value="">Tutti</option>
            {Object.entries(DOCUMENT_TYPE_LABELS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="doc-search-state">Stato</label>
          <select id="doc-search-state" value={filters.state} onChange={(e) => change({ state: e.target.value as DocumentState | '' })}>
            <option value="">Tutti</option>
            {DOCUMENT_STATES.map((s) => (
              <option key={s} value={s}>
                {DOCUMENT_STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {hasFilters(filters) && (
          <button type="button" className="link small clear-filters" onClick={clear}>
            Azzera filtri
          </button>
        )}
      </form>

      {error && (
        <p className="notice tone-error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="status saved" role="status">
          {notice}
        </p>
      )}

      {data && data.total === 0 && !hasFilters(applied) && (
        <div className="empty-state" data-testid="documents-empty">
          <p>
            <strong>Nessun documento, per ora.</strong>
          </p>
          <p className="muted">I referti scritti o importati in «Nuovo referto» compaiono qui con il loro stato sul Fascicolo.</p>
          <button type="button" className="primary" onClick={() => navigate({ screen: 'new-report' })}>
            Nuovo referto
          </button>
        </div>
      )}
      {data && data.total === 0 && hasFilters(applied) && (
        <p className="muted" data-testid="documents-none-found">
          Nessun documento corrisponde alla ricerca.
        </p>
      )}

      {data && data.items.length > 0 && (
        <>
          <p className="documents-count" aria-live="polite" data-testid="documents-count">
            {documentsCount(data.total)}
          </p>
          <table className="jobs documents-table" data-testid="documents-table">
            <thead>
              <tr>
                <th scope="col">Paziente</th>
                <th scope="col">Tipo</th>
                <th scope="col">Medico</th>
                <th scope="col">Prestazione</th>
                <th scope="col">Stato sul Fascicolo</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((d) => (
                <tr key={d.documentId} data-testid={`document-row-${d.documentId}`} data-state={d.state} onClick={() => open(d.documentId)}>
                  <td>
                    <button
                      type="button"
                      className="link row-open"
                      onClick={(e) => {
                        e.stopPropagation();
                        open(d.documentId);
                      }}
                    >
                      {d.patient.familyName} {d.patient.givenName}
                    </button>
                    <span className="mono masked-cf">{d.patient.maskedFiscalCode}</span>
                  </td>
                  <td>
                    {d.typeLabel}
                    {d.version > 1 && <span className="muted"> · versione {d.version}</span>}
                  </td>
                  <td>{d.doctorName}</td>
                  <td className="nowrap">{serviceDay(d.serviceDate)}</td>
                  <td>
                    <DocumentStateBadge item={d} />
                    {pendingText(d.pendingAction) && <span className="pending-action">{pendingText(d.pendingAction)}</span>}
                    {d.rejection && (
                      <div className="rejection">
                        <span className="why">{d.rejection.reason}</span>
                        <RejectionFix
                          bridge={bridge}
                          navigate={navigate}
                          documentId={d.documentId}
                          rejection={d.rejection}
                          onDone={(msg, err) => {
                            setNotice(msg);
                            setError(err);
                            void reload();
                          }}
                        />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <nav className="pager" aria-label="Pagine dei documenti">
              <button type="button" className="secondary small" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
                Indietro
              </button>
              <span className="pager-text" data-testid="documents-range">
                {pageRange(data.page, data.pageSize, data.items.length, data.total)}
              </span>
              <button type="button" className="secondary small" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                Avanti
              </button>
            </nav>
          )}
        </>
      )}
    </div>
  );
}
