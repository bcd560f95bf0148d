// The `tat` dispatcher: finds the command, runs it, and turns the unexpected into a clear message.

import { helpText } from './commands/help.js';
import { commands } from './commands/index.js';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './commands/types.js';

/** Edit distance, to suggest the closest command for a typo. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function closestCommand(name: string): string | undefined {
  const ranked = commands
    .map((c) => ({ name: c.name, d: distance(name.toLowerCase(), c.name) }))
    .sort((x, y) => x.d - y.d);
  const best = ranked[0];
  return best && best.d <= Math.max(2, Math.floor(best.name.length / 2)) ? best.name : undefined;
}

export async function runTat(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(helpText(commands));
    return EXIT_USAGE;
  }
  if (name === '-h' || name === '--help') {
    io.stdout.write(helpText(commands));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const suggestion = closestCommand(name);
    io.stderr.write(
      `tat: unknown command "${name}".${suggestion ? ` Did you mean \`tat ${suggestion}\`?` : ''} Run \`tat help\` for the list.\n`,
    );
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    io.stderr.write(`tat ${name} failed: ${(err as Error)?.message ?? err}\n`);
    return EXIT_FAILED;
  }
}
