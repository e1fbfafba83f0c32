import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { readInputFile, runCartCommand } from '../../core/cart/run-cart-command.js';

// person_id is a required claim even for delete: it comes from --patient-cf or from the published PDF.
export const deleteDocument: CliCommand = {
  words: ['delete'],
  usage: 'fse-desk delete --profile <file> --id <identificativoDoc> (--patient-cf <CF> | --pdf <published.pdf>)',
  summary: 'Delete a published document from the FSE',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { profile: { type: 'string' }, id: { type: 'string' }, 'patient-cf': { type: 'string' }, pdf: { type: 'string' } }, strict: true });
    if (!values.profile || !values.id || (!values['patient-cf'] && !values.pdf)) {
      io.err(`usage: ${this.usage}\n`);
      return EXIT.badInput;
    }
    const out = (j: unknown): void => printJson(io, j);
    const pdf = values.pdf ? readInputFile(values.pdf, 'il PDF', out) : undefined;
    if (pdf === null) return EXIT.badInput;
    return runCartCommand(
      values.profile,
      () => ({ operation: 'delete', id: values.id!, ...(values['patient-cf'] ? { patientFiscalCode: values['patient-cf'] } : {}), ...(pdf ? { pdf } : {}) }),
      out,
      io.env,
    );
  },
};
