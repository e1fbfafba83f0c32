import {
  ABNORMAL_FLAG_OPTIONS,
  emptyCodedLine,
  emptyLabResult,
  LAB_SECTION_OPTIONS,
  SPECIMEN_OPTIONS,
  type CodedLine,
  type LabResultRow,
} from '../../../../contract/report-form.js';
import type { FormApi } from './form-api.js';
import { ReportField, ReportSelect } from './ReportField.js';
import { TermPicker } from './TermPicker.js';

function TextArea({ api, path, label, hint, rows = 4 }: { api: FormApi; path: string; label: string; hint?: string; rows?: number }) {
  const [block, key] = path.split('.') as [string, string];
  const value = ((api.form as unknown as Record<string, Record<string, string> | undefined>)[block]?.[key] ?? '') as string;
  return (
    <ReportField path={path} label={label} hint={hint} problems={api.problemsOf(path)}>
      {(c) => <textarea {...c} rows={rows} value={value} onChange={(e) => api.set(path, e.target.value)} />}
    </ReportField>
  );
}

/** Problems of a whole list («Indicare almeno una prestazione»): said at the top of the list. */
function ListProblems({ api, path }: { api: FormApi; path: string }) {
  const problems = api.problemsOf(path);
  return problems.map((p, i) => (
    <p key={i} className={p.severity === 'error' ? 'error' : 'warning-text'} data-field-problems={path}>
      {p.message}
    </p>
  ));
}

/** Coded lines (RSA services performed, RAD exams): ICD9-CM picked by name, with a free description. */
function CodedLines({ api, path, lines, label, addLabel }: { api: FormApi; path: string; lines: CodedLine[]; label: string; addLabel: string }) {
  return (
    <fieldset className="coded-lines">
      <legend>{label}</legend>
      <ListProblems api={api} path={path} />
      {lines.map((line, i) => (
        <div className="coded-line" key={i}>
          <ReportField path={`${path}.${i}.code`} label={`Voce ${i + 1} (cerca per nome o codice ICD9-CM)`} problems={api.problemsOf(`${path}.${i}.code`)}>
            {(c) => (
              <TermPicker
                bridge={api.bridge}
                system="icd9cm"
                control={c}
                code={line.code}
                display={line.description}
                placeholder="es. visita cardiologica, elettrocardiogramma"
                onChoose={(e) => api.set(`${path}.${i}`, { code: e.code, description: e.display })}
                onText={(text) => api.set(`${path}.${i}`, { code: '', description: text })}
              />
            )}
          </ReportField>
          {api.problemsOf(`${path}.${i}.description`).length > 0 && (
            <ReportField path={`${path}.${i}.description`} label="Descrizione" problems={api.problemsOf(`${path}.${i}.description`)}>
              {(c) => <input {...c} type="text" value={line.description} onChange={(e) => api.set(`${path}.${i}.description`, e.target.value)} />}
            </ReportField>
          )}
          {lines.length > 1 && (
            <button
              type="button"
              className="link small"
              onClick={() =>
                api.set(
                  path,
                  lines.filter((_, j) => j !== i),
                )
              }
            >
              Togli la voce {i + 1}
            </button>
          )}
        </div>
      ))}
      <button type="button" className="secondary small" onClick={() => api.set(path, [...lines, emptyCodedLine()])}>
        {addLabel}
      </button>
    </fieldset>
  );
}

function RsaContent({ api }: { api: FormApi }) {
  const rsa = api.form.rsa;
  if (!rsa) return null;
  return (
    <>
      <TextArea api={api} path="rsa.reason" label="Motivo della visita" rows={2} />
      <TextArea api={api} path="rsa.history" label="Anamnesi" />
      <TextArea api={api} path="rsa.examination" label="Esame obiettivo" />
      <CodedLines api={api} path="rsa.services" lines={rsa.services} label="Prestazioni eseguite" addLabel="Aggiungi una prestazione" />
      <TextArea api={api} path="rsa.findings" label="Referto" rows={6} />
      <TextArea api={api} path="rsa.conclusions" label="Conclusioni" />
      <TextArea api={api} path="rsa.suggestions" label="Suggerimenti e terapia consigliata" />
    </>
  );
}

function RadContent({ api }: { api: FormApi }) {
  const rad = api.form.rad;
  if (!rad) return null;
  return (
    <>
      <TextArea api={api} path="rad.reason" label="Quesito diagnostico" rows={2} />
      <TextArea api={api} path="rad.history" label="Notizie cliniche (facoltative)" rows={3} />
      <CodedLines api={api} path="rad.exams" lines={rad.exams} label="Esami eseguiti" addLabel="Aggiungi un esame" />
      <TextArea api={api} path="rad.technique" label="Tecnica" rows={3} />
      <TextArea api={api} path="rad.findings" label="Referto" rows={6} />
      <TextArea api={api} path="rad.conclusions" label="Conclusioni" />
      <TextArea api={api} path="rad.suggestions" label="Suggerimenti (facoltativi)" rows={2} />
    </>
  );
}

function LabRow({ api, row, i, count }: { api: FormApi; row: LabResultRow; i: number; count: number }) {
  const base = `lab.results.${i}`;
  const p = (k: keyof LabResultRow) => `${base}.${k}`;
  const field = (k: keyof LabResultRow, label: string, className?: string, inputMode?: 'decimal') => (
    <ReportField path={p(k)} label={label} problems={api.problemsOf(p(k))} {...(className ? { className } : {})}>
      {(c) => <input {...c} type="text" {...(inputMode ? { inputMode } : {})} value={row[k]} onChange={(e) => api.set(p(k), e.target.value)} />}
    </ReportField>
  );
  return (
    <fieldset className="lab-row">
      <legend>Risultato {i + 1}</legend>
      <div className="field-row">
        <ReportField path={p('code')} label="Esame (cerca per nome, codice LOINC)" problems={api.problemsOf(p('code'))} className="wide">
          {(c) => (
            <TermPicker
              bridge={api.bridge}
              system="loinc"
              control={c}
              code={row.code}
              display={row.display}
              placeholder="es. glucosio, emoglobina"
              onChoose={(e) =>
                api.update((f) => ({
                  ...f,
                  lab: f.lab && { ...f.lab, results: f.lab.results.map((r, j) => (j === i ? { ...r, code: e.code, display: e.display } : r)) },
                }))
              }
              onText={(text) =>
                api.update((f) => ({
                  ...f,
                  lab: f.lab && { ...f.lab, results: f.lab.results.map((r, j) => (j === i ? { ...r, code: '', display: text } : r)) },
                }))
              }
            />
          )}
        </ReportField>
        <ReportSelect api={api} path={p('section')} label="Sezione" value={row.section} options={LAB_SECTION_OPTIONS} />
      </div>
      <div className="field-row">
        {field('value', 'Valore', undefined, 'decimal')}
        {field('unit', 'Unità di misura', 'narrow')}
        {field('rangeLow', 'Rif. minimo', 'narrow', 'decimal')}
        {field('rangeHigh', 'Rif. massimo', 'narrow', 'decimal')}
      </div>
      <div className="field-row">
        {field('rangeText', 'Intervallo (testo libero)')}
        <ReportSelect api={api} path={p('abnormal')} label="Fuori norma" value={row.abnormal} options={ABNORMAL_FLAG_OPTIONS} placeholder="Non indicato" />
        <ReportSelect api={api} path={p('specimen')} label="Campione" value={row.specimen} options={SPECIMEN_OPTIONS} placeholder="Non indicato" />
      </div>
      {field('note', 'Nota (facoltativa)')}
      {count > 1 && (
        <button
          type="button"
          className="link small"
          onClick={() => api.update((f) => ({ ...f, lab: f.lab && { ...f.lab, results: f.lab.results.filter((_, j) => j !== i) } }))}
        >
          Togli il risultato {i + 1}
        </button>
      )}
    </fieldset>
  );
}

function LabContent({ api }: { api: FormApi }) {
  const lab = api.form.lab;
  if (!lab) return null;
  const last = lab.results[lab.results.length - 1];
  return (
    <>
      <ReportField path="lab.collectedAt" label="Prelievo eseguito il (facoltativo)" problems={api.problemsOf('lab.collectedAt')}>
        {(c) => <input {...c} type="datetime-local" value={lab.collectedAt} onChange={(e) => api.set('lab.collectedAt', e.target.value)} />}
      </ReportField>
      <ListProblems api={api} path="lab.results" />
      {lab.results.map((row, i) => (
        <LabRow key={i} api={api} row={row} i={i} count={lab.results.length} />
      ))}
      <button
        type="button"
        className="secondary small"
        onClick={() => api.update((f) => ({ ...f, lab: f.lab && { ...f.lab, results: [...f.lab.results, emptyLabResult(last?.section)] } }))}
      >
        Aggiungi un risultato
      </button>
    </>
  );
}

/** Step 2: the report's content in the clinic's words, by kind. */
export function ContentStep({ api }: { api: FormApi }) {
  return (
    <fieldset className="report-step">
      <legend>Contenuto del referto</legend>
      {api.form.kind === 'RSA' && <RsaContent api={api} />}
      {api.form.kind === 'LAB' && <LabContent api={api} />}
      {api.form.kind === 'RAD' && <RadContent api={api} />}
    </fieldset>
  );
}
