// `tat due <YYYY-MM-DD>…`: the summary due date (R1) for TA delivered on each date, and why.
import { isIsoDate } from '../../rules/dates.js';
import { explainSummaryDue, summaryDue } from '../../rules/timeliness.js';
import { loadCliConfig } from './config.js';
import { type Command, EXIT_OK, printUsage, usageError, wantsHelp } from './types.js';

export const dueCommand: Command = {
  name: 'due',
  usage: 'tat due <YYYY-MM-DD> [<YYYY-MM-DD>…]',
  summary:
    'Print when the summary of TA delivered on a date is due (R1: the earlier of the 10th business day after it and the end of its month).',
  async run(args, io) {
    if (wantsHelp(args)) return printUsage(io, this);
    if (args.length === 0) return usageError(io, this, 'give the date the TA was delivered, e.g. 2026-11-20');
    const bad = args.filter((a) => !isIsoDate(a));
    if (bad.length > 0) {
      return usageError(
        io,
        this,
        `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a date' : 'are not dates'}; write dates as YYYY-MM-DD, e.g. 2026-11-20`,
      );
    }
    const loaded = loadCliConfig(io);
    if (!loaded.ok) return loaded.exitCode;
    for (const date of args) io.stdout.write(`${explainSummaryDue(summaryDue(loaded.calendar, date))}\n`);
    return EXIT_OK;
  },
};
