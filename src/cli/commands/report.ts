// `tat report [--month YYYY-MM] [--out report.png] [--as e-mail] [state:… | center:… | program]`: the
// monthly review (R3) as text on stdout, and the chart as a PNG file when --out is given.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dateInZone } from '../../rules/dates.js';
import { parseReportArgs, REPORT_HELP } from '../../rules/report-args.js';
import type { ServiceContext } from '../../services/context.js';
import { cliActor, takeOptions } from './cli-actor.js';
import { loadCliConfig, openCliDb } from './config.js';
import { type Command, EXIT_FAILED, EXIT_OK, printUsage, usageError, wantsHelp } from './types.js';

export const reportCommand: Command = {
  name: 'report',
  usage:
    'tat report [--month YYYY-MM] [--out report.png] [--as staff@e-mail] [state:XX… | center:CODE | program]',
  summary: `Print the monthly review report (R3) and write its chart as a PNG. ${REPORT_HELP}`,
  async run(args, io) {
    if (wantsHelp(args)) return printUsage(io, this);
    const { options, rest, missing } = takeOptions(args, ['month', 'out', 'as']);
    if (missing) return usageError(io, this, `--${missing} needs a value`);
    const unknown = rest.find((a) => a.startsWith('--'));
    if (unknown) return usageError(io, this, `unknown option "${unknown}"`);
    const loaded = loadCliConfig(io);
    if (!loaded.ok) return loaded.exitCode;
    const today = dateInZone(new Date(), loaded.calendar.timeZone);
    const parsed = parseReportArgs([options.month ?? '', ...rest].join(' '), today);
    if (!parsed.ok) return usageError(io, this, parsed.error);
    const [{ monthlyReport }, { renderReportChart }, { reportText }] = await Promise.all([
      import('../../services/monthly-report.js'),
      import('../../reports/report-chart.js'),
      import('../../rules/report-figures.js'),
    ]);
    const handle = await openCliDb(loaded.config, io);
    if (!handle) return EXIT_FAILED;
    try {
      const ctx: ServiceContext = { db: handle.db, calendar: loaded.calendar, now: () => new Date() };
      const who = await cliActor(ctx, options.as ?? loaded.config.CONSOLE_USER_EMAIL);
      if (!who.ok) return usageError(io, this, who.error);
      const result = await monthlyReport(ctx, who.actor, parsed.month, parsed.scope);
      if (!result.ok) return usageError(io, this, result.error.message);
      io.stdout.write(`${reportText(result.value).replace(/\*([^*\n]+)\*/g, '$1')}\n`);
      if (options.out) {
        const chart = await renderReportChart(result.value);
        const path = resolve(options.out);
        await writeFile(path, chart.png);
        io.stdout.write(`Chart (${chart.width}×${chart.height} PNG) written to ${path}\n`);
      }
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
