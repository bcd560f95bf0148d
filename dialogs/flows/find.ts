// `/ta find <criteria>`: R24 search through the search service; results as a short list with buttons.
import { formatNoteDate } from '../../src/rules/dates.js';
import { ACTIVITY_STATUS_LABELS } from '../../src/rules/tracking-gate.js';
import { CRITERIA_HELP, criteriaFromText } from '../../src/services/criteria-from-text.js';
import { searchActivities } from '../../src/services/search-activities.js';
import { errorReply, type OneShot } from '../flow.js';
import { activityLabel } from './common.js';

const SHOWN = 20;

export const findCommand: OneShot = {
  kind: 'oneshot',
  name: 'find',
  async run(args, env) {
    if (!args.trim()) return { kind: 'reply', messages: [`What should I look for? ${CRITERIA_HELP}`] };
    const read = await criteriaFromText(env.ctx, env.me, args);
    if (!read.ok) return errorReply(read.error.message);
    const criteria: Record<string, unknown> = { ...read.value, limit: SHOWN + 1 };
    const result = await searchActivities(env.ctx, env.actor, criteria);
    if (!result.ok) return errorReply(result.error.message);
    const hits = result.value;
    if (hits.length === 0)
      return { kind: 'reply', messages: ['No TA activities match all of these criteria.'] };
    const lines = hits
      .slice(0, SHOWN)
      .map(
        (h) =>
          `• ${activityLabel({ ...h, activityId: h.id })} — ${ACTIVITY_STATUS_LABELS[h.activityStatus]}, ${h.completionStatus}; ${h.primaryStaffName} (${h.primaryCenterCode}); opened ${formatNoteDate(h.dateOpened)}`,
      );
    const more = hits.length > SHOWN ? [`…and more; narrow the search to see them.`] : [];
    return {
      kind: 'reply',
      messages: [
        [`Found ${hits.length > SHOWN ? `more than ${SHOWN}` : hits.length}:`, ...lines, ...more].join('\n'),
      ],
      actions: hits
        .slice(0, 5)
        .map((h) => ({ id: `show-${h.id}`, label: `Open #${h.id}`, command: `show ${h.id}` })),
    };
  },
};
