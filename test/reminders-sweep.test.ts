// Sweeps against a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): the ledger sends
// each nudge exactly once, retries stale claims and failures, honours 429s per recipient, the cap,
// digest mode, opt-out, snoozes, R4 no-TA marks, R9 reassignment and the R3 monthly review.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, auditLog, planDescriptions, reminderLedger, reminderSnoozes } from '../db/schema.js';
import { dryRunReminders } from '../src/reminders/dry-run.js';
import { claimMessage } from '../src/reminders/ledger.js';
import { planNudges } from '../src/reminders/plan-nudges.js';
import {
  DEFAULT_REMINDER_OPTIONS,
  type PlanningSnapshot,
  type PlanResult,
} from '../src/reminders/plan-types.js';
import { snapshotWindow } from '../src/reminders/plan-window.js';
import { createRecordingPort, type RecordingPort } from '../src/reminders/recording-port.js';
import { startReminderScheduler } from '../src/reminders/scheduler.js';
import { loadPlanningSnapshot, streamPlanningSnapshot } from '../src/reminders/snapshot.js';
import { snoozeActivity } from '../src/reminders/snooze.js';
import { planSweep, runSweep, type SweepOptions } from '../src/reminders/sweep.js';
import { markNoTaMonth } from '../src/services/mark-no-ta-month.js';
import { createActivity, createDelivery, createStaff, type StaffFixture } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

const staffActor = (s: StaffFixture) => ({
  kind: 'staff' as const,
  staffId: s.id,
  channel: 'console' as const,
});
const instant = (iso: string) => new Date(iso);
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);
const sweep = (at: Date, port: RecordingPort, options: SweepOptions = {}) =>
  runSweep(t.ctx, [port], at, options);
const ledger = () => t.handle.db.select().from(reminderLedger).orderBy(reminderLedger.id);

/** Alice (New York) is primary staff of an approved activity with TA delivered 11/02 (summary due 11/17). */
async function oneDueDelivery(staffOverrides: Parameters<typeof createStaff>[1] = {}) {
  const alice = await createStaff(t.handle.db, { name: 'Alice Able', ...staffOverrides });
  const activity = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
  const delivery = await createDelivery(t.handle.db, { activityId: activity.id, endDate: '2026-11-02' });
  expect(delivery.dueDate).toBe('2026-11-17');
  return { alice, activity, delivery };
}

const DUE_SOON = instant('2026-11-13T15:00:00Z'); // Fri 10:00 EST: 2 business days before 11/17

describe('exactly once (ledger)', () => {
  it('R1 sends the coming-due nudge once; a re-sweep the same day sends nothing', async () => {
    const { alice, activity, delivery } = await oneDueDelivery();
    const port = createRecordingPort('console');
    const first = await sweep(DUE_SOON, port);
    expect(first).toMatchObject({ planned: 1, claimed: 1, sent: 1, failed: 0 });
    const second = await sweep(minutes(DUE_SOON, 15), port);
    expect(second).toMatchObject({ planned: 1, claimed: 0, sent: 0, skippedByReason: { already_sent: 1 } });
    expect(port.attempts).toHaveLength(1);
    const message = port.attempts[0]!.message;
    expect(port.attempts[0]!.staffId).toBe(alice.id);
    expect(message.kind).toBe('summary_due_soon');
    expect(message.text).toContain('11/17/26');
    expect(message.buttons.map((b) => b.command)).toEqual([`log ${activity.id}`, `snooze ${activity.id}`]);
    const rows = await ledger();
    expect(rows).toMatchObject([
      {
        recipientStaffId: alice.id,
        subject: `delivery:${delivery.id}`,
        kind: 'summary_due_soon',
        slot: '2026-11-13',
        status: 'sent',
        attempts: 1,
      },
    ]);
  });

  it('R0 a sweep missed while the process was down catches up later the same business day, or the next', async () => {
    await oneDueDelivery();
    const port = createRecordingPort('console');
    expect((await sweep(instant('2026-11-13T21:45:00Z'), port)).sent).toBe(1); // 16:45, first sweep of the day
    await t.reset();
    await oneDueDelivery();
    const late = createRecordingPort('console');
    expect((await sweep(instant('2026-11-16T15:00:00Z'), late)).sent).toBe(1); // Monday, still before due
    expect((await ledger())[0]!.slot).toBe('2026-11-13');
  });

  it('a stale claim (a send that never finished) is retried; a fresh one is left alone', async () => {
    const { alice, delivery } = await oneDueDelivery();
    const key = {
      recipientStaffId: alice.id,
      subject: `delivery:${delivery.id}`,
      kind: 'summary_due_soon',
      slot: '2026-11-13',
    };
    await t.handle.db
      .insert(reminderLedger)
      .values({ ...key, status: 'claimed', claimedAt: minutes(DUE_SOON, -1) });
    const port = createRecordingPort('console');
    const fresh = await sweep(DUE_SOON, port);
    expect(fresh).toMatchObject({ sent: 0, skippedByReason: { in_flight: 1 } });
    const later = await sweep(minutes(DUE_SOON, 10), port);
    expect(later).toMatchObject({ claimed: 1, sent: 1 });
    expect(await ledger()).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('R9 a claim made late in a long sweep is not taken over by a sweep 5 minutes after that sweep started', async () => {
    await oneDueDelivery();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let claimedBeforeSend!: () => void;
    const sending = new Promise<void>((resolve) => (claimedBeforeSend = resolve));
    const slow = createRecordingPort('console', {
      respond: async () => {
        claimedBeforeSend();
        await released; // still sending (status 'claimed') while the other sweep runs
        return { ok: true };
      },
    });
    // The long sweep reads its clock once at the start; 14.9 minutes have passed by the time it claims.
    let reads = 0;
    const longSweep = sweep(DUE_SOON, slow, { monotonicNow: () => (reads++ === 0 ? 0 : 14.9 * 60_000) });
    await sending;
    const other = createRecordingPort('console');
    const second = await sweep(minutes(DUE_SOON, 15), other);
    expect(second).toMatchObject({ claimed: 0, sent: 0, skippedByReason: { in_flight: 1 } });
    release();
    expect(await longSweep).toMatchObject({ claimed: 1, sent: 1 });
    expect(other.attempts).toEqual([]);
    const [row] = await ledger();
    expect(row!.claimedAt.getTime()).toBe(minutes(DUE_SOON, 14.9).getTime());
  });

  it('a claim never takes over a fresh claim, a sent nudge or a failure still in backoff', async () => {
    const { alice, delivery } = await oneDueDelivery();
    const [message] = (await planSweep(t.ctx, DUE_SOON)).messages;
    const key = and(
      eq(reminderLedger.recipientStaffId, alice.id),
      eq(reminderLedger.subject, `delivery:${delivery.id}`),
    );
    await t.handle.db.insert(reminderLedger).values({
      recipientStaffId: alice.id,
      subject: `delivery:${delivery.id}`,
      kind: 'summary_due_soon',
      slot: '2026-11-13',
      status: 'claimed',
      claimedAt: minutes(DUE_SOON, -1),
    });
    const claim = () => claimMessage(t.handle.db, message!, () => DUE_SOON, 5 * 60_000);
    expect((await claim()).claimed).toEqual([]);
    await t.handle.db.update(reminderLedger).set({ status: 'sent' }).where(key);
    expect((await claim()).claimed).toEqual([]);
    await t.handle.db
      .update(reminderLedger)
      .set({ status: 'failed', nextAttemptAt: minutes(DUE_SOON, 1) })
      .where(key);
    expect((await claim()).claimed).toEqual([]);
    await t.handle.db
      .update(reminderLedger)
      .set({ nextAttemptAt: minutes(DUE_SOON, -1) })
      .where(key);
    expect((await claim()).claimed).toHaveLength(1);
  });

  it('a failed send is recorded and retried after its backoff, never dropped', async () => {
    await oneDueDelivery();
    const port = createRecordingPort('console', {
      respond: (_s, _m, attempt) => (attempt === 1 ? { ok: false, error: 'console closed' } : { ok: true }),
    });
    expect(await sweep(DUE_SOON, port)).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    const [failed] = await ledger();
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'console closed' });
    expect(failed!.nextAttemptAt!.getTime()).toBe(minutes(DUE_SOON, 5).getTime());
    expect(await sweep(minutes(DUE_SOON, 2), port)).toMatchObject({
      sent: 0,
      skippedByReason: { backoff: 1 },
    });
    expect(await sweep(minutes(DUE_SOON, 6), port)).toMatchObject({ sent: 1 });
    expect(await ledger()).toMatchObject([{ status: 'sent', attempts: 2, lastError: null }]);
    expect(port.attempts).toHaveLength(2);
  });

  it('a 429 with retry-after delays only that recipient; the others are sent meanwhile', async () => {
    const a = await oneDueDelivery({ name: 'Ann Slow' });
    const b = await oneDueDelivery({ name: 'Bob Quick' });
    let bSent!: () => void;
    const bDone = new Promise<void>((resolve) => (bSent = resolve));
    const port = createRecordingPort('slack', {
      respond: (staff, _m, attempt) => {
        if (staff.id === a.alice.id && attempt === 1)
          return { ok: false, retryAfterMs: 1500, error: 'ratelimited' };
        if (staff.id === b.alice.id) bSent();
        return { ok: true };
      },
    });
    const waits: number[] = [];
    const summary = await sweep(DUE_SOON, port, {
      // The retry-after wait of Ann ends only once Bob was sent: proves Bob was not stuck behind her.
      sleep: async (ms) => {
        waits.push(ms);
        await bDone;
      },
    });
    expect(summary).toMatchObject({ sent: 2, failed: 0 });
    expect(waits).toEqual([1500]);
    const order = port.attempts.map((x) => `${x.staffId === a.alice.id ? 'ann' : 'bob'}:${x.result.ok}`);
    expect(order).toEqual(['ann:false', 'bob:true', 'ann:true']);
  });

  it('messages to one Slack recipient are spaced about a second apart; others are not held', async () => {
    const { alice } = await oneDueDelivery({ name: 'Alice Able' });
    const other = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    await createDelivery(t.handle.db, { activityId: other.id, endDate: '2026-11-02' });
    await oneDueDelivery({ name: 'Bob Builder' });
    const port = createRecordingPort('slack');
    const waits: number[] = [];
    const summary = await sweep(DUE_SOON, port, {
      sleep: async (ms) => {
        waits.push(ms);
      },
      monotonicNow: () => 0, // a frozen clock: every gap is waited out in full
    });
    expect(summary.sent).toBe(3);
    expect(waits).toEqual([1100]); // only Alice's second message waited
  });

  it('nudges for someone no channel can reach are held, logged and not claimed', async () => {
    await oneDueDelivery();
    const warnings: string[] = [];
    const port = createRecordingPort('slack', { canReach: () => false });
    const summary = await sweep(DUE_SOON, port, {
      logger: { info() {}, warn: (m) => warnings.push(m), error() {} },
    });
    expect(summary).toMatchObject({ sent: 0, claimed: 0, skippedByReason: { no_channel: 1 } });
    expect(warnings).toEqual(['reminders: no channel can reach this person; nudges held']);
    expect(await ledger()).toEqual([]);
  });

  it('a retry-after longer than a sweep can wait is recorded as the next attempt time', async () => {
    await oneDueDelivery();
    const port = createRecordingPort('slack', {
      respond: () => ({ ok: false, retryAfterMs: 20 * 60_000, error: 'ratelimited' }),
    });
    expect(await sweep(DUE_SOON, port)).toMatchObject({ failed: 1 });
    const [row] = await ledger();
    expect(row!.nextAttemptAt!.getTime()).toBe(minutes(DUE_SOON, 20).getTime());
  });
});

describe('who gets what', () => {
  /** Alice: delivery of 11/02 (due 11/17, overdue #1 on 11/18) and of 11/04 (due 11/19). */
  async function twoDue(overrides: Parameters<typeof createStaff>[1]) {
    const { alice, activity } = await oneDueDelivery(overrides);
    const other = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    await createDelivery(t.handle.db, { activityId: other.id, endDate: '2026-11-04' });
    return { alice, first: activity, second: other };
  }

  it('the daily cap sends the most urgent first and holds the rest for a later day', async () => {
    const { first, second } = await twoDue({ reminderDailyCap: 1 });
    const port = createRecordingPort('console');
    const day1 = await sweep(instant('2026-11-18T15:00:00Z'), port);
    expect(day1).toMatchObject({ sent: 1, skippedByReason: { cap: 1 } });
    expect(await sweep(instant('2026-11-18T18:00:00Z'), port)).toMatchObject({
      sent: 0,
      skippedByReason: { cap: 1 },
    });
    const day2 = await sweep(instant('2026-11-19T15:00:00Z'), port);
    expect(day2.sent).toBe(1);
    expect(port.sent().map((s) => `${s.message.kind} ${s.message.items[0]!.activityId}`)).toEqual([
      `summary_overdue ${first.id}`,
      `summary_due ${second.id}`,
    ]);
  });

  it('digest mode sends one message a day combining the nudges', async () => {
    const { alice, first } = await twoDue({ reminderMode: 'digest' });
    const port = createRecordingPort('console');
    expect(await sweep(instant('2026-11-18T15:00:00Z'), port)).toMatchObject({ claimed: 2, sent: 1 });
    const digest = port.sent()[0]!.message;
    expect(digest.kind).toBe('daily_digest');
    expect(digest.items).toHaveLength(2);
    // Something new the same day waits for tomorrow's digest.
    const third = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    await createDelivery(t.handle.db, { activityId: third.id, endDate: '2026-11-05', dueDate: '2026-11-20' });
    expect(await sweep(instant('2026-11-18T19:00:00Z'), port)).toMatchObject({
      sent: 0,
      skippedByReason: { cap: 1 },
    });
    expect(await sweep(instant('2026-11-19T15:00:00Z'), port)).toMatchObject({ sent: 1 });
    expect(port.sent()[1]!.message.items.map((i) => i.activityId)).toContain(third.id);
    expect(port.sent()[1]!.message.items.map((i) => i.activityId)).not.toContain(first.id);
  });

  it('a digest claimed by a process that died is sent once its claim is stale (the cap ignores the dead claim)', async () => {
    await twoDue({ reminderMode: 'digest' });
    // The first process claims the digest, then dies while sending it.
    const dying = createRecordingPort('console', { respond: () => new Promise<never>(() => {}) });
    void sweep(instant('2026-11-18T15:00:00Z'), dying);
    for (let i = 0; (await ledger()).length < 2; i++) {
      if (i > 400) throw new Error('the first sweep never claimed the digest');
      await new Promise((r) => setTimeout(r, 10));
    }
    const port = createRecordingPort('console');
    expect(await sweep(instant('2026-11-18T15:04:00Z'), port)).toMatchObject({
      sent: 0,
      skippedByReason: { in_flight: 2 },
    });
    expect(await sweep(instant('2026-11-18T15:10:00Z'), port)).toMatchObject({ claimed: 2, sent: 1 });
    expect(port.sent()[0]!.message.kind).toBe('daily_digest');
    expect(port.sent()[0]!.message.items).toHaveLength(2);
    expect((await ledger()).map((r) => r.status)).toEqual(['sent', 'sent']);
    // And still one a day: a later sweep the same day sends nothing more.
    expect(await sweep(instant('2026-11-18T19:00:00Z'), port)).toMatchObject({ sent: 0 });
  });

  it('opted-out people get nothing and nothing is claimed', async () => {
    await oneDueDelivery({ reminderMode: 'off' });
    const port = createRecordingPort('console');
    expect(await sweep(DUE_SOON, port)).toMatchObject({
      planned: 0,
      sent: 0,
      skippedByReason: {},
      unreachableByReason: { opted_out: 1 },
    });
    expect(await ledger()).toEqual([]);
  });

  it.each([
    ['still approved with a current final plan', 'approved', true, 1],
    ['put on hold after the delivery', 'on_hold', true, 0],
    ['back in planning (final plan archived, an initial plan current)', 'approved', false, 0],
  ] as const)(
    'R12 summary nudges only where a summary can be logged: activity %s',
    async (_case, status, finalCurrent, nudges) => {
      const { activity } = await oneDueDelivery();
      await t.handle.db
        .update(activities)
        .set({ activityStatus: status })
        .where(eq(activities.id, activity.id));
      if (!finalCurrent) {
        await t.handle.db
          .update(planDescriptions)
          .set({ stage: 'archived_final' })
          .where(eq(planDescriptions.activityId, activity.id));
        await t.handle.db.insert(planDescriptions).values({
          activityId: activity.id,
          stage: 'initial',
          noteDate: '2026-11-10',
          text: 'Initial plan: rethink the sessions.',
          authorStaffId: activity.primaryStaffId,
        });
      }
      const port = createRecordingPort('console');
      expect(await sweep(DUE_SOON, port)).toMatchObject({ planned: nudges, sent: nudges });
      expect(port.sent().map((s) => s.message.kind)).toEqual(nudges ? ['summary_due_soon'] : []);
    },
  );

  it('R9 reassigning the primary staff moves the nudges to the new primary staff at once', async () => {
    const { alice, activity } = await oneDueDelivery();
    const bob = await createStaff(t.handle.db, { name: 'Bob Builder', timeZone: 'Pacific/Honolulu' });
    const port = createRecordingPort('console');
    await sweep(DUE_SOON, port);
    await t.handle.db
      .update(activities)
      .set({ primaryStaffId: bob.id, primaryCenterId: bob.centerId })
      .where(eq(activities.id, activity.id));
    // 09:30 in Honolulu the same day: Bob gets it, Alice nothing more.
    expect(await sweep(instant('2026-11-13T19:30:00Z'), port)).toMatchObject({ sent: 1 });
    expect(port.sent().map((s) => s.staffId)).toEqual([alice.id, bob.id]);
  });

  it('R4 a "no TA this month" mark ends the monthly nudge for that activity; the others are listed with buttons', async () => {
    const alice = await createStaff(t.handle.db, { name: 'Alice Able' });
    const quiet = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    const marked = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    const done = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    await createDelivery(t.handle.db, {
      activityId: done.id,
      endDate: '2026-11-05',
      summary: 'The State received a review of its QRIS standards.',
    });
    const pending = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    await createDelivery(t.handle.db, {
      activityId: pending.id,
      endDate: '2026-11-05',
      dueDate: '2026-11-19',
    });
    t.clock.now = instant('2026-11-24T14:00:00Z');
    const mark = await markNoTaMonth(t.ctx, staffActor(alice), { activityId: marked.id, month: '2026-11' });
    expect(mark.ok).toBe(true);
    const port = createRecordingPort('console');
    const summary = await sweep(instant('2026-11-24T15:00:00Z'), port);
    const monthly = port.sent().filter((s) => s.message.kind === 'monthly_notes');
    expect(monthly).toHaveLength(1);
    expect(monthly[0]!.message.items.map((i) => i.activityId)).toEqual([quiet.id, pending.id]);
    expect(monthly[0]!.message.buttons.map((b) => b.command)).toEqual([
      `log ${quiet.id}`,
      `no-ta ${quiet.id} 2026-11`,
      `snooze ${quiet.id}`,
      `log ${pending.id}`,
      `snooze ${pending.id}`,
    ]);
    expect(summary.failed).toBe(0);
    // The next sweep in the window does not repeat it.
    await sweep(instant('2026-11-25T15:00:00Z'), port);
    expect(port.sent().filter((s) => s.message.kind === 'monthly_notes')).toHaveLength(1);
  });

  it("R3 on the first business day each specialist gets one digest of their States' incomplete records", async () => {
    const db = t.handle.db;
    const specialist = await createStaff(db, { name: 'Sam Specialist', role: 'specialist', states: ['CA'] });
    const guSpecialist = await createStaff(db, {
      name: 'Gus Guam',
      role: 'specialist',
      states: ['GU'],
      timeZone: 'Pacific/Guam',
    });
    const alice = await createStaff(db, { name: 'Alice Able', states: [] });
    const missing = await createActivity(db, { primaryStaff: alice, tracking: true });
    await createDelivery(db, { activityId: missing.id, endDate: '2026-11-10' });
    const late = await createActivity(db, { primaryStaff: alice, tracking: true });
    await createDelivery(db, {
      activityId: late.id,
      endDate: '2026-11-03',
      summary: 'The State received facilitation of its QRIS workgroup and will meet again next month.',
      summaryEnteredAt: instant('2026-11-20T17:00:00Z'),
      summaryWarnings: ['Leave future plans out of the summary.'],
    });
    const lateEntry = await createActivity(db, {
      primaryStaff: alice,
      tracking: true,
      enteredLate: true,
      enteredAt: instant('2026-11-10T15:00:00Z'),
    });
    const closed = await createActivity(db, {
      primaryStaff: alice,
      tracking: true,
      completionStatus: 'closed',
      completionDate: '2026-11-20',
      outcomeReport: 'The State adopted revised QRIS tiers.',
    });
    const noPlan = await createActivity(db, { primaryStaff: alice, activityStatus: 'approved' });
    const guam = await createActivity(db, { primaryStaff: alice, tracking: true, stateCode: 'GU' });
    await createDelivery(db, { activityId: guam.id, endDate: '2026-11-10' });

    const port = createRecordingPort('console');
    const reviews = () => port.sent().filter((s) => s.message.kind === 'monthly_review');
    // 09:30 on Tue 12/01 in Guam is still Mon 11/30 in New York: only the Guam specialist's review is due.
    await sweep(instant('2026-11-30T23:30:00Z'), port);
    expect(reviews().map((r) => [r.staffId, r.message.items.map((i) => i.activityId)])).toEqual([
      [guSpecialist.id, [guam.id]],
    ]);
    await sweep(instant('2026-12-01T15:00:00Z'), port);
    expect(reviews().map((r) => r.staffId)).toEqual([guSpecialist.id, specialist.id]);
    const message = reviews()[1]!.message;
    const ids = message.items.map((i) => i.activityId);
    expect(new Set(ids)).toEqual(new Set([missing.id, late.id, lateEntry.id, closed.id, noPlan.id]));
    expect(ids.filter((id) => id === late.id)).toHaveLength(2); // late, and R15 warnings
    expect(message.text).toContain('November 2026');
    expect(message.items.find((i) => i.activityId === closed.id)!.detail).toContain('requester feedback');
    expect(message.items.find((i) => i.activityId === late.id)!.detail).toMatch(/summarized 11\/20\/26/);
    // Sent once: later sweeps that month skip it.
    await sweep(instant('2026-12-01T18:00:00Z'), port);
    await sweep(instant('2026-12-02T15:00:00Z'), port);
    expect(reviews()).toHaveLength(2);
  });
});

describe('snooze', () => {
  it('snoozeActivity defaults to the next business day, is audited, and holds the nudge until then', async () => {
    const { alice, activity } = await oneDueDelivery();
    t.clock.now = DUE_SOON;
    const result = await snoozeActivity(t.ctx, staffActor(alice), { activityId: activity.id });
    expect(result).toEqual({
      ok: true,
      value: { activityId: activity.id, staffId: alice.id, until: '2026-11-16' },
    });
    const audit = await t.handle.db.select().from(auditLog).where(eq(auditLog.action, 'snooze_reminders'));
    expect(audit).toMatchObject([
      { actorStaffId: alice.id, entity: 'activity', entityId: String(activity.id) },
    ]);
    const port = createRecordingPort('console');
    expect(await sweep(DUE_SOON, port)).toMatchObject({ sent: 0, skippedByReason: { snoozed: 1 } });
    expect(await sweep(instant('2026-11-16T15:00:00Z'), port)).toMatchObject({ sent: 1 });
    expect((await ledger())[0]!.slot).toBe('2026-11-16');
  });

  it('snoozing again moves the date; bad input and strangers are refused with a reason', async () => {
    const { alice, activity } = await oneDueDelivery();
    t.clock.now = DUE_SOON;
    await snoozeActivity(t.ctx, staffActor(alice), { activityId: activity.id });
    expect(
      (await snoozeActivity(t.ctx, staffActor(alice), { activityId: activity.id, until: '2026-11-20' })).ok,
    ).toBe(true);
    const rows = await t.handle.db
      .select()
      .from(reminderSnoozes)
      .where(and(eq(reminderSnoozes.staffId, alice.id), eq(reminderSnoozes.activityId, activity.id)));
    expect(rows.map((r) => r.until)).toEqual(['2026-11-20']);
    const bad = await snoozeActivity(t.ctx, staffActor(alice), { activityId: 'forty-two' });
    expect(bad.ok ? null : bad.error.code).toBe('invalid_input');
    const past = await snoozeActivity(t.ctx, staffActor(alice), {
      activityId: activity.id,
      until: '2026-11-13',
    });
    expect(past.ok ? null : past.error.message).toContain('after today');
    const stranger = await createStaff(t.handle.db, { name: 'Stan Stranger', states: ['NY'] });
    const refused = await snoozeActivity(t.ctx, staffActor(stranger), { activityId: activity.id });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
  });
});

describe('dry run and scheduler', () => {
  it('planSweep and the dry run say who would be nudged without claiming anything', async () => {
    await oneDueDelivery();
    const plan = await planSweep(t.ctx, DUE_SOON);
    expect(plan.messages.map((m) => m.recipient.name)).toEqual(['Alice Able']);
    const lines = await dryRunReminders(t.ctx, instant('2026-11-13T12:00:00Z'));
    expect(lines.join('\n')).toContain('outside hours');
    expect(await ledger()).toEqual([]);
  });

  it('the scheduler sweeps on demand with the context clock and stops cleanly', async () => {
    await oneDueDelivery();
    t.clock.now = DUE_SOON;
    const port = createRecordingPort('console');
    const logs: string[] = [];
    const logger = {
      info: (m: string) => logs.push(m),
      warn: (m: string) => logs.push(m),
      error: (m: string) => logs.push(m),
    };
    const scheduler = startReminderScheduler({
      ctx: t.ctx,
      ports: [port],
      cronExpression: '*/15 * * * *',
      timeZone: 'America/New_York',
      logger,
      runOnStart: false,
    });
    const summary = await scheduler.runNow();
    await scheduler.stop();
    expect(summary).toMatchObject({ sent: 1 });
    expect(await scheduler.runNow()).toBeUndefined();
    expect(logs).toEqual(['reminders: sweep done']);
    expect(() =>
      startReminderScheduler({ ctx: t.ctx, ports: [], cronExpression: 'every day', timeZone: 'UTC', logger }),
    ).toThrow(/REMINDER_CRON/);
  });
});

describe('the snapshot streamed in batches', () => {
  it('R1 R4 every due and month-end row reaches planning, in batches, with the plan of the whole snapshot', async () => {
    const alice = await createStaff(t.handle.db, { name: 'Alice Able' });
    const month = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    for (let i = 0; i < 4; i++) {
      const activity = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
      await createDelivery(t.handle.db, { activityId: activity.id, endDate: `2026-11-0${2 + i}` });
    }
    const at = instant('2026-11-24T15:00:00Z'); // month end: notes window open; summaries coming due
    const window = snapshotWindow(t.ctx.calendar, at, DEFAULT_REMINDER_OPTIONS);
    const batches: { due: number[]; monthly: number[] } = { due: [], monthly: [] };
    let streamed: PlanningSnapshot | undefined;
    await streamPlanningSnapshot(
      t.ctx.db,
      window,
      {
        base: (b) => {
          streamed = { ...b, due: [], monthlyMissing: [] };
        },
        due: (rows) => {
          batches.due.push(rows.length);
          streamed!.due.push(...rows);
        },
        monthly: (rows) => {
          batches.monthly.push(rows.length);
          streamed!.monthlyMissing.push(...rows);
        },
      },
      2,
    );
    expect(batches.due).toEqual([2, 2]);
    expect(batches.monthly).toEqual([2, 2, 1]); // every approved open activity: none has a November summary
    expect(streamed!.monthlyMissing.map((r) => r.activityId)).toContain(month.id);
    expect(streamed!.due[0]).toMatchObject({
      endDate: '2026-11-02',
      dueDate: '2026-11-17',
      primaryStaffId: alice.id,
    });
    const whole = await loadPlanningSnapshot(t.ctx.db, window);
    const brief = (p: PlanResult) => p.items.map((i) => `${i.kind} ${i.subject} ${i.slot}`).sort();
    expect(brief(planNudges(streamed!, at, t.ctx.calendar))).toEqual(
      brief(planNudges(whole, at, t.ctx.calendar)),
    );
    expect(brief(planNudges(whole, at, t.ctx.calendar))).toHaveLength(9);
  });
});
