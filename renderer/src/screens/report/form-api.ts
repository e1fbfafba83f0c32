import type { FseDeskBridge } from '../../../../contract/api.js';
import type { ReportForm, ReportProblem } from '../../../../contract/report-form.js';

/** What every step of the guide receives: the form, a setter by dotted path, and the problems of a field. */
export interface FormApi {
  bridge: FseDeskBridge;
  form: ReportForm;
  set: (path: string, value: unknown) => void;
  update: (change: (form: ReportForm) => ReportForm) => void;
  problemsOf: (path: string) => ReportProblem[];
}
