// The dialogs of a document's page: «Elimina» (with the reason; «Paziente sbagliato» continues in «Nuovo referto»)
// and «Aggiorna metadati» (the fields the gateway allows, coded values from lists).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { FseDeskBridge } from '../../../../contract/api.js';
import {
  DELETE_REASON_LABELS,
  DELETE_REASONS,
  type DeleteReason,
  type DocumentsMetadataOptionsResponse,
  type MetadataField,
  type MetadataUpdate,
} from '../../../../contract/reports.js';

/** A modal <dialog>: the browser keeps focus inside and Esc closes it. */
function Modal({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${testId}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

export interface DeleteOutcome {
  reason: DeleteReason;
  jobId: number;
}

export function DeleteDialog({
  bridge,
  documentId,
  onClose,
  onDeleted,
}: {
  bridge: FseDeskBridge;
  documentId: number;
  onClose(): void;
  onDeleted(outcome: DeleteOutcome): void;
}) {
  const [reason, setReason] = useState<DeleteReason | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsNote = reason === 'other' && note.trim() === '';

  const confirm = async () => {
    if (!reason || needsNote) return;
    setBusy(true);
    const r = await bridge.invoke('documents:delete', { documentId, reason, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (r.ok) onDeleted({ reason, jobId: r.value.jobId });
    else setError(r.error.message);
  };

  return (
    <Modal title="Eliminare il documento dal Fascicolo?" onClose={onClose} testId="delete-dialog">
      <p>Il documento viene tolto dal Fascicolo Sanitario Elettronico del paziente. L’eliminazione non si può annullare.</p>
      <fieldset>
        <legend>Motivo</legend>
        {DELETE_REASONS.map((r) => (
          <label key={r} className="checkbox">
            <input type="radio" name="delete-reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
            {DELETE_REASON_LABELS[r]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="delete-note">Nota{reason === 'other' ? '' : ' (facoltativa)'}</label>
        <textarea id="delete-note" rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} aria-describedby="delete-note-hint" />
        <p className="hint" id="delete-note-hint">
          {reason === 'other' ? 'Scrivere il motivo: resta nello storico del documento.' : 'Resta nello storico del documento.'}
        </p>
      </div>
      {reason === 'wrong-patient' && (
        <p className="notice tone-info" data-testid="wrong-patient-help">
          Dopo l’eliminazione si apre «Nuovo referto» con lo stesso contenuto: scegliere il paziente giusto, controllare, firmare e inviare.
        </p>
      )}
      {error && (
        <p className="notice tone-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions compact">
        <button type="button" className="primary danger" disabled={!reason || needsNote || busy} onClick={() => void confirm()}>
          {busy ? 'Eliminazione…' : reason === 'wrong-patient' ? 'Elimina e prepara il referto corretto' : 'Elimina il documento'}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Annulla
        </button>
      </div>
    </Modal>
  );
}

/** The form's values: strings for 'one' and 'date', lists for 'many'. */
type MetadataValues = Partial<Record<keyof MetadataUpdate, string | string[]>>;

function initialValues(fields: MetadataField[], current: MetadataUpdate | undefined): MetadataValues {
  const v: MetadataValues = {};
  for (const f of fields) {
    const c = current?.[f.key];
    v[f.key] = f.input === 'many' ? (Array.isArray(c) ? c : []) : typeof c === 'string' ? c : '';
  }
  return v;
}

/**
 * An empty select or date means «leave as it is»; the checkboxes start from the current choice, so they are sent as
 * shown (none ticked is a choice too).
 */
function toUpdate(fields: MetadataField[], values: MetadataValues): MetadataUpdate {
  const out: Record<string, string | string[]> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (Array.isArray(v) || v) out[f.key] = v;
  }
  return out as MetadataUpdate;
}

/** Whether the update changes anything the document was last sent with (ticked boxes compared in any order). */
function changes(update: MetadataUpdate, current: MetadataUpdate | undefined): boolean {
  const norm = (v: unknown): string => JSON.stringify(Array.isArray(v) ? [...(v as string[])].sort() : (v ?? null));
  return (Object.keys(update) as Array<keyof MetadataUpdate>).some((k) => {
    const c = current?.[k];
    const u = update[k];
    // Nothing ticked where nothing was recorded is no change.
    if (Array.isArray(u) && u.length === 0 && c === undefined) return false;
    return norm(u) !== norm(c);
  });
}

export function MetadataDialog({
  bridge,
  documentId,
  onClose,
  onQueued,
}: {
  bridge: FseDeskBridge;
  documentId: number;
  onClose(): void;
  onQueued(jobId: number): void;
}) {
  const [options, setOptions] = useState<DocumentsMetadataOptionsResponse | null>(null);
  const [values, setValues] = useState<MetadataValues>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void bridge.invoke('documents:metadata-options', { documentId }).then((r) => {
      if (r.ok) {
        setOptions(r.value);
        setValues(initialValues(r.value.fields, r.value.current));
      } else setError(r.error.message);
    });
  }, [bridge, documentId]);

  const confirm = async () => {
    if (!options) return;
    const metadata = toUpdate(options.fields, values);
    if (!changes(metadata, options.current)) return setError('Nessun valore è cambiato: scegliere che cosa aggiornare.');
    setBusy(true);
    const r = await bridge.invoke('documents:update-metadata', { documentId, metadata });
    setBusy(false);
    if (r.ok) onQueued(r.value.jobId);
    else setError(r.error.message);
  };

  const set = (key: keyof MetadataUpdate, v: string | string[]) => setValues((old) => ({ ...old, [key]: v }));

  return (
    <Modal title="Aggiorna i metadati del documento" onClose={onClose} testId="metadata-dialog">
      <p>Il documento firmato non cambia: si aggiornano solo le informazioni con cui il Fascicolo lo classifica.</p>
      {!options && !error && <p className="muted">Caricamento…</p>}
      {options?.fields.map((f) => {
        const id = `metadata-${f.key}`;
        const v = values[f.key];
        const help = f.help ? (
          <p className="hint" id={`${id}-help`}>
            {f.help}
          </p>
        ) : null;
        if (f.input === 'many') {
          const chosen = Array.isArray(v) ? v : [];
          return (
            <fieldset key={f.key} aria-describedby={f.help ? `${id}-help` : undefined}>
              <legend>{f.label}</legend>
              {f.options.map((o) => (
                <label key={o.code} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.includes(o.code)}
                    onChange={(e) => set(f.key, e.target.checked ? [...chosen, o.code] : chosen.filter((c) => c !== o.code))}
                  />
                  {o.display}
                </label>
              ))}
              {help}
            </fieldset>
          );
        }
        return (
          <div className="field" key={f.key}>
            <label htmlFor={id}>{f.label}</label>
            {f.input === 'date' ? (
              <input
                id={id}
                type="datetime-local"
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => set(f.key, e.target.value)}
                aria-describedby={f.help ? `${id}-help` : undefined}
              />
            ) : (
              <select
                id={id}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => set(f.key, e.target.value)}
                aria-describedby={f.help ? `${id}-help` : undefined}
              >
                <option value="">— non modificare —</option>
                {f.options.map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.display}
                  </option>
                ))}
              </select>
            )}
            {help}
          </div>
        );
      })}
      {error && (
        <p className="notice tone-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions compact">
        <button type="button" className="primary" disabled={!options || busy} onClick={() => void confirm()}>
          {busy ? 'Invio…' : 'Aggiorna i metadati'}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Annulla
        </button>
      </div>
    </Modal>
  );
}
