// Who is working, in the top bar, with «Cambia operatore»; and «Chi sta lavorando?» at start, when the
// clinic lists operators and nobody is chosen for this session. A selection, not a log-in: the chosen
// person becomes the `sub` and `subject_role` of every call (session:set-operator).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FseDeskBridge, SessionState } from '../../../contract/api.js';
import { personDisplayName } from '../../../contract/people.js';
import { SUBJECT_ROLE_VALUES } from '../../../contract/value-sets.js';
import { onSessionChanged } from '../screens/people/session-events.js';

const roleName = (code: string): string => SUBJECT_ROLE_VALUES.find((e) => e.code === code)?.display ?? code;

interface PickerProps {
  session: SessionState;
  /** Absent while nobody is chosen: the question must be answered (Escape does not close it). */
  onCancel?: () => void;
  onChoose(fiscalCode: string): Promise<string | null>;
}

/** The modal list of operators. A native <dialog>: the browser keeps the focus inside it. */
export function OperatorPicker({ session, onCancel, onChoose }: PickerProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // showModal focuses the first choice; the person operating now, when there is one, is the natural start.
    d?.querySelector<HTMLElement>('[aria-current="true"]')?.focus();
    return () => d?.close();
  }, []);
  async function choose(fiscalCode: string) {
    setBusy(true);
    setError(await onChoose(fiscalCode));
    setBusy(false);
  }
  return (
    <dialog
      ref={ref}
      className="modal operator-picker"
      aria-labelledby="operator-picker-title"
      aria-describedby="operator-picker-lead"
      data-testid="operator-picker"
      onCancel={(e) => {
        e.preventDefault();
        onCancel?.();
      }}
    >
      <h2 id="operator-picker-title">Chi sta lavorando?</h2>
      <p id="operator-picker-lead" className="hint">
        Scegliere il proprio nome: gli invii di questa sessione sono fatti per conto della persona scelta.
      </p>
      <ul className="operator-choices">
        {session.operators.map((o) => {
          const current = session.operator?.fiscalCode === o.fiscalCode;
          return (
            <li key={o.fiscalCode}>
              <button
                type="button"
                className={`operator-choice${current ? ' current' : ''}`}
                aria-current={current ? 'true' : undefined}
                disabled={busy}
                onClick={() => void choose(o.fiscalCode)}
              >
                <span className="operator-name">{personDisplayName(o)}</span>
                <span className="operator-role">
                  {roleName(o.role)}
                  {current ? ' · in servizio ora' : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {onCancel && (
        <div className="actions compact">
          <button type="button" className="secondary" onClick={onCancel}>
            Annulla
          </button>
        </div>
      )}
    </dialog>
  );
}

/** The top bar's «Operatore: …» with «Cambia operatore»; nothing when the clinic lists no operators. */
export function OperatorBadge({ bridge }: { bridge: FseDeskBridge }) {
  const [session, setSession] = useState<SessionState | null>(null);
  const [picking, setPicking] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const load = useCallback(() => {
    void bridge.invoke('session:get', undefined).then((r) => {
      if (r.ok) setSession(r.value);
    });
  }, [bridge]);
  useEffect(() => {
    load();
    return onSessionChanged(load);
  }, [load]);

  if (!session || session.operators.length === 0) return null;

  const choose = async (fiscalCode: string): Promise<string | null> => {
    const r = await bridge.invoke('session:set-operator', { fiscalCode });
    if (!r.ok) return r.error.message;
    setSession(r.value);
    setPicking(false);
    setTimeout(() => buttonRef.current?.focus(), 0);
    return null;
  };
  const cancel = () => {
    setPicking(false);
    setTimeout(() => buttonRef.current?.focus(), 0);
  };

  return (
    <div className="operator-badge" data-testid="operator-badge">
      {session.operator ? (
        <span>
          <span className="operator-label">Operatore:</span> <strong>{personDisplayName(session.operator)}</strong>
        </span>
      ) : (
        <span>Nessun operatore scelto</span>
      )}
      <button ref={buttonRef} type="button" className="on-accent small" onClick={() => setPicking(true)}>
        Cambia operatore
      </button>
      {(session.needsChoice || picking) && <OperatorPicker session={session} onChoose={choose} {...(session.needsChoice ? {} : { onCancel: cancel })} />}
    </div>
  );
}
