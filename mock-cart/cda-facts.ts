// The few facts the dispatcher reads from the embedded CDA (no XSD/schematron here): ClinicalDocument id for the
// workflowInstanceId, the first <code> for resource_hl7_type, recordTarget/patientRole/id for person_id.
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';

export interface CdaFacts {
  firstId?: { root: string; extension: string };
  firstCode?: { code: string; codeSystem: string };
  patientIds: Array<{ root: string; extension: string }>;
}

/** Decodes with the charset named in the XML declaration (the dispatcher does the same), default UTF-8. */
export function decodeXml(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const enc = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(enc).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function elementsNamed(root: XmlElement | ReturnType<DOMParser['parseFromString']>, name: string): XmlElement[] {
  // The dispatcher selects by tag name ignoring namespaces but not prefixes (Jsoup "code" does not match "sdtc:code").
  return Array.from(root.getElementsByTagName(name)) as XmlElement[];
}

/** Returns undefined when the text is not a ClinicalDocument at all. */
export function readCdaFacts(xml: string): CdaFacts | undefined {
  let doc;
  try {
    doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
  } catch {
    return undefined;
  }
  if (!doc?.documentElement || doc.documentElement.localName !== 'ClinicalDocument') return undefined;
  const id = elementsNamed(doc, 'id')[0];
  const code = elementsNamed(doc, 'code')[0];
  const patientIds: CdaFacts['patientIds'] = [];
  for (const role of elementsNamed(doc, 'patientRole')) {
    for (const child of Array.from(role.childNodes)) {
      const el = child as XmlElement;
      if (el.nodeType === 1 && el.nodeName === 'id') patientIds.push({ root: el.getAttribute('root') ?? '', extension: el.getAttribute('extension') ?? '' });
    }
  }
  const root = id?.getAttribute('root');
  const extension = id?.getAttribute('extension');
  return {
    firstId: root && extension ? { root, extension } : undefined,
    firstCode: code ? { code: code.getAttribute('code') ?? '', codeSystem: code.getAttribute('codeSystem') ?? '' } : undefined,
    patientIds,
  };
}
