// Is a 2xx answer to a write the gateway's own success answer? Why this exists: any 2xx used to mean
// "accepted", so a proxy or a maintenance page answering 200 with HTML made a document look published
// with no id to prove it. The gateway's success is JSON (PublicationResDTO for create/replace,
// ResponseWifDTO for delete/metadata, OpenAPI 2026-07) with `traceID` (always present, guide §16) and,
// for create/replace, `workflowInstanceId`; CART adds the `X-CART-id` header to every answer (CART.md).
// Anything else is an uncertain outcome: the outbox reconciles it, never shows it as published.
import type { CartError, CartOperation } from './types.js';

type Ids = { xCartId?: string | undefined; traceId?: string | undefined; workflowInstanceId?: string | undefined };

/** Operations whose success answer carries a workflowInstanceId (it is derived from the uploaded CDA). */
const WITH_WORKFLOW_ID: readonly CartOperation[] = ['validateAndCreate', 'replace'];
/** Fields of the success answers; each, when present, is a string. Unknown fields are ignored (tolerant reading). */
const STRING_FIELDS = ['traceID', 'spanID', 'workflowInstanceId', 'warning', 'fhirBundle'] as const;

/** The gateway ids a write's success answer must carry and this one lacks (names as the gateway writes them). */
export function missingGatewayIds(operation: CartOperation, ids: Ids): string[] {
  const missing: string[] = [];
  if (!ids.xCartId) missing.push('X-CART-id');
  if (!ids.traceId) missing.push('traceID');
  if (WITH_WORKFLOW_ID.includes(operation) && !ids.workflowInstanceId) missing.push('workflowInstanceId');
  return missing;
}

/**
 * Why a 2xx answer to a write is not the gateway's success answer, in Italian (undefined when it is).
 * `json` is the parsed body when it is a JSON object; `complete` is false when reading stopped at the cap.
 */
export function unrecognisedSuccess(
  operation: CartOperation,
  a: { json: Record<string, unknown> | undefined; complete: boolean; xCartId: string | undefined; contentType: string | undefined },
): string | undefined {
  if (!a.complete) return 'la risposta supera la dimensione massima prevista ed è stata letta solo in parte';
  if (!a.json)
    return `il contenuto non è la risposta JSON del gateway (${a.contentType ? `tipo ${a.contentType.split(';')[0]!.trim()}` : 'tipo non indicato'})`;
  const wrong = STRING_FIELDS.filter((k) => a.json![k] !== undefined && typeof a.json![k] !== 'string');
  if (wrong.length) return `campi con un valore non previsto: ${wrong.join(', ')}`;
  const str = (k: string): string | undefined => (typeof a.json![k] === 'string' ? (a.json![k] as string) : undefined);
  const missing = missingGatewayIds(operation, { xCartId: a.xCartId, traceId: str('traceID'), workflowInstanceId: str('workflowInstanceId') });
  return missing.length ? `mancano ${missing.join(', ')}` : undefined;
}

/** The error of a 2xx that is not the gateway's success: the outcome is uncertain, so it is reconciled (category ambiguous). */
export function unrecognisedAnswerError(status: number, why: string): CartError {
  return {
    category: 'ambiguous',
    type: 'cart/unrecognised-answer',
    title: `HTTP ${status} non riconosciuto`,
    message:
      `Risposta non riconosciuta come del gateway: ${why} (HTTP ${status}). ` +
      'Non è certo che la richiesta sia stata applicata: l\u2019esito viene verificato prima di qualsiasi nuovo invio.',
  };
}
