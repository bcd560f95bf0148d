// `/ta no-ta <#> [YYYY-MM]` (a nudge's "No TA this month" button): R4, no TA delivered that month,
// so no summary is due and that month's nudges stop. Default month: the current one.
import { markNoTaMonth } from '../../src/services/mark-no-ta-month.js';
import { errorReply } from '../flow.js';
import { activityCommand } from './common.js';

export const noTaCommand = activityCommand(
  'no-ta',
  '/ta no-ta <#> [YYYY-MM], e.g. /ta no-ta 12 2026-11',
  async (id, rest, env) => {
    const month = rest || env.today.slice(0, 7);
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
