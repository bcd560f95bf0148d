// `/ta snooze <#> [until]` (a nudge's "Snooze" button): no reminders about the activity until the
// date (default: the next business day), through the reminders' snooze use case.

import { snoozeActivity } from '../../src/reminders/snooze.js';
import { dateInZone, formatNoteDate } from '../../src/rules/dates.js';
import { errorReply } from '../flow.js';
import { findFutureDate } from '../parse/dates.js';
import { activityCommand } from './common.js';

export const snoozeCommand = activityCommand(
  'snooze',
  '/ta snooze <#> [until], e.g. /ta snooze 12 monday',
  async (id, rest, env) => {
    const words = rest.replace(/^until\s+/i, '');
    const until = words
      ? // Snoozes count in the user's own days, as the reminders do (src/reminders/snooze.ts).
        findFutureDate(words, {
          now: env.now,
          timeZone: env.timeZone,
          today: dateInZone(env.now, env.timeZone),
        })
      : undefined;
    if (words && !until) {
      return errorReply(`I could not read a date in "${words}". Try "monday", "12/01" or 2026-12-01.`);
    }
    const r = await snoozeActivity(env.ctx, env.actor, { activityId: id, ...(until ? { until } : {}) });
    if (!r.ok) return errorReply(r.error.message);
    return {
      kind: 'reply',
      messages: [`Snoozed reminders about #${id} until ${formatNoteDate(r.value.until)}.`],
      recordId: id,
    };
  },
);
