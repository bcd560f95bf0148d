// R0 Business day: Monday–Friday that is not an observed US federal holiday or a configured
// closure day. Holidays come from date-holidays (types public + bank, compared as date strings;
// its `isHoliday` uses New York day bounds and observances, so we never call it).
import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';
import { addDays, type IsoDate, isWeekend } from './dates.js';

export interface Holiday {
  date: IsoDate;
  name: string;
}

export interface Calendar {
  readonly timeZone: string;
  isBusinessDay(date: IsoDate): boolean;
  /** The closure (holiday or configured day) on a date, if any. */
  closureOn(date: IsoDate): Holiday | undefined;
  /** The n-th business day strictly after `date` (n ≥ 1). */
  addBusinessDays(date: IsoDate, n: number): IsoDate;
  /** Business days in (from, to]: strictly after `from`, up to and including `to`. */
  businessDaysAfter(from: IsoDate, to: IsoDate): number;
  /** Observed federal holidays of a year, weekdays only, sorted. */
  holidays(year: number): Holiday[];
}

export interface CalendarOptions {
  timeZone?: string;
  /** Extra closure days (e.g. a center's winter break), `YYYY-MM-DD`. */
  extraClosures?: readonly IsoDate[];
}

// Loaded on the first holiday lookup, not at import: its rule tables cost ~20 MB of memory, which
// commands that never count business days (the CSV export) should not pay.
let source: HolidaysType | undefined;
function holidaySource(): HolidaysType {
  if (!source) {
    const Holidays = createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
    source = new Holidays('US', { types: ['public', 'bank'] });
  }
  return source;
}

function observedFederalHolidays(year: number): Holiday[] {
  const seen = new Map<IsoDate, Holiday>();
  // A 1 January on a Saturday is observed on 31 December of the year before, which date-holidays
  // lists under that earlier year; so read the year itself only.
  for (const h of holidaySource().getHolidays(year)) {
    const date = h.date.slice(0, 10);
    if (isWeekend(date)) continue; // the actual day; its observed weekday is listed separately
    const name = h.name.replace(' (substitute day)', ' (observed)');
    if (!seen.has(date)) seen.set(date, { date, name });
  }
  return [...seen.values()].sort((a, b) => a.date.localeCompare(b.date));
}

export function createCalendar(options: CalendarOptions = {}): Calendar {
  const timeZone = options.timeZone ?? 'America/New_York';
  const extra = new Map<IsoDate, Holiday>(
    (options.extraClosures ?? []).map((date) => [date, { date, name: 'Closure day' }]),
  );
  const byYear = new Map<number, Map<IsoDate, Holiday>>();
  const yearTable = (year: number) => {
    let table = byYear.get(year);
    if (!table) {
      table = new Map(observedFederalHolidays(year).map((h) => [h.date, h]));
      byYear.set(year, table);
    }
    return table;
  };
  const closureOn = (date: IsoDate) => yearTable(Number(date.slice(0, 4))).get(date) ?? extra.get(date);
  const isBusinessDay = (date: IsoDate) => !isWeekend(date) && closureOn(date) === undefined;

  return {
    timeZone,
    isBusinessDay,
    closureOn,
    addBusinessDays(date, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
      let d = date;
      let left = n;
      while (left > 0) {
        d = addDays(d, 1);
        if (isBusinessDay(d)) left--;
      }
      return d;
    },
    businessDaysAfter(from, to) {
      let count = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusinessDay(d)) count++;
      return count;
    },
    holidays: (year) => [...yearTable(year).values()],
  };
}
