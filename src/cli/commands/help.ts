// `tat help [command]`: the command list, or one command's usage.
import { commands } from './index.js';
import { type Command, EXIT_OK, usageError } from './types.js';

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: tat <command> [arguments]\n\nCommands:\n${lines.join('\n')}\n\nRun \`tat help <command>\` for its usage.\n`;
}

export const helpCommand: Command = {
  name: 'help',
  usage: 'tat help [<command>]',
  summary: 'Show the commands, or how to use one of them.',
  async run(args, io) {
    if (args.length === 0) {
      io.stdout.write(helpText());
      return EXIT_OK;
    }
    const command = commands.find((c) => c.name === args[0]);
    if (!command)
      return usageError(io, this, `there is no command "${args[0]}"; run \`tat help\` for the list`);
    io.stdout.write(`Usage: ${command.usage}\n${command.summary}\n`);
    return EXIT_OK;
  },
};
