import { parseArgs } from 'node:util';
import { EXIT, printJson, type CliCommand } from '../command.js';
import { runCartCommand } from '../cart-command.js';

// CART does not promise these look-ups: a 404/405 is reported plainly as "not offered".
export const status: CliCommand = {
  async run(args, io, usage) {
    const { values } = parseArgs({ args, options: { profile: { type: 'string' }, workflow: { type: 'string' }, trace: { type: 'string' } }, strict: true });
    if (!values.profile || !!values.workflow === !!values.trace) {
      io.err(`usage: ${usage}\n`);
      return EXIT.badInput;
    }
    return runCartCommand(
      values.profile,
      () => (values.workflow ? { operation: 'statusByWorkflow', workflowInstanceId: values.workflow } : { operation: 'statusByTrace', traceId: values.trace! }),
      (j) => printJson(io, j),
      io.env,
    );
  },
};
