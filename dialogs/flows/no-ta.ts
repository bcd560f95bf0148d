// `/ta no-ta <#> [month]` (a nudge's "No TA this month" button): R4, no TA delivered that month, so
// no summary is due and that month's nudges stop. Default month: the current one. The month may be
// written 2026-10, "October", "Oct 2026" or "last month".
import { markNoTaMonth } from '../../src/services/mark-no-ta-month.js';
import { errorReply } from '../flow.js';
import { parseMonth } from '../parse/dates.js';
import { activityCommand } from './common.js';

export const noTaCommand = activityCommand(
  'no-ta',
  '/ta no-ta <#> [month], e.g. /ta no-ta 12 October',
  async (id, rest, env) => {
    const read = rest ? parseMonth(rest, env.today) : { ok: true as const, month: env.today.slice(0, 7) };
    if (!read.ok) return errorReply(read.error);
    const { month } = read;
    const r = await markNoTaMonth(env.ctx, env.actor, { activityId: id, month });
    if (!r.ok) return errorReply(r.error.message);
    return {
      kind: 'reply',
      messages: [
        r.value.alreadyMarked
          ? `#${id} was already marked as no TA in ${r.value.month}.`
          : `Noted: no TA was delivered on #${id} in ${r.value.month}, so no summary is due and the reminders for that month stop (R4).`,
      ],
      recordId: id,
    };
  },
);
