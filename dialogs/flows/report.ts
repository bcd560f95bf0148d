// `/ta report [YYYY-MM] [state:… | center:… | program]`: the monthly review (R3) as a short text and a
// chart image, for the person's States, their center, or (admins) the program (R25).
import { writeFile } from 'node:fs/promises';
import { renderReportChart } from '../../src/reports/report-chart.js';
import { parseReportArgs } from '../../src/rules/report-args.js';
import { reportText } from '../../src/rules/report-figures.js';
import { monthlyReport } from '../../src/services/monthly-report.js';
import { errorReply, type OneShot } from '../flow.js';
import { describeFile, outgoingPath } from '../outgoing-files.js';

export const reportCommand: OneShot = {
  kind: 'oneshot',
  name: 'report',
  async run(args, env) {
    const parsed = parseReportArgs(args, env.today);
    if (!parsed.ok) return errorReply(parsed.error);
    const result = await monthlyReport(env.ctx, env.actor, parsed.month, parsed.scope);
    if (!result.ok) return errorReply(result.error.message);
    const chart = await renderReportChart(result.value);
    const name = `tat-report-${parsed.month}.png`;
    const path = outgoingPath(name);
    await writeFile(path, chart.png);
    return {
      kind: 'reply',
      messages: [reportText(result.value)],
      files: [await describeFile(path, name, `Monthly review ${result.value.monthLabel}`, 'image/png', true)],
    };
  },
};
