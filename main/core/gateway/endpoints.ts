// Where each CART operation goes. Base URLs: docs/cart-region.md §2; every path can be overridden per
// operation in profile.paths. Why configurable: the regional text gives the production delete URL
// without "documents/" (a typo: stage and every other operation have it), and CART may move paths.
import { pathOverrideProblem, type Profile } from '../../../contract/profile.js';
import { BASE_URLS, DEFAULT_PATHS, defaultAudience } from '../../../contract/gateway-defaults.js';
import type { CartOperation } from './types.js';

export const METHODS: Record<CartOperation, 'GET' | 'POST' | 'PUT' | 'DELETE'> = {
  validateAndCreate: 'POST',
  replace: 'PUT',
  delete: 'DELETE',
  updateMetadata: 'PUT',
  statusByWorkflow: 'GET',
  statusByTrace: 'GET',
};

export function baseUrlOf(profile: Profile): string {
  const raw = profile.environment === 'custom' ? profile.baseUrl : BASE_URLS[profile.environment];
  if (!raw) throw new Error('custom environment without baseUrl');
  return raw.endsWith('/') ? raw : raw + '/';
}

/** JWT aud: profile.audience, else the base URL without its trailing slash (the value CART expects is not published). */
export function audienceOf(profile: Profile): string {
  return profile.audience ?? defaultAudience(baseUrlOf(profile));
}

/** A profile path override that could lead the call away from the gateway (checked again here, after the profile's schema). */
export class UnsafePathError extends Error {
  constructor(
    readonly operation: CartOperation,
    /** Italian, for the person at the desk. */
    readonly userMessage: string,
  ) {
    super(`unsafe path override for ${operation}: ${userMessage}`);
    this.name = 'UnsafePathError';
  }
}

/**
 * Full URL of one call. Ids are percent-encoded as a single path segment (`^` → `%5E`, `/` → `%2F`).
 * Defence in depth for overrides (the profile schema refuses the same): the URL keeps the base URL's
 * https: scheme, host and port, and stays under its path; otherwise UnsafePathError, nothing is sent.
 */
export function operationUrl(profile: Profile, operation: CartOperation, id?: string): URL {
  const override = profile.paths?.[operation];
  const problem = override === undefined ? undefined : pathOverrideProblem(override);
  if (problem) throw new UnsafePathError(operation, `Percorso personalizzato di «${operation}» non accettato: ${problem}`);
  const template = (override ?? DEFAULT_PATHS[operation]).replace(/^\/+/, '');
  if (template.includes('{id}') && !id) throw new Error(`${operation} needs an id`);
  const path = template.replace('{id}', encodeURIComponent(id ?? ''));
  const base = new URL(baseUrlOf(profile));
  const url = new URL(path, base);
  if (base.protocol !== 'https:' || url.protocol !== base.protocol || url.host !== base.host || !url.pathname.startsWith(base.pathname)) {
    throw new UnsafePathError(
      operation,
      `L\u2019indirizzo di «${operation}» uscirebbe dal gateway (${url.origin}): correggere l\u2019indirizzo base o i percorsi nel profilo.`,
    );
  }
  return url;
}
