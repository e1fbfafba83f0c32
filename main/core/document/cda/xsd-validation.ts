// Well-formedness and XSD validation with libxml2 (WebAssembly, no native build, no Java).
// The schema set is chosen like the gateway does: by the first typeId/@extension. Each compiled
// schema is kept for the life of the process (compiling the CDA XSD costs far more than using it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseOption, XmlDocument, XmlParseError, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { cdaPaths } from './cda-resources.js';
import type { Issue } from './validation-types.js';

export const XSD_SETS = ['POCD_MT000040UV02', 'POCD_HD000040'] as const;
const validators = new Map<string, XsdValidator>();
let providersRegistered = false;

function validatorFor(set: string): XsdValidator {
  let v = validators.get(set);
  if (v) return v;
  if (!providersRegistered) {
    // The CDA.xsd includes coreschemas/*.xsd from disk.
    xmlRegisterFsInputProviders();
    providersRegistered = true;
  }
  const file = join(cdaPaths().resourcesDir, 'xsd', set, 'CDA.xsd');
  const schemaDoc = XmlDocument.fromBuffer(readFileSync(file), { url: file });
  try {
    v = XsdValidator.fromDoc(schemaDoc);
  } finally {
    schemaDoc.dispose();
  }
  validators.set(set, v);
  return v;
}

/** True when a DOCTYPE comes before the root element (the gateway refuses those). */
export function hasDoctype(xml: string): boolean {
  let rest = xml.replace(/^\uFEFF/, '');
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) {
      const end = rest.indexOf('?>');
      if (end < 0) return false;
      rest = rest.slice(end + 2);
    } else if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) return false;
      rest = rest.slice(end + 3);
    } else {
      return /^<!DOCTYPE/i.test(rest);
    }
  }
}

export type ParsedCda = { ok: true; doc: XmlDocument } | { ok: false; issues: Issue[] };

/** Parses the text (no network, no entity expansion). The caller disposes `doc`. */
export function parseCda(xml: string): ParsedCda {
  if (hasDoctype(xml)) {
    return { ok: false, issues: [{ stage: 'xml', message: 'Il documento contiene una dichiarazione DOCTYPE, che il gateway rifiuta.' }] };
  }
  try {
    return { ok: true, doc: XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET }) };
  } catch (err) {
    const details = err instanceof XmlParseError ? err.details : [];
    const issues: Issue[] = details.length
      ? details.map((d) => ({ stage: 'xml' as const, message: `XML non ben formato: ${d.message.trim()}`, location: `riga ${d.line}, colonna ${d.col}` }))
      : [{ stage: 'xml', message: `XML non ben formato: ${(err as Error).message}` }];
    return { ok: false, issues };
  }
}

export function typeIdExtension(doc: XmlDocument): string | undefined {
  const v = doc.eval("string((//*[local-name()='typeId'])[1]/@extension)");
  return typeof v === 'string' && v ? v : undefined;
}

/** XSD errors of a parsed CDA; empty when valid. */
export function validateXsd(doc: XmlDocument): Issue[] {
  const set = typeIdExtension(doc);
  if (!set || !(XSD_SETS as readonly string[]).includes(set)) {
    return [{ stage: 'xsd', message: `typeId/@extension "${set ?? ''}" non gestito: usare POCD_MT000040UV02.`, location: '/ClinicalDocument/typeId' }];
  }
  try {
    validatorFor(set).validate(doc);
    return [];
  } catch (err) {
    if (err instanceof XmlValidateError) {
      return err.details.map((d) => ({
        stage: 'xsd' as const,
        message: d.message.trim(),
        location: `${d.xpath ?? ''}${d.line ? ` (riga ${d.line})` : ''}`.trim(),
      }));
    }
    throw err;
  }
}
