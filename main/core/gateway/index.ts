// The gateway room's public surface (issue #8: one entry file per room). Loaded with this file: the
// journal, the claim and body rules the outbox's job codec checks stored jobs with, and types. The CART
// client (undici, jose) and the operations built on it (which also read the PDF through the document
// room) load on first use: the app core imports this file and starts without them.
export { CartJournal, type JournalRow } from './journal.js';
export { redactFhirBundle } from './fhir-bundle.js';
export { missingGatewayIds } from './gateway-answer.js';
export { isServerCertificateProblem } from './classify.js';
export { CF_SUFFIX, CLAIM_MATRIX, resourceHl7Type, type PurposeOfUse, type SignedOperation } from './jwt-claims.js';
export { createBodySchema, metadataBodySchema, replaceBodySchema, type CreateBody, type MetadataBody, type ReplaceBody } from './request-bodies.js';
export type { CartError, CartResult } from './types.js';
export type { CartCall, CartTimeouts, DocumentClaims } from './cart-client.js';
export type { CartCredentialsOption, CartRequest } from './execute.js';

/** The CART client (`CartClient`): mutual TLS on undici, JWTs signed with jose. */
export const loadCartClient = () => import('./cart-client.js');

/**
 * One CART operation end to end (`executeCartOperation`, `prepareCartCall`, `credentialsOf`,
 * `CartInputError`): the CART client, and the document room's PDF reading on first use.
 */
export const loadCartExecution = () => import('./execute.js');
