// The shape of a `tat` command. Commands write to the given streams and return an exit code:
// 0 done, 1 failed (database, configuration), 2 bad arguments (with usage on stderr).
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

export interface Command {
  name: string;
  /** e.g. `tat due <YYYY-MM-DD>…` */
  usage: string;
  /** One line for `tat help`. */
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Reports bad arguments: what was wrong, then the usage; returns exit code 2. */
export function usageError(io: CliIo, command: Pick<Command, 'name' | 'usage'>, message: string): number {
  io.stderr.write(`tat ${command.name}: ${message}\nUsage: ${command.usage}\n`);
  return EXIT_USAGE;
}

/** True when the arguments ask for help (`-h`, `--help`). */
export const wantsHelp = (args: string[]) => args.includes('-h') || args.includes('--help');

export function printUsage(io: CliIo, command: Pick<Command, 'usage' | 'summary'>): number {
  io.stdout.write(`Usage: ${command.usage}\n${command.summary}\n`);
  return EXIT_OK;
}
