// `tat holidays <year>`: the observed US federal holidays of a year (R0), one `YYYY-MM-DD name` a line.
import { loadCliConfig } from './config.js';
import { type Command, EXIT_OK, printUsage, usageError, wantsHelp } from './types.js';

export const holidaysCommand: Command = {
  name: 'holidays',
  usage: 'tat holidays <year>',
  summary: 'List the observed US federal holidays of a year (the days that are not business days, R0).',
  async run(args, io) {
    if (wantsHelp(args)) return printUsage(io, this);
    if (args.length !== 1) return usageError(io, this, 'give exactly one year, e.g. 2027');
    const year = args[0]!;
    if (!/^\d{4}$/.test(year) || Number(year) < 1971 || Number(year) > 2999) {
      return usageError(io, this, `"${year}" is not a year from 1971 to 2999; give a year such as 2027`);
    }
    const loaded = loadCliConfig(io);
    if (!loaded.ok) return loaded.exitCode;
    for (const h of loaded.calendar.holidays(Number(year))) io.stdout.write(`${h.date} ${h.name}\n`);
    return EXIT_OK;
  },
};
