// Pure planning entry point: given the snapshot one query returned and an instant, what is due for
// whom right now. No I/O and no clock of its own, so tests fix `at`.
import type { Calendar } from '../rules/calendar.js';
import { createPlanContext } from './plan-gate.js';
import { planMonthlyNotes } from './plan-monthly.js';
import { planMonthlyReview } from './plan-review.js';
import { planSummaryNudges } from './plan-summary.js';
import {
  DEFAULT_REMINDER_OPTIONS,
  type PlanningSnapshot,
  type PlanResult,
  type ReminderOptions,
} from './plan-types.js';

export function planNudges(
  snapshot: PlanningSnapshot,
  at: Date,
  calendar: Calendar,
  options: ReminderOptions = DEFAULT_REMINDER_OPTIONS,
): PlanResult {
  const ctx = createPlanContext(snapshot, at, calendar);
  planSummaryNudges(ctx, snapshot.due, options);
  planMonthlyNotes(ctx, snapshot.monthlyMissing, options);
  planMonthlyReview(ctx, snapshot.reviewRecipients, snapshot.review, snapshot.specialistStates);
  return { at, items: ctx.items, skipped: ctx.skipped };
}
