// Pure planning entry point: given the snapshot one query returned and an instant, what is due for
// whom right now. No I/O and no clock of its own, so tests fix `at`.
import type { Calendar } from '../rules/calendar.js';
import { createPlanContext, unreachableStaff } from './plan-gate.js';
import { planMonthlyNotes } from './plan-monthly.js';
import { planMonthlyReview } from './plan-review.js';
import { planSummaryNudges } from './plan-summary.js';
import {
  DEFAULT_REMINDER_OPTIONS,
  type PartsFilter,
  type PlanningSnapshot,
  type PlanResult,
  type ReminderOptions,
  type SnapshotBase,
  type UnreachableStaff,
} from './plan-types.js';
import { notesWindows } from './plan-window.js';

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
    /**
     * Who nothing can reach now, and what the big parts may leave out for that reason: a sweep
     * reads the rows of the people it can nudge now (and rows whose specialist may be copied).
     */
    reach(): { unreachable: UnreachableStaff[]; filter: PartsFilter } {
      const unreachable = unreachableStaff(ctx);
      const dueExcluded = unreachable.map((u) => u.staffId);
      const notesExcluded = new Map<string, number[]>();
      const held = new Set(dueExcluded);
      const windows = notesWindows(calendar, options);
      for (const month of base.window.notesMonths) {
        const excluded = [...dueExcluded];
        for (const s of ctx.staffById.values()) {
          if (!held.has(s.id) && !windows.openFor(month, ctx.clockOf(s.timeZone).date)) excluded.push(s.id);
        }
        notesExcluded.set(month, excluded);
      }
      return { unreachable, filter: { dueExcluded, notesExcluded } };
    },
    addDue: (rows: PlanningSnapshot['due']) => planSummaryNudges(ctx, rows, options),
    addMonthly: (rows: PlanningSnapshot['monthlyMissing']) => planMonthlyNotes(ctx, rows, options),
    finish(): PlanResult {
      planMonthlyReview(ctx, base.reviewRecipients, base.review, base.specialistStates);
      return { at, items: ctx.items, skipped: ctx.skipped };
    },
  };
}
