// Results cross the IPC bridge and the browser shell as plain JSON: Electron's structured clone
// drops class prototypes, so a thrown Error would arrive as a bare message. Every call answers
// with one of these instead.

export interface FieldProblem {
  /** Dotted path of the field, e.g. "clinic.istatCode"; "" for the whole object. */
  path: string;
  /** Italian, for the person at the desk. */
  message: string;
}

export interface AppError {
  /** Stable machine code, e.g. "validation", "not-found", "internal". */
  code: string;
  /** Italian message, ready to show. */
  message: string;
  /** Field-level problems, when the error is about user input. */
  problems?: FieldProblem[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, problems?: FieldProblem[]): Result<never> => ({
  ok: false,
  error: problems ? { code, message, problems } : { code, message },
});
