import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { checkPatientCfArg, readInputFile, readMetadataFile } from '../cart-command.js';
import { runQueuedCartCommand } from './queued-cart-command.js';

// person_id and resource_hl7_type are required claims: from the published PDF (--pdf), or from
// --patient-cf and --document-code (LOINC of ClinicalDocument/code).
export const updateMetadata: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({
      args,
      options: {
        'no-send': { type: 'boolean' },
        profile: { type: 'string' },
        id: { type: 'string' },
        metadata: { type: 'string' },
        pdf: { type: 'string' },
        'patient-cf': { type: 'string' },
        'document-code': { type: 'string' },
      },
      strict: true,
    });
    if (!values.profile || !values.id || !values.metadata || (!values.pdf && !(values['patient-cf'] && values['document-code']))) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    const out = (j: unknown): void => printJson(io, j);
    const patientCf = values['patient-cf'] !== undefined ? checkPatientCfArg(values['patient-cf'], 'updateMetadata', out) : undefined;
    if (patientCf === null) return EXIT.badInput;
    const metadata = readMetadataFile(values.metadata, out);
    if (!metadata) return EXIT.badInput;
    const pdf = values.pdf ? readInputFile(values.pdf, 'il PDF', out) : undefined;
    if (pdf === null) return EXIT.badInput;
    return runQueuedCartCommand(
      values.profile,
      () => ({
        operation: 'updateMetadata',
        id: values.id!,
        metadata,
        ...(pdf ? { pdf } : {}),
        ...(patientCf ? { patientFiscalCode: patientCf } : {}),
        ...(values['document-code'] ? { documentCode: { code: values['document-code'] } } : {}),
      }),
      io,
      { send: !values['no-send'] },
    );
  },
};
