// PAdES baseline B-B signature (ETSI EN 319 142-1) of a whole PDF, as docs/gateway-api.md §10.3 requires:
// an invisible signature widget on page 1 whose field is top-level in /AcroForm /Fields
// (/SigFlags 3), a signature dictionary /Adobe.PPKLite + /ETSI.CAdES.detached with /M, and a
// detached CAdES CMS in /Contents over the /ByteRange (everything except the /Contents hex string).
//
// The placeholder is written with pdf-lib's low-level objects and patched in place (the same
// technique as @signpdf/placeholder-pdf-lib, ~60 lines, so no extra dependency). The file is
// written once with pdf-lib (no object streams, so the placeholders are plain text), then only
// the reserved bytes are filled: nothing rewrites the file after the signature is computed.
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString, type PDFDocument, PDFRef } from 'pdf-lib';
import { buildCadesDetached, cadesSize, cmsSignerFor } from './cades.js';
import { assertSignerUsable, type DocumentSigner } from './signer.js';
import { PdfError } from './errors.js';
import { loadModifiablePdf, textOf } from './inspect.js';

export interface SignPadesOptions {
  /** Goes into /M (PAdES keeps the claimed time out of the CMS). The certificate must be valid then. */
  signingTime: Date;
  reason?: string;
  location?: string;
  /** Signer's name in /Name; defaults to the certificate's CN. */
  name?: string;
  /**
   * Append the signature as an incremental update instead of rewriting the file: the signed PDF then starts with
   * the input bytes unchanged (the app signs exactly the PDF it previewed). The input must end with a classic
   * cross-reference table or stream that pdf-lib wrote (every PDF of the preview is).
   */
  incremental?: boolean;
}

const BYTE_RANGE_SLOT = '**********'; // 10 characters: room for offsets up to 9,999,999,999
/** Extra bytes reserved beyond the exact CMS size, for safety only (the size is computed, not guessed). */
const CONTENTS_MARGIN = 32;

function commonName(subject: string): string | undefined {
  return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1];
}

/** Text strings as UTF-16BE hex: pdf-lib's PDFString writes raw characters without escaping. */
function text(value: string): PDFHexString {
  return PDFHexString.fromText(value);
}

function topLevelFieldNames(doc: PDFDocument, fields: PDFArray): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < fields.size(); i++) {
    const f = fields.lookup(i);
    if (f instanceof PDFDict) {
      const t = textOf(f.get(PDFName.of('T')));
      if (t) names.add(t);
    }
  }
  return names;
}

/** Adds the signature field; returns the existing objects it may have changed (for an incremental update). */
function addPlaceholder(doc: PDFDocument, signer: DocumentSigner, opts: SignPadesOptions, contentsBytes: number): PDFRef[] {
  const touched: PDFRef[] = [];
  const refOf = (holder: PDFDict, key: string): void => {
    const v = holder.get(PDFName.of(key));
    if (v instanceof PDFRef) touched.push(v);
  };
  const rootRef = doc.context.trailerInfo.Root;
  if (rootRef instanceof PDFRef) touched.push(rootRef);
  refOf(doc.catalog, 'AcroForm');
  const ctx = doc.context;
  const sig = ctx.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    // ByteRange before Contents: the patcher finds the /Contents string after it.
    ByteRange: [PDFNumber.of(0), PDFName.of(BYTE_RANGE_SLOT), PDFName.of(BYTE_RANGE_SLOT), PDFName.of(BYTE_RANGE_SLOT)],
    Contents: PDFHexString.of('0'.repeat(contentsBytes * 2)),
    M: PDFString.fromDate(opts.signingTime),
  });
  const name = opts.name ?? commonName(signer.certificate.subject);
  if (name) sig.set(PDFName.of('Name'), text(name));
  if (opts.reason) sig.set(PDFName.of('Reason'), text(opts.reason));
  if (opts.location) sig.set(PDFName.of('Location'), text(opts.location));
  const sigRef = ctx.register(sig);

  let acroForm = doc.catalog.lookup(PDFName.of('AcroForm'));
  if (!(acroForm instanceof PDFDict)) {
    acroForm = ctx.obj({});
    doc.catalog.set(PDFName.of('AcroForm'), ctx.register(acroForm as PDFDict));
  }
  const form = acroForm as PDFDict;
  refOf(form, 'Fields');
  let fields = form.lookup(PDFName.of('Fields'));
  if (!(fields instanceof PDFArray)) {
    fields = PDFArray.withContext(ctx);
    form.set(PDFName.of('Fields'), fields as PDFArray);
  }
  const taken = topLevelFieldNames(doc, fields as PDFArray);
  let n = 1;
  while (taken.has(`Signature${n}`)) n++;

  const page = doc.getPage(0);
  const widgetRef: PDFRef = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(`Signature${n}`),
      V: sigRef,
      Rect: [0, 0, 0, 0], // invisible: no appearance needed
      F: 132, // Print + Locked
      P: page.ref,
    }),
  );
  // Appended to /Annots directly: pdf-lib's addAnnot() would first "normalize" the page
  // (wrap its content in q/Q, copy inherited resources), needlessly rewriting third-party pages.
  touched.push(page.ref);
  refOf(page.node, 'Annots');
  const annots = page.node.lookup(PDFName.of('Annots'));
  if (annots instanceof PDFArray) annots.push(widgetRef);
  else page.node.set(PDFName.of('Annots'), ctx.obj([widgetRef]));
  (fields as PDFArray).push(widgetRef); // top level: the release dispatcher only looks there
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3)); // SignaturesExist | AppendOnly
  return touched;
}

/**
 * The original bytes followed by an incremental update (ISO 32000-1 §7.5.6): the changed and new objects, a
 * cross-reference section for them and a trailer whose /Prev is the original's last cross-reference. Written by
 * hand because pdf-lib only saves whole files; the objects themselves are serialised by pdf-lib.
 */
function incrementalUpdate(original: Uint8Array, doc: PDFDocument, touched: PDFRef[], firstNew: number): Buffer {
  const orig = Buffer.from(original.buffer, original.byteOffset, original.byteLength);
  const tail = orig.subarray(Math.max(0, orig.length - 1024)).toString('latin1');
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1];
  if (prev === undefined) throw new PdfError('unreadable', 'no startxref at the end of the PDF to append the signature to');
  const ctx = doc.context;
  const numbers = new Set(touched.map((r) => r.objectNumber));
  for (let n = firstNew; n <= ctx.largestObjectNumber; n++) numbers.add(n);
  const parts: Buffer[] = [orig];
  let offset = orig.length;
  const push = (s: string): void => {
    const b = Buffer.from(s, 'latin1');
    parts.push(b);
    offset += b.length;
  };
  if (orig[orig.length - 1] !== 0x0a) push('\n');
  const offsets = new Map<number, { at: number; gen: number }>();
  const objects = new Map(ctx.enumerateIndirectObjects().map((e) => [e[0].objectNumber, e]));
  for (const n of [...numbers].sort((a, b) => a - b)) {
    const found = objects.get(n);
    if (!found) continue;
    const [ref, obj] = found;
    offsets.set(n, { at: offset, gen: ref.generationNumber });
    const body = Buffer.alloc(obj.sizeInBytes());
    obj.copyBytesInto(body, 0);
    push(`${n} ${ref.generationNumber} obj\n`);
    parts.push(body);
    offset += body.length;
    push('\nendobj\n');
  }
  const xrefAt = offset;
  let xref = 'xref\n';
  const sorted = [...offsets.keys()].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    xref += `${sorted[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const e = offsets.get(sorted[k]!)!;
      xref += `${String(e.at).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  const info = ctx.trailerInfo;
  const trailer = ctx.obj({ Size: ctx.largestObjectNumber + 1, Prev: Number(prev) });
  if (info.Root) trailer.set(PDFName.of('Root'), info.Root);
  if (info.Info) trailer.set(PDFName.of('Info'), info.Info);
  if (info.ID) trailer.set(PDFName.of('ID'), info.ID);
  push(`${xref}trailer\n${trailer.toString()}\nstartxref\n${xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}

interface Located {
  /** Offsets of the text between '[' and ']' of /ByteRange. */
  brStart: number;
  brEnd: number;
  /** Offset of '<' and one past '>' of /Contents. */
  contentsStart: number;
  contentsEnd: number;
}

function locatePlaceholders(buf: Buffer, contentsBytes: number): Located {
  const slot = buf.indexOf(`/${BYTE_RANGE_SLOT}`, 0, 'latin1');
  const brOpen = buf.lastIndexOf('[', slot, 'latin1');
  const brClose = buf.indexOf(']', slot, 'latin1');
  const contentsKey = buf.indexOf('/Contents', brClose, 'latin1');
  const contentsStart = buf.indexOf('<', contentsKey, 'latin1');
  const contentsEnd = contentsStart + contentsBytes * 2 + 2;
  if (slot < 0 || brOpen < 0 || brClose < 0 || contentsKey < 0 || contentsStart < 0 || buf[contentsEnd - 1] !== 0x3e /* > */) {
    throw new Error('signature placeholder not found in the written PDF');
  }
  if (buf.indexOf(`/${BYTE_RANGE_SLOT}`, brClose, 'latin1') >= 0) throw new Error('signature placeholder found twice');
  return { brStart: brOpen + 1, brEnd: brClose, contentsStart, contentsEnd };
}

/**
 * Signs the whole PDF. Refuses encrypted or already signed input (PdfError), a signer not valid at
 * `signingTime` or with a key other than RSA or ECDSA P-256/P-384 (SignerError). With an RSA key the same
 * input and signingTime give identical bytes; ECDSA signatures differ on every call (Node draws a random nonce).
 */
export async function signPades(pdfBytes: Uint8Array, signer: DocumentSigner, opts: SignPadesOptions): Promise<Uint8Array> {
  assertSignerUsable(signer, opts.signingTime);
  const doc = await loadModifiablePdf(pdfBytes);
  const cmsSigner = cmsSignerFor(signer.privateKey);
  const contentsBytes = cadesSize(signer.certificate, signer.chain, cmsSigner) + CONTENTS_MARGIN;
  const firstNew = doc.context.largestObjectNumber + 1;
  const touched = addPlaceholder(doc, signer, opts, contentsBytes);
  const buf = opts.incremental
    ? incrementalUpdate(pdfBytes, doc, touched, firstNew)
    : Buffer.from(await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false }));

  const at = locatePlaceholders(buf, contentsBytes);
  const byteRange = [0, at.contentsStart, at.contentsEnd, buf.length - at.contentsEnd];
  const brText = byteRange.join(' ');
  const brWidth = at.brEnd - at.brStart;
  if (brText.length > brWidth) throw new Error('ByteRange does not fit its placeholder');
  buf.write(brText.padEnd(brWidth, ' '), at.brStart, 'latin1');

  const digest = createHash(cmsSigner.digest).update(buf.subarray(0, at.contentsStart)).update(buf.subarray(at.contentsEnd)).digest();
  const cms = buildCadesDetached({
    contentDigest: digest,
    certificate: signer.certificate,
    chain: signer.chain,
    signer: cmsSigner,
  });
  if (cms.length > contentsBytes) {
    throw new PdfError('placeholder-too-small', `CMS of ${cms.length} bytes exceeds the ${contentsBytes}-byte placeholder`);
  }
  buf.write(cms.toString('hex').padEnd(contentsBytes * 2, '0'), at.contentsStart + 1, 'latin1');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}
