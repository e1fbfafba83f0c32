import { Fragment, useEffect, useState, type FormEvent } from 'react';
import type { FseDeskBridge } from '../../../contract/api.js';
import { formatTime } from '../../../contract/format-it.js';
import { BASE_URLS, DEFAULT_PATHS, defaultAudience } from '../../../contract/gateway-defaults.js';
import { OPERATIONS, REPOSITORIES, type Profile } from '../../../contract/profile.js';
import { BUILT_IN_SOFTWARE_IDENTITY } from '../../../contract/software-identity.js';
import { PRACTICE_SETTINGS, privateClinicFirst, STRUCTURE_TYPE_VALUES, SUBJECT_ROLE_VALUES, type ValueSetEntry } from '../../../contract/value-sets.js';
import { Field } from '../components/Field.js';
import { ADVANCED_FIELDS, fromForm, localityFieldProblems, localityPreview, toForm, type FormValues } from './profile-form-model.js';

const ENV_LABELS: Record<string, string> = { stage: 'Collaudo (stage)', production: 'Produzione', custom: 'Personalizzato' };
// Tuscany's health authorities by code (the national ASL table: 090201, 090202, 090203).
const REPO_LABELS: Record<(typeof REPOSITORIES)[number], string> = {
  '999': 'REP999 — struttura accreditata, non convenzionata',
  '201': 'REP201 — convenzionata con l’Azienda USL Toscana Centro',
  '202': 'REP202 — convenzionata con l’Azienda USL Toscana Nord Ovest',
  '203': 'REP203 — convenzionata con l’Azienda USL Toscana Sud Est',
};
const OPERATION_LABELS: Record<(typeof OPERATIONS)[number], string> = {
  validateAndCreate: 'Pubblicazione',
  replace: 'Sostituzione',
  delete: 'Eliminazione',
  updateMetadata: 'Aggiornamento metadati',
  statusByWorkflow: 'Stato per workflowInstanceId',
  statusByTrace: 'Stato per traceID',
};

type Status = { kind: 'idle' } | { kind: 'loading' } | { kind: 'saved'; at: string } | { kind: 'error'; message: string };

/** A select over a value set: the values a private clinic needs first, the others after, each with its Italian name. */
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

const explanationOf = (set: readonly ValueSetEntry[], code: string | undefined) => set.find((e) => e.code === code)?.explanation;

export function ProfileScreen({ bridge }: { bridge: FseDeskBridge }) {
  const [stored, setStored] = useState<Profile | null>(null);
  const [values, setValues] = useState<FormValues>(toForm(null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const [advancedOpen, setAdvancedOpen] = useState(false);

  useEffect(() => {
    void bridge.invoke('profile:get', undefined).then((r) => {
      if (r.ok) {
        setStored(r.value);
        const v = toForm(r.value);
        setValues(v);
        setAdvancedOpen(ADVANCED_FIELDS.some((f) => (v[f] ?? '') !== ''));
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
    const localProblems = localityFieldProblems(values);
    const draft = fromForm(values, stored);
    // Wrong parts can still compose a well-formed XON: leave it out so the main process refuses the whole save
    // (and reports every other field at the same time) instead of storing a wrong structure code.
    if (Object.keys(localProblems).length > 0) delete (draft.clinic as Record<string, unknown>).locality;
    const r = await bridge.invoke('profile:save', { profile: draft });
    if (r.ok && Object.keys(localProblems).length === 0) {
      setStored(r.value.profile);
      setValues(toForm(r.value.profile));
      setErrors({});
      setStatus({ kind: 'saved', at: r.value.savedAt });
      return;
    }
    // The locality's parts are checked here (they are not profile fields); the XON itself only when they are right.
    const byField: Record<string, string> = { ...localProblems };
    const problems = r.ok ? [] : (r.error.problems ?? []);
    for (const p of problems) {
      if (p.path === 'clinic.locality' && Object.keys(localProblems).length > 0) continue;
      if (!byField[p.path]) byField[p.path] = p.message;
    }
    setErrors(byField);
    if (ADVANCED_FIELDS.some((f) => byField[f])) setAdvancedOpen(true);
    // Once the messages are drawn (and «Avanzate» opened), the first field in error takes the focus (issue 9).
    setTimeout(() => document.querySelector<HTMLElement>('.profile-form [aria-invalid="true"]')?.focus(), 0);
    const general = problems.filter((p) => !(p.path in values) && p.path !== 'clinic.locality').map((p) => p.message);
    setStatus({ kind: 'error', message: [r.ok ? 'Il profilo non è stato salvato: correggere i campi indicati.' : r.error.message, ...general].join(' ') });
  }

  const text = (
    field: string,
    label: string,
    hint?: string,
    extra?: { placeholder?: string; inputMode?: 'numeric' | 'text' | 'email' | 'tel'; maxLength?: number; autoComplete?: string },
  ) => (
    <Field id={field} label={label} hint={hint} error={errors[field]}>
      {(a) => <input type="text" name={field} value={values[field] ?? ''} onChange={set(field)} autoComplete="off" spellCheck={false} {...extra} {...a} />}
    </Field>
  );

  if (status.kind === 'loading') return <p className="muted">Caricamento del profilo…</p>;

  const baseUrl = values.environment === 'custom' ? values.baseUrl || '' : BASE_URLS[values.environment as 'stage' | 'production'];
  const preview = localityPreview(values);
  const structureHint = explanationOf(STRUCTURE_TYPE_VALUES, values['clinic.structureType']);
  const dpcmRole = SUBJECT_ROLE_VALUES.find((e) => e.code === values['operator.role'])?.dpcmRole;
  const roleHint = dpcmRole ? `Ruolo previsto dalle norme sul FSE: ${dpcmRole}.` : 'Per il medico che firma i referti: Dirigente sanitario (DRS).';
  const softwareOverridden = ['software.applicationId', 'software.vendor', 'software.version'].some((f) => (values[f] ?? '') !== '');

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
            'Esempio: https://fse20gwstage.regione.toscana.it/gateway/v2/ — gli indirizzi delle singole operazioni si cambiano in «Avanzate».',
          )}
      </fieldset>

      <fieldset>
        <legend>Struttura</legend>
        {text('clinic.name', 'Denominazione', 'La ragione sociale, come nel certificato di attribuzione della partita IVA.')}
        {text('clinic.fiscalCode', 'Partita IVA / codice fiscale della struttura', '11 cifre.', { inputMode: 'numeric', maxLength: 11 })}
        {text('clinic.istatCode', 'Codice ISTAT del comune', '6 cifre, ad esempio 048017 per Firenze.', { inputMode: 'numeric', maxLength: 6 })}
        <Field
          id="clinic.repository"
          label="Repository regionale"
          error={errors['clinic.repository']}
          hint="Accreditata: autorizzata dalla Regione ma senza contratto con l’azienda sanitaria (REP999). Convenzionata: con un contratto con l’Azienda USL indicata (REP201–203), la stessa che compare nel contratto. Le prestazioni né accreditate né convenzionate non vanno pubblicate sul FSE."
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
        <Field id="clinic.structureType" label="Tipologia di struttura" error={errors['clinic.structureType']} hint={structureHint}>
          {(a) => (
            <select name="clinic.structureType" value={values['clinic.structureType']} onChange={set('clinic.structureType')} {...a}>
              <ValueSetOptions set={STRUCTURE_TYPE_VALUES} />
            </select>
          )}
        </Field>
        <Field
          id="clinic.organizationalSetting"
          label="Assetto organizzativo"
          error={errors['clinic.organizationalSetting']}
          hint="La disciplina che produce i referti (ad esempio Poliambulatorio, Cardiologia, Radiologia)."
        >
          {(a) => (
            <select name="clinic.organizationalSetting" value={values['clinic.organizationalSetting']} onChange={set('clinic.organizationalSetting')} {...a}>
              <ValueSetOptions set={PRACTICE_SETTINGS} none="— da indicare —" />
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset>
        <legend>Località della struttura</legend>
        <p className="hint">I tre dati si trovano nel modello STS.11 della struttura (rilasciato dall’Azienda USL) e nel modulo di adesione a CART.</p>
        {text('locality.name', 'Nome della struttura nel modello STS.11', 'Come scritto nel campo «Denominazione» del modello STS.11, di solito in maiuscolo.')}
        {text(
          'locality.aslCode',
          'Codice dell’Azienda USL',
          '3 cifre: 201 Toscana Centro, 202 Toscana Nord Ovest, 203 Toscana Sud Est (nel modello STS.11, «Codice azienda»).',
          {
            inputMode: 'numeric',
            maxLength: 3,
          },
        )}
        {text('locality.sts11Code', 'Codice STS.11 della struttura', '6 cifre, nel modello STS.11 («Codice struttura»).', {
          inputMode: 'numeric',
          maxLength: 6,
        })}
        <div className={`field locality-preview${errors['clinic.locality'] ? ' has-error' : ''}`}>
          <p className="preview-label" id="clinic.locality-label">
            Località inviata al gateway (anteprima)
          </p>
          <output aria-labelledby="clinic.locality-label" data-testid="locality-preview" className="preview">
            {preview || '—'}
          </output>
          {errors['clinic.locality'] && (
            <p className="error" role="alert" data-field-error="clinic.locality">
              {errors['clinic.locality']}
            </p>
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>Recapiti stampati sui referti</legend>
        {text('clinic.address.street', 'Via e numero civico', undefined, { autoComplete: 'street-address' })}
        {text('clinic.address.postalCode', 'CAP', undefined, { inputMode: 'numeric', maxLength: 5 })}
        {text('clinic.address.city', 'Comune')}
        {text('clinic.address.province', 'Provincia', 'Sigla di 2 lettere, ad esempio FI.', { maxLength: 2 })}
        {text('clinic.phone', 'Telefono', undefined, { inputMode: 'tel' })}
        {text('clinic.email', 'E-mail', undefined, { inputMode: 'email' })}
      </fieldset>

      <fieldset>
        <legend>Operatore predefinito</legend>
        {/* With a list of operators, who operates is chosen at the desk («Cambia operatore»); the main process keeps that choice. */}
        {stored?.operators?.length ? (
          <p className="hint" data-testid="operator-from-list">
            L’operatore si sceglie all’avvio, e con «Cambia operatore» in alto, tra quelli elencati in «Medici e operatori».
          </p>
        ) : (
          <>
            {text(
              'operator.fiscalCode',
              'Codice fiscale dell’operatore',
              'La persona per conto della quale si inviano i documenti. Con più persone allo sportello, elencarle in «Medici e operatori».',
              { maxLength: 16 },
            )}
            <Field id="operator.role" label="Ruolo dell’operatore" error={errors['operator.role']} hint={roleHint}>
              {(a) => (
                <select name="operator.role" value={values['operator.role']} onChange={set('operator.role')} {...a}>
                  <ValueSetOptions set={SUBJECT_ROLE_VALUES} none="— nessuno —" />
                </select>
              )}
            </Field>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>Software</legend>
        <p className="hint" data-testid="software-identity">
          {softwareOverridden ? 'Identità sostituita in «Avanzate»: ' : 'Identità registrata di FSE Desk, inviata con ogni documento: '}
          <strong>
            {softwareOverridden
              ? `${values['software.applicationId']} · ${values['software.vendor']} · ${values['software.version']}`
              : `${BUILT_IN_SOFTWARE_IDENTITY.applicationId} · ${BUILT_IN_SOFTWARE_IDENTITY.vendor} · ${BUILT_IN_SOFTWARE_IDENTITY.version}`}
          </strong>
        </p>
      </fieldset>

      <details className="advanced" open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
        <summary>Avanzate</summary>
        <p className="hint">Da modificare solo se indicato dal fornitore o da CART.</p>
        <fieldset>
          <legend>Identità del software (sostituzione)</legend>
          <p className="hint">
            Solo se il fornitore ha registrato un’identità diversa da quella integrata. Copiare i tre valori esattamente: maiuscole, spazi e punti contano.
            Lasciare vuoti per usare quella integrata.
          </p>
          {text('software.applicationId', 'Applicativo', undefined, { placeholder: BUILT_IN_SOFTWARE_IDENTITY.applicationId })}
          {text('software.vendor', 'Fornitore', undefined, { placeholder: BUILT_IN_SOFTWARE_IDENTITY.vendor })}
          {text('software.version', 'Versione', undefined, { placeholder: BUILT_IN_SOFTWARE_IDENTITY.version })}
        </fieldset>
        <fieldset>
          <legend>Gateway</legend>
          {text(
            'trustedCaFile',
            'Certificato della CA del server del gateway (file PEM)',
            'Percorso del file ricevuto da CART. Vuoto: valgono le CA del sistema.',
          )}
          {text('audience', 'Audience dei token', `Vuoto: ${baseUrl ? defaultAudience(baseUrl) : 'l’indirizzo base senza la barra finale'}.`, {
            placeholder: baseUrl ? defaultAudience(baseUrl) : '',
          })}
          <p className="hint">
            Indirizzi predefiniti — collaudo: {BASE_URLS.stage} · produzione: {BASE_URLS.production}. Ogni percorso è relativo all’indirizzo base; vuoto: quello
            predefinito (nel testo regionale l’indirizzo di eliminazione in produzione contiene un refuso).
          </p>
          {OPERATIONS.map((o) => (
            <Fragment key={o}>
              {text(`paths.${o}`, `Percorso: ${OPERATION_LABELS[o]}`, `Predefinito: ${DEFAULT_PATHS[o]}`, { placeholder: DEFAULT_PATHS[o] })}
            </Fragment>
          ))}
        </fieldset>
      </details>

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
