// The history of one outbox job (state, ids, errors, timeline, exchanges with CART), with its actions.
// Shown by «Invii» (the technical view) and by a document's page for each of its operations.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FseDeskBridge, OutboxJobHistory, OutboxJobView, SupportBundle } from '../../../contract/api.js';
import { COPY_MESSAGES, copyText } from '../copy-text.js';
import { formatDateTime, formatWhen, jobStateText, shortDocId, STATE_TONE } from '../screens/outbox-view-model.js';

const POLL_MS = 3_000;

export function StateBadge({ job }: { job: Pick<OutboxJobView, 'state' | 'stateLabel' | 'operation'> }) {
  return (
    <span className={`cert-badge tone-${STATE_TONE[job.state]}`} data-state={job.state}>
      {jobStateText(job)}
    </span>
  );
}

export function CopyableId({
  bridge,
  label,
  value,
  prominent,
  testId,
}: {
  bridge: FseDeskBridge;
  label: string;
  value: string | null;
  prominent?: boolean;
  testId?: string;
}) {
  const [msg, setMsg] = useState<string | null>(null);
  return (
    <>
      <dt>{label}</dt>
      <dd className={prominent ? 'prominent-id' : undefined}>
        {value ? (
          <>
            <code className="mono" data-testid={testId}>
              {value}
            </code>{' '}
            <button
              type="button"
              className="link small"
              onClick={async () => setMsg(COPY_MESSAGES[await copyText(bridge, value)])}
              aria-label={`Copia ${label}`}
            >
              Copia
            </button>
            {msg && <span className="copy-msg">{msg}</span>}
          </>
        ) : (
          <span className="muted">non ancora disponibile</span>
        )}
      </dd>
    </>
  );
}

export function OutboxJobDetail({
  bridge,
  jobId,
  onChanged,
  onClose,
  title,
}: {
  bridge: FseDeskBridge;
  jobId: number;
  onChanged?(): Promise<void>;
  /** Without it there is no «Chiudi» (a document's page lists its operations open). */
  onClose?(): void;
  /** Heading instead of «Invio <number>» (a document's page names the operation). */
  title?: string;
}) {
  const [data, setData] = useState<OutboxJobHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionMsg, setActionMsg] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [bundle, setBundle] = useState<SupportBundle | null>(null);
  const [copyMsg, setCopyMsg] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  const load = useCallback(async () => {
    const r = await bridge.invoke('outbox:events', { jobId });
    if (r.ok) {
      setData(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [bridge, jobId]);

  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(t);
  }, [load]);

  const act = async (what: 'retry' | 'cancel' | 'published' | 'not-published') => {
    setBusy(true);
    const r =
      what === 'retry'
        ? await bridge.invoke('outbox:retry', { jobId })
        : what === 'cancel'
          ? await bridge.invoke('outbox:cancel', { jobId })
          : await bridge.invoke('outbox:resolve', { jobId, outcome: what });
    setBusy(false);
    if (r.ok) {
      const done = {
        retry: 'Invio rimesso in coda.',
        cancel: 'Invio annullato.',
        published: 'Segnato come pubblicato.',
        'not-published': 'Il documento sarà inviato di nuovo con gli stessi dati.',
      };
      setActionMsg({ tone: 'ok', text: done[what] });
    } else setActionMsg({ tone: 'error', text: r.error.message });
    await Promise.all([load(), onChanged?.()]);
  };

  const prepareBundle = async () => {
    const r = await bridge.invoke('outbox:support-bundle', { jobId });
    setCopyMsg(null);
    if (r.ok) setBundle(r.value);
    else setActionMsg({ tone: 'error', text: r.error.message });
  };

  if (error) {
    return (
      <section className="job-detail" aria-label="Dettaglio invio">
        <p className="notice tone-error">{error}</p>
      </section>
    );
  }
  if (!data) return null;
  const j = data.job;
  return (
    <section className="job-detail" aria-labelledby={`job-detail-title-${jobId}`} data-testid="job-detail" data-job={jobId}>
      <div className="cert-card-head">
        <h2 id={`job-detail-title-${jobId}`}>
          {title ?? `Invio ${shortDocId(j.identificativoDoc)}`} <StateBadge job={j} />
        </h2>
        {onClose && (
          <button type="button" className="link" onClick={onClose}>
            Chiudi
          </button>
        )}
      </div>

      <dl className="cert-details ids">
        <CopyableId bridge={bridge} label="X-CART-id" value={j.xCartId} prominent testId="job-xcartid" />
        <dt>identificativoDoc</dt>
        <dd>
          <code className="mono">{j.identificativoDoc}</code>
        </dd>
        <dt>Operazione</dt>
        <dd>
          {j.operationLabel}
          {j.type ? `, documento ${j.type}` : ''}, versione {j.version}
        </dd>
        <dt>Tentativi</dt>
        <dd>{j.attempts}</dd>
        {j.nextAttemptAt && (
          <>
            <dt>Prossimo tentativo</dt>
            <dd>{formatWhen(j.nextAttemptAt)}</dd>
          </>
        )}
        <dt>In coda dal</dt>
        <dd>{formatDateTime(j.createdAt)}</dd>
        <CopyableId bridge={bridge} label="traceID" value={j.traceId} />
        <CopyableId bridge={bridge} label="spanID" value={j.spanId} />
        <CopyableId bridge={bridge} label="workflowInstanceId" value={j.workflowInstanceId} />
      </dl>

      {j.lastError && j.state !== 'accepted' && j.state !== 'confirmed' && (
        <div className={`notice tone-${j.state === 'rejected' ? 'error' : 'warning'}`} data-testid="job-error">
          <p>
            <strong>{j.lastError.message}</strong>
          </p>
          {j.lastError.detail && <p>Dettaglio da CART: {j.lastError.detail}</p>}
          {j.lastError.type && <p className="mono small-text">Codice: {j.lastError.type}</p>}
        </div>
      )}
      {j.warning && <p className="notice tone-warning">{j.warning}</p>}

      {j.state === 'needs-reconciliation' && (
        <div className="notice tone-warning" data-testid="reconcile-help">
          <p>
            <strong>La risposta di CART a questo invio è andata persa</strong> (la comunicazione si è interrotta dopo l’invio).
            {j.heldForUser
              ? ' La verifica automatica si è fermata: usare «Riprova» per riprenderla.'
              : ' L’applicazione verifica l’esito da sola e, se serve, invia di nuovo il documento con gli stessi dati e la stessa firma: un secondo invio dello stesso documento viene scartato dal Fascicolo, quindi non risulterà mai pubblicato due volte.'}
          </p>
        </div>
      )}

      <div className="job-actions">
        {j.actions.retry && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void act('retry')}>
            Riprova
          </button>
        )}
        {j.actions.cancel && (
          <button type="button" className="secondary danger-outline" disabled={busy} onClick={() => void act('cancel')}>
            Annulla invio
          </button>
        )}
        <button type="button" className="secondary" onClick={() => void prepareBundle()}>
          Prepara richiesta di assistenza
        </button>
      </div>
      {actionMsg && (
        <p className={`status ${actionMsg.tone === 'ok' ? 'saved' : 'error'}`} role="status" data-testid="job-action-status">
          {actionMsg.text}
        </p>
      )}
      {j.state === 'rejected' && !j.actions.retry && (
        <p className="hint">Il documento firmato non viene mai modificato: correggere i dati indicati e preparare una nuova versione del documento.</p>
      )}

      {bundle && (
        <div className="bundle" data-testid="support-bundle">
          <h3>Richiesta di assistenza</h3>
          <p className="hint">
            Copiare il testo in un nuovo messaggio di posta a <strong>{bundle.to.join(', ')}</strong>
            {bundle.cc.length > 0 && (
              <>
                {' '}
                con copia a <strong>{bundle.cc.join(', ')}</strong>
              </>
            )}
            . Token e codici fiscali sono già oscurati.
          </p>
          <textarea ref={textarea} readOnly value={bundle.text} rows={16} aria-label="Testo della richiesta di assistenza" spellCheck={false} />
          <div className="actions compact">
            <button type="button" className="primary" onClick={async () => setCopyMsg(COPY_MESSAGES[await copyText(bridge, bundle.text, textarea.current)])}>
              Copia testo
            </button>
            {copyMsg && (
              <span className="status saved" role="status">
                {copyMsg}
              </span>
            )}
          </div>
        </div>
      )}

      {/* A manual override for support, not a question: the app settles these outcomes by itself (reconcile.ts). */}
      {j.actions.resolve && (
        <details className="technical" data-testid="job-technical">
          <summary>Dettagli tecnici</summary>
          <p className="hint">
            Solo su indicazione dell’assistenza: forzare l’esito di un invio la cui risposta è andata persa, senza attendere la verifica automatica.
          </p>
          <div className="actions compact">
            <button type="button" className="secondary" disabled={busy} onClick={() => void act('published')}>
              Segna come pubblicato
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void act('not-published')}>
              Invia di nuovo adesso
            </button>
          </div>
        </details>
      )}

      <h3>Cronologia</h3>
      <ol className="timeline" data-testid="job-history">
        {data.history.map((h, i) => (
          <li key={i} className={`tone-border-${STATE_TONE[h.toState]}`}>
            <span className="when">{formatDateTime(h.at)}</span> <span className="what">{h.description}</span>
            {h.xCartId && (
              <span className="ids">
                X-CART-id <code className="mono">{h.xCartId}</code>
              </span>
            )}
            {h.error && h.toState !== 'accepted' && h.toState !== 'sending' && <span className="why">{h.error.detail ?? h.error.message}</span>}
          </li>
        ))}
      </ol>

      {/* Who acted on this job from the desk (the actions journal, issue 9). */}
      {data.actions && data.actions.length > 0 && (
        <>
          <h3>Operazioni dallo sportello</h3>
          <ul className="timeline" data-testid="job-operator-actions">
            {data.actions.map((a, i) => (
              <li key={i}>
                <span className="when">{formatDateTime(a.at)}</span> <span className="what">{a.label}</span>
                {a.operator && <span className="why">Operatore: {a.operator}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      {data.exchanges.length > 0 && (
        <>
          <h3>Scambi con CART</h3>
          <table className="jobs exchanges" data-testid="job-exchanges">
            <thead>
              <tr>
                <th scope="col">Quando</th>
                <th scope="col">Richiesta</th>
                <th scope="col">Risposta</th>
                <th scope="col">X-CART-id</th>
              </tr>
            </thead>
            <tbody>
              {data.exchanges.map((x) => (
                <tr key={x.id}>
                  <td>{formatDateTime(x.at)}</td>
                  <td>{x.method}</td>
                  <td>{x.responseStatus !== null ? `HTTP ${x.responseStatus}` : `nessuna risposta${x.errorType ? ` (${x.errorType})` : ''}`}</td>
                  <td>
                    <code className="mono">{x.xCartId ?? '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
