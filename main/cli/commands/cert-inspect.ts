import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { inspectCertificate } from '../../core/credentials/index.js';
import { systemClock } from '../../core/shared/index.js';

export const certInspect: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({ args, options: { p12: { type: 'string' }, 'password-env': { type: 'string' }, role: { type: 'string' } }, strict: true });
    const role = values.role;
    if (!values.p12 || !values['password-env'] || (role !== undefined && role !== 'auth' && role !== 'signature' && role !== 'both')) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    const password = io.env[values['password-env']];
    if (password === undefined) {
      printJson(io, { ok: false, error: `La variabile d'ambiente ${values['password-env']} con la password non è impostata.` });
      return EXIT.badInput;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(values.p12);
    } catch (err) {
      printJson(io, { ok: false, error: `Impossibile leggere il file ${values.p12}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
      return EXIT.badInput;
    }
    const report = inspectCertificate(bytes, password, { now: systemClock(), ...(role ? { expectedRole: role } : {}) });
    printJson(io, report);
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};
