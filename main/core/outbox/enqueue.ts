// Turns a write request (publish, replace, delete, metadata update) into a durable outbox job:
// the body and JWT claims are derived once, here, from the profile and the PDF's CDA; the job
// stores them with the exact PDF bytes, so every later attempt sends the same thing.
import type { Profile } from '../../../contract/profile.js';
import { readCdaFacts } from '../document/cda/cda-facts.js';
import { extractCdaFromPdf } from '../document/pdf/cda-from-pdf.js';
import { prepareCartCall, type CartRequest } from '../gateway/execute.js';
import { resourceHl7Type } from '../gateway/jwt-claims.js';
import type { Outbox } from './outbox.js';

/** The operations that change the FSE; status look-ups are not queued. */
export type WriteRequest = Extract<CartRequest, { operation: 'validateAndCreate' | 'replace' | 'delete' | 'updateMetadata' }>;

const MEF_SUFFIX = '^^^&2.16.840.1.113883.2.9.4.3.2&ISO';

/** Derives body and claims (throws CartInputError on bad input, before anything is stored) and enqueues; returns the job id. */
export async function enqueueCartRequest(outbox: Outbox, profile: Profile, request: WriteRequest, now = new Date()): Promise<number> {
  const call = await prepareCartCall(profile, request, now);
  if (!('claims' in call)) throw new Error(`not a write operation: ${call.operation}`);
  const personId = call.claims.patientId ? call.claims.patientId + MEF_SUFFIX : undefined;
  const hl7Type = call.claims.documentCode ? resourceHl7Type({ code: call.claims.documentCode.code, codeSystem: call.claims.documentCode.codeSystem ?? '2.16.840.1.113883.6.1' }) : undefined;
  switch (call.operation) {
    case 'validateAndCreate':
    case 'replace': {
      const facts = readCdaFacts(await extractCdaFromPdf(call.pdf));
      const common = {
        identificativoDoc: String(call.body.identificativoDoc),
        version: Number(facts.versionNumber ?? 1) || 1,
        patientCf: call.claims.patientId!,
        type: facts.documentType?.shortType ?? String(call.body.tipoDocumentoLivAlto),
        pdf: call.pdf,
        requestBody: call.body as Record<string, unknown>,
        personId: personId!,
        resourceHl7Type: hl7Type!,
      };
      return call.operation === 'replace' ? outbox.enqueueReplace({ ...common, replacesId: call.id }) : outbox.enqueueCreate(common);
    }
    case 'delete':
      return outbox.enqueueDelete({ identificativoDoc: call.id, ...(call.claims.patientId ? { patientCf: call.claims.patientId } : {}), ...(personId ? { personId } : {}), ...(hl7Type ? { resourceHl7Type: hl7Type } : {}) });
    case 'updateMetadata':
      return outbox.enqueueMetadataUpdate({
        identificativoDoc: call.id,
        requestBody: call.body as Record<string, unknown>,
        ...(call.claims.patientId ? { patientCf: call.claims.patientId } : {}),
        ...(personId ? { personId } : {}),
        ...(hl7Type ? { resourceHl7Type: hl7Type } : {}),
      });
  }
}
