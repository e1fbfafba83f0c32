// Where each CART operation goes. Base URLs: docs/cart-region.md §2; every path can be overridden per
// operation in profile.paths. Why configurable: the regional text gives the production delete URL
// without "documents/" (a typo: stage and every other operation have it), and CART may move paths.
import type { Profile } from '../../../contract/profile.js';
import type { CartOperation } from './types.js';

export const BASE_URLS = {
  stage: 'https://fse20gwstage.regione.toscana.it/gateway/v2/',
  production: 'https://fse20gw.regione.toscana.it/gateway/v2/',
} as const;

export const METHODS: Record<CartOperation, 'GET' | 'POST' | 'PUT' | 'DELETE'> = {
  validateAndCreate: 'POST',
  replace: 'PUT',
  delete: 'DELETE',
  updateMetadata: 'PUT',
  statusByWorkflow: 'GET',
  statusByTrace: 'GET',
};

/** Path templates relative to the base URL; `{id}` is replaced by the URL-encoded id. */
export const DEFAULT_PATHS: Record<CartOperation, string> = {
  validateAndCreate: 'documents/validate-and-create',
  replace: 'documents/{id}',
  delete: 'documents/{id}',
  updateMetadata: 'documents/{id}/metadata',
  statusByWorkflow: 'status/{id}',
  statusByTrace: 'status/search/{id}',
};

export function baseUrlOf(profile: Profile): string {
  const raw = profile.environment === 'custom' ? profile.baseUrl : BASE_URLS[profile.environment];
  if (!raw) throw new Error('custom environment without baseUrl');
  return raw.endsWith('/') ? raw : raw + '/';
}

/** JWT aud: profile.audience, else the base URL without its trailing slash (the value CART expects is not published). */
export function audienceOf(profile: Profile): string {
  return profile.audience ?? baseUrlOf(profile).replace(/\/+$/, '');
}

/** Full URL of one call. Ids are percent-encoded as a single path segment (`^` → `%5E`, `/` → `%2F`). */
export function operationUrl(profile: Profile, operation: CartOperation, id?: string): URL {
  const template = (profile.paths?.[operation] ?? DEFAULT_PATHS[operation]).replace(/^\/+/, '');
  if (template.includes('{id}') && !id) throw new Error(`${operation} needs an id`);
  const path = template.replace('{id}', encodeURIComponent(id ?? ''));
  return new URL(path, baseUrlOf(profile));
}
