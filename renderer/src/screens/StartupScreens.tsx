// What the window shows when start-up could not open the data normally (contract/startup.ts):
// «Archivio non disponibile» with what happened, what to do, the file and the backups to restore;
// the banner of a read-only archive; and the passphrase that unlocks the archive's key.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { PASSPHRASE_MAX, PASSPHRASE_MIN, type BackupView, type FseDeskBridge, type StartupState, type StorageProblemView } from '../../../contract/api.js';
import { Field } from '../components/Field.js';
import { formatWrittenDate } from '../../../contract/format-it.js';
import type { Result } from '../../../contract/result.js';

type Bridge = FseDeskBridge;

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

function ProblemFacts({ problem }: { problem: StorageProblemView }) {
  return (
    <>
      <p className="lead" data-testid="storage-problem-title">
        <strong>{problem.title}.</strong>
      </p>
      <p data-testid="storage-problem-advice">{problem.advice}</p>
      <p>
        File del database:{' '}
        <code className="mono" data-testid="storage-problem-file">
          {problem.file}
        </code>
      </p>
    </>
  );
}

/** The whole window when the data could not be opened. Never changes the file by itself: the person chooses. */
export function StorageProblemScreen({
  bridge,
  state,
  onState,
}: {
  bridge: Bridge;
  state: Extract<StartupState, { kind: 'storage-problem' }>;
  onState(s: StartupState): void;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const run = async (call: () => Promise<Result<StartupState>>) => {
    setBusy(true);
    setMessage(null);
    const r = await call();
    setBusy(false);
    setConfirming(null);
    if (!r.ok) return setMessage(r.error.message);
    if (r.value.kind === 'storage-problem') setMessage('Il problema non è ancora risolto.');
    onState(r.value);
  };

  const restore = (b: BackupView) => run(() => bridge.invoke('app:restoreBackup', { name: b.name }));
  const retry = () => run(() => bridge.invoke('app:retryStartup', undefined));

  return (
    <main className="content startup-problem" aria-labelledby="storage-problem-h1">
      <h1 id="storage-problem-h1">Archivio non disponibile</h1>
      <ProblemFacts problem={state.problem} />
      <p className="muted">Il file non viene modificato, riparato né cancellato senza una vostra scelta.</p>
      {message && (
        <p className="notice tone-error" role="alert" data-testid="storage-problem-message">
          {message}
        </p>
      )}
      {state.canRestore && <h2>Copie di sicurezza</h2>}
      {!state.canRestore ? null : state.backups.length === 0 ? (
        <p data-testid="no-backups">Nella cartella dei dati non ci sono copie di sicurezza da ripristinare.</p>
      ) : (
        <>
          <p>
            Ripristinando una copia, il database attuale viene messo da parte (non cancellato) e sostituito dalla copia scelta: ciò che è stato registrato dopo
            la copia non sarà presente.
          </p>
          <ul className="backup-list" data-testid="backup-list">
            {state.backups.map((b) => (
              <li key={b.name} className="backup-item" data-testid="backup-item">
                <span className="backup-when">Copia del {formatWrittenDate(b.day)}</span>
                <span className="muted">{formatSize(b.sizeBytes)}</span>
                {confirming === b.name ? (
                  <span className="backup-confirm">
                    <button type="button" className="primary" disabled={busy} onClick={() => void restore(b)}>
                      Conferma il ripristino
                    </button>
                    <button type="button" className="link" disabled={busy} onClick={() => setConfirming(null)}>
                      Annulla
                    </button>
                  </span>
                ) : (
                  <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(b.name)}>
                    Ripristina questa copia
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void retry()}>
          Riprova
        </button>
      </div>
    </main>
  );
}

/** Above the normal screens when the archive opened read-only: the lists show, sending is paused. */
export function ReadOnlyBanner({ bridge, problem, onState }: { bridge: Bridge; problem: StorageProblemView; onState(s: StartupState): void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const retry = async () => {
    setBusy(true);
    const r = await bridge.invoke('app:retryStartup', undefined);
    setBusy(false);
    if (!r.ok) return setMessage(r.error.message);
    setMessage(r.value.kind === 'read-only' ? 'Il problema non è ancora risolto.' : null);
    onState(r.value);
  };
  return (
    <div className="notice tone-warning read-only-banner" role="alert" data-testid="read-only-banner">
      <strong>Archivio in sola lettura: gli invii sono sospesi.</strong> {problem.title}. {problem.advice}{' '}
      <span className="muted">
        File: <code className="mono">{problem.file}</code>
      </span>{' '}
      <button type="button" className="secondary small" disabled={busy} onClick={() => void retry()}>
        Riprova
      </button>
      {message && <span className="read-only-message"> {message}</span>}
    </div>
  );
}

/**
 * The database key is wrapped by a passphrase typed once per session (a computer without a protected
 * keychain): the first time the person chooses it (typed twice), then enters it at every start.
 */
export function PassphraseScreen({
  bridge,
  state,
  onState,
}: {
  bridge: Bridge;
  state: Extract<StartupState, { kind: 'needs-passphrase' }>;
  onState(s: StartupState): void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ passphrase?: string; confirm?: string }>({});
  const passphraseRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const { firstTime } = state;

  // Focus goes to the field in error (and to the passphrase when the screen opens).
  useEffect(() => {
    if (errors.confirm && !errors.passphrase) confirmRef.current?.focus();
    else passphraseRef.current?.focus();
  }, [errors]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (passphrase.length < PASSPHRASE_MIN) return setErrors({ passphrase: `La frase segreta deve avere almeno ${PASSPHRASE_MIN} caratteri.` });
    if (passphrase.length > PASSPHRASE_MAX) return setErrors({ passphrase: `La frase segreta può avere al massimo ${PASSPHRASE_MAX} caratteri.` });
    if (firstTime && confirm !== passphrase) return setErrors({ confirm: 'Le due frasi non coincidono: riscriverle.' });
    setBusy(true);
    const r = await bridge.invoke('app:unlockDatabase', firstTime ? { passphrase, confirm } : { passphrase });
    setBusy(false);
    if (!r.ok) {
      setPassphrase('');
      setConfirm('');
      return setErrors(r.error.code === 'passphrase-mismatch' ? { confirm: r.error.message } : { passphrase: r.error.message });
    }
    onState(r.value);
  };

  return (
    <main className="content startup-problem" aria-labelledby="passphrase-h1">
      <h1 id="passphrase-h1">{firstTime ? 'Scegliere una frase segreta per proteggere l\u2019archivio' : 'Inserire la frase segreta dell\u2019archivio'}</h1>
      <p className="lead" data-testid="passphrase-why">
        Su questo computer non c’è un portachiavi protetto: la chiave dell’archivio è protetta da una frase segreta, richiesta a ogni avvio. Se la frase viene
        dimenticata i dati non sono recuperabili: conservarla come le password dei certificati.
      </p>
      <form className="passphrase-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field
          id="passphrase"
          label={firstTime ? 'Nuova frase segreta' : 'Frase segreta'}
          {...(firstTime ? { hint: `Almeno ${PASSPHRASE_MIN} caratteri; meglio alcune parole che solo voi ricordate.` } : {})}
          {...(errors.passphrase ? { error: errors.passphrase } : {})}
        >
          {(p) => (
            <input
              {...p}
              ref={passphraseRef}
              type="password"
              autoComplete={firstTime ? 'new-password' : 'current-password'}
              maxLength={PASSPHRASE_MAX}
              value={passphrase}
              disabled={busy}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          )}
        </Field>
        {firstTime && (
          <Field id="passphrase-confirm" label="Ripetere la frase segreta" {...(errors.confirm ? { error: errors.confirm } : {})}>
            {(p) => (
              <input
                {...p}
                ref={confirmRef}
                type="password"
                autoComplete="new-password"
                maxLength={PASSPHRASE_MAX}
                value={confirm}
                disabled={busy}
                onChange={(e) => setConfirm(e.target.value)}
              />
            )}
          </Field>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Apertura in corso…' : firstTime ? 'Proteggi e apri l\u2019archivio' : 'Apri l\u2019archivio'}
          </button>
        </div>
      </form>
    </main>
  );
}
