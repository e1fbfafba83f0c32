// The facts of a CDA that the CART call needs: JWT claims (person_id, resource_hl7_type) and
// request-body fields (document type, service dates). Parsed with @xmldom/xmldom.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { OID } from '../../shared/index.js';
import { documentTypeForLoinc, type DocumentType } from './document-types.js';

const HL7 = 'urn:hl7-org:v3';

export class CdaFactsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CdaFactsError';
  }
}

export interface CdaFacts {
  /** First <code> element of the document (= ClinicalDocument/code): what resource_hl7_type must repeat. */
  documentCode: { code: string; codeSystem: string };
  documentType?: DocumentType;
  /** recordTarget/patientRole/id chosen for person_id: the MEF one when present, else the first. */
  patientId: { root: string; extension: string };
  /** ClinicalDocument/id. */
  id: { root: string; extension: string };
  setId?: { root: string; extension: string };
  versionNumber?: string;
  /** ClinicalDocument/effectiveTime as yyyyMMddHHmmss. */
  effectiveTime?: string;
  /** documentationOf/serviceEvent/effectiveTime, else componentOf/encompassingEncounter/effectiveTime, as yyyyMMddHHmmss. */
  serviceStart?: string;
  serviceEnd?: string;
}

function children(parent: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === HL7 && (n as Element).localName === localName) out.push(n as Element);
  }
  return out;
}

function path(from: Element, ...names: string[]): Element | undefined {
  let cur: Element | undefined = from;
  for (const name of names) cur = cur ? children(cur, name)[0] : undefined;
  return cur;
}

function rootExt(el: Element | undefined): { root: string; extension: string } | undefined {
  if (!el) return undefined;
  const root = el.getAttribute('root') ?? '';
  const extension = el.getAttribute('extension') ?? '';
  return root && extension ? { root, extension } : undefined;
}

/**
 * HL7 TS (yyyy[MM[dd[HH[mm[ss]]]]][.fff][+zzzz]) → yyyyMMddHHmmss. The offset is dropped: the
 * gateway wants local wall-clock digits, which is how the CDA writes them.
 */
export function hl7TimeToCart(ts: string | null | undefined): string | undefined {
  const digits = /^(\d{4,14})/.exec(ts?.trim() ?? '')?.[1];
  if (!digits || digits.length % 2 !== 0) return undefined;
  return (digits + '0101000000'.slice(digits.length - 4)).slice(0, 14);
}

function interval(el: Element | undefined): { start?: string; end?: string } {
  if (!el) return {};
  const value = hl7TimeToCart(el.getAttribute('value'));
  const low = hl7TimeToCart(path(el, 'low')?.getAttribute('value'));
  const high = hl7TimeToCart(path(el, 'high')?.getAttribute('value'));
  const start = low ?? value;
  const end = high ?? value;
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

export function readCdaFacts(xml: string): CdaFacts {
  let root: Element | null;
  try {
    const doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') throw new CdaFactsError(msg);
      },
    }).parseFromString(xml, 'text/xml');
    root = doc.documentElement;
  } catch (err) {
    throw new CdaFactsError(`cda.xml is not well-formed XML: ${(err as Error).message}`);
  }
  if (!root || root.localName !== 'ClinicalDocument' || root.namespaceURI !== HL7) throw new CdaFactsError('the root element is not hl7:ClinicalDocument');

  // "First <code> of the CDA" in document order, as the dispatcher reads it (AbstractCTL.validateResourceHl7Type).
  const firstCode = root.getElementsByTagNameNS(HL7, 'code')[0];
  const code = firstCode?.getAttribute('code') ?? '';
  const codeSystem = firstCode?.getAttribute('codeSystem') ?? '';
  if (!code || !codeSystem) throw new CdaFactsError('the first <code> element has no @code/@codeSystem');

  const ids = children(root, 'recordTarget')
    .flatMap((rt) => children(rt, 'patientRole'))
    .flatMap((pr) => children(pr, 'id'));
  const patientEl = ids.find((i) => i.getAttribute('root') === OID.fiscalCode && i.getAttribute('extension')) ?? ids.find((i) => i.getAttribute('extension'));
  const patientId =
    rootExt(patientEl) ?? (patientEl ? { root: patientEl.getAttribute('root') ?? '', extension: patientEl.getAttribute('extension') ?? '' } : undefined);
  if (!patientId?.extension) throw new CdaFactsError('recordTarget/patientRole/id has no @extension');

  // The dispatcher takes the first <id> of the document for the workflowInstanceId (docs/gateway-api.md §7.2, §10.2).
  const id = rootExt(children(root, 'id')[0]);
  if (!id) throw new CdaFactsError('ClinicalDocument/id lacks @root or @extension');

  const service = interval(path(root, 'documentationOf', 'serviceEvent', 'effectiveTime'));
  const encounter = interval(path(root, 'componentOf', 'encompassingEncounter', 'effectiveTime'));
  const dates = service.start || service.end ? service : encounter;
  const documentType = documentTypeForLoinc(code, codeSystem);
  const setId = rootExt(children(root, 'setId')[0]);
  const versionNumber = children(root, 'versionNumber')[0]?.getAttribute('value') ?? undefined;
  const effectiveTime = hl7TimeToCart(children(root, 'effectiveTime')[0]?.getAttribute('value'));
  return {
    documentCode: { code, codeSystem },
    ...(documentType ? { documentType } : {}),
    patientId,
    id,
    ...(setId ? { setId } : {}),
    ...(versionNumber ? { versionNumber } : {}),
    ...(effectiveTime ? { effectiveTime } : {}),
    ...(dates.start ? { serviceStart: dates.start } : {}),
    ...(dates.end ? { serviceEnd: dates.end } : {}),
  };
}
