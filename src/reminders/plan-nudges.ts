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
  type SnapshotBase,
} from './plan-types.js';

export function planNudges(
  snapshot: PlanningSnapshot,
  at: Date,
  calendar: Calendar,
  options: ReminderOptions = DEFAULT_REMINDER_OPTIONS,
): PlanResult {
  const planner = createNudgePlanner(snapshot, at, calendar, options);
  planner.addDue(snapshot.due);
  planner.addMonthly(snapshot.monthlyMissing);
  return planner.finish();
}

/**
 * The same planning fed batch by batch (the sweep streams the big parts of the snapshot): the rows
 * of a batch can be dropped once planned. Due rows first, then monthly rows, then finish().
 */
export function createNudgePlanner(
  base: SnapshotBase,
  at: Date,
  calendar: Calendar,
  options: ReminderOptions = DEFAULT_REMINDER_OPTIONS,
) {
  const ctx = createPlanContext(base, at, calendar);
  return {
    addDue: (rows: PlanningSnapshot['due']) => planSummaryNudges(ctx, rows, options),
    addMonthly: (rows: PlanningSnapshot['monthlyMissing']) => planMonthlyNotes(ctx, rows, options),
    finish(): PlanResult {
      planMonthlyReview(ctx, base.reviewRecipients, base.review, base.specialistStates);
      return { at, items: ctx.items, skipped: ctx.skipped };
    },
  };
}
