// Issue 13: a sweep reads only what it needs. Month-end rows come from the activity_summary_months
// marker (kept by triggers on deliveries) and the due rows; the rows of people nothing can reach now
// are not read at all, except those old enough to copy the State's specialist.
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activitySummaryMonths, deliveries } from '../db/schema.js';
import { dryRunReminders } from '../src/reminders/dry-run.js';
import { createNudgePlanner } from '../src/reminders/plan-nudges.js';
import { DEFAULT_REMINDER_OPTIONS, type PlanningSnapshot } from '../src/reminders/plan-types.js';
import { snapshotWindow } from '../src/reminders/plan-window.js';
import { explainSnapshot, loadPlanningSnapshot, streamPlanningSnapshot } from '../src/reminders/snapshot.js';
import { REVIEW_ROWS_PER_STATE } from '../src/reminders/snapshot-review.js';
import { planSweep } from '../src/reminders/sweep.js';
import { addSummary } from '../src/services/add-summary.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const MONTH_END = new Date('2026-11-24T15:00:00Z'); // Tue 10:00 in New York, 05:00 in Honolulu

const markers = async () =>
  (await t.ctx.db.select().from(activitySummaryMonths)).map((m) => `${m.activityId} ${m.month}`).sort();

/** The snapshot a sweep reads at `at`: big parts filtered to the people reachable now. */
async function sweepSnapshot(at: Date): Promise<PlanningSnapshot> {
  const window = snapshotWindow(t.ctx.calendar, at, DEFAULT_REMINDER_OPTIONS);
  let snapshot: PlanningSnapshot | undefined;
  await streamPlanningSnapshot(t.ctx.db, window, {
    base(b) {
      snapshot = { ...b, due: [], monthlyMissing: [] };
      return createNudgePlanner(b, at, t.ctx.calendar).reach().filter;
    },
    due: (rows) => void snapshot!.due.push(...rows),
    monthly: (rows) => void snapshot!.monthlyMissing.push(...rows),
  });
  return snapshot!;
}

describe('activity_summary_months', () => {
  it('R4 follows every way a delivery gains or loses its summary, whatever writes it', async () => {
    const alice = await createStaff(t.ctx.db, { name: 'Alice Able', states: ['CA'] });
    const a = await createActivity(t.ctx.db, { primaryStaff: alice, tracking: true });
    const b = await createActivity(t.ctx.db, { primaryStaff: alice, tracking: true });
    const summarized = await createDelivery(t.ctx.db, {
      activityId: a.id,
      endDate: '2026-11-03',
      summary: 'The State received a remote consultation.',
    });
    const pending = await createDelivery(t.ctx.db, { activityId: b.id, endDate: '2026-10-20' });
    expect(await markers()).toEqual([`${a.id} 2026-11-01`]);

    // The service that adds a summary.
    const actor = { kind: 'staff' as const, staffId: alice.id, channel: 'console' as const };
    const added = await addSummary(t.ctx, actor, {
      deliveryId: pending.id,
      summary: 'The State received a peer-to-peer call.',
    });
    expect(added.ok).toBe(true);
    expect(await markers()).toEqual([`${b.id} 2026-10-01`, `${a.id} 2026-11-01`].sort());

    // A second summarized delivery in the month, then one moved to another month: the month keeps
    // its marker while a summary is left in it.
    const second = await createDelivery(t.ctx.db, {
      activityId: a.id,
      endDate: '2026-11-20',
      summary: 'Held a call.',
    });
    await t.ctx.db
      .update(deliveries)
      .set({ endDate: '2026-12-01', startDate: '2026-12-01' })
      .where(eq(deliveries.id, second.id));
    expect(await markers()).toEqual(
      [`${b.id} 2026-10-01`, `${a.id} 2026-11-01`, `${a.id} 2026-12-01`].sort(),
    );
    // Losing the month's last summary removes the marker: summary taken away, then a delete.
    await t.ctx.db
      .update(deliveries)
      .set({ summary: null, summaryDate: null, summaryEnteredAt: null })
      .where(eq(deliveries.id, summarized.id));
    expect(await markers()).toEqual([`${b.id} 2026-10-01`, `${a.id} 2026-12-01`].sort());
    await t.ctx.db
      .delete(deliveries)
      .where(and(eq(deliveries.activityId, a.id), eq(deliveries.id, second.id)));
    expect(await markers()).toEqual([`${b.id} 2026-10-01`]);
    // A bulk insert (one statement, many rows) marks each month once.
    await t.ctx.db.execute(sql`insert into deliveries (activity_id, start_date, end_date, methods, due_date,
        summary, summary_date, summary_entered_at)
      select ${a.id}, d, d, array['remote'], d, 'Bulk.', d, now()
      from generate_series('2026-09-01'::date, '2026-09-30'::date, interval '1 day') as g(d)`);
    expect(await markers()).toEqual([`${b.id} 2026-10-01`, `${a.id} 2026-09-01`].sort());
  });
});

describe('month-end rows', () => {
  it('R4 an activity is listed when the month has no summary or a delivery still unsummarized, with its dates', async () => {
    const alice = await createStaff(t.ctx.db, { name: 'Alice Able', states: ['CA'] });
    const act = () => createActivity(t.ctx.db, { primaryStaff: alice, tracking: true });
    const [mixed, done, silent, open] = [await act(), await act(), await act(), await act()];
    await createDelivery(t.ctx.db, { activityId: mixed.id, endDate: '2026-11-03', summary: 'Held a call.' });
    await createDelivery(t.ctx.db, { activityId: mixed.id, endDate: '2026-11-10' });
    await createDelivery(t.ctx.db, { activityId: done.id, endDate: '2026-11-03', summary: 'Held a call.' });
    await createDelivery(t.ctx.db, { activityId: open.id, endDate: '2026-11-12' });
    await createDelivery(t.ctx.db, { activityId: open.id, endDate: '2026-11-05' });

    for (const snapshot of [
      await sweepSnapshot(MONTH_END),
      await loadPlanningSnapshot(
        t.ctx.db,
        snapshotWindow(t.ctx.calendar, MONTH_END, DEFAULT_REMINDER_OPTIONS),
      ),
    ]) {
      const rows = snapshot.monthlyMissing
        .map((r) => `${r.activityId} ${r.month} [${r.unsummarized.join(' ')}]`)
        .sort();
      expect(rows).toEqual(
        [
          `${mixed.id} 2026-11-01 [2026-11-10]`,
          `${silent.id} 2026-11-01 []`,
          `${open.id} 2026-11-01 [2026-11-05 2026-11-12]`,
        ].sort(),
      );
    }
  });
});

describe('people nothing can reach now', () => {
  it('R0 their rows are not read or planned, yet an old overdue summary still copies the specialist', async () => {
    const specialist = await createStaff(t.ctx.db, {
      name: 'Sam Specialist',
      role: 'specialist',
      states: ['CA'],
    });
    const nearby = await createStaff(t.ctx.db, { name: 'Nia Nearby', states: ['CA'] });
    const far = await createStaff(t.ctx.db, {
      name: 'Hana Far',
      states: ['CA'],
      timeZone: 'Pacific/Honolulu',
    });
    const farOld = await createActivity(t.ctx.db, { primaryStaff: far, tracking: true });
    const farNew = await createActivity(t.ctx.db, { primaryStaff: far, tracking: true });
    const farQuiet = await createActivity(t.ctx.db, { primaryStaff: far, tracking: true });
    const near = await createActivity(t.ctx.db, { primaryStaff: nearby, tracking: true });
    // Due 11/17 (11/11 is a holiday): its 3rd overdue nudge starts 11/24, so the specialist is copied.
    const old = await createDelivery(t.ctx.db, { activityId: farOld.id, endDate: '2026-11-02' });
    const recent = await createDelivery(t.ctx.db, { activityId: farNew.id, endDate: '2026-11-09' });
    const mine = await createDelivery(t.ctx.db, { activityId: near.id, endDate: '2026-11-09' });
    expect([old.dueDate, recent.dueDate, mine.dueDate]).toEqual(['2026-11-17', '2026-11-24', '2026-11-24']);

    const read = await sweepSnapshot(MONTH_END);
    expect(read.due.map((r) => r.deliveryId).sort()).toEqual([old.id, mine.id].sort());
    expect(read.monthlyMissing.map((r) => r.activityId)).not.toContain(farQuiet.id);
    const whole = await loadPlanningSnapshot(
      t.ctx.db,
      snapshotWindow(t.ctx.calendar, MONTH_END, DEFAULT_REMINDER_OPTIONS),
    );
    expect(whole.due).toHaveLength(3);
    expect(whole.monthlyMissing.map((r) => r.activityId)).toContain(farQuiet.id);

    const plan = await planSweep(t.ctx, MONTH_END);
    const sent = plan.messages.map((m) => `${m.recipient.name} ${m.kind}`).sort();
    expect(sent).toEqual(
      [
        'Nia Nearby monthly_notes',
        'Nia Nearby summary_due',
        'Sam Specialist summary_overdue_escalation',
      ].sort(),
    );
    const escalation = plan.messages.find((m) => m.kind === 'summary_overdue_escalation');
    expect(escalation?.recipient.id).toBe(specialist.id);
    expect(escalation?.items.map((i) => i.subject)).toEqual([`delivery:${old.id}`]);
    expect(plan.unreachable).toEqual([{ staffId: far.id, reason: 'outside_hours' }]);
    // The escalation row was read for the specialist; the primary's own nudge from it is held.
    expect(plan.skipped.map((s) => `${s.item.recipientStaffId} ${s.item.subject} ${s.reason}`)).toEqual([
      `${far.id} delivery:${old.id} outside_hours`,
    ]);
    const lines = (await dryRunReminders(t.ctx, MONTH_END)).join('\n');
    expect(lines).toContain(
      'Not reachable now (their reminders are planned once they can be reached): 1 outside hours.',
    );
    expect(lines).toContain(`outside_hours: Hana Far <${far.email}>`);

    // At 10:00 in Honolulu the same sweep reads and plans Hana's rows.
    const later = await planSweep(t.ctx, new Date('2026-11-24T20:00:00Z'));
    expect(later.unreachable).toEqual([]);
    expect(
      later.messages
        .filter((m) => m.recipient.id === far.id)
        .map((m) => m.kind)
        .sort(),
    ).toEqual(['monthly_notes', 'summary_due', 'summary_overdue']);
  });
});

describe('review rows', () => {
  it('R3 each State carries its first records in digest order and the count of all, with no window over the table', async () => {
    const specialist = await createStaff(t.ctx.db, {
      name: 'Sam Specialist',
      role: 'specialist',
      states: ['CA', 'MD'],
    });
    const alice = await createStaff(t.ctx.db, { name: 'Alice Able', states: ['CA', 'MD'] });
    const busy = await createActivity(t.ctx.db, { primaryStaff: alice, tracking: true });
    // 41 deliveries without a summary on one CA activity (one record each), and a late CA entry.
    await t.ctx.db.execute(sql`insert into deliveries (activity_id, start_date, end_date, methods, due_date)
      select ${busy.id}, '2026-10-01'::date + i, '2026-10-01'::date + i, array['remote'], '2026-10-15'::date + i
      from generate_series(0, 40) as g(i)`);
    const lateEntry = await createActivity(t.ctx.db, {
      primaryStaff: alice,
      tracking: true,
      enteredLate: true,
      enteredAt: new Date('2026-11-10T15:00:00Z'),
    });
    const noPlan = await createActivity(t.ctx.db, {
      primaryStaff: alice,
      activityStatus: 'approved',
      stateCode: 'MD',
    });
    const mdMissing = await createActivity(t.ctx.db, {
      primaryStaff: alice,
      tracking: true,
      stateCode: 'MD',
    });
    await createDelivery(t.ctx.db, { activityId: mdMissing.id, endDate: '2026-11-10' });

    const at = new Date('2026-12-01T15:00:00Z');
    const snapshot = await loadPlanningSnapshot(
      t.ctx.db,
      snapshotWindow(t.ctx.calendar, at, DEFAULT_REMINDER_OPTIONS),
    );
    expect(snapshot.reviewRecipients).toEqual([{ staffId: specialist.id, month: '2026-11-01' }]);
    const ca = snapshot.review.filter((r) => r.stateCode === 'CA');
    expect(ca).toHaveLength(REVIEW_ROWS_PER_STATE);
    expect(new Set(ca.map((r) => `${r.problem} ${r.activityId} ${r.stateTotal}`))).toEqual(
      new Set([`missing_summary ${busy.id} 42`]),
    );
    const ids = ca.map((r) => r.deliveryId!);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ca.map((r) => r.activityId)).not.toContain(lateEntry.id);
    const md = snapshot.review.filter((r) => r.stateCode === 'MD');
    expect(md.map((r) => `${r.problem} ${r.activityId} ${r.stateTotal}`)).toEqual([
      `missing_summary ${mdMissing.id} 2`,
      `no_final_plan ${noPlan.id} 2`,
    ]);
    expect(md[0]).toMatchObject({ date: '2026-11-10', date2: '2026-11-25' });
  });
});

describe('plans of the snapshot statements', () => {
  it.each([
    ['month end', '2026-11-24T15:00:00Z'],
    ['review day', '2026-12-01T15:00:00Z'],
  ])('R3 R4 on %s no statement sorts or windows the table', async (_label, iso) => {
    const window = snapshotWindow(t.ctx.calendar, new Date(iso), DEFAULT_REMINDER_OPTIONS);
    const plans = (await t.ctx.db.transaction((tx) => explainSnapshot(tx, window))).map((p) =>
      JSON.stringify(p),
    );
    expect(plans.length).toBeGreaterThanOrEqual(2);
    for (const plan of plans) {
      expect(plan).not.toContain('"Node Type":"WindowAgg"');
      expect(plan).not.toContain('"Node Type":"Sort"');
    }
  });
});
