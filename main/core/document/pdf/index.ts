// The PDF steps of document preparation: render the readable report, embed cda.xml, sign PAdES B-B.
export { renderReportPdf } from './render-report.js';
export { embedCda } from './embed-cda.js';
export { signPades } from './sign-pades.js';
export { PdfError, SignerError, UnprintableCharacterError } from './errors.js';
export { loadSigner, type DocumentSigner } from './signer.js';
export { inspectPdf } from './inspect.js';
