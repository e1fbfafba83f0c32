// Embeds the CDA as `cda.xml` where the gateway looks for it (docs/gateway-api.md §10.2,
// docs/cda-validation.md §8): Catalog /Names /EmbeddedFiles << /Names [(cda.xml) filespec] >>, ONE flat
// array with an ASCII literal key and no /Kids, because the `release` dispatcher (OpenPDF) reads
// only the root's flat /Names. pdf-lib's attach() is not used: it controls neither the tree
// shape nor the replacement of an existing cda.xml, so the objects are built with its low-level API.
import { PDFArray, PDFDict, PDFName, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { PdfError } from './errors.js';
import { embeddedFilesRoot, loadModifiablePdf, readNameTree, textOf, type NameTreeEntry } from './inspect.js';

export const CDA_FILE_NAME = 'cda.xml';

export interface EmbedCdaOptions {
  /** Goes into the stream's /Params /ModDate. From the document, not the clock, for reproducible output. */
  modDate: Date;
}

// The gateway decodes cda.xml with the charset of its XML declaration (docs/gateway-api.md §10.2): the
// text must open with a declaration stating UTF-8, and no byte-order mark before it.
const UTF8_DECLARATION = /^<\?xml\s+version\s*=\s*["']1\.[0-9]["']\s+encoding\s*=\s*["']UTF-8["']/i;

/**
 * Refuses non-PDF, encrypted and already signed input, and XML without a UTF-8 declaration
 * (PdfError); replaces an existing cda.xml. The embedded bytes are the UTF-8 of `cdaXml`, unchanged.
 */
export async function embedCda(pdfBytes: Uint8Array, cdaXml: string, opts: EmbedCdaOptions): Promise<Uint8Array> {
  if (!UTF8_DECLARATION.test(cdaXml)) throw new PdfError('cda-declaration', 'cda.xml must start with an XML declaration with encoding="UTF-8"');
  const doc = await loadModifiablePdf(pdfBytes);
  embedCdaInto(doc, Buffer.from(cdaXml, 'utf8'), opts);
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
}

function isCdaEntry(doc: PDFDocument, e: NameTreeEntry): boolean {
  // The gateway matches the key or the filespec file name exactly; the spec says case-insensitive,
  // so anything that could be read as cda.xml is replaced: never two candidates.
  if (e.key.toLowerCase() === CDA_FILE_NAME) return true;
  const spec = doc.context.lookup(e.value);
  if (!(spec instanceof PDFDict)) return false;
  return [spec.get(PDFName.of('F')), spec.get(PDFName.of('UF'))].some((v) => textOf(v)?.toLowerCase() === CDA_FILE_NAME);
}

/** Drops a replaced filespec and its embedded streams so the old XML does not linger in the file. */
function deleteFileSpec(doc: PDFDocument, value: PDFObject): void {
  if (!(value instanceof PDFRef)) return;
  const spec = doc.context.lookup(value);
  if (spec instanceof PDFDict) {
    const ef = spec.lookup(PDFName.of('EF'));
    if (ef instanceof PDFDict) {
      for (const [, v] of ef.entries()) if (v instanceof PDFRef) doc.context.delete(v);
    }
  }
  doc.context.delete(value);
}

export function embedCdaInto(doc: PDFDocument, xml: Uint8Array, opts: EmbedCdaOptions): void {
  const ctx = doc.context;
  const modDate = PDFString.fromDate(opts.modDate);

  // Uncompressed, as in the accepted signed samples: the bytes in the file are the XML itself.
  const streamRef = ctx.register(
    ctx.stream(xml, {
      Type: 'EmbeddedFile',
      Subtype: 'application/xml', // written /application#2Fxml
      Params: { Size: xml.length, ModDate: modDate },
    }),
  );
  const specRef = ctx.register(
    ctx.obj({
      Type: 'Filespec',
      F: PDFString.of(CDA_FILE_NAME),
      UF: PDFString.of(CDA_FILE_NAME),
      EF: { F: streamRef },
      Desc: PDFString.of('HL7 CDA R2'),
      AFRelationship: 'Data', // PDF/A-3 associated file: the source data of the report
    }),
  );

  // Keep other attachments, but flatten the whole tree into one sorted /Names array.
  const existing = readNameTree(doc, embeddedFilesRoot(doc));
  const removed = existing.filter((e) => isCdaEntry(doc, e));
  const kept = existing.filter((e) => !isCdaEntry(doc, e));
  for (const e of removed) deleteFileSpec(doc, e.value);
  const entries: Array<{ key: string; keyObject: PDFObject; value: PDFObject }> = [
    ...kept,
    { key: CDA_FILE_NAME, keyObject: PDFString.of(CDA_FILE_NAME), value: specRef },
  ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const flat = PDFArray.withContext(ctx);
  for (const e of entries) {
    flat.push(e.keyObject);
    flat.push(e.value);
  }
  const efRef = ctx.register(ctx.obj({ Names: flat }));

  let names = doc.catalog.lookup(PDFName.of('Names'));
  if (!(names instanceof PDFDict)) {
    names = ctx.obj({});
    doc.catalog.set(PDFName.of('Names'), ctx.register(names as PDFDict));
  }
  (names as PDFDict).set(PDFName.of('EmbeddedFiles'), efRef);

  // Catalog /AF (PDF/A-3 associated files): previous entries minus the replaced cda.xml.
  const removedRefs = new Set(removed.map((e) => e.value).filter((v): v is PDFRef => v instanceof PDFRef));
  const af = PDFArray.withContext(ctx);
  const oldAf = doc.catalog.lookup(PDFName.of('AF'));
  if (oldAf instanceof PDFArray) {
    for (let i = 0; i < oldAf.size(); i++) {
      const v = oldAf.get(i);
      if (!(v instanceof PDFRef && removedRefs.has(v))) af.push(v);
    }
  }
  af.push(specRef);
  doc.catalog.set(PDFName.of('AF'), af);
}
