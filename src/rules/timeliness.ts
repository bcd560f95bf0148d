// R1 summary due date and R2 late entry.
import type { Calendar } from './calendar.js';
import { type IsoDate, lastDayOfMonth } from './dates.js';

export const SUMMARY_BUSINESS_DAYS = 10;
export const ENTRY_BUSINESS_DAYS = 3;

export interface SummaryDue {
  delivered: IsoDate;
  due: IsoDate;
  /** Which limit came first; `both` when they fall on the same day. */
  reason: 'tenth_business_day' | 'end_of_month' | 'both';
  tenthBusinessDay: IsoDate;
  monthEnd: IsoDate;
}

/** R1: due on the earlier of the 10th business day after delivery and the last day of its month. */
export function summaryDue(calendar: Calendar, delivered: IsoDate): SummaryDue {
  const tenthBusinessDay = calendar.addBusinessDays(delivered, SUMMARY_BUSINESS_DAYS);
  const monthEnd = lastDayOfMonth(delivered);
  const reason =
    tenthBusinessDay === monthEnd
      ? 'both'
      : monthEnd < tenthBusinessDay
        ? 'end_of_month'
        : 'tenth_business_day';
  return {
    delivered,
    due: reason === 'end_of_month' ? monthEnd : tenthBusinessDay,
    reason,
    tenthBusinessDay,
    monthEnd,
  };
}

/** One line explaining R1, e.g. `2026-11-20 -> due 2026-11-30 (end of month; 10th business day is 2026-12-07)`. */
export function explainSummaryDue(d: SummaryDue): string {
  const why =
    d.reason === 'end_of_month'
      ? `end of month; 10th business day is ${d.tenthBusinessDay}`
      : d.reason === 'both'
        ? '10th business day and end of month'
        : `10th business day; month ends ${d.monthEnd}`;
  return `${d.delivered} -> due ${d.due} (${why})`;
}

/** R2: an entry more than 3 business days after the date opened is late (saved, flagged). */
export function isLateEntry(calendar: Calendar, dateOpened: IsoDate, entered: IsoDate): boolean {
  if (entered <= dateOpened) return false;
  return calendar.businessDaysAfter(dateOpened, entered) > ENTRY_BUSINESS_DAYS;
}

export type SummaryTimeliness = 'on_time' | 'due_soon' | 'due_today' | 'overdue';

/** Where a pending summary stands on `today`; "due soon" is within `soonBusinessDays` business days. */
export function summaryTimeliness(
  calendar: Calendar,
  due: IsoDate,
  today: IsoDate,
  soonBusinessDays = 2,
): SummaryTimeliness {
  if (today > due) return 'overdue';
  if (today === due) return 'due_today';
  return calendar.businessDaysAfter(today, due) <= soonBusinessDays ? 'due_soon' : 'on_time';
}
