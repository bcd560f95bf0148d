// R0 business days, R1 summary due dates and R2 late entry, table-driven. The expected dates are worked
// out by hand from the federal holiday rules (5 U.S.C. 6103 and the Saturday/Sunday observance rule),
// not read back from the holiday library.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../src/rules/calendar.js';
import { dateInZone, dayOfWeek } from '../src/rules/dates.js';
import { explainSummaryDue, isLateEntry, summaryDue, summaryTimeliness } from '../src/rules/timeliness.js';

const calendar = createCalendar();

const OBSERVED: Record<number, [string, string][]> = {
  2026: [
    ['2026-01-01', "New Year's Day"],
    ['2026-01-19', 'Martin Luther King Jr. Day'],
    ['2026-02-16', "Washington's Birthday"],
    ['2026-05-25', 'Memorial Day'],
    ['2026-06-19', 'Juneteenth'],
    ['2026-07-03', 'Independence Day (Saturday, observed Friday)'],
    ['2026-09-07', 'Labor Day'],
    ['2026-10-12', 'Columbus Day'],
    ['2026-11-11', 'Veterans Day'],
    ['2026-11-26', 'Thanksgiving Day'],
    ['2026-12-25', 'Christmas Day'],
  ],
  2027: [
    ['2027-01-01', "New Year's Day"],
    ['2027-01-18', 'Martin Luther King Jr. Day'],
    ['2027-02-15', "Washington's Birthday"],
    ['2027-05-31', 'Memorial Day'],
    ['2027-06-18', 'Juneteenth (Saturday, observed Friday)'],
    ['2027-07-05', 'Independence Day (Sunday, observed Monday)'],
    ['2027-09-06', 'Labor Day'],
    ['2027-10-11', 'Columbus Day'],
    ['2027-11-11', 'Veterans Day'],
    ['2027-11-25', 'Thanksgiving Day'],
    ['2027-12-24', 'Christmas Day (Saturday, observed Friday)'],
    ['2027-12-31', "New Year's Day 2028 (Saturday, observed Friday 31 December)"],
  ],
  2028: [
    ['2028-01-17', 'Martin Luther King Jr. Day'],
    ['2028-02-21', "Washington's Birthday"],
    ['2028-05-29', 'Memorial Day'],
    ['2028-06-19', 'Juneteenth'],
    ['2028-07-04', 'Independence Day'],
    ['2028-09-04', 'Labor Day'],
    ['2028-10-09', 'Columbus Day'],
    ['2028-11-10', 'Veterans Day (Saturday, observed Friday)'],
    ['2028-11-23', 'Thanksgiving Day'],
    ['2028-12-25', 'Christmas Day'],
  ],
};
const ALL_OBSERVED = Object.values(OBSERVED).flat();

describe('R0 business days', () => {
  it.each(ALL_OBSERVED)('R0 %s (%s) is not a business day', (date) => {
    expect(dayOfWeek(date)).not.toBe(0);
    expect(dayOfWeek(date)).not.toBe(6);
    expect(calendar.isBusinessDay(date)).toBe(false);
    expect(calendar.closureOn(date)).toBeDefined();
  });

  it.each([2026, 2027, 2028])('R0 lists exactly the observed federal holidays of %i', (year) => {
    expect(calendar.holidays(year).map((h) => h.date)).toEqual(OBSERVED[year]!.map(([d]) => d));
  });

  it('R0 observes Christmas 2027 on Friday 2027-12-24 and New Year 2028 on Friday 2027-12-31', () => {
    expect(calendar.isBusinessDay('2027-12-24')).toBe(false);
    expect(calendar.isBusinessDay('2027-12-31')).toBe(false);
    expect(calendar.holidays(2028).map((h) => h.date)).not.toContain('2028-01-01');
    expect(calendar.isBusinessDay('2028-01-03')).toBe(true);
  });

  it.each([
    ['2026-11-25', 'the day before Thanksgiving 2026'],
    ['2026-11-27', 'the day after Thanksgiving 2026'],
    ['2027-11-24', 'the day before Thanksgiving 2027'],
    ['2027-11-26', 'the day after Thanksgiving 2027'],
    ['2028-11-24', 'the day after Thanksgiving 2028'],
    ['2026-07-06', 'the Monday after Independence Day observed on Friday 2026-07-03'],
    ['2027-07-02', 'the Friday before Independence Day observed on Monday 2027-07-05'],
    ['2027-12-23', 'the day before Christmas observed'],
    ['2027-12-27', 'the Monday after Christmas 2027'],
    ['2027-12-30', 'the day before New Year observed on 2027-12-31'],
    ['2028-11-13', 'the Monday after Veterans Day observed on Friday 2028-11-10'],
    ['2026-12-24', 'Christmas Eve 2026 (no federal holiday)'],
    ['2026-12-31', "New Year's Eve 2026 (no federal holiday)"],
  ])('R0 %s (%s) is a business day', (date) => {
    expect(calendar.isBusinessDay(date)).toBe(true);
  });

  it.each([
    '2026-11-21',
    '2026-11-22',
    '2026-07-04',
    '2027-06-19',
    '2027-07-04',
    '2027-12-25',
    '2028-01-01',
    '2028-11-11',
  ])('R0 %s falls on a weekend and is not a business day', (date) => {
    expect([0, 6]).toContain(dayOfWeek(date));
    expect(calendar.isBusinessDay(date)).toBe(false);
  });

  it('R0 configured closure days are not business days', () => {
    const closed = createCalendar({ extraClosures: ['2026-12-24', '2026-12-31'] });
    expect(closed.isBusinessDay('2026-12-24')).toBe(false);
    expect(closed.isBusinessDay('2026-12-31')).toBe(false);
    expect(closed.closureOn('2026-12-24')?.name).toMatch(/closure/i);
    expect(closed.isBusinessDay('2026-12-23')).toBe(true);
  });

  it.each([
    ['2026-11-20', '2026-11-20', 0, 'the same day'],
    ['2026-11-20', '2026-11-23', 1, 'Friday to Monday'],
    ['2026-11-20', '2026-11-22', 0, 'Friday to Sunday'],
    ['2026-11-25', '2026-11-27', 1, 'over Thanksgiving'],
    ['2026-11-26', '2026-11-27', 1, 'from a holiday'],
    ['2026-12-21', '2026-12-31', 7, 'over Christmas'],
    ['2027-12-23', '2028-01-03', 5, 'over both observed days of 2027'],
  ])('R0 counts business days strictly after %s up to %s: %i (%s)', (from, to, n) => {
    expect(calendar.businessDaysAfter(from, to)).toBe(n);
  });

  it.each([
    ['2026-11-20', 1, '2026-11-23'],
    ['2026-11-21', 1, '2026-11-23'],
    ['2026-11-25', 1, '2026-11-27'],
    ['2026-11-23', 3, '2026-11-27'],
    ['2027-12-23', 1, '2027-12-27'],
    ['2027-12-30', 1, '2028-01-03'],
  ])('R0 the business day %2$i after %1$s is %3$s (strictly after)', (date, n, expected) => {
    expect(calendar.addBusinessDays(date, n)).toBe(expected);
  });

  it('R0 refuses a business-day count below 1', () => {
    expect(() => calendar.addBusinessDays('2026-11-20', 0)).toThrow(RangeError);
  });

  it('R0 dates are calendar dates in the program time zone', () => {
    const lateFridayInNewYork = new Date('2026-11-21T03:30:00Z');
    expect(calendar.timeZone).toBe('America/New_York');
    expect(dateInZone(lateFridayInNewYork, calendar.timeZone)).toBe('2026-11-20');
    expect(dateInZone(lateFridayInNewYork, 'Pacific/Guam')).toBe('2026-11-21');
  });
});

describe('R1 summary due date', () => {
  it.each([
    // [delivered, due, reason, why]
    ['2026-11-20', '2026-11-30', 'end_of_month', 'month end before the 10th business day (2026-12-07)'],
    ['2027-01-25', '2027-01-31', 'end_of_month', 'month end on a Sunday still wins'],
    ['2026-12-28', '2026-12-31', 'end_of_month', 'the last days of the year'],
    ['2026-11-02', '2026-11-17', 'tenth_business_day', 'Veterans Day skipped'],
    ['2026-12-14', '2026-12-29', 'tenth_business_day', 'Christmas skipped'],
    ['2027-03-01', '2027-03-15', 'tenth_business_day', 'a plain month'],
    ['2027-12-06', '2027-12-20', 'tenth_business_day', 'before the observed days'],
    ['2026-09-16', '2026-09-30', 'both', 'the 10th business day is the month end'],
    ['2027-04-16', '2027-04-30', 'both', 'the 10th business day is the month end'],
  ])('R1 delivered %s is due %s (%s: %s)', (delivered, due, reason) => {
    const d = summaryDue(calendar, delivered);
    expect(d.due).toBe(due);
    expect(d.reason).toBe(reason);
  });

  it.each([
    ['2026-10-10', '2026-10-26', 'a Saturday before Columbus Day'],
    ['2026-11-11', '2026-11-25', 'Veterans Day itself'],
    ['2026-07-03', '2026-07-17', 'the observed Independence Day'],
    ['2026-11-21', '2026-11-30', 'a Saturday late in the month'],
  ])('R1 TA delivered on %s (a weekend or holiday) is due %s (%s)', (delivered, due) => {
    expect(summaryDue(calendar, delivered).due).toBe(due);
  });

  it('R1 a multi-day delivery is due from its last day, not its first', () => {
    // 2026-10-05..2026-10-09: from the 9th (Columbus Day skipped) the 10th business day is 10-26;
    // counting from the 5th would give 10-20.
    expect(summaryDue(calendar, '2026-10-09').due).toBe('2026-10-26');
    expect(summaryDue(calendar, '2026-10-05').due).toBe('2026-10-20');
  });

  it('R1 configured closure days push the 10th business day out', () => {
    const closed = createCalendar({ extraClosures: ['2026-12-24'] });
    expect(summaryDue(calendar, '2026-12-14').due).toBe('2026-12-29');
    expect(summaryDue(closed, '2026-12-14').due).toBe('2026-12-30');
  });

  it.each([
    ['2026-11-20', '2026-11-20 -> due 2026-11-30 (end of month; 10th business day is 2026-12-07)'],
    ['2026-11-02', '2026-11-02 -> due 2026-11-17 (10th business day; month ends 2026-11-30)'],
    ['2026-09-16', '2026-09-16 -> due 2026-09-30 (10th business day and end of month)'],
  ])('R1 explains the due date of %s in one line', (delivered, line) => {
    expect(explainSummaryDue(summaryDue(calendar, delivered))).toBe(line);
  });

  it.each([
    ['2026-11-30', '2026-11-23', 'on_time'],
    ['2026-11-25', '2026-11-23', 'due_soon'],
    ['2026-11-30', '2026-11-25', 'due_soon'],
    ['2026-11-23', '2026-11-23', 'due_today'],
    ['2026-11-20', '2026-11-23', 'overdue'],
  ])('R1 a summary due %s stands %3$s on %2$s', (due, today, expected) => {
    expect(summaryTimeliness(calendar, due, today)).toBe(expected);
  });
});

describe('R2 request entry within 3 business days', () => {
  it.each([
    ['2026-11-02', '2026-11-02', false, 'entered the same day'],
    ['2026-11-02', '2026-11-05', false, 'exactly 3 business days'],
    ['2026-11-02', '2026-11-06', true, '4 business days'],
    ['2026-11-09', '2026-11-13', false, '3 business days across Veterans Day'],
    ['2026-11-09', '2026-11-16', true, '4 business days across Veterans Day'],
    ['2026-11-20', '2026-11-25', false, 'Friday to Wednesday: 3 business days'],
    ['2026-11-20', '2026-11-27', true, 'across Thanksgiving: 4 business days'],
    ['2026-11-24', '2026-11-30', false, 'across Thanksgiving: 3 business days'],
    ['2026-11-24', '2026-12-01', true, 'across Thanksgiving: 4 business days'],
    ['2026-11-21', '2026-11-25', false, 'opened on a Saturday'],
    ['2026-11-05', '2026-11-02', false, 'entered before the date opened'],
  ])('R2 opened %s, entered %s: late = %s (%s)', (opened, entered, late) => {
    expect(isLateEntry(calendar, opened, entered)).toBe(late);
  });

  it('R2 configured closure days do not count toward the 3 business days', () => {
    const closed = createCalendar({ extraClosures: ['2026-12-24'] });
    expect(isLateEntry(calendar, '2026-12-21', '2026-12-28')).toBe(true);
    expect(isLateEntry(closed, '2026-12-21', '2026-12-28')).toBe(false);
  });
});
