// The channels of the document library (contract/documents.ts): «Documenti», a document's page and PDF, the
// drafts of «Nuovo referto» and the patients seen before. Merged into the core's handlers in app-core.ts.
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_KIND_LABELS } from '../../../../contract/report-form.js';
import type { DraftSummary } from '../../../../contract/documents.js';
import type { RequestOf, ResponseOf } from '../../../../contract/api.js';
import { fail, ok, type Result } from '../../../../contract/result.js';
import type { Logger } from '../../shared/index.js';
import type { DocumentLibrary } from './document-library.js';
import { maskFiscalCode } from './document-views.js';

export type DocumentChannel =
  | 'documents:list'
  | 'documents:get'
  | 'documents:pdf'
  | 'documents:open-pdf'
  | 'drafts:save'
  | 'drafts:list'
  | 'drafts:get'
  | 'drafts:discard'
  | 'patients:search';

/** Same shape as handlers.ts's HandlerMap (not imported from there: handlers.ts imports this file's channel list). */
type DocumentHandlers = { [C in DocumentChannel]: (req: RequestOf<C>) => Promise<Result<ResponseOf<C>>> | Result<ResponseOf<C>> };

export interface DocumentServices {
  library: DocumentLibrary;
  log: Logger;
  /** The app's private data folder: the viewer's copies of a PDF go to a 0700 folder inside it. */
  dataDir: string;
  /** Opens a file with the system's viewer (Electron shell.openPath: '' on success, else the reason); absent in the browser shell. */
  openPath?: ((path: string) => Promise<string>) | undefined;
}

const NOT_FOUND = 'Documento non trovato.';
const DRAFT_NOT_FOUND = 'Bozza non trovata: potrebbe essere già stata usata o eliminata.';

/** The copies handed to the system viewer: private, and removed at the next start (the viewer may keep the file open meanwhile). */
export const VIEWER_DIR = 'viewer-copies';

export function createDocumentHandlers(s: DocumentServices): DocumentHandlers {
  const viewerDir = join(s.dataDir, VIEWER_DIR);
  if (s.openPath) {
    try {
      rmSync(viewerDir, { recursive: true, force: true });
    } catch (err) {
      s.log.warn('could not clear the viewer copies', { error: err instanceof Error ? err.message : String(err) });
    }
  }
  const { library } = s;
  return {
    'documents:list': (req) => ok(library.list(req)),
    'documents:get': (req) => {
      const d = library.get(req.documentId);
      return d ? ok(d) : fail('not-found', NOT_FOUND);
    },
    'documents:pdf': (req) => {
      const pdf = library.pdfOf(req.documentId);
      return pdf ? ok({ fileName: pdf.fileName, pdfBase64: Buffer.from(pdf.bytes).toString('base64') }) : fail('not-found', NOT_FOUND);
    },
    'documents:open-pdf': async (req) => {
      if (!s.openPath) return fail('unsupported', 'Qui non è possibile aprire il visualizzatore di sistema: scaricare il PDF.');
      const pdf = library.pdfOf(req.documentId);
      if (!pdf) return fail('not-found', NOT_FOUND);
      mkdirSync(viewerDir, { recursive: true, mode: 0o700 });
      chmodSync(viewerDir, 0o700);
      // One folder per opening: two copies of the same report never collide, the name stays the readable one.
      const dir = join(viewerDir, String(readdirSync(viewerDir).length + 1));
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, pdf.fileName);
      writeFileSync(file, pdf.bytes, { mode: 0o600 });
      chmodSync(file, 0o600);
      const problem = await s.openPath(file);
      if (problem) {
        s.log.warn('system viewer did not open the PDF', { documentId: req.documentId, error: problem });
        return fail('open-failed', 'Il visualizzatore di PDF del sistema non si è aperto: usare «Salva il PDF».');
      }
      return ok({ opened: true as const });
    },
    'drafts:save': (req) => {
      const saved = library.drafts.save(req.form, req.draftId);
      return ok({ draftId: saved.draftId, savedAt: new Date(saved.savedAt).toISOString() });
    },
    'drafts:list': () =>
      ok(
        library.drafts.list().map((d): DraftSummary => ({
          draftId: d.id,
          kind: d.form.kind,
          kindLabel: REPORT_KIND_LABELS[d.form.kind],
          patientName: `${d.form.patient.givenName} ${d.form.patient.familyName}`.trim(),
          maskedFiscalCode: maskFiscalCode(d.form.patient.fiscalCode.trim().toUpperCase()),
          replaceOf: d.form.replaceOf ?? null,
          createdAt: new Date(d.createdAt).toISOString(),
          updatedAt: new Date(d.updatedAt).toISOString(),
        })),
      ),
    'drafts:get': (req) => {
      const d = library.drafts.get(req.draftId);
      return d
        ? ok({ draftId: d.id, form: d.form, createdAt: new Date(d.createdAt).toISOString(), updatedAt: new Date(d.updatedAt).toISOString() })
        : fail('not-found', DRAFT_NOT_FOUND);
    },
    'drafts:discard': (req) => (library.drafts.discard(req.draftId) ? ok({ discarded: true as const }) : fail('not-found', DRAFT_NOT_FOUND)),
    'patients:search': (req) => ok(library.patients.search(req.text)),
  };
}
