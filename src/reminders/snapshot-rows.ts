// What the snapshot does to the big parts' rows as they stream by: shares their repeated strings,
// and completes the month-end rows from the due rows (R1 puts an unsummarized delivery's due date in
// the month it ended, so the due rows of an open notes month are all of that month's deliveries
// still unsummarized).
import { firstDayOfMonth, type IsoDate } from '../rules/dates.js';
import type { DueDeliveryRow, MonthlyMissingRow } from './plan-types.js';

/** Returns one instance of each distinct string it is given (for one sweep's rows). */
export function createInterner(): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
}

/** The unsummarized dates of most monthly rows: one shared empty list. */
const NONE: readonly IsoDate[] = Object.freeze([]);

type OpenRow = MonthlyMissingRow & { unsummarized: IsoDate[] };

/** Per open notes month, the activities with a delivery of that month still unsummarized. */
export function createOpenMonths(notesMonths: readonly IsoDate[]) {
  const open = new Map(notesMonths.map((m) => [m, new Map<number, OpenRow>()]));
  return {
    /** Records a due row whose delivery ended in an open notes month. */
    noteDue(row: DueDeliveryRow) {
      const month = firstDayOfMonth(row.endDate);
      const byActivity = open.get(month);
      if (!byActivity) return;
      const known = byActivity.get(row.activityId);
      if (known) known.unsummarized.push(row.endDate);
      else {
        const { activityId, primaryStaffId, stateCode, focus } = row;
        byActivity.set(activityId, {
          month,
          activityId,
          primaryStaffId,
          stateCode,
          focus,
          unsummarized: [row.endDate],
        });
      }
    },
    /** Gives a row of an activity with no summary in month `m` its unsummarized dates. */
    complete(m: IsoDate, row: MonthlyMissingRow) {
      const byActivity = open.get(m)!;
      const known = byActivity.get(row.activityId);
      row.unsummarized = known ? known.unsummarized.sort() : NONE;
      byActivity.delete(row.activityId);
    },
    /**
     * Once month `m`'s rows are all completed: the activities left have a summary in the month and
     * a delivery of it still unsummarized. Rows of the `excluded` primary staff are dropped (their
     * due rows were read only for their specialist).
     */
    rest(m: IsoDate, excluded: readonly number[] = []): MonthlyMissingRow[] {
      const byActivity = open.get(m)!;
      const skip = new Set(excluded);
      const rows = [...byActivity.values()].filter((row) => !skip.has(row.primaryStaffId));
      byActivity.clear();
      for (const row of rows) row.unsummarized.sort();
      return rows;
    },
  };
}
