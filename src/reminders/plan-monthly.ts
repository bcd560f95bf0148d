// Missing monthly notes (R4): near month end, each approved open activity with a final plan (R12)
// and no summary of TA delivered for the month and no "no TA this month" mark, listed in one
// message per person.
import { admit, type PlanContext } from './plan-gate.js';
import type { MonthlyMissingRow, ReminderOptions } from './plan-types.js';
import { inWindow, type MonthWindow, monthlyNotesWindow } from './plan-window.js';
import { activityLabel, fmt, logButton, monthName, noTaButton, snoozeButton } from './render.js';

export function planMonthlyNotes(
  ctx: PlanContext,
  rows: readonly MonthlyMissingRow[],
  options: ReminderOptions,
) {
  const windows = new Map<string, MonthWindow>();
  for (const row of rows) {
    const primary = ctx.staffById.get(row.primaryStaffId);
    const clock = ctx.clockOf(primary?.timeZone ?? ctx.calendar.timeZone);
    let window = windows.get(clock.date);
    if (!window) {
      window = monthlyNotesWindow(ctx.calendar, clock.date, options);
      windows.set(clock.date, window);
    }
    if (window.month !== row.month || !inWindow(window, clock.date)) continue;
    const ref = {
      recipientStaffId: row.primaryStaffId,
      kind: 'monthly_notes' as const,
      subject: `activity:${row.activityId}`,
      slot: window.start,
      activityId: row.activityId,
    };
    admit(ctx, ref, primary, clock, () => ({
      headline: `TA request #${row.activityId} has no summary of TA delivered for ${monthName(row.month)}.`,
      lines: [
        {
          activityId: row.activityId,
          label: activityLabel(row.activityId, row.stateCode, row.focus),
          detail:
            row.unsummarized.length === 0
              ? `No TA logged for ${monthName(row.month)}: log a summary of TA delivered, or mark "No TA this month".`
              : `No summary of TA delivered yet for the delivery of ${row.unsummarized.map(fmt).join(', ')}.`,
        },
      ],
      buttons: [
        logButton(row.activityId, true),
        ...(row.unsummarized.length === 0 ? [noTaButton(row.activityId, row.month, true)] : []),
        snoozeButton(row.activityId, true),
      ],
    }));
  }
}
