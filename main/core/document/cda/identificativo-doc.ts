// identificativoDoc for clinics using the Tuscan regional repository (docs/cart-region.md §4.1):
//   2.16.840.1.113883.2.9.2.90.4.4^<P.IVA>.<TYPE>.<repository>.<local id>
// The CDA carries the same value split in two: id/@root is the part before `^`, id/@extension the
// part after it, so the document id and the gateway's identificativoDoc can never disagree.
import { randomBytes } from 'node:crypto';
import { OID } from '../../shared/index.js';

export const DOCUMENT_TYPES = ['RSA', 'LAB', 'RAD'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Local ids: letters, digits, `-` and `_` (they end up inside an OID-like extension and a URL path). */
export const LOCAL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface IdentificativoDocParts {
  root: string;
  extension: string;
  fiscalCode: string;
  type: string;
  repository: string;
  localId: string;
}

export function makeIdentificativoDoc(input: { fiscalCode: string; type: DocumentType; repository: string; localId: string }): string {
  if (!/^\d{11}$/.test(input.fiscalCode)) throw new Error('identificativoDoc: the structure fiscal code must be 11 digits');
  if (!/^\d{3}$/.test(input.repository)) throw new Error('identificativoDoc: the repository code must be 3 digits');
  if (!LOCAL_ID_PATTERN.test(input.localId)) throw new Error('identificativoDoc: the local id has characters that are not allowed');
  return `${OID.tuscanyDocumentId}^${input.fiscalCode}.${input.type}.${input.repository}.${input.localId}`;
}

const PARSE = /^([0-9]+(?:\.[0-9]+)*)\^(\d{11})\.([A-Z_]+)\.(\d{3})\.([A-Za-z0-9_-]{1,64})$/;

/** Splits an identificativoDoc; undefined when it does not follow the regional rule. */
export function parseIdentificativoDoc(value: string): IdentificativoDocParts | undefined {
  const m = PARSE.exec(value);
  if (!m) return undefined;
  const [, root, fiscalCode, type, repository, localId] = m as unknown as [string, string, string, string, string, string];
  return { root, extension: `${fiscalCode}.${type}.${repository}.${localId}`, fiscalCode, type, repository, localId };
}

/** Splits any `root^extension` instance identifier (used for setId and replaced documents). */
export function splitInstanceId(value: string): { root: string; extension: string } | undefined {
  const i = value.indexOf('^');
  if (i <= 0 || i === value.length - 1) return undefined;
  return { root: value.slice(0, i), extension: value.slice(i + 1) };
}

/**
 * A fresh local id when the clinic software gives none: date plus random, sortable and unique
 * without a counter (`20260312T093000-3F9A1C`).
 */
export function newLocalId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex').toUpperCase()}`;
}
