// R3 monthly review: on the first business day of a month each specialist gets one digest of their
// States' incomplete records for the month before, to send back to the primary staff.
import type { NudgeItemView } from './channel-port.js';
import { admit, type PlanContext } from './plan-gate.js';
import type { NudgeWords, ReviewRow } from './plan-types.js';
import { inWindow, monthOf, reviewWindow } from './plan-window.js';
import { activityLabel, fmt, MAX_LINES, monthName } from './render.js';

export function planMonthlyReview(
  ctx: PlanContext,
  recipients: readonly { staffId: number; month: string }[],
  rows: readonly ReviewRow[],
  specialistStates: Map<number, string[]>,
) {
  const byStateMonth = new Map<string, ReviewRow[]>();
  for (const r of rows) {
    const key = `${r.stateCode}|${r.month}`;
    const list = byStateMonth.get(key);
    if (list) list.push(r);
    else byStateMonth.set(key, [r]);
  }
  for (const { staffId, month } of recipients) {
    const specialist = ctx.staffById.get(staffId);
    if (!specialist) continue;
    const clock = ctx.clockOf(specialist.timeZone);
    const window = reviewWindow(ctx.calendar, clock.date);
    if (window.reviewedMonth !== month || !inWindow(window, clock.date)) continue;
    const states = [...(specialistStates.get(staffId) ?? [])].sort();
    const perState = states.map((s) => byStateMonth.get(`${s}|${month}`) ?? []);
    const total = perState.reduce((n, list) => n + (list[0]?.stateTotal ?? 0), 0);
    if (total === 0) continue; // nothing incomplete: no message
    const ref = {
      recipientStaffId: staffId,
      kind: 'monthly_review' as const,
      subject: `review:${monthOf(month)}`,
      slot: window.start,
      activityId: null,
    };
    admit(ctx, ref, specialist, clock, reviewWords, { month, states, perState, total });
  }
}

function reviewWords(data: {
  month: string;
  states: string[];
  perState: ReviewRow[][];
  total: number;
}): NudgeWords {
  const { month, states, perState, total } = data;
  const lines = perState.flat().slice(0, MAX_LINES).map(reviewLine);
  return {
    headline: `*Monthly review for ${monthName(month)}* (${states.join(', ')}): ${total} incomplete ${total === 1 ? 'record' : 'records'} to go back to the primary staff (R3). The month's figures and chart: \`/ta report ${monthOf(month)}\`.`,
    lines,
    moreLines: total - lines.length,
    buttons: [{ label: 'Monthly report', command: `report ${monthOf(month)}` }],
  };
}

function reviewLine(r: ReviewRow): NudgeItemView {
  const d = (x: string | null) => (x ? fmt(x) : '?');
  let detail: string;
  switch (r.problem) {
    case 'missing_summary':
      detail = `Missing summary of TA delivered for the delivery of ${d(r.date)} (was due ${d(r.date2)}).`;
      break;
    case 'late_summary':
      detail = `Late summary: delivery of ${d(r.date)} summarized ${d(r.date2)}, after its due date.`;
      break;
    case 'late_entry':
      detail = `Late entry (R2): opened ${d(r.date)}, entered ${d(r.date2)}.`;
      break;
    case 'closed_incomplete':
      detail = `Closed ${d(r.date)} without ${
        r.note === 'no_outcome_report'
          ? 'an outcome report'
          : r.note === 'no_feedback'
            ? 'requester feedback'
            : 'requester feedback or outcome report'
      }.`;
      break;
    case 'no_final_plan':
      detail = 'Approved without a final plan description (R11/R12).';
      break;
    case 'summary_warnings':
      detail = `Summary of the delivery of ${d(r.date)} has language warnings (R15): ${r.note ?? ''}`;
      break;
  }
  return { activityId: r.activityId, label: activityLabel(r.activityId, r.stateCode, r.focus), detail };
}
