// Takes cda.xml out of a PDF the way the gateway does in mode ATTACHMENT (docs/gateway-api.md §10.2):
// only the flat /Names array of the EmbeddedFiles root (the `release` dispatcher reads no /Kids),
// an entry whose key or file-spec /F is exactly "cda.xml" (case-sensitive), bytes from /EF /F,
// decoded with the charset the XML declaration names. pdf-lib's low-level objects do the parsing.
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFStream, PDFString } from 'pdf-lib';

export class CdaExtractionError extends Error {
  constructor(
    readonly code: 'not-pdf' | 'unreadable-pdf' | 'no-attachment' | 'bad-stream',
    message: string,
  ) {
    super(message);
    this.name = 'CdaExtractionError';
  }
}

const CDA_NAME = 'cda.xml';

function textOf(obj: unknown): string | undefined {
  return obj instanceof PDFString || obj instanceof PDFHexString ? obj.decodeText() : undefined;
}

/** Returns the cda.xml text embedded in the PDF; throws CdaExtractionError (English message) otherwise. */
export async function extractCdaFromPdf(pdfBytes: Uint8Array): Promise<string> {
  if (Buffer.from(pdfBytes.subarray(0, 4)).toString('latin1') !== '%PDF') throw new CdaExtractionError('not-pdf', 'the file does not start with %PDF');
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdfBytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (err) {
    throw new CdaExtractionError('unreadable-pdf', `pdf-lib cannot parse the file: ${(err as Error).message}`);
  }
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const flat = tree?.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (!flat) throw new CdaExtractionError('no-attachment', 'no flat /Names array under /Names /EmbeddedFiles');
  for (let i = 0; i + 1 < flat.size(); i += 2) {
    const key = textOf(flat.lookup(i));
    const spec = flat.lookup(i + 1);
    if (!(spec instanceof PDFDict)) continue;
    const fileName = textOf(spec.lookup(PDFName.of('F')));
    if (key !== CDA_NAME && fileName !== CDA_NAME) continue;
    const stream = spec.lookupMaybe(PDFName.of('EF'), PDFDict)?.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFStream)) throw new CdaExtractionError('bad-stream', 'the cda.xml file specification has no /EF /F stream');
    const bytes = stream instanceof PDFRawStream ? decodePDFRawStream(stream).decode() : stream.getContents();
    return decodeXml(bytes);
  }
  throw new CdaExtractionError('no-attachment', 'no embedded file named exactly cda.xml');
}

/** Decodes XML bytes with the encoding of its declaration (UTF-8 when absent, BOM honoured). */
export function decodeXml(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  const head = buf.subarray(0, 200).toString('latin1');
  const enc = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  try {
    return new TextDecoder(enc ?? 'utf-8').decode(buf);
  } catch {
    throw new CdaExtractionError('bad-stream', `unsupported XML encoding ${enc ?? ''}`);
  }
}
