import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { readInputFile, readMetadataFile } from '../cart-command.js';
import { runQueuedCartCommand } from './queued-cart-command.js';

export const publish: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({
      args,
      options: { 'no-send': { type: 'boolean' }, profile: { type: 'string' }, pdf: { type: 'string' }, metadata: { type: 'string' } },
      strict: true,
    });
    if (!values.profile || !values.pdf) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    const out = (j: unknown): void => printJson(io, j);
    const pdf = readInputFile(values.pdf, 'il PDF', out);
    if (!pdf) return EXIT.badInput;
    const metadata = values.metadata ? readMetadataFile(values.metadata, out) : undefined;
    if (metadata === null) return EXIT.badInput;
    return runQueuedCartCommand(
      values.profile,
      () => ({ operation: 'validateAndCreate', pdf, fileName: basename(values.pdf!), ...(metadata ? { metadata } : {}) }),
      io,
      { send: !values['no-send'] },
    );
  },
};
