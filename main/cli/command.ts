/**
 * A command's module: `run` gets the arguments after the command's words, and its usage line (for its
 * own error messages) from the registry entry, the one place where words, usage and summary are written.
 */
export interface CliCommand {
  run(args: string[], io: CliIo, usage: string): Promise<number>;
}

/**
 * A command as the registry (commands/index.ts) knows it before it runs: its words, usage and summary,
 * enough for `fse-desk --help` and `fse-desk <cmd> --help`, and how to import its module, which brings
 * what the command needs (SaxonJS, pdf-lib, undici, the stand-in…) only when it runs.
 */
export interface CliCommandEntry {
  words: string[];
  usage: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/**
 * Exit codes: 0 success, 1 the operation failed, 2 bad input (usage, invalid profile or file), 3 the job is
 * queued but another FSE Desk process (the app or an `outbox drain`) is sending this outbox and will send it.
 */
export const EXIT = { ok: 0, failed: 1, badInput: 2, otherSender: 3 } as const;

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}
