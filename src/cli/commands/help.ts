// `tat help [command]`: the command list, or one command's usage. It receives the command table
// (rather than importing it) so the table can include it without an import cycle.
import { type Command, EXIT_OK, usageError } from './types.js';

export function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: tat <command> [arguments]\n\nCommands:\n${lines.join('\n')}\n\nRun \`tat help <command>\` for its usage.\n`;
}

export function helpCommandFor(table: () => readonly Command[]): Command {
  return {
    name: 'help',
    usage: 'tat help [<command>]',
    summary: 'Show the commands, or how to use one of them.',
    async run(args, io) {
      if (args.length === 0) {
        io.stdout.write(helpText(table()));
        return EXIT_OK;
      }
      const command = table().find((c) => c.name === args[0]);
      if (!command)
        return usageError(io, this, `there is no command "${args[0]}"; run \`tat help\` for the list`);
      io.stdout.write(`Usage: ${command.usage}\n${command.summary}\n`);
      return EXIT_OK;
    },
  };
}
