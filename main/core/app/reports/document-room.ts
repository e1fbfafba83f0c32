// The document room, loaded on first use: the app core starts (and serves its screens) without it, like the
// outbox does (docs/decisions.md, start-up; test/integration/cli-loads.test.ts). Each loader then loads only
// the part it names.
import type * as DocumentRoom from '../../document/index.js';

const room = (): Promise<typeof DocumentRoom> => import('../../document/index.js');

export const loadDocumentPreparation = async () => (await room()).loadDocumentPreparation();
export const loadPdf = async () => (await room()).loadPdf();
export const loadTerminologyCatalog = async () => (await room()).loadTerminologyCatalog();
