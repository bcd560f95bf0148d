// Missing monthly notes (R4): near month end, each approved open activity with a final plan (R12)
// and no summary of TA delivered for the month and no "no TA this month" mark, listed in one
// message per person.
import type { IsoDate } from '../rules/dates.js';
import { admittedSlot, type PlanContext } from './plan-gate.js';
import type { MonthlyMissingRow, NudgeWords, PlannedItem, ReminderOptions } from './plan-types.js';
import { notesWindows } from './plan-window.js';
import { activityLabel, fmt, logButton, monthName, noTaButton, snoozeButton } from './render.js';

export function planMonthlyNotes(
  ctx: PlanContext,
  rows: readonly MonthlyMissingRow[],
  options: ReminderOptions,
) {
  const windows = notesWindows(ctx.calendar, options);
  for (const row of rows) {
    const primary = ctx.staffById.get(row.primaryStaffId);
    const clock = ctx.clockOf(primary?.timeZone ?? ctx.calendar.timeZone);
    const window = windows.openFor(row.month, clock.date);
    if (!window) continue;
    const ref = {
      recipientStaffId: row.primaryStaffId,
      kind: 'monthly_notes' as const,
      subject: `activity:${row.activityId}`,
      slot: window.start,
      activityId: row.activityId,
    };
    const slot = admittedSlot(ctx, ref, primary, clock);
    if (slot !== null) ctx.items.push(new MonthlyNotesNudge(row, slot));
  }
}

/**
 * One activity's missing notes: the row's words data kept on the nudge itself (month end plans one
 * per open activity, ~117k at 1M activities, so no separate row, closure or subject string each).
 */
class MonthlyNotesNudge implements PlannedItem {
  readonly recipientStaffId: number;
  readonly activityId: number;
  readonly month: IsoDate;
  readonly stateCode: string;
  readonly focus: string;
  readonly unsummarized: readonly IsoDate[];

  constructor(
    row: MonthlyMissingRow,
    readonly slot: IsoDate,
  ) {
    this.recipientStaffId = row.primaryStaffId;
    this.activityId = row.activityId;
    this.month = row.month;
    this.stateCode = row.stateCode;
    this.focus = row.focus;
    this.unsummarized = row.unsummarized;
  }

  get kind() {
    return 'monthly_notes' as const;
  }

  get subject() {
    return `activity:${this.activityId}`;
  }

  words(): NudgeWords {
    return monthlyWords(this);
  }
}

function monthlyWords(
  row: Pick<MonthlyMissingRow, 'activityId' | 'month' | 'stateCode' | 'focus' | 'unsummarized'>,
): NudgeWords {
  return {
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
  };
}
