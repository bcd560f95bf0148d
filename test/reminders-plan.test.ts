// Pure planning with a fixed clock: what is due for whom at an instant, across month ends, holidays,
// DST changes and time zones. No database: snapshots are built by hand.
import { describe, expect, it } from 'vitest';
import { composeMessages, type LedgerState } from '../src/reminders/plan-compose.js';
import { planNudges } from '../src/reminders/plan-nudges.js';
import {
  DEFAULT_REMINDER_OPTIONS,
  type DueDeliveryRow,
  type MonthlyMissingRow,
  type PlannedItem,
  type PlanningSnapshot,
  type ReviewRow,
} from '../src/reminders/plan-types.js';
import {
  monthlyNotesWindow,
  reviewWindow,
  snapshotWindow,
  summaryStages,
} from '../src/reminders/plan-window.js';
import { renderMessage } from '../src/reminders/render.js';
import { createCalendar } from '../src/rules/calendar.js';
import { summaryDue } from '../src/rules/timeliness.js';
import { reminderStaff } from './support/reminder-staff.js';

const calendar = createCalendar();
const options = DEFAULT_REMINDER_OPTIONS;

const person = reminderStaff;

function delivered(endDate: string, overrides: Partial<DueDeliveryRow> = {}): DueDeliveryRow {
  return {
    deliveryId: 7,
    activityId: 42,
    endDate,
    dueDate: summaryDue(calendar, endDate).due,
    primaryStaffId: 1,
    stateCode: 'CA',
    focus: 'QRIS',
    ...overrides,
  };
}

function snapshot(parts: Partial<PlanningSnapshot>): PlanningSnapshot {
  return {
    window: snapshotWindow(calendar, new Date('2026-11-25T15:00:00Z'), options),
    staff: [person(1)],
    specialistStates: new Map(),
    due: [],
    monthlyMissing: [],
    reviewRecipients: [],
    review: [],
    snoozes: [],
    ...parts,
  };
}

/** At 10:00 New York time on a date (EST or EDT as it falls). */
const nyTen = (date: string) => {
  const probe = new Date(`${date}T15:00:00Z`);
  const edt = probe.toLocaleString('en-US', { timeZone: 'America/New_York', hour: 'numeric', hour12: false });
  return edt === '11' ? new Date(`${date}T14:00:00Z`) : probe;
};

const brief = (items: PlannedItem[]) => items.map((i) => `${i.recipientStaffId} ${i.kind} ${i.slot}`);

describe('summary stages (R1 due dates, R0 business days)', () => {
  it('R0 R1 delivered Fri 2026-11-20 (due 11/30): due soon 11/25 over Thanksgiving, overdue every 2 business days', () => {
    const stages = summaryStages(calendar, '2026-11-30', options).map(
      (s) => `${s.kind}#${s.overdueNumber} ${s.start}..${s.end}`,
    );
    expect(stages).toEqual([
      'summary_due_soon#0 2026-11-25..2026-11-30',
      'summary_due#0 2026-11-30..2026-12-01',
      'summary_overdue#1 2026-12-01..2026-12-03',
      'summary_overdue#2 2026-12-03..2026-12-07',
      'summary_overdue#3 2026-12-07..2026-12-09',
    ]);
  });

  it('R0 R1 a due date on a Saturday (2026-10-31) is nudged on the Friday before', () => {
    expect(summaryDue(calendar, '2026-10-26').due).toBe('2026-10-31');
    const [soon, due] = summaryStages(calendar, '2026-10-31', options);
    expect([soon!.start, due!.start]).toEqual(['2026-10-29', '2026-10-30']);
  });

  it('R0 2027-12-31 is the observed New Year holiday: the due nudge moves to 12/30, overdue starts 2028-01-03', () => {
    expect(calendar.isBusinessDay('2027-12-31')).toBe(false);
    const stages = summaryStages(calendar, '2027-12-31', options);
    expect(stages.map((s) => s.start)).toEqual([
      '2027-12-29',
      '2027-12-30',
      '2028-01-03',
      '2028-01-05',
      '2028-01-07',
    ]);
  });

  it('the coming-due distance is configurable', () => {
    const [soon] = summaryStages(calendar, '2026-11-30', { ...options, dueSoonBusinessDays: 4 });
    expect(soon!.start).toBe('2026-11-23');
  });
});

describe('planNudges: summary coming due (R1) with a fixed clock', () => {
  const row = delivered('2026-11-20'); // due 2026-11-30

  it.each([
    ['2026-11-24', []],
    ['2026-11-25', ['1 summary_due_soon 2026-11-25']],
    ['2026-11-27', ['1 summary_due_soon 2026-11-25']], // catch-up after Thanksgiving
    ['2026-11-30', ['1 summary_due 2026-11-30']],
    ['2026-12-01', ['1 summary_overdue 2026-12-01']],
    ['2026-12-02', ['1 summary_overdue 2026-12-01']],
    ['2026-12-03', ['1 summary_overdue 2026-12-03']],
    ['2026-12-07', ['1 summary_overdue 2026-12-07']],
    ['2026-12-09', []], // at most 3 overdue nudges
  ])('R1 on %s the primary staff gets %j', (date, expected) => {
    const plan = planNudges(snapshot({ due: [row] }), nyTen(date), calendar);
    expect(brief(plan.items)).toEqual(expected);
  });

  it('R0 nothing is sent on Thanksgiving (2026-11-26); the due-soon nudge is held, not dropped', () => {
    const plan = planNudges(snapshot({ due: [row] }), nyTen('2026-11-26'), calendar);
    expect(plan.items).toEqual([]);
    expect(plan.skipped.map((s) => `${s.item.kind} ${s.reason}`)).toEqual([
      'summary_due_soon not_business_day',
    ]);
  });

  it('R0 R1 across Christmas: delivered 12/14 (due 12/29), nothing on 12/25 or 1/1, overdue #2 on 2027-01-04', () => {
    const christmas = delivered('2026-12-14');
    expect(christmas.dueDate).toBe('2026-12-29');
    const at = (d: string) => brief(planNudges(snapshot({ due: [christmas] }), nyTen(d), calendar).items);
    expect(at('2026-12-24')).toEqual(['1 summary_due_soon 2026-12-24']);
    expect(at('2026-12-25')).toEqual([]);
    expect(at('2026-12-28')).toEqual(['1 summary_due_soon 2026-12-24']);
    expect(at('2026-12-29')).toEqual(['1 summary_due 2026-12-29']);
    expect(at('2026-12-31')).toEqual(['1 summary_overdue 2026-12-30']);
    expect(at('2027-01-01')).toEqual([]);
    expect(at('2027-01-04')).toEqual(['1 summary_overdue 2027-01-04']);
  });

  it('R0 on 2027-12-31 (observed New Year) nothing is sent; the due nudge came on 12/30', () => {
    const row2027 = delivered('2027-12-20');
    expect(row2027.dueDate).toBe('2027-12-31');
    const on = (d: string) => planNudges(snapshot({ due: [row2027] }), nyTen(d), calendar);
    expect(brief(on('2027-12-30').items)).toEqual(['1 summary_due 2027-12-30']);
    expect(on('2027-12-30').items[0]!.words().headline).toContain('today is the last business day before it');
    expect(on('2027-12-31').items).toEqual([]);
    expect(on('2027-12-31').skipped[0]!.reason).toBe('not_business_day');
    expect(brief(on('2028-01-03').items)).toEqual(['1 summary_overdue 2028-01-03']);
  });
});

describe('planNudges: time zones, working hours and DST', () => {
  const row = delivered('2026-11-20'); // due soon from 2026-11-25

  it.each([
    // zone, instant, expected outcome
    ['America/New_York', '2026-11-25T13:59:00Z', 'outside_hours'], // 08:59 EST
    ['America/New_York', '2026-11-25T14:00:00Z', 'due'], // 09:00 EST
    ['America/New_York', '2026-11-25T21:59:00Z', 'due'], // 16:59 EST
    ['America/New_York', '2026-11-25T22:00:00Z', 'outside_hours'], // 17:00 EST
    ['Pacific/Honolulu', '2026-11-25T15:00:00Z', 'outside_hours'], // 05:00 HST
    ['Pacific/Honolulu', '2026-11-25T19:00:00Z', 'due'], // 09:00 HST
    ['Pacific/Honolulu', '2026-11-26T02:30:00Z', 'due'], // 16:30 HST on the 25th, Thanksgiving in UTC
    ['Pacific/Guam', '2026-11-24T23:30:00Z', 'due'], // 09:30 ChST on the 25th, still the 24th in New York
    ['Pacific/Guam', '2026-11-25T15:00:00Z', 'not_business_day'], // 01:00 on Thanksgiving in Guam
    ['Pacific/Guam', '2026-11-24T21:00:00Z', 'outside_hours'], // 07:00 ChST on the 25th
  ])('R0 a %s recipient at %s: %s', (timeZone, instant, expected) => {
    const plan = planNudges(
      snapshot({ staff: [person(1, { timeZone })], due: [row] }),
      new Date(instant),
      calendar,
    );
    const outcome = plan.items.length ? 'due' : (plan.skipped[0]?.reason ?? 'nothing');
    expect(outcome).toBe(expected);
  });

  it.each([
    // DST starts Sunday 2026-03-08: 13:30Z is 08:30 EST the Monday before, 09:30 EDT the Monday after.
    ['2026-03-02T13:30:00Z', '2026-03-02', 'outside_hours'],
    ['2026-03-09T13:30:00Z', '2026-03-09', 'due'],
    // DST ends Sunday 2026-11-01: 13:30Z is 09:30 EDT on 10/26 and 08:30 EST on 11/02.
    ['2026-10-26T13:30:00Z', '2026-10-26', 'due'],
    ['2026-11-02T13:30:00Z', '2026-11-02', 'outside_hours'],
  ])('R0 New York working hours follow DST: %s', (instant, dueSoonDay, expected) => {
    // A delivery whose due-soon day is `dueSoonDay`.
    const due = calendar.addBusinessDays(dueSoonDay, 2);
    const plan = planNudges(
      snapshot({ due: [delivered('2026-01-01', { dueDate: due })] }),
      new Date(instant),
      calendar,
    );
    expect(plan.items.length ? 'due' : plan.skipped[0]?.reason).toBe(expected);
  });

  it('R0 Honolulu has no DST: 19:00Z is 09:00 there on both sides of 2026-03-08', () => {
    for (const day of ['2026-03-06', '2026-03-09']) {
      const due = calendar.addBusinessDays(day, 2);
      const staff = [person(1, { timeZone: 'Pacific/Honolulu' })];
      const s = snapshot({ staff, due: [delivered('2026-01-01', { dueDate: due })] });
      expect(planNudges(s, new Date(`${day}T18:59:00Z`), calendar).skipped[0]?.reason).toBe('outside_hours');
      expect(planNudges(s, new Date(`${day}T19:00:00Z`), calendar).items).toHaveLength(1);
    }
  });
});

describe('planNudges: escalation, opt-out, snooze', () => {
  const row = delivered('2026-11-20'); // overdue #3 on 2026-12-07
  const staff = [
    person(1),
    person(2, { role: 'specialist' }),
    person(3, { role: 'specialist', timeZone: 'Pacific/Guam' }),
  ];
  const specialistStates = new Map([
    [2, ['CA']],
    [3, ['GU']],
  ]);

  it('R1 the State specialist is copied only after the 2nd overdue nudge', () => {
    const at = (d: string) =>
      brief(planNudges(snapshot({ staff, specialistStates, due: [row] }), nyTen(d), calendar).items);
    expect(at('2026-12-03')).toEqual(['1 summary_overdue 2026-12-03']);
    expect(at('2026-12-07')).toEqual([
      '1 summary_overdue 2026-12-07',
      '2 summary_overdue_escalation 2026-12-07',
    ]);
  });

  it('the escalation names the primary staff and is not sent to a specialist who is the primary staff', () => {
    const plan = planNudges(snapshot({ staff, specialistStates, due: [row] }), nyTen('2026-12-07'), calendar);
    expect(plan.items[1]!.words().headline).toContain('Person 1');
    const own = planNudges(
      snapshot({ staff, specialistStates, due: [{ ...row, primaryStaffId: 2 }] }),
      nyTen('2026-12-07'),
      calendar,
    );
    expect(brief(own.items)).toEqual(['2 summary_overdue 2026-12-07']);
  });

  it('opted-out people (reminderMode off) get nothing, and the plan says so', () => {
    const plan = planNudges(
      snapshot({ staff: [person(1, { reminderMode: 'off' })], due: [row] }),
      nyTen('2026-11-25'),
      calendar,
    );
    expect(plan.items).toEqual([]);
    expect(plan.skipped.map((s) => s.reason)).toEqual(['opted_out']);
  });

  it('a snooze holds the nudge until its date, then the nudge comes back once with that date as slot', () => {
    const snoozes = [{ staffId: 1, activityId: 42, until: '2026-11-27' }];
    const on = (d: string) => planNudges(snapshot({ due: [row], snoozes }), nyTen(d), calendar);
    expect(on('2026-11-25').skipped.map((s) => s.reason)).toEqual(['snoozed']);
    expect(brief(on('2026-11-27').items)).toEqual(['1 summary_due_soon 2026-11-27']);
    // A later stage is not affected by an old snooze.
    expect(brief(on('2026-11-30').items)).toEqual(['1 summary_due 2026-11-30']);
  });
});

describe('planNudges: missing monthly notes (R4) and monthly review (R3)', () => {
  const missing = (overrides: Partial<MonthlyMissingRow> = {}): MonthlyMissingRow => ({
    month: '2026-11-01',
    activityId: 42,
    primaryStaffId: 1,
    stateCode: 'CA',
    focus: 'QRIS',
    unsummarized: [],
    ...overrides,
  });

  it('R4 the monthly window opens 3 business days before month end (Thanksgiving and weekend month ends)', () => {
    expect(monthlyNotesWindow(calendar, '2026-11-10', options)).toEqual({
      month: '2026-11-01',
      start: '2026-11-24',
      end: '2026-11-30',
    });
    expect(monthlyNotesWindow(calendar, '2026-10-10', options).start).toBe('2026-10-28');
    expect(monthlyNotesWindow(calendar, '2027-12-10', options).start).toBe('2027-12-28');
  });

  it.each([
    ['2026-11-23', []],
    ['2026-11-24', ['1 monthly_notes 2026-11-24']],
    ['2026-11-30', ['1 monthly_notes 2026-11-24']],
    ['2026-12-01', []],
  ])('R4 on %s: %j', (date, expected) => {
    const plan = planNudges(snapshot({ monthlyMissing: [missing()] }), nyTen(date), calendar);
    expect(brief(plan.items)).toEqual(expected);
  });

  it('R4 each listed activity has Log / No TA this month / Snooze buttons; no "No TA" when TA was delivered', () => {
    const plan = planNudges(
      snapshot({ monthlyMissing: [missing(), missing({ activityId: 43, unsummarized: ['2026-11-18'] })] }),
      nyTen('2026-11-24'),
      calendar,
    );
    const message = renderMessage('monthly_notes', plan.items);
    expect(message.buttons.map((b) => b.command)).toEqual([
      'log 42',
      'no-ta 42 2026-11',
      'snooze 42',
      'log 43',
      'snooze 43',
    ]);
    expect(message.items.map((i) => i.activityId)).toEqual([42, 43]);
    expect(message.text).toContain('November 2026');
    expect(message.items[1]!.detail).toContain('11/18/26');
  });

  it('R3 the review window opens on the first business day (2027-01-04 after New Year) for the month before', () => {
    expect(reviewWindow(calendar, '2027-01-04')).toEqual({
      reviewedMonth: '2026-12-01',
      start: '2027-01-04',
      end: '2027-01-31',
    });
    expect(reviewWindow(calendar, '2028-01-03').start).toBe('2028-01-03');
  });

  it('R3 a specialist gets one digest of their own States only, with the full count', () => {
    const review: ReviewRow[] = [
      {
        month: '2026-11-01',
        stateCode: 'CA',
        problem: 'missing_summary',
        activityId: 42,
        deliveryId: 7,
        focus: 'QRIS',
        date: '2026-11-10',
        date2: '2026-11-25',
        note: null,
        stateTotal: 3,
      },
      {
        month: '2026-11-01',
        stateCode: 'CA',
        problem: 'no_final_plan',
        activityId: 44,
        deliveryId: null,
        focus: 'QRIS',
        date: null,
        date2: null,
        note: null,
        stateTotal: 3,
      },
      {
        month: '2026-11-01',
        stateCode: 'GU',
        problem: 'late_entry',
        activityId: 45,
        deliveryId: null,
        focus: 'QRIS',
        date: '2026-11-02',
        date2: '2026-11-09',
        note: null,
        stateTotal: 1,
      },
    ];
    const s = snapshot({
      staff: [person(2, { role: 'specialist' })],
      specialistStates: new Map([[2, ['CA']]]),
      reviewRecipients: [{ staffId: 2, month: '2026-11-01' }],
      review,
    });
    expect(planNudges(s, nyTen('2026-11-30'), calendar).items).toEqual([]);
    const plan = planNudges(s, nyTen('2026-12-01'), calendar);
    expect(brief(plan.items)).toEqual(['2 monthly_review 2026-12-01']);
    expect(plan.items[0]!.subject).toBe('review:2026-11');
    expect(plan.items[0]!.words().lines.map((l) => l.activityId)).toEqual([42, 44]);
    // The snapshot carries the first records of a State; the digest counts them all.
    expect(plan.items[0]!.words().headline).toContain('3 incomplete records');
    // R3 the digest points to the month's report (figures and chart).
    expect(plan.items[0]!.words().headline).toContain('`/ta report 2026-11`');
    expect(plan.items[0]!.words().buttons).toEqual([{ label: 'Monthly report', command: 'report 2026-11' }]);
    expect(renderMessage('monthly_review', plan.items).text).toContain('…and 1 more');
  });
});

describe('composeMessages: ledger, cap and digest', () => {
  const emptyLedger = (): LedgerState => ({ entries: new Map(), recent: new Map() });
  const three = [
    delivered('2026-11-20', { deliveryId: 1, activityId: 41 }), // due soon on 11/25
    delivered('2026-11-10', { deliveryId: 2, activityId: 42 }), // due 11/25
    delivered('2026-11-02', { deliveryId: 3, activityId: 43 }), // due 11/17: overdue since 11/18
  ];
  const at = nyTen('2026-11-25');

  it('the daily cap keeps the most urgent messages and holds the rest', () => {
    const staff = [person(1, { reminderDailyCap: 2 })];
    const plan = planNudges(snapshot({ staff, due: three }), at, calendar);
    const out = composeMessages(plan, emptyLedger(), new Map(staff.map((s) => [s.id, s])));
    expect(out.messages.map((m) => m.kind)).toEqual(['summary_overdue', 'summary_due']);
    expect(out.skipped.map((s) => `${s.item.activityId} ${s.reason}`)).toEqual(['41 cap']);
  });

  it('messages already sent today count against the cap', () => {
    const staff = [person(1, { reminderDailyCap: 2 })];
    const plan = planNudges(snapshot({ staff, due: three }), at, calendar);
    const ledger = emptyLedger();
    ledger.recent.set(1, [{ message: 'something-earlier', claimedAt: new Date(at.getTime() - 3_600_000) }]);
    const out = composeMessages(plan, ledger, new Map(staff.map((s) => [s.id, s])));
    expect(out.messages.map((m) => m.kind)).toEqual(['summary_overdue']);
  });

  it('digest mode combines the day into one message', () => {
    const staff = [person(1, { reminderMode: 'digest' })];
    const plan = planNudges(snapshot({ staff, due: three }), at, calendar);
    const out = composeMessages(plan, emptyLedger(), new Map(staff.map((s) => [s.id, s])));
    expect(out.messages).toHaveLength(1);
    expect(out.messages[0]!.kind).toBe('daily_digest');
    const message = renderMessage('daily_digest', out.messages[0]!.items);
    expect(message.items.map((i) => i.activityId)).toEqual([43, 42, 41]);
    expect(message.text.split('\n')[0]).toContain('(3)');
  });

  it('sent items are dropped, fresh claims are in flight, stale claims and due failures are retried', () => {
    const staff = [person(1)];
    const plan = planNudges(snapshot({ staff, due: three }), at, calendar);
    const key = (i: number) => {
      const it = plan.items[i]!;
      return `${it.recipientStaffId}|${it.subject}|${it.kind}|${it.slot}`;
    };
    const ago = (ms: number) => new Date(at.getTime() - ms);
    const ledger = emptyLedger();
    ledger.entries.set(key(0), { status: 'sent', claimedAt: ago(60_000), nextAttemptAt: null, attempts: 1 });
    ledger.entries.set(key(1), {
      status: 'claimed',
      claimedAt: ago(60_000),
      nextAttemptAt: null,
      attempts: 0,
    });
    ledger.entries.set(key(2), {
      status: 'failed',
      claimedAt: ago(60_000),
      nextAttemptAt: ago(-60_000),
      attempts: 1,
    });
    let out = composeMessages(plan, ledger, new Map(staff.map((s) => [s.id, s])));
    expect(out.messages).toEqual([]);
    expect(out.skipped.map((s) => s.reason)).toEqual(['already_sent', 'in_flight', 'backoff']);
    ledger.entries.set(key(1), {
      status: 'claimed',
      claimedAt: ago(10 * 60_000),
      nextAttemptAt: null,
      attempts: 0,
    });
    ledger.entries.set(key(2), {
      status: 'failed',
      claimedAt: ago(60_000),
      nextAttemptAt: ago(1),
      attempts: 1,
    });
    out = composeMessages(plan, ledger, new Map(staff.map((s) => [s.id, s])));
    expect(out.messages.flatMap((m) => m.items.map((i) => i.activityId)).sort()).toEqual([42, 43]);
  });
});

describe('snapshotWindow', () => {
  it('covers every zone on Earth: the due range, and month-end / review months only when open', () => {
    const w = snapshotWindow(calendar, new Date('2026-11-24T12:00:00Z'), options);
    expect(w.notesMonths).toEqual(['2026-11-01']);
    expect(w.dueFrom <= '2026-11-12').toBe(true);
    expect(w.dueTo >= '2026-11-27').toBe(true);
    expect(snapshotWindow(calendar, new Date('2026-11-16T12:00:00Z'), options).notesMonths).toEqual([]);
    // At 12:00Z on 2026-12-01 it is already the first business day of December somewhere.
    expect(snapshotWindow(calendar, new Date('2026-12-01T12:00:00Z'), options).reviewMonths).toContain(
      '2026-11-01',
    );
  });
});
