// The national template and document code of each document type: data only, so that checking a CDA
// (`fse-desk validate`) does not load the CDA builder (xmlbuilder2) to know them.
import type { DocumentType } from './identificativo-doc.js';

export interface DocumentKind {
  templateRoot: string;
  templateExtension: string;
  code: string;
  displayName: string;
  title: string;
}

/** National template (first templateId, it selects the gateway's schematron) and document code per type. */
export const DOCUMENT_KINDS: Record<DocumentType, DocumentKind> = {
  RSA: {
    templateRoot: '2.16.840.1.113883.2.9.10.1.9.1',
    templateExtension: '1.1',
    code: '11488-4',
    displayName: 'Nota di consulto',
    title: 'Referto di specialistica ambulatoriale',
  },
  LAB: {
    templateRoot: '2.16.840.1.113883.2.9.10.1.1',
    templateExtension: '1.3',
    code: '11502-2',
    displayName: 'Referto di laboratorio',
    title: 'Referto di medicina di laboratorio',
  },
  RAD: {
    templateRoot: '2.16.840.1.113883.2.9.10.1.7.1',
    templateExtension: '1.1',
    code: '68604-8',
    displayName: 'Referto Radiologico',
    title: 'Referto di radiologia',
  },
};
