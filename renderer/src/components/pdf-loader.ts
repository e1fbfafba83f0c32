// Loads pdf.js on demand (its own chunk, see scripts/build-renderer.mjs) and configures it for the
// app's strict CSP: the worker is the bundled file beside the app's scripts (script-src 'self'
// covers workers), no eval (isEvalSupported: false), standard fonts served from 'self', no CDN.
import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';

type PdfJs = typeof PdfJsModule;

const ASSETS = new URL('./assets/', document.baseURI);
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist').then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = new URL('pdf.worker.js', ASSETS).href;
    return lib;
  });
  return pdfjs;
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Opens the PDF bytes with pdf.js; the caller destroys the returned document when done. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const lib = await loadPdfJs();
  return lib.getDocument({
    data: bytes,
    isEvalSupported: false,
    enableXfa: false,
    standardFontDataUrl: new URL('pdfjs/standard_fonts/', ASSETS).href,
    // No scripting, no remote anything: a report is shown, never run.
    stopAtErrors: false,
  }).promise;
}
