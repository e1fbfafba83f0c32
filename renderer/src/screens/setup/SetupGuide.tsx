// The first-run guide (issue 9): a visible checklist of five steps, each a panel. It reuses the screens
// where the work is done (profile, certificates, doctors and operators), so a step completed later from its
// own screen counts the same. The checklist comes from the main process (setup:status), computed from what is
// stored: the guide resumes wherever the person left it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FseDeskBridge, SessionState, SetupStatus, SetupStepId, TestCallResponse } from '../../../../contract/api.js';
import { personDisplayName } from '../../../../contract/people.js';
import { formatDateTimeSeconds } from '../../../../contract/format-it.js';
import { CertificatesScreen } from '../CertificatesScreen.js';
import { ProfileScreen } from '../ProfileScreen.js';
import { PeopleScreen } from '../people/PeopleScreen.js';
import { notifySessionChanged, onSessionChanged } from '../people/session-events.js';
import { FIX_STEP, STEP_LABELS, STEP_ORDER, firstOpenStep, nextStep, previousStep } from './setup-steps.js';

/** How often the open guide asks for the checklist again. */
const SETUP_POLL_MS = 3_000;

export interface SetupGuideProps {
  bridge: FseDeskBridge;
  status: SetupStatus;
  onStatus(status: SetupStatus): void;
  /** Every step done and the person asks to start working. */
  onFinish(): void;
}

export function SetupGuide({ bridge, status, onStatus, onFinish }: SetupGuideProps) {
  const [step, setStep] = useState<SetupStepId>(() => firstOpenStep(status));
  const panelTitle = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const refresh = useCallback(async () => {
    const r = await bridge.invoke('setup:status', undefined);
    if (r.ok) onStatus(r.value);
  }, [bridge, onStatus]);

  // An opened step takes the focus on its title (not at the first drawing: the page's own order applies there).
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    panelTitle.current?.focus();
    void refresh();
  }, [step, refresh]);
  useEffect(() => onSessionChanged(() => void refresh()), [refresh]);
  // Steps are also completed outside the panels (the top bar's operator picker, another window's save):
  // the checklist is asked again every few seconds, as the status bar does for the queue.
  useEffect(() => {
    const t = setInterval(() => void refresh(), SETUP_POLL_MS);
    return () => clearInterval(t);
  }, [refresh]);

  const done = (id: SetupStepId): boolean => status.steps.find((s) => s.id === id)?.done ?? false;
  const current = status.steps.find((s) => s.id === step);
  const next = nextStep(step);
  const previous = previousStep(step);
  const number = STEP_ORDER.indexOf(step) + 1;

  return (
    <div className="setup-guide" data-testid="setup-guide">
      <h1 id="setup-title">Configurazione guidata</h1>
      <p className="lead">
        Cinque passi per iniziare, con i documenti che la Regione e l&rsquo;ente certificatore hanno dato alla struttura. Si può interrompere in qualsiasi
        momento: al riavvio si riprende da dove si era rimasti.
      </p>
      <nav aria-label="Passi della configurazione">
        <ol className="setup-checklist" data-testid="setup-checklist">
          {status.steps.map((s, i) => (
            <li key={s.id} className={`setup-check${s.done ? ' done' : ''}${s.id === step ? ' current' : ''}`}>
              <button type="button" onClick={() => setStep(s.id)} aria-current={s.id === step ? 'step' : undefined} data-step={s.id} data-done={s.done}>
                <span className="setup-check-mark" aria-hidden="true">
                  {s.done ? '✓' : i + 1}
                </span>
                <span className="setup-check-title">{s.title}</span>
                <span className="setup-check-state">{s.done ? 'fatto' : 'da completare'}</span>
              </button>
            </li>
          ))}
        </ol>
      </nav>

      <section className="setup-panel" aria-labelledby="setup-step-title" data-testid={`setup-step-${step}`}>
        <h2 id="setup-step-title" ref={panelTitle} tabIndex={-1}>
          Passo {number} di {STEP_ORDER.length}: {STEP_LABELS[step]}
        </h2>
        {current && !current.done && current.missing && (
          <p className="notice tone-info" data-testid="setup-step-missing">
            {current.missing}
          </p>
        )}
        {step === 'mode' && <ModeStep bridge={bridge} status={status} onStatus={onStatus} />}
        {step === 'profile' && <ProfileScreen bridge={bridge} />}
        {step === 'certificates' && <CertificatesScreen bridge={bridge} onOpenProfile={() => setStep('profile')} />}
        {step === 'operators' && <OperatorsStep bridge={bridge} operatorsDone={done('operators')} onChanged={() => void refresh()} />}
        {step === 'test-call' && <TestCallStep bridge={bridge} status={status} onStatus={onStatus} onFix={setStep} />}
      </section>

      <div className="setup-nav">
        {previous && (
          <button type="button" className="secondary" onClick={() => setStep(previous)}>
            Indietro
          </button>
        )}
        {next && (
          <button type="button" className={done(step) ? 'primary' : 'secondary'} onClick={() => setStep(next)}>
            Avanti: {STEP_LABELS[next]}
          </button>
        )}
        {status.complete && (
          <button type="button" className="primary" onClick={onFinish} data-testid="setup-finish">
            Inizia a lavorare
          </button>
        )}
      </div>
    </div>
  );
}

function ModeStep({ bridge, status, onStatus }: { bridge: FseDeskBridge; status: SetupStatus; onStatus(s: SetupStatus): void }) {
  const [busy, setBusy] = useState<'training' | 'real' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = async (mode: 'training' | 'real') => {
    setBusy(mode);
    setError(null);
    const wasTraining = status.mode === 'training';
    const r = await bridge.invoke('setup:choose-mode', { mode });
    setBusy(null);
    if (!r.ok) return setError(r.error.message);
    // The other mode is another data folder: every screen must read it afresh, so the page starts again
    // (the guide reopens at the first step still to do).
    if ((mode === 'training') !== wasTraining) window.location.reload();
    else onStatus(r.value);
  };
  return (
    <div className="mode-choice">
      <p>Come si vuole usare FSE Desk su questo computer?</p>
      <div className="mode-options" role="group" aria-label="Modalità di lavoro">
        <button
          type="button"
          className={`mode-option training${status.mode === 'training' ? ' chosen' : ''}`}
          aria-pressed={status.mode === 'training'}
          disabled={busy !== null}
          onClick={() => void choose('training')}
          data-testid="mode-training"
        >
          <strong>Prova</strong>
          <span>
            Per imparare: una struttura di esempio, medici e operatori fittizi e un gateway di prova dentro il programma. Non serve nessun documento e nulla
            arriva alla Regione.
          </span>
        </button>
        <button
          type="button"
          className={`mode-option${status.mode === 'real' ? ' chosen' : ''}`}
          aria-pressed={status.mode === 'real'}
          disabled={busy !== null}
          onClick={() => void choose('real')}
          data-testid="mode-real"
        >
          <strong>Collaudo o produzione</strong>
          <span>
            Per lavorare davvero con il gateway della Regione Toscana: servono i dati della struttura e i certificati rilasciati per la struttura.
            L&rsquo;archivio è separato da quello di prova.
          </span>
        </button>
      </div>
      {busy === 'training' && (
        <p className="notice tone-info" role="status">
          Avvio della modalità prova…
        </p>
      )}
      {error && (
        <p className="notice tone-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The clinic's people (doctors and operators), then who is working now. */
function OperatorsStep({ bridge, operatorsDone, onChanged }: { bridge: FseDeskBridge; operatorsDone: boolean; onChanged(): void }) {
  const [session, setSession] = useState<SessionState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await bridge.invoke('session:get', undefined);
    if (r.ok) setSession(r.value);
    else setError(r.error.message);
  }, [bridge]);
  // Read again when the checklist says the step changed: the top bar's picker may have chosen someone.
  useEffect(() => {
    void load();
    return onSessionChanged(() => void load());
  }, [load, operatorsDone]);
  const choose = async (fiscalCode: string) => {
    const r = await bridge.invoke('session:set-operator', { fiscalCode });
    if (!r.ok) return setError(r.error.message);
    setSession(r.value);
    setError(null);
    notifySessionChanged();
    onChanged();
  };
  return (
    <div>
      <PeopleScreen bridge={bridge} embedded />
      <h3 id="who-works-title">Chi sta lavorando adesso?</h3>
      {session && session.operators.length === 0 && <p>Aggiungere prima almeno un operatore nell&rsquo;elenco qui sopra.</p>}
      {session && session.operators.length > 0 && (
        <ul className="who-works" aria-labelledby="who-works-title">
          {session.operators.map((o) => {
            const chosen = session.operator?.fiscalCode === o.fiscalCode;
            return (
              <li key={o.fiscalCode}>
                <button
                  type="button"
                  className={chosen ? 'primary' : 'secondary'}
                  aria-pressed={chosen}
                  onClick={() => void choose(o.fiscalCode)}
                  data-testid="who-works-choice"
                >
                  {personDisplayName(o)}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p className="notice tone-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function TestCallStep({
  bridge,
  status,
  onStatus,
  onFix,
}: {
  bridge: FseDeskBridge;
  status: SetupStatus;
  onStatus(s: SetupStatus): void;
  onFix(step: SetupStepId): void;
}) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestCallResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result || error) resultRef.current?.focus();
  }, [result, error]);
  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    const r = await bridge.invoke('setup:test-call', undefined);
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setResult(r.value);
    onStatus(r.value.status);
  };
  const fix = result && !result.ok ? FIX_STEP[result.problem] : undefined;
  return (
    <div>
      <p>
        Una chiamata innocua al gateway (la ricerca di una transazione che non esiste) verifica insieme l&rsquo;indirizzo, il certificato del server, il
        certificato di autenticazione della struttura e i token. Non invia né modifica documenti.
      </p>
      {status.testCall && !result && (
        <p className="notice tone-ok" data-testid="test-call-previous">
          Ultima chiamata riuscita il {formatDateTimeSeconds(new Date(status.testCall.at))}, identificativo X-CART-id <code>{status.testCall.xCartId}</code>.
        </p>
      )}
      <button type="button" className="primary" onClick={() => void run()} disabled={busy} data-testid="test-call-run">
        {busy ? 'Chiamata in corso…' : 'Esegui la chiamata di prova'}
      </button>
      <div ref={resultRef} tabIndex={-1} className="test-call-result" aria-live="polite">
        {result?.ok && (
          <p className="notice tone-ok" data-testid="test-call-ok">
            Chiamata riuscita: il gateway ha risposto. Identificativo X-CART-id <code data-testid="test-call-xcartid">{result.record.xCartId}</code> (da
            comunicare all&rsquo;assistenza della Regione se servisse).
          </p>
        )}
        {result && !result.ok && (
          <div className="notice tone-error" role="alert" data-testid="test-call-problem" data-problem={result.problem}>
            <p>{result.message}</p>
            {result.xCartId && (
              <p>
                Identificativo X-CART-id della risposta: <code>{result.xCartId}</code>
              </p>
            )}
            {fix && (
              <button type="button" className="secondary" onClick={() => onFix(fix)}>
                Vai al passo «{STEP_LABELS[fix]}»
              </button>
            )}
          </div>
        )}
        {error && (
          <p className="notice tone-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
