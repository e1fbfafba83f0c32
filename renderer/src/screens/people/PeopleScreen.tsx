// «Medici e operatori»: the clinic's doctors (who sign the reports) and operators (who work at the desk).
// Each person is saved on their own (people:* channels); the first-run guide embeds this screen (step 4).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { DoctorView, FseDeskBridge, PeopleOverview } from '../../../../contract/api.js';
import type { Operator } from '../../../../contract/profile.js';
import { personDisplayName } from '../../../../contract/people.js';
import { PRACTICE_SETTINGS, privateClinicFirst, SUBJECT_ROLE_VALUES, type ValueSetEntry } from '../../../../contract/value-sets.js';
import { Field } from '../../components/Field.js';
import {
  disciplineName,
  DOCTOR_FIELDS,
  doctorDraftOf,
  doctorToForm,
  emptyDoctorForm,
  emptyOperatorForm,
  firstErrorField,
  fiscalCodeProblemAsTyped,
  fiscalCodeProblemOnSave,
  OPERATOR_FIELDS,
  operatorDraftOf,
  operatorToForm,
  problemsByField,
  roleName,
  type FormValues,
} from './people-view-model.js';
import { notifySessionChanged } from './session-events.js';

/** Which form is open: a new person, or the one being changed (doctor id / operator tax code). */
type Editing = { kind: 'doctor'; id?: string } | { kind: 'operator'; fiscalCode?: string } | null;
type Removing = { kind: 'doctor'; doctor: DoctorView } | { kind: 'operator'; operator: Operator } | null;

function ValueSetOptions({ set, none }: { set: readonly ValueSetEntry[]; none?: string }) {
  const { first, others } = privateClinicFirst(set);
  const option = (e: ValueSetEntry) => (
    <option key={e.code} value={e.code}>
      {e.display === e.code ? e.display : `${e.display} (${e.code})`}
    </option>
  );
  return (
    <>
      {none !== undefined && <option value="">{none}</option>}
      <optgroup label="Per una struttura privata">{first.map(option)}</optgroup>
      <optgroup label="Altri valori">{others.map(option)}</optgroup>
    </>
  );
}

export interface PeopleScreenProps {
  bridge: FseDeskBridge;
  /** Inside the first-run guide: the title is a second-level heading under the guide's own. */
  embedded?: boolean;
}

export function PeopleScreen({ bridge, embedded = false }: PeopleScreenProps) {
  const [people, setPeople] = useState<PeopleOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<Removing>(null);
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const returnFocus = useRef<string | null>(null);

  useEffect(() => {
    void bridge.invoke('people:get', undefined).then((r) => (r.ok ? setPeople(r.value) : setLoadError(r.error.message)));
  }, [bridge]);

  // An opened form takes the focus (its first field); a closed one gives it back to the button that opened it.
  useEffect(() => {
    if (editing) formRef.current?.querySelector<HTMLElement>('input, select')?.focus();
    else if (returnFocus.current) {
      document.querySelector<HTMLElement>(`[data-focus-key="${returnFocus.current}"]`)?.focus();
      returnFocus.current = null;
    }
  }, [editing]);

  const prefix = editing?.kind ?? 'doctor';
  const fields: readonly string[] = editing?.kind === 'operator' ? OPERATOR_FIELDS : DOCTOR_FIELDS;

  function open(next: NonNullable<Editing>, form: FormValues, opener: string) {
    returnFocus.current = opener;
    setRemoving(null);
    setMessage(null);
    setErrors({});
    setValues(form);
    setEditing(next);
  }

  function close() {
    setEditing(null);
    setErrors({});
  }

  const set = (field: string) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((er) => {
      const { [field]: _removed, ...rest } = er;
      // The tax code is checked as it is typed (check character included once complete).
      const typed = field === 'fiscalCode' ? fiscalCodeProblemAsTyped(value) : undefined;
      return typed ? { ...rest, fiscalCode: typed } : rest;
    });
  };

  function showErrors(byField: Record<string, string>, text: string) {
    setErrors(byField);
    setMessage({ tone: 'error', text });
    const first = firstErrorField(fields, byField);
    // After React has drawn the messages: the first field in error takes the focus.
    if (first) setTimeout(() => document.getElementById(`${prefix}-${first}`)?.focus(), 0);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!editing || busy) return;
    const cfProblem = fiscalCodeProblemOnSave(values.fiscalCode ?? '');
    setBusy(true);
    try {
      const r =
        editing.kind === 'doctor'
          ? await bridge.invoke('people:save-doctor', { doctor: doctorDraftOf(values, editing.id) })
          : await bridge.invoke('people:save-operator', {
              operator: operatorDraftOf(values),
              ...(editing.fiscalCode ? { previousFiscalCode: editing.fiscalCode } : {}),
            });
      if (r.ok) {
        const overview = 'people' in r.value ? r.value.people : r.value;
        setPeople(overview);
        const name = personDisplayName(editing.kind === 'doctor' ? doctorDraftOf(values, undefined) : operatorDraftOf(values));
        setMessage({ tone: 'ok', text: editing.kind === 'doctor' ? `Medico salvato: ${name}.` : `Operatore salvato: ${name}.` });
        if (editing.kind === 'operator') notifySessionChanged();
        close();
        return;
      }
      const { byField, general } = problemsByField(r.error.problems ?? [], fields);
      if (cfProblem && !byField.fiscalCode) byField.fiscalCode = cfProblem;
      showErrors(byField, [r.error.message, ...general].join(' '));
    } finally {
      setBusy(false);
    }
  }

  async function confirmRemove() {
    if (!removing || busy) return;
    setBusy(true);
    try {
      const r =
        removing.kind === 'doctor'
          ? await bridge.invoke('people:remove-doctor', { id: removing.doctor.id })
          : await bridge.invoke('people:remove-operator', { fiscalCode: removing.operator.fiscalCode });
      const name = personDisplayName(removing.kind === 'doctor' ? removing.doctor : removing.operator);
      if (r.ok) {
        setPeople(r.value);
        setMessage({ tone: 'ok', text: `${name} tolto dall’elenco.` });
        if (removing.kind === 'operator') notifySessionChanged();
      } else setMessage({ tone: 'error', text: r.error.message });
      setRemoving(null);
      // The row is gone: focus goes to the section's «Aggiungi» button, not to the top of the page.
      setTimeout(() => document.querySelector<HTMLElement>(`[data-focus-key="add-${removing.kind}"]`)?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const Heading = embedded ? 'h2' : 'h1';
  if (loadError)
    return (
      <section aria-labelledby="people-title">
        <Heading id="people-title" tabIndex={-1}>
          Medici e operatori
        </Heading>
        <p className="status error">{loadError}</p>
      </section>
    );
  if (!people) return <p className="muted">Caricamento…</p>;

  const text = (field: string, label: string, hint?: string, extra?: { inputMode?: 'email' | 'tel'; maxLength?: number; autoComplete?: string }) => (
    <Field id={`${prefix}-${field}`} label={label} hint={hint} error={errors[field]}>
      {(a) => <input type="text" name={field} value={values[field] ?? ''} onChange={set(field)} autoComplete="off" spellCheck={false} {...extra} {...a} />}
    </Field>
  );

  const form = editing && (
    <form ref={formRef} className="people-form" onSubmit={onSubmit} noValidate aria-labelledby="people-form-title" data-testid={`${editing.kind}-form`}>
      <fieldset
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            close();
          }
        }}
      >
        <legend id="people-form-title">
          {editing.kind === 'doctor' ? (editing.id ? 'Modifica medico' : 'Nuovo medico') : editing.fiscalCode ? 'Modifica operatore' : 'Nuovo operatore'}
        </legend>
        {editing.kind === 'doctor' ? (
          <>
            {text('title', 'Titolo', 'Facoltativo, come compare sul referto: Dott., Dott.ssa, Prof.', { maxLength: 30 })}
            {text('givenName', 'Nome')}
            {text('familyName', 'Cognome')}
            {text('fiscalCode', 'Codice fiscale', '16 caratteri, dalla tessera sanitaria del medico.', { maxLength: 16 })}
            {text('specialty', 'Specializzazione', 'Facoltativa, ad esempio «Specialista in cardiologia».')}
            <Field
              id="doctor-discipline"
              label="Disciplina predefinita"
              hint="Proposta su ogni referto del medico (si può cambiare sul singolo referto): la disciplina che produce il referto."
              error={errors.discipline}
            >
              {(a) => (
                <select name="discipline" value={values.discipline ?? ''} onChange={set('discipline')} {...a}>
                  <ValueSetOptions set={PRACTICE_SETTINGS} none="— nessuna: si sceglie sul referto —" />
                </select>
              )}
            </Field>
            {text('phone', 'Telefono', 'Almeno uno tra telefono ed e-mail: è scritto nel referto come recapito dell’autore.', { inputMode: 'tel' })}
            {text('email', 'E-mail', undefined, { inputMode: 'email' })}
          </>
        ) : (
          <>
            {text('givenName', 'Nome')}
            {text('familyName', 'Cognome')}
            {text('fiscalCode', 'Codice fiscale', '16 caratteri: sarà indicato al gateway come la persona che invia.', { maxLength: 16 })}
            <Field
              id="operator-role"
              label="Ruolo"
              hint={SUBJECT_ROLE_VALUES.find((e) => e.code === values.role)?.explanation ?? 'Il ruolo con cui la persona opera presso il gateway.'}
              error={errors.role}
            >
              {(a) => (
                <select name="role" value={values.role ?? ''} onChange={set('role')} {...a}>
                  <ValueSetOptions set={SUBJECT_ROLE_VALUES} />
                </select>
              )}
            </Field>
          </>
        )}
        <div className="actions compact">
          <button type="submit" className="primary" disabled={busy}>
            Salva
          </button>
          <button type="button" className="secondary" onClick={close}>
            Annulla
          </button>
        </div>
      </fieldset>
    </form>
  );

  const cancelRemoval = () => {
    if (!removing) return;
    const key = removing.kind === 'doctor' ? `remove-doctor-${removing.doctor.id}` : `remove-operator-${removing.operator.fiscalCode}`;
    setRemoving(null);
    setTimeout(() => document.querySelector<HTMLElement>(`[data-focus-key="${key}"]`)?.focus(), 0);
  };

  const removal = removing && (
    <div
      className="notice tone-warning people-confirm"
      role="alertdialog"
      aria-labelledby="people-remove-title"
      data-testid="remove-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          cancelRemoval();
        }
      }}
    >
      <p id="people-remove-title">
        {removing.kind === 'doctor'
          ? removing.doctor.hasCertificate
            ? `${personDisplayName(removing.doctor)} ha un proprio certificato di firma: togliendolo dall’elenco, il certificato non sarà più usato. Toglierlo comunque?`
            : `Togliere ${personDisplayName(removing.doctor)} dall’elenco dei medici? I referti già inviati non cambiano.`
          : `Togliere ${personDisplayName(removing.operator)} dall’elenco degli operatori? Non potrà più essere scelto come operatore.`}
      </p>
      <div className="actions compact">
        <button type="button" className="danger" onClick={() => void confirmRemove()} disabled={busy} autoFocus>
          Togli
        </button>
        <button type="button" className="secondary" onClick={cancelRemoval}>
          Annulla
        </button>
      </div>
    </div>
  );

  return (
    <section className="people" aria-labelledby="people-title">
      <Heading id="people-title" tabIndex={-1}>
        Medici e operatori
      </Heading>
      <p className="lead">
        I medici firmano i referti; gli operatori lavorano allo sportello. All’avvio si sceglie chi sta lavorando: il suo nome accompagna ogni invio.
      </p>
      {!people.profileSaved && (
        <p className="notice tone-warning" role="status">
          Salvare prima il profilo della struttura: medici e operatori sono conservati al suo interno.
        </p>
      )}
      <p role="status" aria-live="polite" className={`status ${message?.tone === 'error' ? 'error' : 'saved'}`} data-testid="people-status">
        {message?.text}
      </p>

      <section aria-labelledby="doctors-title" className="people-section">
        <h2 id="doctors-title">Medici</h2>
        {people.doctors.length === 0 ? (
          <p className="muted">Nessun medico in elenco.</p>
        ) : (
          <table className="people-table" data-testid="doctors-table">
            <thead>
              <tr>
                <th scope="col">Nome</th>
                <th scope="col">Codice fiscale</th>
                <th scope="col">Disciplina</th>
                <th scope="col">Recapito</th>
                <th scope="col">Certificato</th>
                <th scope="col">
                  <span className="sr-only">Azioni</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.doctors.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{personDisplayName(d)}</th>
                  <td className="mono">{d.fiscalCode}</td>
                  <td>{disciplineName(d.discipline) ?? <span className="muted">—</span>}</td>
                  <td>{[d.phone, d.email].filter(Boolean).join(' · ')}</td>
                  <td>{d.hasCertificate ? 'Proprio' : <span className="muted">Della struttura</span>}</td>
                  <RowActions
                    name={personDisplayName(d)}
                    focusKey={`doctor-${d.id}`}
                    onEdit={() => open({ kind: 'doctor', id: d.id }, doctorToForm(d), `edit-doctor-${d.id}`)}
                    onRemove={() => {
                      close();
                      setRemoving({ kind: 'doctor', doctor: d });
                    }}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {removing?.kind === 'doctor' && removal}
        {editing?.kind === 'doctor' ? (
          form
        ) : (
          <button
            type="button"
            className="secondary"
            data-focus-key="add-doctor"
            disabled={!people.profileSaved}
            onClick={() => open({ kind: 'doctor' }, emptyDoctorForm(), 'add-doctor')}
          >
            Aggiungi medico
          </button>
        )}
      </section>

      <section aria-labelledby="operators-title" className="people-section">
        <h2 id="operators-title">Operatori</h2>
        {people.operators.length === 0 ? (
          <p className="muted">Nessun operatore in elenco: i documenti sono inviati per conto dell’operatore indicato nel profilo.</p>
        ) : (
          <table className="people-table" data-testid="operators-table">
            <thead>
              <tr>
                <th scope="col">Nome</th>
                <th scope="col">Codice fiscale</th>
                <th scope="col">Ruolo</th>
                <th scope="col">
                  <span className="sr-only">Azioni</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {people.operators.map((o) => (
                <tr key={o.fiscalCode}>
                  <th scope="row">{personDisplayName(o)}</th>
                  <td className="mono">{o.fiscalCode}</td>
                  <td>{roleName(o.role)}</td>
                  <RowActions
                    name={personDisplayName(o)}
                    focusKey={`operator-${o.fiscalCode}`}
                    onEdit={() => open({ kind: 'operator', fiscalCode: o.fiscalCode }, operatorToForm(o), `edit-operator-${o.fiscalCode}`)}
                    onRemove={() => {
                      close();
                      setRemoving({ kind: 'operator', operator: o });
                    }}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {removing?.kind === 'operator' && removal}
        {editing?.kind === 'operator' ? (
          form
        ) : (
          <button
            type="button"
            className="secondary"
            data-focus-key="add-operator"
            disabled={!people.profileSaved}
            onClick={() => open({ kind: 'operator' }, emptyOperatorForm(), 'add-operator')}
          >
            Aggiungi operatore
          </button>
        )}
      </section>
    </section>
  );
}

/** «Modifica» and «Togli» of a listed person; `focusKey` lets focus come back to the button after the form or question closes. */
function RowActions({ name, focusKey, onEdit, onRemove }: { name: string; focusKey: string; onEdit(): void; onRemove(): void }) {
  return (
    <td className="row-actions">
      <button type="button" className="link small" data-focus-key={`edit-${focusKey}`} aria-label={`Modifica ${name}`} onClick={onEdit}>
        Modifica
      </button>
      <button type="button" className="link small" data-focus-key={`remove-${focusKey}`} aria-label={`Togli ${name}`} onClick={onRemove}>
        Togli
      </button>
    </td>
  );
}
