// prepareCda: the whole CDA half of "prepare" — check the input, fix the document's identity,
// build the CDA, build the PDF view, and run the offline checks. Nothing is written anywhere;
// the caller (CLI `prepare`, the app) renders and signs only when ok is true.
import type { Profile } from '../../../../contract/profile.js';
import { buildCda } from './build-cda.js';
import { clinicFromProfile, structureIdOf, type CdaClinic, type CdaContext } from './cda-context.js';
import { makeIdentificativoDoc, newLocalId, type DocumentType } from './identificativo-doc.js';
import { parseReport } from './report-model.js';
import { toReportView } from './report-view-mapping.js';
import type { ReportView } from './report-view.js';
import { validateCda } from './validate-cda.js';
import type { IssueStage, ValidationReport } from './validation-types.js';

export interface PrepareProblem {
  stage: 'input' | IssueStage;
  message: string;
  field?: string;
  ruleId?: string;
  location?: string;
}

export type PrepareCdaResult =
  | { ok: true; xml: string; identificativoDoc: string; setId: string; version: number; view: ReportView; validation: ValidationReport }
  | { ok: false; problems: PrepareProblem[]; validation?: ValidationReport };

export interface PrepareCdaOptions {
  now: Date;
  /** The clinic's own document number; else the report's `localId`; else a generated one. */
  localId?: string;
  /** Clinic details the profile does not hold (address, phone, e-mail) for the header and PDF. */
  clinic?: Pick<CdaClinic, 'address' | 'phone' | 'email'>;
}

export async function prepareCda(
  type: DocumentType,
  reportJson: unknown,
  profile: Pick<Profile, 'clinic'>,
  options: PrepareCdaOptions,
): Promise<PrepareCdaResult> {
  const parsed = parseReport(type, reportJson);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => ({ stage: 'input', field: p.field, message: p.message })) };
  const report = parsed.report;

  const clinic = clinicFromProfile(profile, options.clinic);
  if (!structureIdOf(clinic)) {
    return {
      ok: false,
      problems: [
        {
          stage: 'input',
          field: 'profile.clinic.locality',
          message: 'La località della struttura nel profilo non contiene il codice della struttura (NOME^^^^^&OID&ISO^^^^CODICE).',
        },
      ],
    };
  }
  const localId = options.localId ?? report.localId ?? newLocalId(options.now);
  let identificativoDoc: string;
  try {
    identificativoDoc = makeIdentificativoDoc({ fiscalCode: clinic.fiscalCode, type, repository: clinic.repository, localId });
  } catch {
    return { ok: false, problems: [{ stage: 'input', field: 'localId', message: 'Identificativo locale non valido: lettere, cifre, - e _ (massimo 64).' }] };
  }
  // A replacement is a new version of the same set: same setId, next version, a new document id.
  const setId = report.replaces ? report.replaces.setId : identificativoDoc;
  const version = report.replaces ? report.replaces.version + 1 : 1;
  if (report.replaces && report.replaces.identificativoDoc === identificativoDoc) {
    return {
      ok: false,
      problems: [
        { stage: 'input', field: 'localId', message: 'La nuova versione deve avere un identificativo locale diverso da quello del documento sostituito.' },
      ],
    };
  }

  const ctx: CdaContext = { clinic, identificativoDoc, setId, version, now: options.now };
  const xml = buildCda(type, report, ctx);
  const validation = await validateCda(xml);
  if (!validation.valid) {
    return {
      ok: false,
      validation,
      problems: validation.errors.map((e) => {
        const p: PrepareProblem = { stage: e.stage, message: e.message };
        if (e.field) p.field = e.field;
        if (e.ruleId) p.ruleId = e.ruleId;
        if (e.location) p.location = e.location;
        return p;
      }),
    };
  }
  return { ok: true, xml, identificativoDoc, setId, version, view: toReportView(type, report, ctx), validation };
}
