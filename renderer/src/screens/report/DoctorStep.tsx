import type { Doctor } from '../../../../contract/profile.js';
import { ADMINISTRATIVE_REQUEST_OPTIONS, CONFIDENTIALITY_OPTIONS, formDateTime } from '../../../../contract/report-form.js';
import { PRACTICE_SETTINGS, privateClinicFirst } from '../../../../contract/value-sets.js';
import type { FormApi } from './form-api.js';
import { ReportField, ReportSelect } from './ReportField.js';

export const doctorName = (d: Pick<Doctor, 'title' | 'givenName' | 'familyName'>): string => [d.title, d.givenName, d.familyName].filter(Boolean).join(' ');

/**
 * A date later than now: a warning here at once (the validation says it too). The values are Italian local time
 * (formDateTime), whatever the computer's time zone: compared as strings of the same shape, never via Date.parse.
 */
function isFuture(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) && value > formDateTime(new Date());
}

/** Step 3: the reporting doctor, the discipline, the dates and the regime of provision. */
export function DoctorStep({ api, doctors }: { api: FormApi; doctors: readonly Doctor[] }) {
  const { form, set, update, problemsOf } = api;
  const { first, others } = privateClinicFirst(PRACTICE_SETTINGS);
  const localFuture = (path: 'serviceDate' | 'documentDate') =>
    isFuture(form[path]) && !problemsOf(path).some((p) => p.severity === 'warning')
      ? [{ field: path, severity: 'warning' as const, message: 'la data è nel futuro: controllarla.' }]
      : [];
  return (
    <fieldset className="report-step">
      <legend>Medico e date</legend>
      {doctors.length === 0 && (
        <p className="notice tone-warning" role="status">
          Nessun medico nell’elenco della struttura: aggiungerlo in «Medici e operatori».
        </p>
      )}
      <ReportField path="doctorId" label="Medico refertante" problems={problemsOf('doctorId')}>
        {(c) => (
          <select
            {...c}
            value={form.doctorId}
            onChange={(e) => {
              const d = doctors.find((x) => x.id === e.target.value);
              // The discipline follows the doctor unless the user chose another one for this report.
              update((f) => ({ ...f, doctorId: e.target.value, discipline: d?.discipline ?? f.discipline }));
            }}
          >
            <option value="">Scegliere il medico</option>
            {doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {doctorName(d)}
                {d.specialty ? ` — ${d.specialty}` : ''}
              </option>
            ))}
          </select>
        )}
      </ReportField>
      <ReportField path="discipline" label="Disciplina" hint="Proposta dal medico scelto; modificabile per questo referto." problems={problemsOf('discipline')}>
        {(c) => (
          <select {...c} value={form.discipline} onChange={(e) => set('discipline', e.target.value)}>
            <option value="">Scegliere la disciplina</option>
            <optgroup label="Più comuni per una struttura privata">
              {first.map((e) => (
                <option key={e.code} value={e.code}>
                  {e.display}
                </option>
              ))}
            </optgroup>
            <optgroup label="Altre discipline">
              {others.map((e) => (
                <option key={e.code} value={e.code}>
                  {e.display}
                </option>
              ))}
            </optgroup>
          </select>
        )}
      </ReportField>
      <div className="field-row">
        <ReportField path="serviceDate" label="Data della prestazione" problems={[...problemsOf('serviceDate'), ...localFuture('serviceDate')]}>
          {(c) => <input {...c} type="datetime-local" value={form.serviceDate} onChange={(e) => set('serviceDate', e.target.value)} />}
        </ReportField>
        <ReportField path="documentDate" label="Data del referto" problems={[...problemsOf('documentDate'), ...localFuture('documentDate')]}>
          {(c) => <input {...c} type="datetime-local" value={form.documentDate} onChange={(e) => set('documentDate', e.target.value)} />}
        </ReportField>
      </div>
      <div className="field-row">
        <ReportSelect
          api={api}
          path="administrativeRequest"
          label="Regime di erogazione"
          value={form.administrativeRequest}
          options={ADMINISTRATIVE_REQUEST_OPTIONS}
          placeholder="Scegliere il regime"
        />
        <ReportSelect api={api} path="confidentiality" label="Riservatezza" value={form.confidentiality} options={CONFIDENTIALITY_OPTIONS} />
      </div>
      <ReportField
        path="nre"
        label="Numero di ricetta elettronica (NRE, facoltativo)"
        hint="15 caratteri, se la prestazione è stata prescritta con ricetta."
        problems={problemsOf('nre')}
      >
        {(c) => <input {...c} type="text" className="mono" maxLength={15} value={form.nre} onChange={(e) => set('nre', e.target.value.toUpperCase())} />}
      </ReportField>
    </fieldset>
  );
}
