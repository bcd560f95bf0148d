// `/ta export <criteria>`: the `/ta find` criteria (R24), every matching activity as one CSV row with
// every TAT field. The file goes with the reply (Slack DM upload, Teams file consent, console path).
import { createWriteStream } from 'node:fs';
import { CRITERIA_HELP, criteriaFromText } from '../../src/services/criteria-from-text.js';
import { exportActivitiesCsv } from '../../src/services/export-activities.js';
import { errorReply, type OneShot } from '../flow.js';
import { describeFile, discardFile, outgoingPath } from '../outgoing-files.js';

export const exportCommand: OneShot = {
  kind: 'oneshot',
  name: 'export',
  async run(args, env) {
    const text = args.trim();
    if (!text)
      return {
        kind: 'reply',
        messages: [
          `Which activities should I export? ${CRITERIA_HELP} Type \`/ta export all\` for every one.`,
        ],
      };
    const criteria = await criteriaFromText(env.ctx, env.me, /^all$/i.test(text) ? '' : text);
    if (!criteria.ok) return errorReply(criteria.error.message);
    const name = `tat-export-${env.today}.csv`;
    const path = outgoingPath(name);
    const done = await exportActivitiesCsv(env.ctx, env.actor, criteria.value, createWriteStream(path)).catch(
      async (err: unknown) => {
        await discardFile(path);
        throw err;
      },
    );
    if (!done.ok) {
      await discardFile(path);
      return errorReply(done.error.message);
    }
    const n = done.value.rows;
    if (n === 0) {
      await discardFile(path);
      return {
        kind: 'reply',
        messages: ['No TA activities match all of these criteria, so there is nothing to export.'],
      };
    }
    return {
      kind: 'reply',
      messages: [`Exported ${n} TA ${n === 1 ? 'activity' : 'activities'} (${text}) as ${name}.`],
      files: [await describeFile(path, name, `TA activities: ${text}`, 'text/csv')],
    };
  },
};
