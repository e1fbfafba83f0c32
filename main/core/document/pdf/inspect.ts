// Reads what the PDF steps need to know before touching a file: is it a PDF, is it encrypted,
// does it already carry a signature, which files are embedded, how many pages.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { PdfError } from './errors.js';

export interface PdfInspection {
  encrypted: boolean;
  signed: boolean;
  /** Keys of the /Names /EmbeddedFiles name tree, in tree order (all levels). */
  embeddedFiles: string[];
  pages: number;
}

/** The gateway only checks that the upload starts with %PDF; we accept the header in the first 1 KiB as readers do. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** Parses with pdf-lib; typed errors for non-PDF and unreadable input. Encryption is reported, not refused. */
export async function parsePdf(bytes: Uint8Array): Promise<PDFDocument> {
  if (!looksLikePdf(bytes)) throw new PdfError('not-pdf', 'input has no %PDF- header in its first 1024 bytes');
  try {
    // updateMetadata:false keeps the Info dictionary as it is (no clock-based ModDate/Producer).
    return await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (err) {
    throw new PdfError('unreadable', `pdf-lib could not parse the input: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function textOf(obj: PDFObject | undefined): string | undefined {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : undefined;
}

export interface NameTreeEntry {
  key: string;
  keyObject: PDFString | PDFHexString;
  value: PDFObject;
}

/** Every (key, value) of a name tree, descending /Kids (depth-limited against reference loops). */
export function readNameTree(doc: PDFDocument, root: PDFDict | undefined, depth = 0): NameTreeEntry[] {
  if (!root || depth > 32) return [];
  const out: NameTreeEntry[] = [];
  const names = root.lookup(PDFName.of('Names'));
  if (names instanceof PDFArray) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const k = names.get(i);
      if (k instanceof PDFString || k instanceof PDFHexString) out.push({ key: k.decodeText(), keyObject: k, value: names.get(i + 1) });
    }
  }
  const kids = root.lookup(PDFName.of('Kids'));
  if (kids instanceof PDFArray) {
    for (let i = 0; i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) out.push(...readNameTree(doc, kid, depth + 1));
    }
  }
  return out;
}

export function embeddedFilesRoot(doc: PDFDocument): PDFDict | undefined {
  const names = doc.catalog.lookup(PDFName.of('Names'));
  if (!(names instanceof PDFDict)) return undefined;
  const ef = names.lookup(PDFName.of('EmbeddedFiles'));
  return ef instanceof PDFDict ? ef : undefined;
}

/** A signature dictionary anywhere in the file (incremental updates included: pdf-lib merges them on load). */
export function hasSignature(doc: PDFDocument): boolean {
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const type = obj.get(PDFName.of('Type'));
    if (type === PDFName.of('Sig') || type === PDFName.of('DocTimeStamp')) return true;
    if (obj.has(PDFName.of('ByteRange')) && obj.has(PDFName.of('Contents'))) return true;
    if (obj.get(PDFName.of('FT')) === PDFName.of('Sig') && obj.get(PDFName.of('V')) instanceof PDFRef) return true;
  }
  return false;
}

export async function inspectPdf(bytes: Uint8Array): Promise<PdfInspection> {
  const doc = await parsePdf(bytes);
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch {
    pages = 0;
  }
  return {
    encrypted: doc.isEncrypted,
    signed: hasSignature(doc),
    embeddedFiles: readNameTree(doc, embeddedFilesRoot(doc)).map((e) => e.key),
    pages,
  };
}

/** Loads a PDF we are about to modify: refuses encrypted and already signed files. */
export async function loadModifiablePdf(bytes: Uint8Array): Promise<PDFDocument> {
  const doc = await parsePdf(bytes);
  if (doc.isEncrypted) throw new PdfError('encrypted', 'input PDF is encrypted');
  if (hasSignature(doc)) throw new PdfError('already-signed', 'input PDF already contains a signature');
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch (err) {
    throw new PdfError('unreadable', `page tree not readable: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (pages === 0) throw new PdfError('no-pages', 'input PDF has no pages');
  return doc;
}
