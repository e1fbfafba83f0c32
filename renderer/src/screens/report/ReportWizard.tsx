import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FseDeskBridge, ReportsSignResponse } from '../../../../contract/api.js';
import type { Doctor } from '../../../../contract/profile.js';
import { REPORT_KIND_LABELS, type ReportForm, type ReportProblem } from '../../../../contract/report-form.js';
import { ContentStep } from './ContentStep.js';
import { DoctorStep } from './DoctorStep.js';
import type { FormApi } from './form-api.js';
import { PatientStep } from './PatientStep.js';
import { PreviewStep } from './PreviewStep.js';
import { fieldId, firstStepWithError, problemsByField, problemsOfStep, setIn, stepOfField, STEPS, type StepId } from './report-form-model.js';
import { useDraftAutosave, type DraftStatus } from './use-draft-autosave.js';

/** The control a problem points at: the field itself, or the first row's control for a list («almeno una prestazione»). */
function controlOf(field: string): HTMLElement | null {
  if (!field) return null;
  for (const path of [field, `${field}.0.code`, `${field}.0.value`]) {
    const el = document.getElementById(fieldId(path));
    if (el) return el;
  }
  return null;
}

export interface ImportedPdf {
  fileName: string;
  pageCount: number;
}

interface ReportWizardProps {
  bridge: FseDeskBridge;
  initialForm: ReportForm;
  initialDraftId?: number;
  doctors: readonly Doctor[];
  /** What this report is for, when not a plain new one: «Nuova versione del referto…». */
  context?: string;
  imported?: ImportedPdf;
  onSigned: (signed: ReportsSignResponse) => void;
  onClose: () => void;
}

// «alle 10:42»: minutes are enough to reassure, seconds would tick like a clock.
const SAVED_AT = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' });

function DraftStatusText({ status }: { status: DraftStatus }) {
  const text =
    status.kind === 'saved'
      ? `Bozza salvata alle ${SAVED_AT.format(new Date(status.at))}`
      : status.kind === 'saving' || status.kind === 'pending'
        ? 'Salvataggio della bozza…'
        : status.kind === 'error'
          ? `Bozza non salvata: ${status.message}`
          : 'La bozza viene salvata mentre si scrive.';
  return (
    <p className={`draft-status${status.kind === 'error' ? ' error' : ''}`} role="status" data-draft-status={status.kind}>
      {text}
    </p>
  );
}

/** The guided form: Paziente → Contenuto → Medico e date → Anteprima e firma, checked as each step is left. */
export function ReportWizard({ bridge, initialForm, initialDraftId, doctors, context, imported, onSigned, onClose }: ReportWizardProps) {
  const [form, setForm] = useState<ReportForm>(initialForm);
  const [step, setStep] = useState<StepId>('patient');
  const [problems, setProblems] = useState<ReportProblem[]>([]);
  // Problems are shown for the steps the user has tried to leave, not for fields not reached yet.
  const [checked, setChecked] = useState<ReadonlySet<StepId>>(new Set());
  const [busy, setBusy] = useState(false);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const [signed, setSigned] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const autosave = useDraftAutosave(bridge, form, initialDraftId, !signed);

  const byField = useMemo(() => problemsByField(problems), [problems]);
  const api: FormApi = useMemo(
    () => ({
      bridge,
      form,
      set: (path, value) => setForm((f) => setIn(f, path, value)),
      update: (change) => setForm(change),
      problemsOf: (path) => {
        const s = stepOfField(path);
        return s && checked.has(s) ? (byField.get(path) ?? []) : [];
      },
    }),
    [bridge, form, byField, checked],
  );

  // Focus: the first field in error after a refused step, otherwise the new step's heading.
  useEffect(() => {
    if (focusTarget) {
      const el = document.getElementById(focusTarget) ?? headingRef.current;
      el?.focus();
      setFocusTarget(null);
    }
  }, [focusTarget]);

  const goTo = (target: StepId) => {
    setStep(target);
    setFocusTarget('report-step-heading');
  };

  async function validate(): Promise<ReportProblem[] | null> {
    const r = await bridge.invoke('reports:validate', { form });
    if (!r.ok) {
      setProblems([{ field: '', message: r.error.message, severity: 'error' }]);
      return null;
    }
    setProblems(r.value.problems);
    return r.value.problems;
  }

  function focusFirstError(list: readonly ReportProblem[], on: StepId) {
    const first = list.find((p) => p.severity === 'error' && stepOfField(p.field) === on);
    setFocusTarget((first && controlOf(first.field)?.id) || 'report-problems');
  }

  async function next() {
    const index = STEPS.findIndex((s) => s.id === step);
    const target = STEPS[index + 1]?.id;
    if (!target) return;
    setBusy(true);
    const found = await validate();
    setBusy(false);
    if (!found) return;
    // Leaving a step checks it; going to the preview checks everything before it.
    const nowChecked = new Set(checked);
    nowChecked.add(step);
    if (target === 'preview') STEPS.slice(0, 3).forEach((s) => nowChecked.add(s.id));
    setChecked(nowChecked);
    const blocking = found.filter(
      (p) => p.severity === 'error' && (target === 'preview' || stepOfField(p.field) === step || stepOfField(p.field) === undefined),
    );
    if (blocking.length) {
      const where = (target === 'preview' ? firstStepWithError(found) : undefined) ?? step;
      setStep(where);
      focusFirstError(found, where);
      return;
    }
    if (target === 'preview') await autosave.flush();
    goTo(target);
  }

  const onPreviewProblems = useCallback((list: ReportProblem[]) => {
    setProblems(list);
    setChecked(new Set(STEPS.map((s) => s.id)));
    const where = firstStepWithError(list) ?? 'doctor';
    setStep(where);
    focusFirstError(list, where);
  }, []);

  const stepIndex = STEPS.findIndex((s) => s.id === step);
  const shown = checked.has(step) || step === 'preview' ? problemsOfStep(problems, step) : problems.filter((p) => stepOfField(p.field) === undefined);
  const errors = shown.filter((p) => p.severity === 'error');
  const kindLabel = REPORT_KIND_LABELS[form.kind];

  return (
    <div className="report-wizard">
      <div className="report-head">
        <div>
          <h1>
            {form.replaceOf ? 'Nuova versione' : 'Nuovo referto'} — {kindLabel}
          </h1>
          {context && <p className="lead">{context}</p>}
          {imported && (
            <p className="lead">
              PDF importato: <span className="mono">{imported.fileName}</span> ({imported.pageCount} {imported.pageCount === 1 ? 'pagina' : 'pagine'}). Qui si
              aggiungono i dati strutturati.
            </p>
          )}
        </div>
        <DraftStatusText status={autosave.status} />
      </div>

      <nav aria-label="Avanzamento">
        <ol className="steps">
          {STEPS.map((s, i) => (
            <li key={s.id} className={i < stepIndex ? 'done' : i === stepIndex ? 'current' : 'todo'} aria-current={i === stepIndex ? 'step' : undefined}>
              {i < stepIndex ? (
                <button type="button" className="link" onClick={() => goTo(s.id)}>
                  <span className="step-number" aria-hidden="true">
                    {i + 1}
                  </span>{' '}
                  {s.label}
                  <span className="sr-only"> (completato, torna a questo passo)</span>
                </button>
              ) : (
                <span>
                  <span className="step-number" aria-hidden="true">
                    {i + 1}
                  </span>{' '}
                  {s.label}
                  <span className="sr-only">{i === stepIndex ? ' (passo attuale)' : ' (da fare)'}</span>
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>

      <h2 id="report-step-heading" ref={headingRef} tabIndex={-1} className="step-heading">
        Passo {stepIndex + 1} di {STEPS.length}: {STEPS[stepIndex]?.label}
      </h2>

      {shown.length > 0 && step !== 'preview' && (
        <div id="report-problems" tabIndex={-1} className={`notice ${errors.length ? 'tone-error' : 'tone-warning'}`} role={errors.length ? 'alert' : 'status'}>
          <p>{errors.length ? `Da correggere prima di proseguire (${errors.length}):` : 'Da controllare:'}</p>
          <ul>
            {shown.map((p, i) => (
              <li key={i}>
                {controlOf(p.field) ? (
                  <a
                    href={`#${controlOf(p.field)?.id ?? ''}`}
                    onClick={(e) => {
                      e.preventDefault();
                      controlOf(p.field)?.focus();
                    }}
                  >
                    {p.message}
                  </a>
                ) : (
                  p.message
                )}
              </li>
            ))}
          </ul>
        </div>
      )}

      <form
        className="report-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step !== 'preview') void next();
        }}
      >
        {step === 'patient' && <PatientStep api={api} />}
        {step === 'content' && <ContentStep api={api} />}
        {step === 'doctor' && <DoctorStep api={api} doctors={doctors} />}
        {step !== 'preview' && (
          <div className="actions wizard-actions">
            {stepIndex > 0 && (
              <button type="button" className="secondary" onClick={() => goTo(STEPS[stepIndex - 1]!.id)}>
                Indietro
              </button>
            )}
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Controllo in corso…' : step === 'doctor' ? 'Controlla e vedi l’anteprima' : 'Avanti'}
            </button>
            <button type="button" className="link" onClick={onClose}>
              Chiudi (la bozza resta salvata)
            </button>
          </div>
        )}
      </form>
      {step === 'preview' && (
        <>
          <PreviewStep
            api={api}
            draftId={autosave.draftId}
            onProblems={onPreviewProblems}
            onSigned={(r) => {
              setSigned(true);
              onSigned(r);
            }}
          />
          <div className="actions">
            <button type="button" className="secondary" onClick={() => goTo('doctor')}>
              Indietro, per correggere
            </button>
          </div>
        </>
      )}
    </div>
  );
}
