// fse-desk: the command line on the same core as the app. One JSON object on stdout per call.
// Loads only the registry (commands/index.ts) up front; a command's module is imported when it runs.
import { COMMANDS } from './commands/index.js';
import { EXIT, type CliIo } from './command.js';

function help(): string {
  return [
    'FSE Desk command line',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Each command prints one JSON object; exit 0 success, 1 failed, 2 bad input.',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(help() + '\n');
    return argv.length === 0 ? EXIT.badInput : EXIT.ok;
  }
  // Longest match of command words first ("outbox list" before "outbox").
  const cmd = [...COMMANDS].sort((a, b) => b.words.length - a.words.length).find((c) => c.words.every((w, i) => argv[i] === w));
  if (!cmd) {
    io.err(`unknown command: ${argv.join(' ')}\n\n${help()}\n`);
    return EXIT.badInput;
  }
  const rest = argv.slice(cmd.words.length);
  if (rest.includes('--help')) {
    io.out(`${cmd.usage}\n  ${cmd.summary}\n`);
    return EXIT.ok;
  }
  try {
    // The command's module, and what it needs, loads only now (help above needs none of it).
    const command = await cmd.load();
    return await command.run(rest, io, cmd.usage);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${e.message}\nusage: ${cmd.usage}\n`);
      return EXIT.badInput;
    }
    // Never a stack trace: one JSON error object (a storage fault explained, anything else logged).
    // Loaded here: it brings the core's shared room, which help does not need.
    const { reportUnexpectedError } = await import('./cli-errors.js');
    return reportUnexpectedError(err, io, cmd.words.join(' '));
  }
}

/**
 * For the process running the CLI: an error thrown outside the command's promise (a timer, a stray
 * rejection) also ends as one JSON error object and exit 1, not as Node's stack trace.
 */
export function installLastResort(io: CliIo): void {
  const handle = (err: unknown): void => {
    void import('./cli-errors.js')
      .then(({ reportUnexpectedError }) => reportUnexpectedError(err, io, process.argv.slice(2, 4).join(' ')))
      .catch(() => EXIT.failed)
      .then((code) => process.exit(code));
  };
  process.on('uncaughtException', handle);
  process.on('unhandledRejection', handle);
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  const io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env };
  installLastResort(io);
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
