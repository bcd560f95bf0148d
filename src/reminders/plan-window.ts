// Calendar windows of the nudges (R0 business days), and the slice of data one sweep must read.
// A nudge is due from its start day until the next nudge of the same thing starts, so a sweep
// missed while the process was down still sends later that day (or the next business day).
import type { Calendar } from '../rules/calendar.js';
import {
  addDays,
  dateInZone,
  firstDayOfMonth,
  type IsoDate,
  lastDayOfMonth,
  minuteOfDayInZone,
} from '../rules/dates.js';
import type { NudgeKind } from './channel-port.js';
import type { ReminderOptions, SnapshotWindow } from './plan-types.js';

/** The business day `n` business days strictly before `date` (n ≥ 1). */
export function businessDaysBefore(calendar: Calendar, date: IsoDate, n: number): IsoDate {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, -1);
    if (calendar.isBusinessDay(d)) left--;
  }
  return d;
}

/** `date` if it is a business day, else the last business day before it. */
export function businessDayOnOrBefore(calendar: Calendar, date: IsoDate): IsoDate {
  let d = date;
  while (!calendar.isBusinessDay(d)) d = addDays(d, -1);
  return d;
}

export function firstBusinessDayOfMonth(calendar: Calendar, date: IsoDate): IsoDate {
  let d = firstDayOfMonth(date);
  while (!calendar.isBusinessDay(d)) d = addDays(d, 1);
  return d;
}

export function previousMonth(date: IsoDate): IsoDate {
  return firstDayOfMonth(addDays(firstDayOfMonth(date), -1));
}

/** `YYYY-MM` of a date. */
export const monthOf = (date: IsoDate) => date.slice(0, 7);

export interface SummaryStage {
  kind: Extract<NudgeKind, 'summary_due_soon' | 'summary_due' | 'summary_overdue'>;
  /** 1-based number of the overdue nudge; 0 otherwise. */
  overdueNumber: number;
  /** First day the nudge is due (a business day). */
  start: IsoDate;
  /** Day the next stage takes over (exclusive end). */
  end: IsoDate;
}

/** R1-based nudges for a summary due on `due`: coming due, due, then overdue every N business days. */
export function summaryStages(calendar: Calendar, due: IsoDate, options: ReminderOptions): SummaryStage[] {
  const dueStart = businessDayOnOrBefore(calendar, due);
  const overdueStart = (k: number) =>
    calendar.addBusinessDays(due, 1 + options.overdueEveryBusinessDays * (k - 1));
  const stages: SummaryStage[] = [];
  if (options.dueSoonBusinessDays > 0) {
    const soon = businessDaysBefore(calendar, due, options.dueSoonBusinessDays);
    if (soon < dueStart)
      stages.push({ kind: 'summary_due_soon', overdueNumber: 0, start: soon, end: dueStart });
  }
  stages.push({ kind: 'summary_due', overdueNumber: 0, start: dueStart, end: overdueStart(1) });
  for (let k = 1; k <= options.maxOverdueNudges; k++) {
    stages.push({
      kind: 'summary_overdue',
      overdueNumber: k,
      start: overdueStart(k),
      end: overdueStart(k + 1),
    });
  }
  return stages;
}

export function currentStage(stages: readonly SummaryStage[], today: IsoDate): SummaryStage | undefined {
  return stages.find((s) => s.start <= today && today < s.end);
}

export interface MonthWindow {
  /** First day of the month the window belongs to. */
  month: IsoDate;
  start: IsoDate;
  /** Inclusive. */
  end: IsoDate;
}

/** Missing monthly notes (R4): from N business days before month end to month end. */
export function monthlyNotesWindow(calendar: Calendar, date: IsoDate, options: ReminderOptions): MonthWindow {
  const end = lastDayOfMonth(date);
  return {
    month: firstDayOfMonth(date),
    start: businessDaysBefore(calendar, end, options.monthlyNotesBusinessDays),
    end,
  };
}

/**
 * Per local date, the notes window it falls in (cached: a sweep asks for every row and person);
 * `openFor` gives month `month`'s window if `today` is inside it.
 */
export function notesWindows(calendar: Calendar, options: ReminderOptions) {
  const cache = new Map<IsoDate, MonthWindow>();
  return {
    openFor(month: IsoDate, today: IsoDate): MonthWindow | undefined {
      let window = cache.get(today);
      if (!window) {
        window = monthlyNotesWindow(calendar, today, options);
        cache.set(today, window);
      }
      return window.month === month && inWindow(window, today) ? window : undefined;
    },
  };
}

export interface ReviewWindow {
  /** First day of the month under review (the month before). */
  reviewedMonth: IsoDate;
  /** First business day of the current month: the review digest's slot. */
  start: IsoDate;
  end: IsoDate;
}

/** R3: the review of last month is due from the first business day of this month to its end. */
export function reviewWindow(calendar: Calendar, date: IsoDate): ReviewWindow {
  return {
    reviewedMonth: previousMonth(date),
    start: firstBusinessDayOfMonth(calendar, date),
    end: lastDayOfMonth(date),
  };
}

export const inWindow = (w: { start: IsoDate; end: IsoDate }, date: IsoDate) =>
  w.start <= date && date <= w.end;

/** Every calendar date some place on Earth has at `at` (UTC−12 … UTC+14): two or three dates. */
export function datesOnEarth(at: Date): IsoDate[] {
  const first = dateInZone(at, 'Etc/GMT+12');
  const last = dateInZone(at, 'Etc/GMT-14');
  const dates: IsoDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) dates.push(d);
  return dates;
}

/** What the snapshot query must cover so that planning for any recipient's time zone is complete. */
export function snapshotWindow(calendar: Calendar, at: Date, options: ReminderOptions): SnapshotWindow {
  const dates = datesOnEarth(at);
  const earliest = dates[0]!;
  const latest = dates[dates.length - 1]!;
  const lastEnd = 1 + options.overdueEveryBusinessDays * options.maxOverdueNudges;
  // A superset: planning filters exactly; the margins cover weekends next to the bounds.
  const dueFrom = addDays(businessDaysBefore(calendar, earliest, lastEnd), -4);
  let dueTo =
    options.dueSoonBusinessDays > 0
      ? addDays(calendar.addBusinessDays(latest, options.dueSoonBusinessDays), 1)
      : addDays(latest, 4);
  const notesMonths = new Set<IsoDate>();
  const reviewMonths = new Set<IsoDate>();
  for (const d of dates) {
    const notes = monthlyNotesWindow(calendar, d, options);
    if (inWindow(notes, d)) notesMonths.add(notes.month);
    const review = reviewWindow(calendar, d);
    if (inWindow(review, d)) reviewMonths.add(review.reviewedMonth);
  }
  // An open notes month's unsummarized deliveries are due within that month (R1).
  let from = dueFrom;
  for (const m of notesMonths) {
    if (m < from) from = m;
    if (lastDayOfMonth(m) > dueTo) dueTo = lastDayOfMonth(m);
  }
  return {
    dueFrom: from,
    dueTo,
    // Escalation starts with overdue nudge escalateAfter + 1, at least this many days after the due date.
    escalationDueTo: addDays(
      latest,
      -(1 + options.overdueEveryBusinessDays * options.escalateAfterOverdueNudges),
    ),
    notesMonths: [...notesMonths],
    reviewMonths: [...reviewMonths],
    snoozesFrom: addDays(dueFrom, -14),
    programTimeZone: calendar.timeZone,
  };
}

export interface LocalClock {
  date: IsoDate;
  minute: number;
  /** The instant local midnight of `date` began (for "today" counts in the ledger). */
  dayStart: Date;
}

/** Local date and minute per time zone, cached for one sweep (Intl formatting is not cheap). */
export function zoneClock(at: Date): (timeZone: string) => LocalClock {
  const cache = new Map<string, LocalClock>();
  return (timeZone) => {
    let clock = cache.get(timeZone);
    if (!clock) {
      const minute = minuteOfDayInZone(at, timeZone);
      const wholeMinute = Math.floor(at.getTime() / 60_000) * 60_000;
      clock = { date: dateInZone(at, timeZone), minute, dayStart: new Date(wholeMinute - minute * 60_000) };
      cache.set(timeZone, clock);
    }
    return clock;
  };
}
