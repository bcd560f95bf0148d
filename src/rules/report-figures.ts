// R3 monthly review report: the figures, computed from the grouped counts the report query returns.
// Pure: the summary timeliness of R1 (on time / late / missing / not yet due) is decided here from
// each group's due date and entry date, against the report's "as of" date.
import { addDays, formatNoteDate, type IsoDate, lastDayOfMonth } from './dates.js';
import { DELIVERY_METHOD_LABELS } from './schemas.js';

/** What the report query returns for one scope and month (`month` is YYYY-MM). */
export interface ReportInput {
  month: string;
  /** Today in the program time zone (R0). */
  today: IsoDate;
  scopeLabel: string;
  /** Deliveries by the month of their last day (YYYY-MM) and method, over the months shown. */
  deliveredByMonthMethod: { month: string; method: string; n: number }[];
  /** Deliveries by the month of their last day (one delivery may use several methods). */
  deliveredByMonth: { month: string; n: number }[];
  /** Deliveries ending in the month, grouped by R1 due date and summary entry date (null: none). */
  summaries: { due: IsoDate; entered: IsoDate | null; n: number }[];
  opened: number;
  /** Of those opened in the month, entered late (R2). */
  lateEntries: number;
  closed: number;
  cancelled: number;
  /** Closed in the month without a feedback ask or an outcome report (R20). */
  closedIncomplete: { activityId: number; noFeedbackAsk: boolean; noOutcomeReport: boolean }[];
  /** Deliveries still unsummarized past their due date on the "as of" date, by primary staff. */
  overdueByStaff: { staffName: string; n: number }[];
}

export interface ReportFigures {
  month: string;
  monthLabel: string;
  scopeLabel: string;
  /** The day the figures stand on: today, or the month's last day for a past month. */
  asOf: IsoDate;
  months: string[];
  /** Per method, the deliveries that used it in each month of `months`. */
  delivered: { method: string; label: string; counts: number[] }[];
  /** Deliveries in each month of `months`. */
  deliveredTotals: number[];
  summaries: { onTime: number; late: number; missing: number; notYetDue: number; total: number };
  opened: number;
  lateEntries: number;
  closed: number;
  cancelled: number;
  closedIncomplete: ReportInput['closedIncomplete'];
  overdueByStaff: ReportInput['overdueByStaff'];
  overdueTotal: number;
}

/** Months shown in the "TA delivered" series: the report month and the five before it. */
export const MONTHS_SHOWN = 6;

const monthFormat = (month: 'long' | 'short') => new Intl.DateTimeFormat('en-US', { month, timeZone: 'UTC' });
const LONG = monthFormat('long');
const SHORT = monthFormat('short');
const firstOf = (month: string) => new Date(`${month}-01T00:00:00Z`);

/** `November 2026` for `2026-11`. */
export const monthLabel = (month: string) => `${LONG.format(firstOf(month))} ${month.slice(0, 4)}`;
/** `Nov 26` for `2026-11` (chart axis). */
export const shortMonth = (month: string) => `${SHORT.format(firstOf(month))} ${month.slice(2, 4)}`;

/** The YYYY-MM months of the series ending with `month`, oldest first. */
export function monthsEnding(month: string, count = MONTHS_SHOWN): string[] {
  const out: string[] = [];
  let d = `${month}-01`;
  for (let i = 0; i < count; i++) {
    out.unshift(d.slice(0, 7));
    d = addDays(d, -1).slice(0, 7).concat('-01');
  }
  return out;
}

/** The day a report on `month` stands on: today while the month runs, else its last day. */
export function reportAsOf(month: string, today: IsoDate): IsoDate {
  const end = lastDayOfMonth(`${month}-01`);
  return today < end ? today : end;
}

/**
 * R1 standing of a delivery's summary: entered by its due date, entered after it (even if after the
 * month: the review wants to know it came late, not that it is still missing), or not entered and
 * past its due date today, or not yet due.
 */
export function summaryStanding(
  due: IsoDate,
  entered: IsoDate | null,
  today: IsoDate,
): 'on_time' | 'late' | 'missing' | 'not_yet_due' {
  if (entered !== null) return entered <= due ? 'on_time' : 'late';
  return due < today ? 'missing' : 'not_yet_due';
}

export function reportFigures(input: ReportInput): ReportFigures {
  const asOf = reportAsOf(input.month, input.today);
  const months = monthsEnding(input.month);
  const methods = [...new Set(input.deliveredByMonthMethod.map((r) => r.method))].sort();
  const delivered = methods.map((method) => ({
    method,
    label: DELIVERY_METHOD_LABELS[method] ?? method,
    counts: months.map((m) =>
      input.deliveredByMonthMethod
        .filter((r) => r.method === method && r.month === m)
        .reduce((n, r) => n + r.n, 0),
    ),
  }));
  const summaries = { onTime: 0, late: 0, missing: 0, notYetDue: 0, total: 0 };
  for (const s of input.summaries) {
    const standing = summaryStanding(s.due, s.entered, input.today);
    if (standing === 'on_time') summaries.onTime += s.n;
    else if (standing === 'late') summaries.late += s.n;
    else if (standing === 'missing') summaries.missing += s.n;
    else summaries.notYetDue += s.n;
    summaries.total += s.n;
  }
  const overdueByStaff = [...input.overdueByStaff].sort(
    (a, b) => b.n - a.n || a.staffName.localeCompare(b.staffName),
  );
  return {
    month: input.month,
    monthLabel: monthLabel(input.month),
    scopeLabel: input.scopeLabel,
    asOf,
    months,
    delivered,
    deliveredTotals: months.map((m) =>
      input.deliveredByMonth.filter((r) => r.month === m).reduce((n, r) => n + r.n, 0),
    ),
    summaries,
    opened: input.opened,
    lateEntries: input.lateEntries,
    closed: input.closed,
    cancelled: input.cancelled,
    closedIncomplete: input.closedIncomplete,
    overdueByStaff,
    overdueTotal: overdueByStaff.reduce((n, s) => n + s.n, 0),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The short chat text of a report (the chart carries the series). */
export function reportText(f: ReportFigures): string {
  const s = f.summaries;
  const thisMonth = f.deliveredTotals[f.deliveredTotals.length - 1] ?? 0;
  const sixMonths = f.deliveredTotals.reduce((a, b) => a + b, 0);
  const incomplete = f.closedIncomplete.length;
  const last = f.months.length - 1;
  const methods = f.delivered
    .filter((d) => d.counts[last]! > 0)
    .map((d) => `${d.label} ${d.counts[last]}`)
    .join(', ');
  const lines = [
    `*Monthly review, ${f.monthLabel}: ${f.scopeLabel}* (as of ${formatNoteDate(f.asOf)})`,
    `• TA delivered: ${plural(thisMonth, 'delivery', 'deliveries')} this month${methods ? ` (${methods})` : ''}, ${sixMonths} in the last ${f.months.length} months.`,
    `• Summaries due this month (R1): ${s.onTime} on time, ${s.late} late, ${s.missing} missing, ${s.notYetDue} not yet due.`,
    `• Requests opened: ${f.opened} (${f.lateEntries} entered late, R2); closed: ${f.closed}; cancelled: ${f.cancelled}.`,
    `• Closed without a feedback ask or outcome report: ${incomplete}${
      incomplete ? ` (${f.closedIncomplete.map((c) => `#${c.activityId}`).join(', ')})` : ''
    }.`,
    `• Overdue summaries by primary staff: ${
      f.overdueByStaff.length ? f.overdueByStaff.map((o) => `${o.staffName} ${o.n}`).join(', ') : 'none'
    }.`,
  ];
  return lines.join('\n');
}
