import type { ReactNode } from 'react';
import type { ReportProblem } from '../../../../contract/report-form.js';
import type { FormApi } from './form-api.js';
import { fieldId } from './report-form-model.js';

export interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

interface ReportFieldProps {
  /** Dotted path into ReportForm: the id of the control and the key of its problems. */
  path: string;
  label: string;
  hint?: ReactNode;
  problems?: readonly ReportProblem[];
  /** Shown under the hint while typing (e.g. the tax code's derived birth date). */
  live?: ReactNode;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}

/**
 * A labelled control of the report form with its hint and every problem the validation found on it: errors make
 * it aria-invalid, warnings are said but do not block; all are tied to the control with aria-describedby.
 */
export function ReportField({ path, label, hint, problems = [], live, className, children }: ReportFieldProps) {
  const id = fieldId(path);
  const hasError = problems.some((p) => p.severity === 'error');
  const described = [hint ? `${id}-hint` : '', live ? `${id}-live` : '', problems.length ? `${id}-problems` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${hasError ? ' has-error' : ''}${problems.length && !hasError ? ' has-warning' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': hasError, ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {live && (
        <p className="hint live" id={`${id}-live`} aria-live="polite">
          {live}
        </p>
      )}
      {problems.length > 0 && (
        <div id={`${id}-problems`} data-field-problems={path}>
          {problems.map((p, i) => (
            <p key={i} className={p.severity === 'error' ? 'error' : 'warning-text'}>
              {p.severity === 'warning' ? `Attenzione: ${p.message}` : p.message}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

/** A choice from a coded list (code + Italian name): a ReportField whose control is a select bound to `path`. */
export function ReportSelect({
  api,
  path,
  label,
  value,
  options,
  placeholder,
}: {
  api: Pick<FormApi, 'set' | 'problemsOf'>;
  path: string;
  label: string;
  value: string;
  options: readonly { code: string; display: string }[];
  /** The empty choice's text; without it there is no empty choice. */
  placeholder?: string;
}) {
  return (
    <ReportField path={path} label={label} problems={api.problemsOf(path)}>
      {(c) => (
        <select {...c} value={value} onChange={(e) => api.set(path, e.target.value)}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => (
            <option key={o.code} value={o.code}>
              {o.display}
            </option>
          ))}
        </select>
      )}
    </ReportField>
  );
}
