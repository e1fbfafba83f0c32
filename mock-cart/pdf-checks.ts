// The dispatcher's checks on the uploaded PDF (docs/gateway-api.md §10.2, §10.3), with pdf-lib as the PDF object parser
// (it reads incremental updates, last definition wins) and cms-verify.ts for the signature itself.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFStream, PDFString, decodePDFRawStream } from 'pdf-lib';
import { verifyDetachedCms } from './cms-verify.js';
import { decodeXml } from './cda-facts.js';

export const NOT_SIGNED = 'Il pdf non risulta firmato';
export const SIGNATURE_INVALID = 'La firma del pdf non risulta valida';

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument | undefined> {
  try {
    return await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    return undefined;
  }
}

/** SignSRV.checkPades (release, OpenPDF): returns undefined when valid, else the Italian detail. */
export function checkPades(doc: PDFDocument | undefined, bytes: Uint8Array): string | undefined {
  if (!doc) return NOT_SIGNED;
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  const sigFields: PDFDict[] = [];
  for (let i = 0; fields && i < fields.size(); i++) {
    const field = fields.lookupMaybe(i, PDFDict);
    if (field?.get(PDFName.of('FT')) === PDFName.of('Sig')) sigFields.push(field);
  }
  if (sigFields.length === 0) return NOT_SIGNED;
  let valid = false;
  for (const field of sigFields) valid = verifySignatureField(field, bytes); // the last field's result counts
  return valid ? undefined : SIGNATURE_INVALID;
}

function verifySignatureField(field: PDFDict, bytes: Uint8Array): boolean {
  const sig = field.lookupMaybe(PDFName.of('V'), PDFDict);
  if (!sig || !sig.get(PDFName.of('M'))) return false;
  const range = sig.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
  const contents = sig.get(PDFName.of('Contents'));
  if (!range || range.size() !== 4 || !(contents instanceof PDFHexString || contents instanceof PDFString)) return false;
  const n = [0, 1, 2, 3].map((i) => range.lookupMaybe(i, PDFNumber)?.asNumber() ?? -1);
  const [a, b, c, d] = n as [number, number, number, number];
  if (n.some((x) => !Number.isInteger(x) || x < 0) || a + b > bytes.length || c + d > bytes.length) return false;
  const signed = Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);
  return verifyDetachedCms(contents.asBytes(), signed).ok;
}

function text(o: unknown): string | undefined {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined;
}

function streamBytes(s: PDFStream | undefined): Uint8Array | undefined {
  if (!s) return undefined;
  if (s instanceof PDFRawStream) return decodePDFRawStream(s).decode();
  return s.getContents();
}

/** ATTACHMENT rule of `release` (OpenPDF): only the flat /Names array of the EmbeddedFiles root; key or /F exactly "cda.xml". */
export function extractAttachmentCda(doc: PDFDocument): string | undefined {
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const flat = tree?.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; flat && i + 1 < flat.size(); i += 2) {
    const spec = flat.lookupMaybe(i + 1, PDFDict);
    if (!spec) continue;
    if (text(flat.lookup(i)) !== 'cda.xml' && text(spec.lookup(PDFName.of('F'))) !== 'cda.xml') continue;
    const ef = spec.lookupMaybe(PDFName.of('EF'), PDFDict);
    const bytes = streamBytes(ef?.lookupMaybe(PDFName.of('F'), PDFStream));
    if (bytes?.length) return decodeXml(bytes);
  }
  return undefined;
}

/** RESOURCE rule: /Names /XFAResources → (datasets) stream, first ClinicalDocument element. */
export function extractXfaCda(doc: PDFDocument): string | undefined {
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const xfa = names?.lookupMaybe(PDFName.of('XFAResources'), PDFDict)?.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; xfa && i + 1 < xfa.size(); i += 2) {
    if (text(xfa.lookup(i)) !== 'datasets') continue;
    const bytes = streamBytes(xfa.lookupMaybe(i + 1, PDFStream));
    const xml = bytes ? decodeXml(bytes) : '';
    const m = /<ClinicalDocument[\s>][\s\S]*?<\/ClinicalDocument>/.exec(xml);
    if (m) return m[0];
  }
  return undefined;
}

export function extractCda(doc: PDFDocument | undefined, mode: 'ATTACHMENT' | 'RESOURCE' | undefined): string | undefined {
  if (!doc) return undefined;
  if (mode === 'ATTACHMENT') return extractAttachmentCda(doc);
  if (mode === 'RESOURCE') return extractXfaCda(doc);
  return extractXfaCda(doc) ?? extractAttachmentCda(doc);
}
