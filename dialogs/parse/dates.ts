// Natural-language dates in the zone the caller gives (record dates: the program's, R0; snoozes: the
// user's). chrono-node ignores IANA zone names, so the zone's minute offset at "now" is passed
// instead. Dates default to the past: a weekday name means the last one, a date written without a
// year ("5/1", "Dec 5") the most recent past one; a date that really is in the future ("next Friday",
// "tomorrow") is kept as said so the caller refuses it, never moved to a past date.
// The English parser only: the package root loads every locale (~0.3 s and ~10 MB at start).
import type { ParsedComponents } from 'chrono-node';
import * as chrono from 'chrono-node/en';
import {
  addDays,
  formatNoteDate,
  type IsoDate,
  isIsoDate,
  zoneOffsetMinutes,
} from '../../src/rules/dates.js';

export interface DateRange {
  start: IsoDate;
  end: IsoDate;
}

export interface FoundDate extends DateRange {
  /** The words that held the date, and where they were in the text. */
  text: string;
  index: number;
  /** The date had no year and was taken as last year's (the most recent past one). */
  lastYear?: boolean;
}

export interface DateContext {
  now: Date;
  timeZone: string;
  /** Today in `timeZone`. */
  today: IsoDate;
}

const pad = (n: number) => String(n).padStart(2, '0');

function componentsToIso(c: ParsedComponents): IsoDate {
  return `${c.get('year')}-${pad(c.get('month') ?? 1)}-${pad(c.get('day') ?? 1)}`;
}

/** Words that put a weekday ahead on purpose: "next Friday", "this Friday", "coming Monday". */
const AHEAD = /\b(?:next|this|coming|upcoming)\b/i;

/**
 * A weekday name alone ("tuesday") means the latest one on or before today; a day and month without
 * a year ("5/1") the latest one on or before today. Anything else is as chrono read it.
 */
function pastDate(
  date: IsoDate,
  c: ParsedComponents,
  today: IsoDate,
  words: string,
): { date: IsoDate; lastYear: boolean } {
  const weekdayOnly = c.isCertain('weekday') && !c.isCertain('day') && !c.isCertain('month');
  let d = date;
  if (weekdayOnly && !AHEAD.test(words)) while (d > today) d = addDays(d, -7);
  const yearless = c.isCertain('month') && c.isCertain('day') && !c.isCertain('year');
  if (yearless && d > today) {
    const earlier = `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;
    if (isIsoDate(earlier)) return { date: earlier, lastYear: true };
  }
  return { date: d, lastYear: false };
}

/** The first date or date range in free text, or undefined. */
export function findDate(text: string, dc: DateContext): FoundDate | undefined {
  const iso = /\b(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|to|-|–)\s*(\d{4}-\d{2}-\d{2}))?\b/.exec(text);
  if (iso && isIsoDate(iso[1]!) && (!iso[2] || isIsoDate(iso[2]))) {
    return { start: iso[1]!, end: iso[2] ?? iso[1]!, text: iso[0], index: iso.index };
  }
  const ref = { instant: dc.now, timezone: zoneOffsetMinutes(dc.now, dc.timeZone) };
  const [hit] = chrono.parse(text, ref, { forwardDate: false });
  if (!hit) return undefined;
  const start = pastDate(componentsToIso(hit.start), hit.start, dc.today, hit.text);
  let end = hit.end ? pastDate(componentsToIso(hit.end), hit.end, dc.today, hit.text) : start;
  // A range that started this year and ends in the future ("Nov 20-25" on 11/23) is not last year's:
  // its end stays in the future, for the caller to refuse.
  if (!start.lastYear && end.lastYear && hit.end) end = { date: componentsToIso(hit.end), lastYear: false };
  // "Nov 30 - Dec 2" moved back a year moves back as a whole.
  if (start.lastYear && !end.lastYear && hit.end && !hit.end.isCertain('year')) {
    const earlier = `${Number(end.date.slice(0, 4)) - 1}${end.date.slice(4)}`;
    if (isIsoDate(earlier) && earlier >= start.date) end = { date: earlier, lastYear: true };
  }
  const lastYear = start.lastYear || end.lastYear;
  return {
    start: start.date,
    end: end.date,
    text: hit.text,
    index: hit.index,
    ...(lastYear ? { lastYear } : {}),
  };
}

export function formatRange(r: DateRange): string {
  return r.start === r.end ? formatNoteDate(r.start) : `${formatNoteDate(r.start)}–${formatNoteDate(r.end)}`;
}

export type DateAnswer = { ok: true; range: DateRange; lastYear?: boolean } | { ok: false; error: string };

export interface DateAnswerOptions {
  /** Accept "Nov 3-4" style ranges (deliveries); otherwise a single day (date opened). */
  allowRange: boolean;
  /** What the date is, for messages: "delivery date", "date opened". */
  what: string;
}

/** Validates a typed date answer: one date (or range), not in the future. */
export function parseDateAnswer(text: string, dc: DateContext, opts: DateAnswerOptions): DateAnswer {
  const found = findDate(text, dc);
  const example = opts.allowRange ? '"yesterday", "last Tuesday", "11/18" or "Nov 3-4"' : '"today", "11/18"';
  if (!found) return { ok: false, error: `I could not read a date in "${text}". Try ${example}.` };
  if (found.end < found.start) {
    return { ok: false, error: `The range ends (${formatNoteDate(found.end)}) before it starts. Try again.` };
  }
  if (!opts.allowRange && found.end !== found.start) {
    return { ok: false, error: `The ${opts.what} is a single day; give one date, e.g. ${example}.` };
  }
  if (found.end > dc.today) {
    return {
      ok: false,
      error: `${formatRange(found)} is in the future (today is ${formatNoteDate(dc.today)}). The ${opts.what} must be today or earlier: give the date it really was, e.g. "yesterday" or "${formatNoteDate(addDays(dc.today, -1))}".`,
    };
  }
  return {
    ok: true,
    range: { start: found.start, end: found.end },
    ...(found.lastYear ? { lastYear: true } : {}),
  };
}

/** A future date ("monday", "next week", "12/01") for snoozing; forward-looking on purpose. */
export function findFutureDate(text: string, dc: DateContext): IsoDate | undefined {
  if (isIsoDate(text.trim())) return text.trim();
  const ref = { instant: dc.now, timezone: zoneOffsetMinutes(dc.now, dc.timeZone) };
  const [hit] = chrono.parse(text, ref, { forwardDate: true });
  return hit ? componentsToIso(hit.start) : undefined;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export type MonthAnswer = { ok: true; month: string } | { ok: false; error: string };

/**
 * A month as people write it (R4 "no TA this month"): 2026-10, 10/2026, "October", "Oct 2026",
 * "last month", "this month". A month name without a year is the most recent one (this month or
 * earlier), as for dates of TA delivered.
 */
export function parseMonth(text: string, today: IsoDate): MonthAnswer {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const year = Number(today.slice(0, 4));
  const current = Number(today.slice(5, 7));
  const out = (y: number, m: number): MonthAnswer => ({ ok: true, month: `${y}-${pad(m)}` });
  const iso = /^(\d{4})-(\d{1,2})$/.exec(t);
  const us = /^(\d{1,2})\/(\d{4})$/.exec(t);
  const [y, mo] = iso ? [iso[1], iso[2]] : us ? [us[2], us[1]] : [];
  if (y && Number(mo) >= 1 && Number(mo) <= 12) return out(Number(y), Number(mo));
  if (/^(?:this|current) month$/.test(t)) return out(year, current);
  if (/^(?:last|previous) month$/.test(t)) return current === 1 ? out(year - 1, 12) : out(year, current - 1);
  const m = /^([a-z]{3,})\.?(?:,? (\d{4}))?$/.exec(t);
  const index = m ? MONTHS.findIndex((name) => name.startsWith(m![1]!)) : -1;
  if (m && index >= 0) {
    const month = index + 1;
    if (m[2]) return out(Number(m[2]), month);
    return out(month > current ? year - 1 : year, month);
  }
  return {
    ok: false,
    error: `I could not read a month in "${text.trim()}". Write it like "October", "October 2026", "last month" or 2026-10.`,
  };
}
