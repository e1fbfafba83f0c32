import { useEffect, useState, type FormEvent } from 'react';
import type { FseDeskBridge } from '../../../contract/api.js';
import { formatTime } from '../../../contract/format-it.js';
import { REPOSITORIES, STRUCTURE_TYPES, SUBJECT_ROLES, type Profile } from '../../../contract/profile.js';
import { Field } from '../components/Field.js';
import { fromForm, toForm, type FormValues } from './profile-form-model.js';

const ENV_LABELS: Record<string, string> = { stage: 'Collaudo (stage)', production: 'Produzione', custom: 'Personalizzato' };
const REPO_LABELS: Record<(typeof REPOSITORIES)[number], string> = {
  '999': 'REP999 — struttura accreditata (non convenzionata)',
  '201': 'REP201 — convenzionata con l’azienda sanitaria 201',
  '202': 'REP202 — convenzionata con l’azienda sanitaria 202',
  '203': 'REP203 — convenzionata con l’azienda sanitaria 203',
};
const ROLE_LABELS: Partial<Record<(typeof SUBJECT_ROLES)[number], string>> = {
  AAS: 'AAS — Personale di assistenza ad alta specializzazione',
  DRS: 'DRS — Dirigente sanitario',
  APR: 'APR — Medico/pediatra di assistenza primaria',
  INF: 'INF — Personale infermieristico',
  OAM: 'OAM — Operatore amministrativo',
};

type Status = { kind: 'idle' } | { kind: 'loading' } | { kind: 'saved'; at: string } | { kind: 'error'; message: string };

export function ProfileScreen({ bridge }: { bridge: FseDeskBridge }) {
  const [stored, setStored] = useState<Profile | null>(null);
  const [values, setValues] = useState<FormValues>(toForm(null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: 'loading' });

  useEffect(() => {
    void bridge.invoke('profile:get', undefined).then((r) => {
      if (r.ok) {
        setStored(r.value);
        setValues(toForm(r.value));
        setStatus({ kind: 'idle' });
      } else {
        setStatus({ kind: 'error', message: r.error.message });
      }
    });
  }, [bridge]);

  const set = (field: string) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    setErrors((er) => {
      const { [field]: _removed, ...rest } = er;
      return rest;
    });
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const r = await bridge.invoke('profile:save', { profile: fromForm(values, stored) });
    if (r.ok) {
      setStored(r.value.profile);
      setValues(toForm(r.value.profile));
      setErrors({});
      setStatus({ kind: 'saved', at: r.value.savedAt });
    } else {
      const byField: Record<string, string> = {};
      for (const p of r.error.problems ?? []) if (!byField[p.path]) byField[p.path] = p.message;
      setErrors(byField);
      const general = (r.error.problems ?? []).filter((p) => !(p.path in values)).map((p) => p.message);
      setStatus({ kind: 'error', message: [r.error.message, ...general].join(' ') });
    }
  }

  const text = (field: string, label: string, hint?: string, extra?: { placeholder?: string; inputMode?: 'numeric' | 'text'; maxLength?: number }) => (
    <Field id={field} label={label} hint={hint} error={errors[field]}>
      {(a) => <input type="text" name={field} value={values[field] ?? ''} onChange={set(field)} autoComplete="off" spellCheck={false} {...extra} {...a} />}
    </Field>
  );

  if (status.kind === 'loading') return <p className="muted">Caricamento del profilo…</p>;

  return (
    <form className="profile-form" onSubmit={onSubmit} noValidate aria-labelledby="profile-title">
      <h1 id="profile-title">Profilo della struttura</h1>
      <p className="lead">
        Questi dati identificano la struttura presso il gateway regionale CART. Vanno inseriti una sola volta, come indicati nei documenti di adesione.
      </p>

      <fieldset>
        <legend>Ambiente</legend>
        <Field id="environment" label="Ambiente di invio" error={errors.environment} hint="Usare il collaudo finché la Regione non abilita la produzione.">
          {(a) => (
            <select name="environment" value={values.environment} onChange={set('environment')} {...a}>
              {Object.entries(ENV_LABELS).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.environment === 'custom' &&
          text(
            'baseUrl',
            'Indirizzo base del gateway',
            'Esempio: https://fse20gwstage.regione.toscana.it/gateway/v2/ — gli indirizzi delle singole operazioni sono configurabili (nel testo regionale l’indirizzo di eliminazione in produzione contiene un refuso).',
          )}
        {text('audience', 'Audience dei token (facoltativo)', 'Lasciare vuoto per usare l’indirizzo base. Modificare solo se indicato da CART.')}
      </fieldset>

      <fieldset>
        <legend>Struttura</legend>
        {text('clinic.name', 'Denominazione')}
        {text('clinic.fiscalCode', 'Partita IVA / codice fiscale della struttura', '11 cifre.', { inputMode: 'numeric', maxLength: 11 })}
        {text('clinic.istatCode', 'Codice ISTAT del comune', '6 cifre, ad esempio 048017 per Firenze.', { inputMode: 'numeric', maxLength: 6 })}
        <Field
          id="clinic.repository"
          label="Repository regionale"
          error={errors['clinic.repository']}
          hint="Le prestazioni né accreditate né convenzionate non vanno pubblicate sul FSE."
        >
          {(a) => (
            <select name="clinic.repository" value={values['clinic.repository']} onChange={set('clinic.repository')} {...a}>
              {REPOSITORIES.map((r) => (
                <option key={r} value={r}>
                  {REPO_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="clinic.structureType" label="Tipologia di struttura" error={errors['clinic.structureType']}>
          {(a) => (
            <select name="clinic.structureType" value={values['clinic.structureType']} onChange={set('clinic.structureType')} {...a}>
              {STRUCTURE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('clinic.organizationalSetting', 'Assetto organizzativo', 'Codice AD_PSCnnn, ad esempio AD_PSC107 (Poliambulatorio).')}
        {text('clinic.locality', 'Località (formato XON)', 'NOME^^^^^&2.16.840.1.113883.2.9.4.1.3&ISO^^^^090 + codice ASL (3 cifre) + codice STS11 (6 cifre).')}
      </fieldset>

      <fieldset>
        <legend>Software</legend>
        <p className="hint">Esattamente come registrati nell’elenco nazionale dei software accreditati: maiuscole, spazi e punti contano.</p>
        {text('software.applicationId', 'Applicativo')}
        {text('software.vendor', 'Fornitore')}
        {text('software.version', 'Versione')}
      </fieldset>

      <fieldset>
        <legend>Operatore predefinito</legend>
        {text(
          'operator.fiscalCode',
          'Codice fiscale dell’operatore',
          'La persona per conto della quale si inviano i documenti; nell’app la sostituisce chi accede.',
          { maxLength: 16 },
        )}
        <Field id="operator.role" label="Ruolo dell’operatore" error={errors['operator.role']}>
          {(a) => (
            <select name="operator.role" value={values['operator.role']} onChange={set('operator.role')} {...a}>
              <option value="">— nessuno —</option>
              {SUBJECT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r] ?? r}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>

      <div className="actions">
        <button type="submit" className="primary">
          Salva profilo
        </button>
        <span role="status" aria-live="polite" className={`status ${status.kind}`} data-testid="profile-status">
          {status.kind === 'saved' && `Profilo salvato alle ${formatTime(new Date(status.at))}.`}
          {status.kind === 'error' && status.message}
        </span>
      </div>
    </form>
  );
}
