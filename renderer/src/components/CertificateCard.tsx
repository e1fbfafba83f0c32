import { useEffect, useState, type FormEvent } from 'react';
import { importCertificateRequest, type CertificateReportView, type CertificateSlotStatus, type FseDeskBridge } from '../../../contract/api.js';
import { Field } from './Field.js';
import { CARD_TEXT, daysLeftText, italianDate, slotBadge, splitProblems } from '../screens/certificate-view-model.js';

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
  const text = CARD_TEXT[role];
  const [path, setPath] = useState('');
  const [password, setPassword] = useState('');
  const [sameFileForBoth, setSameFileForBoth] = useState(transitionMode);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [confirmRemove, setConfirmRemove] = useState(false);
  // A checked certificate keeps its replacement form folded away; anything else needs the form.
  const [formOpen, setFormOpen] = useState(slot.state !== 'checked');
  // Another card's import can change this one (transition mode): follow the new state.
  useEffect(() => {
    setFormOpen(slot.state !== 'checked');
    // Password asked again (a new session on a computer without a keychain): the same file is proposed.
    if (slot.state === 'password-needed' && slot.path) setPath(slot.path);
  }, [slot.state, slot.path]);
  const badge = slotBadge(slot);
  const id = (name: string) => `${role}-${name}`;

  async function chooseFile() {
    const r = await bridge.invoke('certificates:choose-file', { role });
    if (r.ok && r.value.path) {
      setPath(r.value.path);
      setErrors(({ path: _p, ...rest }) => rest);
    } else if (!r.ok) {
      setStatus({ kind: 'error', message: r.error.message, details: [] });
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const request = { role, path: path.trim(), password, ...(role === 'auth' && sameFileForBoth ? { sameFileForBoth: true } : {}) };
    // The password leaves the form at once, whatever the outcome.
    setPassword('');
    const checked = importCertificateRequest.safeParse(request);
    if (!checked.success) {
      const byField: Record<string, string> = {};
      for (const i of checked.error.issues) {
        const f = String(i.path[0] ?? '');
        if (!byField[f]) byField[f] = i.message;
      }
      setErrors(byField);
      setStatus({ kind: 'error', message: 'Controllare i campi evidenziati.', details: [] });
      return;
    }
    setErrors({});
    setStatus({ kind: 'busy' });
    const r = await bridge.invoke('certificates:import', checked.data);
    if (r.ok) {
      setPath('');
      setFormOpen(false);
      const warnings = r.value.report.problems.length;
      setStatus({
        kind: 'done',
        message: r.value.sameFileForBoth
          ? 'Certificato importato per autenticazione e firma dei token (modalità transitoria).'
          : `Certificato importato e verificato${warnings ? ': leggere gli avvisi' : ''}.`,
      });
      await onChanged();
    } else {
      const { byField, general } = splitProblems(r.error.problems);
      setErrors(byField);
      setStatus({ kind: 'error', message: r.error.message, details: general });
    }
  }

  async function remove() {
    setConfirmRemove(false);
    const r = await bridge.invoke('certificates:remove', { role });
    setStatus(
      r.ok ? { kind: 'done', message: 'Certificato rimosso: la password è stata cancellata.' } : { kind: 'error', message: r.error.message, details: [] },
    );
    if (r.ok) setFormOpen(true);
    await onChanged();
  }

  return (
    <section className="cert-card" aria-labelledby={id('title')} data-testid={`cert-card-${role}`}>
      <header className="cert-card-head">
        <h2 id={id('title')}>
          {text.title}
          {text.code && <span className="cert-code">{text.code}</span>}
        </h2>
        <span className={`cert-badge tone-${badge.tone}`} data-testid={`cert-badge-${role}`}>
          {badge.label}
        </span>
      </header>
      <p className="hint cert-description">{text.description}</p>

      {slot.state === 'checked' && slot.report ? (
        <CertificateDetails report={slot.report} path={slot.path} />
      ) : (
        <div className={`cert-state tone-${badge.tone}`}>
          <p>{slot.message}</p>
          {slot.path && (
            <p className="cert-path">
              File: <code>{slot.path}</code>
            </p>
          )}
        </div>
      )}

      {formOpen && (
        <form className="cert-import" onSubmit={onSubmit} noValidate aria-label={`Importa il certificato: ${text.title}`}>
          <h3>
            {slot.state === 'password-needed' ? 'Inserisci la password del certificato' : slot.path ? 'Sostituisci il certificato' : 'Importa il certificato'}
          </h3>
          {chooseFileSupported ? (
            <div className={`field${errors.path ? ' has-error' : ''}`}>
              <span className="label">File del certificato (.p12/.pfx)</span>
              <div className="file-choice">
                <button type="button" className="secondary" onClick={() => void chooseFile()} disabled={!canImport}>
                  Scegli file…
                </button>
                <span className="chosen-file" data-testid={`cert-chosen-${role}`}>
                  {path || 'Nessun file scelto'}
                </span>
              </div>
              {errors.path && (
                <p className="error" role="alert" data-field-error={id('path')}>
                  {errors.path}
                </p>
              )}
            </div>
          ) : (
            <Field
              id={id('path')}
              label="Percorso del file del certificato (.p12/.pfx)"
              hint={`Il percorso completo, ad esempio ${text.examplePath}.`}
              error={errors.path}
            >
              {(a) => (
                <input type="text" value={path} onChange={(e) => setPath(e.target.value)} autoComplete="off" spellCheck={false} disabled={!canImport} {...a} />
              )}
            </Field>
          )}
          <Field
            id={id('password')}
            label="Password del certificato"
            hint={
              secretsProtected
                ? 'La password viene conservata in modo protetto su questo computer e non viene mai mostrata.'
                : 'La password resta in memoria fino alla chiusura del programma e non viene mai mostrata.'
            }
            error={errors.password}
          >
            {(a) => <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" disabled={!canImport} {...a} />}
          </Field>
          {role === 'auth' && (
            <label className="checkbox">
              <input type="checkbox" checked={sameFileForBoth} onChange={(e) => setSameFileForBoth(e.target.checked)} disabled={!canImport} />
              Usa lo stesso certificato per autenticazione e firma (modalità transitoria regionale)
            </label>
          )}
          <div className="actions cert-actions">
            <button type="submit" className="primary" disabled={!canImport || status.kind === 'busy'}>
              {status.kind === 'busy' ? 'Verifica in corso…' : 'Importa certificato'}
            </button>
            {slot.state === 'checked' && (
              <button type="button" className="secondary" onClick={() => setFormOpen(false)}>
                Annulla
              </button>
            )}
          </div>
        </form>
      )}
      {(!formOpen || slot.path) && (
        <div className="actions cert-actions">
          {!formOpen && (
            <button type="button" className="secondary" onClick={() => setFormOpen(true)}>
              Sostituisci il certificato
            </button>
          )}
          {slot.path &&
            (confirmRemove ? (
              <span className="confirm">
                Rimuovere il certificato e cancellarne la password?{' '}
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
      <div role="status" aria-live="polite" className={`status ${status.kind === 'done' ? 'saved' : status.kind}`} data-testid={`cert-status-${role}`}>
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

function CertificateDetails({ report, path }: { report: CertificateReportView; path: string | null }) {
  return (
    <>
      <dl className="cert-details">
        <dt>Intestatario (CN)</dt>
        <dd data-testid="cert-cn">{report.commonName ?? '—'}</dd>
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
        <dd>{daysLeftText(report.daysLeft)}</dd>
        {path && (
          <>
            <dt>File</dt>
            <dd className="mono">{path}</dd>
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
