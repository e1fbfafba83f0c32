// The offline checks of a report form: the form's own rules, then the report model, XSD, schematron and terminology
// (prepareUnsignedDocument), every problem moved onto the form field that causes it, plus the warnings a clinic
// wants before signing (a date in the future, a report dated before the service).
import type { Profile } from '../../../../contract/profile.js';
import { formDateTime, type ReportForm, type ReportProblem } from '../../../../contract/report-form.js';
import { PRACTICE_SETTINGS } from '../../../../contract/value-sets.js';
import { loadDocumentPreparation } from './document-room.js';
import { mapFormToReport, type MappedReport, type ReplacedVersion } from './form-to-report.js';
import { describeCode, warmTerminology } from './terminology.js';

type Preparation = Awaited<ReturnType<typeof loadDocumentPreparation>>;
export type UnsignedDocument = Extract<Awaited<ReturnType<Preparation['prepareUnsignedDocument']>>, { ok: true }>['document'];

export interface FormCheck {
  problems: ReportProblem[];
  /** Present when there is no error: the unsigned PDF with cda.xml, what the preview shows and the signature seals. */
  unsigned?: UnsignedDocument;
  mapped: MappedReport;
}

export interface CheckContext {
  profile: Profile;
  now: Date;
  replaces?: ReplacedVersion | undefined;
  /** The clinic's own PDF, for an imported report. */
  existingPdf?: Uint8Array | undefined;
  /** Problems found by the caller (replace and import checks), shown with the others. */
  extra?: ReportProblem[];
}

const DISCIPLINES = new Set(PRACTICE_SETTINGS.map((e) => e.code));

/** The form's value `AAAA-MM-GGTHH:MM` compared as text with now in the same format (both Italian wall time). */
function dateWarnings(form: ReportForm, now: Date): ReportProblem[] {
  const at = formDateTime(now);
  const minute = (v: string): string => v.trim().slice(0, 16);
  const out: ReportProblem[] = [];
  const valid = (v: string): boolean => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?/.test(v.trim());
  if (valid(form.serviceDate) && minute(form.serviceDate) > at)
    out.push({ field: 'serviceDate', severity: 'warning', message: 'La data della prestazione è nel futuro: controllarla.' });
  if (valid(form.documentDate) && minute(form.documentDate) > at)
    out.push({ field: 'documentDate', severity: 'warning', message: 'La data del referto è nel futuro: controllarla.' });
  if (valid(form.serviceDate) && valid(form.documentDate) && minute(form.documentDate) < minute(form.serviceDate))
    out.push({ field: 'documentDate', severity: 'warning', message: 'La data del referto è precedente a quella della prestazione.' });
  return out;
}

/** The row of the form that carries a code the terminology check refused. */
function rowWithCode(form: ReportForm, code: string): string | undefined {
  const same = (c: string): boolean => c.trim() === code;
  const rsa = form.rsa?.services.findIndex((s) => same(s.code)) ?? -1;
  if (rsa >= 0) return `rsa.services.${rsa}.code`;
  const rad = form.rad?.exams.findIndex((s) => same(s.code)) ?? -1;
  if (rad >= 0) return `rad.exams.${rad}.code`;
  const lab = form.lab?.results.findIndex((r) => same(r.code)) ?? -1;
  if (lab >= 0) return `lab.results.${lab}.code`;
  return undefined;
}

interface AnyProblem {
  stage: string;
  message: string;
  field?: string | undefined;
  ruleId?: string | undefined;
}

function toFormProblem(p: AnyProblem, form: ReportForm, mapped: MappedReport, severity: ReportProblem['severity']): ReportProblem {
  if (p.stage === 'pdf' || p.stage === 'signature') return { field: '', message: p.message, severity };
  let field = p.field && !p.field.startsWith('profile.') ? mapped.fieldOf(p.field) : '';
  if (p.stage === 'terminology') {
    const code = /codice "([^"]+)"/.exec(p.message)?.[1];
    field = (code && rowWithCode(form, code)) || field;
  }
  // libxml2 speaks English: the sentence around it says what it means for the clinic.
  let message = p.stage === 'xsd' ? `Il documento non rispetta lo schema CDA: ${p.message}` : p.message;
  // The doctor's data are not on the form: say where they are fixed.
  if (p.field?.startsWith('doctor')) message = `Dati del medico da correggere in «Medici e operatori»: ${message}`;
  return { field, message, severity };
}

/** One error per field (the first: the most basic), warnings without repeats; errors first. */
function tidy(problems: ReportProblem[]): ReportProblem[] {
  const seen = new Set<string>();
  const out: ReportProblem[] = [];
  for (const p of [...problems.filter((x) => x.severity === 'error'), ...problems.filter((x) => x.severity === 'warning')]) {
    const key = p.severity === 'error' && p.field !== '' ? `e:${p.field}` : `${p.severity}:${p.field}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

export async function checkForm(form: ReportForm, ctx: CheckContext): Promise<FormCheck> {
  await warmTerminology();
  const mapped = mapFormToReport(form, ctx.profile, { now: ctx.now, replaces: ctx.replaces, describe: describeCode });
  const problems: ReportProblem[] = [...(ctx.extra ?? []), ...mapped.problems, ...dateWarnings(form, ctx.now)];
  if (form.discipline.trim() !== '' && !DISCIPLINES.has(form.discipline.trim()))
    problems.push({ field: 'discipline', severity: 'error', message: 'Disciplina non prevista: sceglierla dall\u2019elenco.' });

  const { prepareUnsignedDocument } = await loadDocumentPreparation();
  const prepared = await prepareUnsignedDocument({
    type: mapped.type,
    report: mapped.report,
    profile: ctx.profile,
    now: ctx.now,
    ...(ctx.existingPdf ? { existingPdf: ctx.existingPdf } : {}),
  });
  if (!prepared.ok) {
    for (const p of prepared.problems as AnyProblem[]) problems.push(toFormProblem(p, form, mapped, 'error'));
    return { problems: tidy(problems), mapped };
  }
  for (const w of prepared.document.validation.warnings) problems.push(toFormProblem(w, form, mapped, 'warning'));
  const all = tidy(problems);
  return all.some((p) => p.severity === 'error') ? { problems: all, mapped } : { problems: all, mapped, unsigned: prepared.document };
}
