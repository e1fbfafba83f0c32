// CART's published addresses (docs/cart-region.md §2), shared so the profile form can show the defaults
// that an "Avanzate" override replaces. main/core/gateway/endpoints.ts builds the URLs from them.

export const BASE_URLS = {
  stage: 'https://fse20gwstage.regione.toscana.it/gateway/v2/',
  production: 'https://fse20gw.regione.toscana.it/gateway/v2/',
} as const;

/** Path templates relative to the base URL; `{id}` is replaced by the URL-encoded id. */
export const DEFAULT_PATHS = {
  validateAndCreate: 'documents/validate-and-create',
  replace: 'documents/{id}',
  delete: 'documents/{id}',
  updateMetadata: 'documents/{id}/metadata',
  statusByWorkflow: 'status/{id}',
  statusByTrace: 'status/search/{id}',
} as const;

/** The JWT audience when the profile sets none: the base URL without its trailing slash. */
export const defaultAudience = (baseUrl: string): string => baseUrl.replace(/\/+$/, '');
