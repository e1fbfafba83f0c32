// The document room's public surface (issue #8: one entry file per room). Loaded with this file: only
// the document types and their templates (data, no package). Each heavy part loads on first use, with
// only what it needs: checking a CDA loads no CDA builder and no PDF library, reading a PDF back loads no
// validator. The app core never loads this room until a connection to CART is possible.
export { DOCUMENT_KINDS } from './cda/document-kinds.js';
export { DOCUMENT_TYPES, type DocumentType } from './cda/identificativo-doc.js';
export type { CdaFacts } from './cda/cda-facts.js';

/** Checking a CDA offline (`validateCda`): XSD (libxml2-wasm), schematron (SaxonJS), terminology. */
export const loadCdaValidation = () => import('./cda/validate-cda.js');

/**
 * Reading a signed PDF back, what a CART call is derived from: `extractCdaFromPdf`, `CdaExtractionError`
 * (pdf-lib) and `readCdaFacts`, `CdaFactsError` (@xmldom/xmldom).
 */
export async function loadCdaReading() {
  const [pdf, facts] = await Promise.all([import('./pdf/cda-from-pdf.js'), import('./cda/cda-facts.js')]);
  return { ...pdf, ...facts };
}

/** The PDF steps of preparation, the check of a PDF to import (`inspectPdf`) and the document signer (`loadSigner`, `SignerError`): pdf-lib, node-forge. */
export const loadPdf = () => import('./pdf/index.js');

/** The code tables behind the report form's searchable lists (`terminologyCatalog`): reads the shipped CSV. */
export const loadTerminologyCatalog = () => import('./cda/terminology-catalog.js');

/** Preparing a document end to end (`prepareDocument`): CDA build (xmlbuilder2), validation, the PDF steps. */
export const loadDocumentPreparation = () => import('./prepare-document.js');
