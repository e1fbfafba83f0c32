import { useState, type DragEvent } from 'react';
import type { FseDeskBridge, ReportsImportPdfResponse } from '../../../../contract/api.js';
import { IMPORT_PDF_MAX_BYTES } from '../../../../contract/reports.js';
import { REPORT_KIND_LABELS, REPORT_KINDS, type ReportKind } from '../../../../contract/report-form.js';
import { PdfView } from '../../components/PdfView.js';

function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

interface ImportPdfStepProps {
  bridge: FseDeskBridge;
  onCancel: () => void;
  onImported: (imported: ReportsImportPdfResponse, kind: ReportKind) => void;
}

/**
 * «Importa un PDF esistente»: the clinic's own PDF is checked by the main process first (not encrypted, not signed,
 * readable); then it is shown and the user picks which kind of report it is, to add the structured data.
 */
export function ImportPdfStep({ bridge, onCancel, onImported }: ImportPdfStepProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<{ result: ReportsImportPdfResponse; pdfBase64: string } | null>(null);
  const [kind, setKind] = useState<ReportKind>('RSA');
  const [dragging, setDragging] = useState(false);

  async function take(file: File | undefined) {
    if (!file) return;
    setError(null);
    setImported(null);
    if (file.size > IMPORT_PDF_MAX_BYTES) return setError('Il file supera 20 MB: non sembra il PDF di un referto.');
    setBusy(true);
    const pdfBase64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    const r = await bridge.invoke('reports:import-pdf', { fileName: file.name, pdfBase64 });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setImported({ result: r.value, pdfBase64 });
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void take(e.dataTransfer.files[0]);
  };

  return (
    <section className="import-pdf">
      <h1>Importa un PDF esistente</h1>
      <p className="lead">
        Il referto già scritto con il programma della struttura: l’app controlla che sia leggibile, non protetto da password e non ancora firmato, poi si
        aggiungono i dati del paziente e del referto.
      </p>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="import-pdf-file" className="label">
          File PDF del referto
        </label>
        <input
          id="import-pdf-file"
          type="file"
          accept="application/pdf,.pdf"
          aria-describedby="import-pdf-hint"
          onChange={(e) => void take(e.target.files?.[0])}
        />
        <p className="hint" id="import-pdf-hint">
          Scegliere il file, oppure trascinarlo qui.
        </p>
      </div>
      {busy && <p role="status">Controllo del PDF…</p>}
      {error && (
        <p className="notice tone-error" role="alert">
          {error}
        </p>
      )}
      {imported && (
        <>
          <p className="notice tone-ok" role="status">
            PDF accettato: {imported.result.fileName}, {imported.result.pageCount} {imported.result.pageCount === 1 ? 'pagina' : 'pagine'}.
          </p>
          <div className="field">
            <label htmlFor="import-kind">Che tipo di referto è?</label>
            <select id="import-kind" value={kind} onChange={(e) => setKind(e.target.value as ReportKind)}>
              {REPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {REPORT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <div className="actions">
        {imported && (
          <button type="button" className="primary" onClick={() => onImported(imported.result, kind)}>
            Continua con i dati del referto
          </button>
        )}
        <button type="button" className="secondary" onClick={onCancel}>
          Annulla
        </button>
      </div>
      {imported && <PdfView pdfBase64={imported.pdfBase64} title={`PDF importato ${imported.result.fileName}`} />}
    </section>
  );
}
