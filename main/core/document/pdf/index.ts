// The PDF steps of document preparation: render the readable report, embed cda.xml, sign PAdES B-B.
export { renderReportPdf, type RenderOptions } from './render-report.js';
export { embedCda, CDA_FILE_NAME, type EmbedCdaOptions } from './embed-cda.js';
export { signPades, type SignPadesOptions } from './sign-pades.js';
export { inspectPdf, type PdfInspection } from './inspect.js';
export { PdfError, SignerError, type PdfErrorCode, type SignerErrorCode } from './errors.js';
export { loadSigner, type DocumentSigner } from './signer.js';
