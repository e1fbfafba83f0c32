import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ReportsPreviewResponse, ReportsSignResponse } from '../../../../contract/api.js';
import type { ReportProblem } from '../../../../contract/report-form.js';
import { PdfView } from '../../components/PdfView.js';
import type { FormApi } from './form-api.js';

type Ready = Extract<ReportsPreviewResponse, { ready: true }>;
type PreviewState = { kind: 'loading' } | { kind: 'ready'; preview: Ready } | { kind: 'error'; message: string };

interface PreviewStepProps {
  api: FormApi;
  draftId: number | undefined;
  /** The preview found errors: the guide goes back to the first step holding one. */
  onProblems: (problems: ReportProblem[]) => void;
  onSigned: (signed: ReportsSignResponse) => void;
}

/** Step 4: the exact PDF that will be signed, who signs it, and the signature (password asked here, kept by main). */
export function PreviewStep({ api, draftId, onProblems, onSigned }: PreviewStepProps) {
  const { bridge, form } = api;
  const [state, setState] = useState<PreviewState>({ kind: 'loading' });
  const [dialogOpen, setDialogOpen] = useState(false);
  const [signing, setSigning] = useState(false);
  const [signError, setSignError] = useState<string | null>(null);
  // «Modalità prova»: the demo certificate's password, shown in the dialog (absent in real use).
  const [trainingPassword, setTrainingPassword] = useState<string | undefined>(undefined);
  useEffect(() => {
    void bridge.invoke('setup:status', undefined).then((r) => {
      if (r.ok) setTrainingPassword(r.value.trainingPassword);
    });
  }, [bridge]);
  // The preview is of the form as it was when the step opened; the form cannot change on this step.
  const formRef = useRef(form);

  const loadPreview = useCallback(async () => {
    setState({ kind: 'loading' });
    const r = await bridge.invoke('reports:preview', { form: formRef.current, ...(draftId ? { draftId } : {}) });
    if (!r.ok) return setState({ kind: 'error', message: r.error.message });
    if (!r.value.ready) return onProblems(r.value.problems);
    setState({ kind: 'ready', preview: r.value });
  }, [bridge, draftId, onProblems]);

  useEffect(() => {
    void loadPreview();
  }, [loadPreview]);

  async function sign(password?: string, keep?: boolean): Promise<boolean> {
    if (state.kind !== 'ready') return false;
    setSigning(true);
    setSignError(null);
    const r = await bridge.invoke('reports:sign', {
      previewId: state.preview.previewId,
      ...(password !== undefined ? { password, keepPasswordForSession: Boolean(keep) } : {}),
      ...(draftId ? { draftId } : {}),
    });
    setSigning(false);
    if (r.ok) {
      setDialogOpen(false);
      onSigned(r.value);
      return true;
    }
    if (r.error.code === 'password-required') {
      setDialogOpen(true);
      return false;
    }
    if (r.error.code === 'preview-expired') {
      setDialogOpen(false);
      setSignError('L’anteprima è scaduta: è stata rigenerata, controllarla e firmare di nuovo.');
      await loadPreview();
      return false;
    }
    if (r.error.code === 'validation') {
      setDialogOpen(false);
      const problems = (r.error.problems ?? []).map((p): ReportProblem => ({ field: p.path, message: p.message, severity: 'error' }));
      if (problems.length) onProblems(problems);
    }
    setSignError(r.error.message);
    return false;
  }

  if (state.kind === 'loading')
    return (
      <section className="report-step" aria-busy="true">
        <p role="status">Preparazione dell’anteprima del referto…</p>
      </section>
    );
  if (state.kind === 'error')
    return (
      <section className="report-step">
        <p className="notice tone-error" role="alert">
          {state.message}
        </p>
        <button type="button" className="secondary" onClick={() => void loadPreview()}>
          Riprova
        </button>
      </section>
    );

  const { preview } = state;
  const signer = preview.signer;
  // The signer mismatch is said next to the signature, not twice.
  const warnings = preview.problems.filter((p) => p.severity === 'warning' && !(p.field === 'doctorId' && signer && !signer.matchesDoctor));
  return (
    <section className="report-step preview-step">
      <p className="lead">Questo è il PDF esatto che verrà firmato e pubblicato sul Fascicolo.</p>
      {warnings.length > 0 && (
        <div className="notice tone-warning" role="status">
          <p>Da controllare (non impediscono la firma):</p>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="signature-box">
        <p className="signature-note" data-testid="signature-note">
          {preview.signatureNote}
        </p>
        {signer ? (
          <p className="muted">
            Certificato di firma {signer.owner === 'doctor' ? 'del medico' : 'della struttura'}: {signer.name}
            {signer.fiscalCode ? ` (${signer.fiscalCode})` : ''}.
          </p>
        ) : (
          <p className="notice tone-error" role="alert">
            Nessun certificato di firma utilizzabile per questo medico: importarlo in «Certificati».
          </p>
        )}
        {signer && !signer.matchesDoctor && (
          <p className="notice tone-warning" role="status" data-testid="signer-warning">
            Il certificato di firma non è intestato al medico refertante: il referto risulterà firmato da {signer.name}.
          </p>
        )}
      </div>
      {signError && (
        <p className="notice tone-error" role="alert">
          {signError}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!signer || signing}
          onClick={() => {
            if (signer?.passwordKnown) void sign();
            else setDialogOpen(true);
          }}
        >
          {signing ? 'Firma in corso…' : 'Firma e pubblica'}
        </button>
      </div>
      <PdfView pdfBase64={preview.pdfBase64} title={`Anteprima del referto ${preview.fileName}`} />
      {dialogOpen && signer && (
        <SignDialog
          signerName={signer.name}
          trainingPassword={trainingPassword}
          busy={signing}
          error={signError}
          onCancel={() => setDialogOpen(false)}
          onSign={(pw, keep) => sign(pw, keep)}
        />
      )}
    </section>
  );
}

interface SignDialogProps {
  signerName: string;
  trainingPassword: string | undefined;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onSign: (password: string, keep: boolean) => Promise<boolean>;
}

/**
 * The password of the signing certificate. The field is uncontrolled and emptied as soon as it is read: the password
 * never sits in React state; only the main process keeps it, and only when «Ricorda per questa sessione» is ticked.
 */
function SignDialog({ signerName, trainingPassword, busy, error, onCancel, onSign }: SignDialogProps) {
  const passwordRef = useRef<HTMLInputElement>(null);
  const keepRef = useRef<HTMLInputElement>(null);

  const dialogRef = useRef<HTMLDialogElement>(null);

  // A native modal dialog: the page behind is inert (focus cannot leave it), Escape cancels.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    passwordRef.current?.focus();
    return () => dialog?.close();
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const input = passwordRef.current;
    if (!input) return;
    const password = input.value;
    input.value = '';
    const ok = await onSign(password, keepRef.current?.checked ?? false);
    if (!ok) passwordRef.current?.focus();
  }

  return (
    <dialog
      ref={dialogRef}
      className="modal"
      aria-labelledby="sign-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="sign-dialog-title">Firma del referto</h2>
      <form onSubmit={(e) => void onSubmit(e)}>
        <p>Firma digitale con il certificato di {signerName}.</p>
        {trainingPassword && (
          <p className="notice" data-testid="training-password">
            Modalità prova: la password del certificato dimostrativo è <code className="mono">{trainingPassword}</code>
          </p>
        )}
        <div className={`field${error ? ' has-error' : ''}`}>
          <label htmlFor="sign-password">Password del certificato di firma</label>
          <input
            id="sign-password"
            ref={passwordRef}
            type="password"
            autoComplete="off"
            aria-invalid={Boolean(error)}
            {...(error ? { 'aria-describedby': 'sign-password-error' } : {})}
          />
          {error && (
            <p className="error" id="sign-password-error">
              {error}
            </p>
          )}
        </div>
        <label className="checkbox">
          <input ref={keepRef} type="checkbox" /> Ricorda per questa sessione (fino alla chiusura dell’app)
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Firma in corso…' : 'Firma'}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Annulla
          </button>
        </div>
      </form>
    </dialog>
  );
}
