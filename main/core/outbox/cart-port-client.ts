// The CartPort over the project's CART client (main/core/cart): one CartClient (one TLS agent, so
// connections are reused) for the life of the port; every send signs a fresh JWT pair inside the
// client. The outbox's stored request body is sent as it is (no re-derivation from the PDF, so no
// new submission id on retry); JWT claims come from the stored person_id and resource_hl7_type.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Profile } from '../../../contract/profile.js';
import { checkFiscalCode } from '../shared/fiscal-code.js';
import { CartClient, type CartCall, type CartCredentials, type CartTimeouts } from '../gateway/cart-client.js';
import { loadCartCredentials } from '../gateway/execute.js';
import type { CartJournal } from '../gateway/journal.js';
import type { CreateBody, MetadataBody, ReplaceBody } from '../gateway/request-bodies.js';
import type { CartResult } from '../gateway/types.js';
import type { CartPort, OutboxSendRequest, ProbeOutcome } from './cart-port.js';

export interface CartPortOptions {
  env?: NodeJS.ProcessEnv;
  /** Already opened certificates; default: read from the profile (throws CartInputError when unusable). */
  credentials?: CartCredentials;
  journal?: CartJournal;
  timeouts?: Partial<CartTimeouts>;
  operator?: { fiscalCode: string; role: string };
  /** Whether CART answers status look-ups (the national gateway does; CART's support is unconfirmed, GATEWAY.md §8). */
  lookups?: boolean;
}

export interface ClosableCartPort extends CartPort {
  close(): Promise<void>;
}

/** `('11502-2^^2.16.840.1.113883.6.1')` → { code, codeSystem }. */
export function parseResourceHl7Type(v: string | undefined): { code: string; codeSystem: string } | undefined {
  const m = v ? /^\('([^^']+)\^\^([^']+)'\)$/.exec(v.trim()) : null;
  return m ? { code: m[1]!, codeSystem: m[2]! } : undefined;
}

/** person_id `CF^^^&OID&ISO` or a bare tax code → the tax code the client puts in person_id. */
const patientIdOf = (personId: string | undefined): string | undefined => personId?.split('^')[0]?.trim() || undefined;

function localFault(req: OutboxSendRequest, detail: string): CartResult {
  return {
    ok: false,
    operation: req.operation,
    error: { category: 'caller-fault', type: 'local/outbox-request', detail, title: 'Richiesta non inviata', message: 'I dati salvati per questo invio sono incompleti: preparare di nuovo il documento.' },
  };
}

function callOf(req: OutboxSendRequest): CartCall | string {
  const patientId = patientIdOf(req.personId);
  const documentCode = parseResourceHl7Type(req.resourceHl7Type);
  const fileName = 'documento.pdf';
  switch (req.operation) {
    case 'validateAndCreate':
      if (!req.pdf || !patientId || !documentCode || !req.requestBody) return 'create needs pdf, person_id, resource_hl7_type and body';
      return { operation: 'validateAndCreate', pdf: req.pdf, fileName, body: req.requestBody as CreateBody, claims: { patientId, documentCode } };
    case 'replace':
      if (!req.pathId || !req.pdf || !patientId || !documentCode || !req.requestBody) return 'replace needs path id, pdf, person_id, resource_hl7_type and body';
      return { operation: 'replace', id: req.pathId, pdf: req.pdf, fileName, body: req.requestBody as ReplaceBody, claims: { patientId, documentCode } };
    case 'delete':
      if (!req.pathId || !patientId) return 'delete needs path id and person_id';
      return { operation: 'delete', id: req.pathId, claims: { patientId, ...(documentCode ? { documentCode } : {}) } };
    case 'updateMetadata':
      if (!req.pathId || !patientId || !documentCode || !req.requestBody) return 'metadata update needs path id, person_id, resource_hl7_type and body';
      return { operation: 'updateMetadata', id: req.pathId, body: req.requestBody as MetadataBody, claims: { patientId, documentCode } };
  }
}

/** Builds the port from a clinic profile. Throws CartInputError when the certificates cannot be used. */
export function createCartPort(profile: Profile, o: CartPortOptions = {}): ClosableCartPort {
  const credentials = o.credentials ?? loadCartCredentials(profile, o.env);
  const operator = o.operator ?? profile.operator;
  if (!operator) throw new Error('profile.operator is required to send (JWT sub)');
  const cf = checkFiscalCode(operator.fiscalCode);
  if (!cf.ok) throw new Error(`operator tax code invalid: ${cf.message}`);
  const client = new CartClient({
    profile,
    credentials,
    operator: { fiscalCode: cf.value, role: operator.role },
    ...(profile.trustedCaFile ? { trustedCaPem: readFileSync(profile.trustedCaFile, 'utf8') } : {}),
    ...(o.timeouts ? { timeouts: o.timeouts } : {}),
    ...(o.journal ? { journal: o.journal } : {}),
  });
  const port: ClosableCartPort = {
    async send(req) {
      const call = callOf(req);
      if (typeof call === 'string') return localFault(req, call);
      // The job's trace id on every attempt (a new span each time): see cart-client.ts and reconcile.ts.
      return client.send(req.correlationId ? { ...call, clientTraceId: req.correlationId } : call);
    },
    async probe(): Promise<ProbeOutcome> {
      // A status search for an id that cannot exist: any HTTP answer but an authentication refusal means
      // CART is reachable and accepts our certificates.
      const r = await client.send({ operation: 'statusByTrace', traceId: `probe-${randomBytes(8).toString('hex')}` });
      if (r.error?.category === 'auth') return 'auth-failed';
      return r.httpStatus === undefined ? 'offline' : 'online';
    },
    close: () => client.close(),
  };
  if (o.lookups !== false) {
    port.lookupByTrace = (traceId) => client.send({ operation: 'statusByTrace', traceId });
    port.lookupByWorkflow = (workflowInstanceId) => client.send({ operation: 'statusByWorkflow', workflowInstanceId });
  }
  return port;
}
