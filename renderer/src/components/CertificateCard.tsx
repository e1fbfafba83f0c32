import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  MAX_PASSWORD_LENGTH,
  type CertificateFileHandle,
  type CertificateReportView,
  type CertificateSlotStatus,
  type FseDeskBridge,
} from '../../../contract/api.js';
import { Field } from './Field.js';
import { CertificateFilePicker } from './CertificateFilePicker.js';
import { cardTextFor, daysLeftText, italianDate, slotBadge, slotKey, splitProblems } from '../screens/certificate-view-model.js';

interface Props {
  bridge: FseDeskBridge;
  slot: CertificateSlotStatus;
  chooseFileSupported: boolean;
  transitionMode: boolean;
  /** Importing needs a saved profile: without it the form is disabled. */
  canImport: boolean;
  /** False without a protected keychain: the password is kept until the program closes, not saved. */
  secretsProtected: boolean;
  /** Called after an import or a removal, so the screen reloads every card (the transition mode touches two). */
  onChanged(): Promise<void>;
}

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; message: string; details: string[] };

export function CertificateCard({ bridge, slot, chooseFileSupported, transitionMode, canImport, secretsProtected, onChanged }: Props) {
  const role = slot.role;
  const text = cardTextFor(slot);
  const key = slotKey(role);
  // The chosen file, held in main under this handle; kept after a failed import so only the password is retyped.
  const [file, setFile] = useState<CertificateFileHandle | null>(null);
  const [password, setPassword] = useState('');
  const [sameFileForBoth, setSameFileForBoth] = useState(transitionMode);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [confirmRemove, setConfirmRemove] = useState(false);
  // A file being read and handed to main: the import waits for its handle.
  const [fileBusy, setFileBusy] = useState(false);
  // A checked certificate keeps its replacement form folded away; anything else needs the form.
  const [formOpen, setFormOpen] = useState(slot.state !== 'checked');
  const fileButton = useRef<HTMLButtonElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const replaceButton = useRef<HTMLButtonElement>(null);
  // Where the focus goes once the form has been drawn (it is not in the DOM yet when the button is pressed).
  const [focusNext, setFocusNext] = useState<'file' | 'password' | 'replace' | null>(null);
  // Another card's import can change this one (transition mode): follow the new state.
  useEffect(() => {
    setFormOpen(slot.state !== 'checked');
  }, [slot.state]);
  useEffect(() => {
    if (!focusNext) return;
    const target = { file: fileButton, password: passwordInput, replace: replaceButton }[focusNext].current;
    if (target) {
      target.focus();
      setFocusNext(null);
    }
  }, [focusNext, formOpen]);
  const badge = slotBadge(slot);
  const id = (name: string) => `${key}-${name}`;
  const reportSigner = slot.passwordAtSigning === true;
  // Password asked again for the file already configured (a new session on a computer without a keychain).
  const reuseConfigured = slot.state === 'password-needed' && !reportSigner && slot.fileName !== null;
  const chosenName = file?.fileName ?? (reuseConfigured ? slot.fileName : null);

  function chosen(f: CertificateFileHandle) {
    setFile(f);
    setErrors(({ file: _f, ...rest }) => rest);
    setStatus({ kind: 'idle' });
    setFocusNext('password');
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    // The password leaves the form at once, whatever the outcome.
    const typed = password;
    setPassword('');
    const byField: Record<string, string> = {};
    if (!file && !reuseConfigured) byField.file = 'Scegliere il file del certificato (.p12/.pfx).';
    if (typed.length > MAX_PASSWORD_LENGTH) byField.password = 'Password troppo lunga.';
    if (Object.keys(byField).length > 0) {
      setErrors(byField);
      setStatus({ kind: 'error', message: 'Controllare i campi evidenziati.', details: [] });
      setFocusNext(byField.file ? 'file' : 'password');
      return;
    }
    setErrors({});
    setStatus({ kind: 'busy' });
    const r = await bridge.invoke('certificates:import', {
      role,
      ...(file ? { handle: file.handle } : {}),
      password: typed,
      ...(role === 'auth' && sameFileForBoth ? { sameFileForBoth: true } : {}),
    });
    if (r.ok) {
      setFile(null);
      setFormOpen(false);
      const warnings = r.value.report.problems.length;
      setStatus({
        kind: 'done',
        message: r.value.sameFileForBoth
          ? 'Certificato importato per autenticazione e firma dei token (modalità transitoria).'
          : `Certificato importato e verificato${warnings ? ': leggere gli avvisi' : ''}.`,
      });
      setFocusNext('replace');
      await onChanged();
    } else {
      const { byField: fields, general } = splitProblems(r.error.problems);
      // A file that is no longer held (too old, too many attempts) must be chosen again.
      if (r.error.code === 'file-gone') setFile(null);
      setErrors(fields);
      setStatus({ kind: 'error', message: r.error.message, details: general });
      setFocusNext(fields.file ? 'file' : 'password');
    }
  }

  async function remove() {
    setConfirmRemove(false);
    const r = await bridge.invoke('certificates:remove', { role });
    setStatus(
      r.ok
        ? { kind: 'done', message: reportSigner ? 'Certificato rimosso.' : 'Certificato rimosso: la password è stata cancellata.' }
        : { kind: 'error', message: r.error.message, details: [] },
    );
    if (r.ok) {
      setFormOpen(true);
      setFocusNext('file');
    }
    await onChanged();
  }

  const formTitle = reuseConfigured ? 'Inserisci la password del certificato' : slot.fileName ? 'Sostituisci il certificato' : 'Importa il certificato';
  return (
    <section className="cert-card" aria-labelledby={id('title')} data-testid={`cert-card-${key}`}>
      <header className="cert-card-head">
        <h3 id={id('title')}>
          {text.title}
          {text.code && <span className="cert-code">{text.code}</span>}
        </h3>
        <span className={`cert-badge tone-${badge.tone}`} data-testid={`cert-badge-${key}`}>
          {badge.label}
        </span>
      </header>
      <p className="hint cert-description">{text.description}</p>

      {slot.state === 'checked' && slot.report ? (
        <CertificateDetails report={slot.report} fileName={slot.fileName} />
      ) : (
        <div className={`cert-state tone-${badge.tone}`}>
          <p>{slot.message}</p>
          {slot.fileName && (
            <p className="cert-path">
              File: <code>{slot.fileName}</code>
            </p>
          )}
        </div>
      )}

      {formOpen && (
        <form className="cert-import" onSubmit={onSubmit} noValidate aria-label={`Importa il certificato: ${text.title}`}>
          <h4>{formTitle}</h4>
          <CertificateFilePicker
            bridge={bridge}
            role={role}
            idPrefix={key}
            chooseFileSupported={chooseFileSupported}
            disabled={!canImport}
            chosenName={chosenName}
            error={errors.file}
            onChosen={chosen}
            onError={(message) => {
              setErrors((e) => ({ ...e, file: message }));
              setFocusNext('file');
            }}
            onBusy={setFileBusy}
            buttonRef={fileButton}
          />
          <Field
            id={id('password')}
            label="Password del certificato"
            hint={
              reportSigner
                ? 'Serve solo a verificare il file: non viene conservata e sarà chiesta al momento della firma dei referti.'
                : secretsProtected
                  ? 'La password viene conservata in modo protetto su questo computer e non viene mai mostrata.'
                  : 'La password resta in memoria fino alla chiusura del programma e non viene mai mostrata.'
            }
            error={errors.password}
          >
            {(a) => (
              <input
                ref={passwordInput}
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="off"
                disabled={!canImport}
                {...a}
              />
            )}
          </Field>
          {role === 'auth' && (
            <label className="checkbox">
              <input type="checkbox" checked={sameFileForBoth} onChange={(e) => setSameFileForBoth(e.target.checked)} disabled={!canImport} />
              Usa lo stesso certificato per autenticazione e firma (modalità transitoria regionale)
            </label>
          )}
          <div className="actions cert-actions">
            <button type="submit" className="primary" disabled={!canImport || fileBusy || status.kind === 'busy'}>
              {status.kind === 'busy' ? 'Verifica in corso…' : 'Importa certificato'}
            </button>
            {slot.state === 'checked' && (
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setFormOpen(false);
                  setFile(null);
                  setErrors({});
                  setFocusNext('replace');
                }}
              >
                Annulla
              </button>
            )}
          </div>
        </form>
      )}
      {(!formOpen || slot.fileName) && (
        <div className="actions cert-actions">
          {!formOpen && (
            <button
              type="button"
              className="secondary"
              ref={replaceButton}
              onClick={() => {
                setFormOpen(true);
                setStatus({ kind: 'idle' });
                // Focus stays with the person: on the new form's file chooser.
                setFocusNext('file');
              }}
            >
              Sostituisci il certificato
            </button>
          )}
          {slot.fileName &&
            (confirmRemove ? (
              <span className="confirm">
                {reportSigner ? 'Rimuovere il certificato?' : 'Rimuovere il certificato e cancellarne la password?'}{' '}
                <button type="button" className="danger" onClick={() => void remove()}>
                  Sì, rimuovi
                </button>{' '}
                <button type="button" className="secondary" onClick={() => setConfirmRemove(false)}>
                  Annulla
                </button>
              </span>
            ) : (
              <button type="button" className="secondary" onClick={() => setConfirmRemove(true)}>
                Rimuovi
              </button>
            ))}
        </div>
      )}
      <div role="status" aria-live="polite" className={`status ${status.kind === 'done' ? 'saved' : status.kind}`} data-testid={`cert-status-${key}`}>
        {(status.kind === 'done' || status.kind === 'error') && <p>{status.message}</p>}
        {status.kind === 'error' && status.details.length > 0 && (
          <ul>
            {status.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function CertificateDetails({ report, fileName }: { report: CertificateReportView; fileName: string | null }) {
  return (
    <>
      <dl className="cert-details">
        <dt>Intestatario (CN)</dt>
        <dd data-testid="cert-cn">{report.commonName ?? '—'}</dd>
        {report.holderTaxCode && (
          <>
            <dt>Codice fiscale del titolare</dt>
            <dd className="mono" data-testid="cert-holder-tax-code">
              {report.holderTaxCode}
            </dd>
          </>
        )}
        <dt>Soggetto</dt>
        <dd>{report.subject ?? '—'}</dd>
        <dt>Emesso da</dt>
        <dd data-testid="cert-issuer">{report.issuer ?? '—'}</dd>
        <dt>Numero di serie</dt>
        <dd className="mono">{report.serialNumber ?? '—'}</dd>
        <dt>Tipo di chiave</dt>
        <dd data-testid="cert-key-type">{report.keyType ?? '—'}</dd>
        <dt>Validità</dt>
        <dd data-testid="cert-validity">
          dal {italianDate(report.notBefore)} al {italianDate(report.notAfter)}
        </dd>
        <dt>Giorni rimanenti</dt>
        <dd data-testid="cert-days-left">{daysLeftText(report.daysLeft)}</dd>
        {fileName && (
          <>
            <dt>File</dt>
            <dd className="mono">{fileName}</dd>
          </>
        )}
      </dl>
      {report.problems.length > 0 && (
        <ul className="cert-problems">
          {report.problems.map((p) => (
            <li key={p.code} className={`problem tone-${p.severity === 'error' ? 'error' : 'warning'}`}>
              <strong>{p.severity === 'error' ? 'Errore: ' : 'Avviso: '}</strong>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
