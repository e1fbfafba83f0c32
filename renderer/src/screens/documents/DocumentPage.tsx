// A document's page: who and what, its live state on the FSE, the signed PDF, the actions that make sense now, and
// the history of its operations (the «Invii» detail of each job, with the X-CART-ids, traceID, workflowInstanceId).
import { useCallback, useEffect, useState } from 'react';
import type { FseDeskBridge } from '../../../../contract/api.js';
import { DOCUMENT_ACTION_LABELS, type DocumentDetail, type DocumentPdf } from '../../../../contract/documents.js';
import { formatWrittenDate } from '../../../../contract/format-it.js';
import { OutboxJobDetail } from '../../components/OutboxJobHistory.js';
import { base64ToBytes } from '../../components/pdf-loader.js';
import { PdfView } from '../../components/PdfView.js';
import type { Navigate } from '../../navigation.js';
import { formatDateTime } from '../outbox-view-model.js';
import { DeleteDialog, MetadataDialog } from './DocumentDialogs.js';
import { DocumentStateBadge, RejectionFix } from './DocumentsScreen.js';
import { pendingText, serviceDay } from './documents-view-model.js';

/** The state follows the outbox while the page is open. */
const POLL_MS = 3_000;

type Dialog = 'delete' | 'metadata' | null;

/** «Salva il PDF» (and «Apri» where no system viewer is reachable): the bytes as a download with the report's name. */
function downloadPdf(pdf: DocumentPdf): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(pdf.pdfBase64) as BlobPart], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = pdf.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoked later: the download reads the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function DocumentPage({ bridge, navigate, documentId }: { bridge: FseDeskBridge; navigate: Navigate; documentId: number }) {
  const [doc, setDoc] = useState<DocumentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pdf, setPdf] = useState<DocumentPdf | null>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  // `afterOperations`: the message tells of an action under way, recorded as operation number N+1; it goes once that
  // operation is there and nothing is under way any more (the state and the history then say the outcome).
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string; afterOperations?: number } | null>(null);

  const load = useCallback(async () => {
    const r = await bridge.invoke('documents:get', { documentId });
    if (r.ok) {
      setDoc(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [bridge, documentId]);

  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(t);
  }, [load]);

  useEffect(() => {
    if (doc && message?.afterOperations !== undefined && doc.operations.length > message.afterOperations && doc.pendingAction === null) setMessage(null);
  }, [doc, message]);

  // The signed bytes never change: read once.
  useEffect(() => {
    setPdf(null);
    void bridge.invoke('documents:pdf', { documentId }).then((r) => {
      if (r.ok) setPdf(r.value);
      else setPdfError(r.error.message);
    });
  }, [bridge, documentId]);

  const openPdf = async () => {
    const r = await bridge.invoke('documents:open-pdf', { documentId });
    if (r.ok) return setMessage({ tone: 'ok', text: 'Il PDF è aperto nel visualizzatore del computer.' });
    // The browser shell has no system viewer: the browser opens or saves the download instead.
    if (r.error.code === 'unsupported' && pdf) return downloadPdf(pdf);
    setMessage({ tone: 'error', text: r.error.message });
  };

  if (error && !doc) {
    return (
      <div className="document-page">
        <p className="notice tone-error" role="alert">
          {error}
        </p>
        <button type="button" className="secondary" onClick={() => navigate({ screen: 'documents' })}>
          Torna ai documenti
        </button>
      </div>
    );
  }
  if (!doc) return <p className="muted">Caricamento del documento…</p>;

  const allowed = new Set(doc.allowedActions);
  const patientName = `${doc.patient.familyName} ${doc.patient.givenName}`.trim();
  const pending = pendingText(doc.pendingAction);

  return (
    <div className="document-page" data-testid="document-page" data-state={doc.state}>
      <button type="button" className="link small back-link" onClick={() => navigate({ screen: 'documents' })}>
        ← Documenti
      </button>
      <h1>
        {doc.typeLabel} — {patientName}
      </h1>
      <p className="document-state-line">
        <DocumentStateBadge item={doc} />
        {pending && <span className="pending-action">{pending}</span>}
        <span className="muted">
          {' '}
          versione {doc.version}
          {doc.source === 'imported' ? ' · PDF importato' : ''}
        </span>
      </p>

      {doc.state === 'replaced' && doc.replacedBy && (
        <p className="notice tone-neutral" data-testid="replaced-notice">
          Questa versione non è più quella valida sul Fascicolo.{' '}
          <button type="button" className="link" onClick={() => navigate({ screen: 'document', documentId: doc.replacedBy!.documentId })}>
            Apri la versione {doc.replacedBy.version}
          </button>
        </p>
      )}
      {doc.state === 'deleted' && (
        <p className="notice tone-neutral">Il documento è stato eliminato dal Fascicolo: non è più visibile al paziente né ai medici.</p>
      )}
      {doc.rejection && (
        <div className="notice tone-error" data-testid="document-rejection">
          <p>
            <strong>{doc.rejection.reason}</strong>
          </p>
          {doc.rejection.detail && <p>Dettaglio da CART: {doc.rejection.detail}</p>}
          <RejectionFix
            bridge={bridge}
            navigate={navigate}
            documentId={doc.documentId}
            rejection={doc.rejection}
            onDone={(msg, err) => {
              setMessage(msg ? { tone: 'ok', text: msg } : { tone: 'error', text: err ?? '' });
              void load();
            }}
          />
        </div>
      )}

      <dl className="cert-details document-facts">
        <dt>Paziente</dt>
        <dd>
          {patientName} <span className="mono">{doc.patient.fiscalCode}</span>
          {doc.patient.birthDate && <span className="muted"> · nato/a il {formatWrittenDate(doc.patient.birthDate)}</span>}
        </dd>
        <dt>Medico</dt>
        <dd>{doc.doctor.name}</dd>
        <dt>Data della prestazione</dt>
        <dd>{serviceDay(doc.serviceDate)}</dd>
        <dt>Registrato il</dt>
        <dd>{formatDateTime(doc.createdAt)}</dd>
        <dt>identificativoDoc</dt>
        <dd>
          <code className="mono">{doc.identificativoDoc}</code>
        </dd>
      </dl>

      <div className="job-actions document-actions" role="group" aria-label="Azioni sul documento">
        {allowed.has('replace') && (
          <button type="button" className="primary" onClick={() => navigate({ screen: 'new-report', replaceOf: doc.documentId })}>
            {DOCUMENT_ACTION_LABELS.replace}
          </button>
        )}
        {allowed.has('updateMetadata') && (
          <button type="button" className="secondary" onClick={() => setDialog('metadata')}>
            {DOCUMENT_ACTION_LABELS.updateMetadata}
          </button>
        )}
        {allowed.has('delete') && (
          <button type="button" className="secondary danger-outline" onClick={() => setDialog('delete')}>
            {DOCUMENT_ACTION_LABELS.delete}
          </button>
        )}
        <button type="button" className="secondary" disabled={!pdf} onClick={() => void openPdf()}>
          Apri il PDF
        </button>
        <button type="button" className="secondary" disabled={!pdf} onClick={() => pdf && downloadPdf(pdf)}>
          Salva il PDF
        </button>
      </div>
      {message && (
        <p className={`status ${message.tone === 'ok' ? 'saved' : 'error'}`} role="status" data-testid="document-message">
          {message.text}
        </p>
      )}

      {doc.versions.length > 1 && (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">Versioni</h2>
          <ol className="versions" data-testid="document-versions">
            {doc.versions.map((v) => (
              <li key={v.documentId}>
                {v.documentId === doc.documentId ? (
                  <strong>Versione {v.version} (questa)</strong>
                ) : (
                  <button type="button" className="link" onClick={() => navigate({ screen: 'document', documentId: v.documentId })}>
                    Versione {v.version}
                  </button>
                )}{' '}
                <span className="muted">del {formatDateTime(v.createdAt)}</span> — {v.stateLabel}
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="pdf-title">
        <h2 id="pdf-title">Referto firmato</h2>
        {pdfError && <p className="notice tone-error">{pdfError}</p>}
        {pdf ? <PdfView pdfBase64={pdf.pdfBase64} title={`Referto firmato — ${doc.typeLabel}`} /> : !pdfError && <p className="muted">Caricamento del PDF…</p>}
      </section>

      <section aria-labelledby="operations-title" data-testid="document-operations">
        <h2 id="operations-title">Operazioni sul Fascicolo</h2>
        <p className="hint">Ogni invio a CART con il suo esito e gli identificativi da comunicare all’assistenza.</p>
        {[...doc.operations].reverse().map((op) => (
          <OutboxJobDetail key={op.jobId} bridge={bridge} jobId={op.jobId} title={op.label} onChanged={load} />
        ))}
      </section>

      {dialog === 'delete' && (
        <DeleteDialog
          bridge={bridge}
          documentId={doc.documentId}
          onClose={() => setDialog(null)}
          onDeleted={({ reason }) => {
            setDialog(null);
            // Wrong patient: one flow, delete then the same report for the right patient.
            if (reason === 'wrong-patient') return navigate({ screen: 'new-report', copyOf: doc.documentId });
            setMessage({
              tone: 'ok',
              text: 'Eliminazione in corso: il documento risulterà «Eliminato» appena CART la conferma.',
              afterOperations: doc.operations.length,
            });
            void load();
          }}
        />
      )}
      {dialog === 'metadata' && (
        <MetadataDialog
          bridge={bridge}
          documentId={doc.documentId}
          onClose={() => setDialog(null)}
          onQueued={() => {
            setDialog(null);
            setMessage({
              tone: 'ok',
              text: 'Aggiornamento dei metadati in corso: l’esito compare qui sotto, tra le operazioni.',
              afterOperations: doc.operations.length,
            });
            void load();
          }}
        />
      )}
    </div>
  );
}
