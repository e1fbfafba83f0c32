// Masks personal tax codes in text that leaves the main process (the screen, the support e-mail).
// The outbox never hands out the patient's tax code on purpose, but CART's free-text `detail` and
// journaled response bodies may quote it: this is the net under those.
import { replaceTaxCodes } from '../shared/index.js';

export const TAX_CODE_MASK = '[CF OSCURATO]';

export function maskTaxCodes(text: string): string {
  return replaceTaxCodes(text, TAX_CODE_MASK);
}

/** Same, through any JSON value (keys are kept). */
export function maskTaxCodesDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskTaxCodes(value);
  if (Array.isArray(value)) return value.map(maskTaxCodesDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskTaxCodesDeep(v)]));
  return value;
}
