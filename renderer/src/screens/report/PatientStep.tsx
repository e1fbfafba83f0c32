import { useEffect, useState } from 'react';
import type { PatientMatch } from '../../../../contract/documents.js';
import type { ReportForm } from '../../../../contract/report-form.js';
import { formatWrittenDate } from '../../../../contract/format-it.js';
import type { FormApi } from './form-api.js';
import { ReportField } from './ReportField.js';
import { checkFiscalCode, withFiscalCode } from './report-form-model.js';

const EMPTY_ADDRESS = { street: '', city: '', postalCode: '', province: '', istatCode: '' };

function fromMatch(m: PatientMatch, current: ReportForm['patient']): ReportForm['patient'] {
  return {
    ...current,
    fiscalCode: m.fiscalCode,
    givenName: m.givenName,
    familyName: m.familyName,
    birthDate: m.birthDate,
    sex: m.sex,
    ...(m.address ? { address: m.address } : {}),
  };
}

/** Step 1: who the report is for. A patient seen before is found by tax code or name and prefilled. */
export function PatientStep({ api }: { api: FormApi }) {
  const { bridge, form, set, update, problemsOf } = api;
  const p = form.patient;
  const [search, setSearch] = useState('');
  const [matches, setMatches] = useState<PatientMatch[] | null>(null);
  const [prefilled, setPrefilled] = useState<string | null>(null);
  const check = checkFiscalCode(p.fiscalCode, new Date());

  useEffect(() => {
    const text = search.trim();
    if (text.length < 2) {
      setMatches(null);
      return;
    }
    const timer = setTimeout(() => {
      void bridge.invoke('patients:search', { text }).then((r) => setMatches(r.ok ? r.value : []));
    }, 250);
    return () => clearTimeout(timer);
  }, [bridge, search]);

  // A complete, valid tax code of a patient seen before fills the empty names and address.
  useEffect(() => {
    if (check.kind !== 'valid' || p.givenName || p.familyName) return;
    const cf = p.fiscalCode.trim().toUpperCase();
    let cancelled = false;
    void bridge.invoke('patients:search', { text: cf }).then((r) => {
      const m = r.ok ? r.value.find((x) => x.fiscalCode.toUpperCase() === cf) : undefined;
      if (cancelled || !m) return;
      update((f) => (f.patient.givenName || f.patient.familyName ? f : { ...f, patient: fromMatch(m, f.patient) }));
      setPrefilled(`${m.familyName} ${m.givenName}`);
    });
    return () => {
      cancelled = true;
    };
    // Only a change of the tax code triggers the look-up.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, p.fiscalCode, check.kind]);

  const cfProblems = problemsOf('patient.fiscalCode');
  const live =
    check.kind === 'invalid' && cfProblems.length > 0
      ? undefined
      : check.kind === 'typing'
        ? `Mancano ${check.remaining} caratteri.`
        : check.kind === 'invalid'
          ? check.message
          : check.kind === 'valid' && check.birthDate
            ? `Codice fiscale corretto: ${check.sex === 'F' ? 'nata' : 'nato'} il ${formatWrittenDate(check.birthDate)}.`
            : check.kind === 'valid'
              ? 'Codice fiscale numerico (provvisorio).'
              : undefined;

  const address = p.address ?? EMPTY_ADDRESS;
  const setAddress = (key: keyof typeof EMPTY_ADDRESS) => (e: { target: { value: string } }) => set('patient.address', { ...address, [key]: e.target.value });

  return (
    <fieldset className="report-step">
      <legend>Paziente</legend>
      <div className="patient-search">
        <label htmlFor="rf-patient-search">Cerca un paziente già visto</label>
        <input
          id="rf-patient-search"
          type="search"
          value={search}
          placeholder="Cognome e nome, oppure codice fiscale"
          aria-describedby="rf-patient-search-hint"
          onChange={(e) => setSearch(e.target.value)}
        />
        <p className="hint" id="rf-patient-search-hint">
          I dati dei pazienti dei referti precedenti vengono ripresi senza doverli riscrivere.
        </p>
        {matches && (
          <ul className="patient-matches" aria-label="Pazienti trovati">
            {matches.length === 0 && <li className="muted">Nessun paziente trovato: inserire i dati qui sotto.</li>}
            {matches.map((m) => (
              <li key={m.fiscalCode}>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => {
                    update((f) => ({ ...f, patient: fromMatch(m, f.patient) }));
                    setPrefilled(`${m.familyName} ${m.givenName}`);
                    setSearch('');
                  }}
                >
                  Usa {m.familyName} {m.givenName}
                </button>{' '}
                <span className="mono">{m.fiscalCode}</span>
                {m.birthDate && <span className="muted"> · nato/a il {formatWrittenDate(m.birthDate)}</span>}
              </li>
            ))}
          </ul>
        )}
        {prefilled && (
          <p className="notice tone-info" role="status">
            Dati di {prefilled} ripresi dall’ultimo referto: controllarli prima di proseguire.
          </p>
        )}
      </div>

      <ReportField path="patient.fiscalCode" label="Codice fiscale" problems={cfProblems} live={live}>
        {(c) => (
          <input
            {...c}
            type="text"
            className="mono"
            autoComplete="off"
            spellCheck={false}
            maxLength={16}
            value={p.fiscalCode}
            onChange={(e) => update((f) => ({ ...f, patient: withFiscalCode(f.patient, e.target.value.trim(), new Date()) }))}
          />
        )}
      </ReportField>
      <div className="field-row">
        <ReportField path="patient.familyName" label="Cognome" problems={problemsOf('patient.familyName')}>
          {(c) => <input {...c} type="text" value={p.familyName} onChange={(e) => set('patient.familyName', e.target.value)} />}
        </ReportField>
        <ReportField path="patient.givenName" label="Nome" problems={problemsOf('patient.givenName')}>
          {(c) => <input {...c} type="text" value={p.givenName} onChange={(e) => set('patient.givenName', e.target.value)} />}
        </ReportField>
      </div>
      <div className="field-row">
        <ReportField path="patient.birthDate" label="Data di nascita" problems={problemsOf('patient.birthDate')} hint="Ricavata dal codice fiscale.">
          {(c) => <input {...c} type="date" value={p.birthDate} onChange={(e) => set('patient.birthDate', e.target.value)} />}
        </ReportField>
        <ReportField path="patient.sex" label="Sesso" problems={problemsOf('patient.sex')}>
          {(c) => (
            <select {...c} value={p.sex} onChange={(e) => set('patient.sex', e.target.value)}>
              <option value="">—</option>
              <option value="F">Femmina</option>
              <option value="M">Maschio</option>
              <option value="UN">Non indicato</option>
            </select>
          )}
        </ReportField>
      </div>
      <ReportField path="patient.address.street" label="Indirizzo di residenza (facoltativo)" problems={problemsOf('patient.address.street')}>
        {(c) => <input {...c} type="text" value={address.street} onChange={setAddress('street')} />}
      </ReportField>
      <div className="field-row">
        <ReportField path="patient.address.city" label="Comune" problems={problemsOf('patient.address.city')}>
          {(c) => <input {...c} type="text" value={address.city} onChange={setAddress('city')} />}
        </ReportField>
        <ReportField path="patient.address.postalCode" label="CAP" problems={problemsOf('patient.address.postalCode')} className="narrow">
          {(c) => <input {...c} type="text" inputMode="numeric" maxLength={5} value={address.postalCode} onChange={setAddress('postalCode')} />}
        </ReportField>
        <ReportField path="patient.address.province" label="Provincia" problems={problemsOf('patient.address.province')} className="narrow">
          {(c) => <input {...c} type="text" maxLength={2} value={address.province} onChange={setAddress('province')} />}
        </ReportField>
      </div>
      <div className="field-row">
        <ReportField path="patient.phone" label="Telefono (facoltativo)" problems={problemsOf('patient.phone')}>
          {(c) => <input {...c} type="tel" value={p.phone} onChange={(e) => set('patient.phone', e.target.value)} />}
        </ReportField>
        <ReportField path="patient.email" label="E-mail (facoltativa)" problems={problemsOf('patient.email')}>
          {(c) => <input {...c} type="email" value={p.email} onChange={(e) => set('patient.email', e.target.value)} />}
        </ReportField>
      </div>
    </fieldset>
  );
}
