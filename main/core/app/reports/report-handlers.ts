// The report-authoring channels (contract/reports.ts), served by ReportService; app-core.ts merges them into the
// dispatch next to createHandlers' map.
import { ok } from '../../../../contract/result.js';
import type { HandlerMap, ReportChannel } from '../handlers.js';
import type { ReportService } from './report-service.js';
import { searchTerminology } from './terminology.js';

export function createReportHandlers(s: ReportService): HandlerMap<ReportChannel> {
  return {
    'reports:validate': (req) => s.validate(req.form),
    'reports:preview': (req) => s.preview(req),
    'reports:sign': (req) => s.sign(req),
    'reports:import-pdf': (req) => s.importPdf(req),
    'terminology:search': async (req) => ok(await searchTerminology(req.system, req.text)),
    'documents:delete': (req) => s.deleteDocument(req),
    'documents:update-metadata': (req) => s.updateMetadata(req),
    'documents:metadata-options': (req) => s.metadataOptions(req.documentId),
  };
}
