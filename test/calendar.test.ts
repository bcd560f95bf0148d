import { describe, expect, it } from 'vitest';
import { createCalendar } from '../src/rules/calendar.js';
import { explainSummaryDue, summaryDue } from '../src/rules/timeliness.js';

const calendar = createCalendar();

describe('R1 summary due date (spec examples)', () => {
  it.each([
    ['2026-11-02', '2026-11-17'],
    ['2026-11-20', '2026-11-30'],
    ['2026-12-14', '2026-12-29'],
  ])('R1 delivered %s is due %s', (delivered, due) => {
    expect(summaryDue(calendar, delivered).due).toBe(due);
  });

  it('R1 explains the earlier limit in one line', () => {
    expect(explainSummaryDue(summaryDue(calendar, '2026-11-20'))).toBe(
      '2026-11-20 -> due 2026-11-30 (end of month; 10th business day is 2026-12-07)',
    );
  });
});
