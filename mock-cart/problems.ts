// problem+json answers of the stand-in gateway, with the real `type` values (docs/gateway-api.md §8).
// A check throws a GatewayProblem; the server turns it into the HTTP answer.
import { randomUUID } from 'node:crypto';

export interface ProblemBody {
  type: string;
  title: string;
  detail?: string;
  status?: number;
  instance?: string;
  traceID?: string;
  spanID?: string;
  workflowInstanceId?: string;
  govway_id?: string;
}

export class GatewayProblem extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: ProblemBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${httpStatus} ${body.type}: ${body.detail ?? body.title}`);
  }
}

// Frontier (GovWay/CART) errors: type https://govway.org/handling-errors/<status>/<Name>.html, title = Name, govway_id.
export function frontierProblem(status: number, name: string, detail: string, headers: Record<string, string> = {}): GatewayProblem {
  return new GatewayProblem(
    status,
    { type: `https://govway.org/handling-errors/${status}/${name}.html`, title: name, status, detail, govway_id: randomUUID() },
    headers,
  );
}

export const tokenRequired = (detail: string): GatewayProblem =>
  frontierProblem(401, 'TokenAuthenticationRequired', detail, { 'WWW-Authenticate': 'Bearer realm="CART", error="invalid_request"' });
export const tokenFailed = (detail: string): GatewayProblem =>
  frontierProblem(401, 'TokenAuthenticationFailed', detail, { 'WWW-Authenticate': 'Bearer realm="CART", error="invalid_token"' });
export const contentDeny = (detail: string): GatewayProblem => frontierProblem(403, 'AuthorizationContentDeny', detail);

/**
 * Dispatcher errors (RestExecutionResultEnum). Titles are close to the national ones but not guaranteed
 * verbatim: clients must branch on `type`/`instance`, never on `title`.
 */
const DISPATCHER: Record<string, { status: number; title: string }> = {
  '/msg/mandatory-element': { status: 400, title: 'Campo obbligatorio non presente.' },
  '/msg/invalid-format': { status: 400, title: 'Formato campo non valido.' },
  '/msg/id-doc': { status: 400, title: 'Identificativo documento non valido.' },
  '/msg/empty-file': { status: 400, title: 'File vuoto.' },
  '/msg/document-type': { status: 415, title: 'Formato file non supportato: è richiesto un PDF.' },
  '/msg/cda-element': { status: 400, title: 'Errore in fase di estrazione del CDA.' },
  '/msg/workflow-id-error-extraction': { status: 400, title: "Errore in fase di estrazione dell'identificativo del workflow." },
  '/msg/sign-error': { status: 400, title: 'Errore in fase di verifica della firma.' },
  '/msg/jwt-validation': { status: 403, title: 'Campo token JWT non valido.' },
  '/msg/mandatory-element-token': { status: 403, title: 'Campo obbligatorio del token JWT non presente.' },
  '/msg/missing-token': { status: 403, title: 'Token JWT non presente.' },
  '/msg/cda-match': { status: 400, title: 'Il CDA non risulta validato.' },
  '/msg/document-hash': { status: 400, title: "Hash del documento diverso dall'attachment_hash del token." },
  '/msg/record-not-found': { status: 404, title: 'Record non trovato.' },
  '/msg/unauthorized': { status: 401, title: 'Non autorizzato.' },
  '/msg/generic-error': { status: 500, title: 'Errore generico.' },
};

export function dispatcherProblem(type: string, detail: string, instance?: string, extra: Partial<ProblemBody> = {}): GatewayProblem {
  const d = DISPATCHER[type] ?? { status: 400, title: 'Errore.' };
  // The national ErrorResponseDTO usually omits `status` (docs/gateway-api.md §7.3): the HTTP status line carries it.
  return new GatewayProblem(extra.status ?? d.status, { type, title: d.title, detail, ...(instance ? { instance } : {}), ...extra, status: undefined });
}

export const jwtInvalid = (
  instance: '/jwt-mandatory-field-missing' | '/jwt-malformed-field' | '/jwt-document-type' | '/jwt-person-id',
  detail: string,
): GatewayProblem => dispatcherProblem('/msg/jwt-validation', detail, instance);

export const mandatoryElement = (detail: string): GatewayProblem => dispatcherProblem('/msg/mandatory-element', detail, '/missing-mandatory-element');
