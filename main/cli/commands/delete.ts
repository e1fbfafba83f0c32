import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { checkPatientCfArg, readInputFile } from '../cart-command.js';
import { runQueuedCartCommand } from './queued-cart-command.js';

// person_id is a required claim even for delete: it comes from --patient-cf or from the published PDF.
export const deleteDocument: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({
      args,
      options: {
        'no-send': { type: 'boolean' },
        profile: { type: 'string' },
        id: { type: 'string' },
        'patient-cf': { type: 'string' },
        pdf: { type: 'string' },
      },
      strict: true,
    });
    if (!values.profile || !values.id || (!values['patient-cf'] && !values.pdf)) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    const out = (j: unknown): void => printJson(io, j);
    const patientCf = values['patient-cf'] !== undefined ? checkPatientCfArg(values['patient-cf'], 'delete', out) : undefined;
    if (patientCf === null) return EXIT.badInput;
    const pdf = values.pdf ? readInputFile(values.pdf, 'il PDF', out) : undefined;
    if (pdf === null) return EXIT.badInput;
    return runQueuedCartCommand(
      values.profile,
      () => ({ operation: 'delete', id: values.id!, ...(patientCf ? { patientFiscalCode: patientCf } : {}), ...(pdf ? { pdf } : {}) }),
      io,
      { send: !values['no-send'] },
    );
  },
};
