// Full profile validation for the main process: the contract's structural schema plus the checks
// that need a library (operator tax code check character). Returns every problem with its path.
import { profileSchema, type Profile } from '../../../../contract/profile.js';
import type { FieldProblem } from '../../../../contract/result.js';
import { checkFiscalCode } from '../fiscal-code.js';

export type ProfileValidation = { ok: true; profile: Profile } | { ok: false; problems: FieldProblem[] };

export function validateProfile(input: unknown): ProfileValidation {
  const parsed = profileSchema.safeParse(input);
  const problems: FieldProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        message:
          i.code === 'unrecognized_keys'
            ? `Campo non previsto: ${i.keys.join(', ')}.`
            : i.code === 'invalid_type' && i.received === 'undefined'
              ? 'Campo obbligatorio.'
              : i.message,
      }));
  // zod skips refinements once the shape fails; this cross-field rule is listed anyway.
  const raw = (input ?? {}) as { environment?: unknown; baseUrl?: unknown };
  if (raw.environment === 'custom' && !raw.baseUrl && !problems.some((p) => p.path === 'baseUrl')) {
    problems.push({ path: 'baseUrl', message: 'Con l\u2019ambiente personalizzato indicare l\u2019indirizzo base.' });
  }
  // The check character is verified whenever the shape is right, so every problem is listed at once.
  const operatorCf = (input as { operator?: { fiscalCode?: unknown } } | null)?.operator?.fiscalCode;
  if (typeof operatorCf === 'string' && !problems.some((p) => p.path === 'operator.fiscalCode')) {
    const cf = checkFiscalCode(operatorCf);
    if (!cf.ok) problems.push({ path: 'operator.fiscalCode', message: cf.message });
  }
  return parsed.success && problems.length === 0 ? { ok: true, profile: parsed.data } : { ok: false, problems };
}
