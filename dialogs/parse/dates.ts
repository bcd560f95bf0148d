// Natural-language dates in the zone the caller gives (record dates: the program's, R0; snoozes: the
// user's). chrono-node ignores IANA zone names, so the zone's minute offset at "now" is passed
// instead. Dates default to the past: a weekday name means the last one, and a date still in the
// future is questioned, never silently accepted.
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

/** A weekday name alone ("tuesday") means the latest one on or before today. */
function pastWeekday(date: IsoDate, c: ParsedComponents, today: IsoDate): IsoDate {
  const weekdayOnly = c.isCertain('weekday') && !c.isCertain('day') && !c.isCertain('month');
  let d = date;
  if (weekdayOnly) while (d > today) d = addDays(d, -7);
  return d;
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
  const start = pastWeekday(componentsToIso(hit.start), hit.start, dc.today);
  const end = hit.end ? pastWeekday(componentsToIso(hit.end), hit.end, dc.today) : start;
  return { start, end, text: hit.text, index: hit.index };
}

export function formatRange(r: DateRange): string {
  return r.start === r.end ? formatNoteDate(r.start) : `${formatNoteDate(r.start)}–${formatNoteDate(r.end)}`;
}

export type DateAnswer = { ok: true; range: DateRange } | { ok: false; error: string };

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
      error: `${formatRange(found)} is in the future (today is ${formatNoteDate(dc.today)}). The ${opts.what} must be today or earlier — did you mean last year? Type the date with the year, e.g. ${formatNoteDate(addDays(found.start, -365))}.`,
    };
  }
  return { ok: true, range: { start: found.start, end: found.end } };
}

/** A future date ("monday", "next week", "12/01") for snoozing; forward-looking on purpose. */
export function findFutureDate(text: string, dc: DateContext): IsoDate | undefined {
  if (isIsoDate(text.trim())) return text.trim();
  const ref = { instant: dc.now, timezone: zoneOffsetMinutes(dc.now, dc.timeZone) };
  const [hit] = chrono.parse(text, ref, { forwardDate: true });
  return hit ? componentsToIso(hit.start) : undefined;
}
