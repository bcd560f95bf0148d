// `tat seed --demo` data: found through the search service (R24), idempotent, and valid under the rules
// it claims to show (R1 due dates, R7 approvals, R9 primary center, R11 stages, R12 gate, R19/R20, R22).
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  activities,
  activityRequesters,
  deliveries,
  noTaMonths,
  planDescriptions,
  requesters,
  staff,
} from '../db/schema.js';
import { currentPlanStage } from '../src/rules/plan-stages.js';
import { summaryDue, summaryTimeliness } from '../src/rules/timeliness.js';
import { trackingGate } from '../src/rules/tracking-gate.js';
import { DEMO, DEMO_STATES, seedDemo } from '../src/seed/demo.js';
import type { Actor } from '../src/services/context.js';
import { findStaffByEmail } from '../src/services/lookups.js';
import { searchActivities } from '../src/services/search-activities.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const NOW = new Date('2026-11-23T15:00:00Z');

async function demoActor(email: string): Promise<Actor> {
  const who = await findStaffByEmail(t.ctx.db, email);
  if (!who) throw new Error(`demo staff ${email} missing`);
  return { kind: 'staff', staffId: who.id, channel: 'console' };
}

async function find(criteria: unknown) {
  const result = await searchActivities(t.ctx, await demoActor(DEMO.specialist), criteria);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('demo seed found through the search service', () => {
  it('R24 finds the demo records by State, region, staff and status', async () => {
    expect((await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar })).seeded).toBe(true);

    const md = await find({ stateCode: 'MD' });
    expect(md.length).toBeGreaterThanOrEqual(2);
    expect(new Set(md.map((h) => h.stateCode))).toEqual(new Set(['MD']));

    const region9 = await find({ region: 9 });
    expect(region9.map((h) => h.stateCode)).toContain('GU');
    expect(new Set(region9.map((h) => h.region))).toEqual(new Set([9]));
    expect(await find({ stateCode: 'GU', region: 5 })).toEqual([]);

    const pat = await demoActor(DEMO.provider);
    const pats = await find({ staffId: pat.kind === 'staff' ? pat.staffId : 0 });
    expect(pats.length).toBeGreaterThanOrEqual(3);
    expect(pats.some((h) => h.primaryStaffName === 'Pat Provider')).toBe(true);
    expect(pats.some((h) => h.primaryStaffName !== 'Pat Provider')).toBe(true); // Pat collaborates there

    for (const activityStatus of ['planning_in_progress', 'approved', 'on_hold', 'denied']) {
      expect((await find({ activityStatus })).length, activityStatus).toBeGreaterThan(0);
    }
    for (const completionStatus of ['open', 'closed', 'cancelled']) {
      expect((await find({ completionStatus })).length, completionStatus).toBeGreaterThan(0);
    }
    const all = await find({});
    expect(new Set(all.map((h) => h.stateCode))).toEqual(new Set(DEMO_STATES));
  });

  it('seeding twice is a no-op', async () => {
    const first = await seedDemo(t.ctx.db, { now: NOW });
    const count = async () => ({
      staff: (await t.ctx.db.select().from(staff)).length,
      activities: (await t.ctx.db.select().from(activities)).length,
      deliveries: (await t.ctx.db.select().from(deliveries)).length,
    });
    const before = await count();
    const second = await seedDemo(t.ctx.db, { now: new Date('2027-03-01T15:00:00Z') });
    expect(first.seeded).toBe(true);
    expect(first.counts.activities).toBe(before.activities);
    expect(second.seeded).toBe(false);
    expect(await count()).toEqual(before);
  });
});

describe('demo seed is valid under the rules', () => {
  it('R1 deliveries are due per R1 and stand on time, due soon and overdue relative to now', async () => {
    await seedDemo(t.ctx.db, { now: NOW, calendar: t.calendar });
    const rows = await t.ctx.db.select().from(deliveries);
    for (const d of rows) expect(d.dueDate).toBe(summaryDue(t.calendar, d.endDate).due);
    const pending = rows
      .filter((d) => d.summary === null)
      .map((d) => summaryTimeliness(t.calendar, d.dueDate, '2026-11-23'));
    expect(pending).toEqual(expect.arrayContaining(['on_time', 'due_soon', 'overdue']));
    const summarized = rows.filter((d) => d.summaryDate !== null);
    expect(summarized.some((d) => d.summaryDate! <= d.dueDate)).toBe(true);
    expect(summarized.some((d) => d.summaryDate! > d.dueDate)).toBe(true); // one late summary
    expect(rows.some((d) => d.startDate < d.endDate)).toBe(true); // a multi-day delivery
    for (const d of summarized) expect(d.summaryDate! >= d.endDate).toBe(true);
    expect(await t.ctx.db.select().from(noTaMonths)).toEqual([
      expect.objectContaining({ month: '2026-11-01' }),
    ]);
  });

  it('R11 R12 every plan stage appears; activities with deliveries have a current final plan and are approved', async () => {
    await seedDemo(t.ctx.db, { now: NOW });
    const plans = await t.ctx.db.select().from(planDescriptions).orderBy(asc(planDescriptions.id));
    expect(new Set(plans.map((p) => p.stage))).toEqual(
      new Set(['initial', 'intermediate', 'final', 'archived_final']),
    );
    const rows = await t.ctx.db.select().from(activities);
    const withDeliveries = new Set((await t.ctx.db.select().from(deliveries)).map((d) => d.activityId));
    for (const a of rows) {
      const stage = currentPlanStage(plans.filter((p) => p.activityId === a.id).map((p) => p.stage));
      expect(stage, `activity ${a.id} has a plan`).toBeDefined();
      if (withDeliveries.has(a.id))
        expect(trackingGate(a.activityStatus, stage).ok, `activity ${a.id}`).toBe(true);
      expect(plans.filter((p) => p.activityId === a.id && p.stage === 'final').length).toBeLessThanOrEqual(1);
    }
  });

  it('R7 R8 R9 R19 R20 R22 people, requesters and completions are consistent', async () => {
    await seedDemo(t.ctx.db, { now: NOW });
    const people = await t.ctx.db.select().from(staff);
    expect(new Set(people.map((p) => p.role))).toEqual(new Set(['provider', 'specialist', 'admin']));
    expect(people.map((p) => p.timeZone)).toContain('Pacific/Guam');
    const [firstProvider] = people.filter((p) => p.role === 'provider').sort((a, b) => a.id - b.id);
    expect(firstProvider?.email).toBe(DEMO.provider);

    const reqs = await t.ctx.db.select().from(requesters);
    for (const state of DEMO_STATES) {
      expect(
        reqs.some((r) => r.stateCode === state && r.isCcdfAdministrator),
        `CCDF Administrator of ${state}`,
      ).toBe(true);
    }
    expect(reqs.filter((r) => r.approvalStatus === 'pending').map((r) => r.email)).toEqual([
      DEMO.pendingRequester,
    ]);

    const links = await t.ctx.db
      .select({ activityId: activityRequesters.activityId, r: requesters })
      .from(activityRequesters)
      .innerJoin(requesters, eq(requesters.id, activityRequesters.requesterId));
    const rows = await t.ctx.db.select().from(activities);
    const deliveryRows = await t.ctx.db.select().from(deliveries);
    for (const a of rows) {
      const mine = links.filter((l) => l.activityId === a.id).map((l) => l.r);
      expect(mine.length, `requesters of ${a.id}`).toBeGreaterThan(0);
      expect(mine.every((r) => r.approvalStatus === 'approved')).toBe(true); // R7
      const direct = mine.some((r) => r.isCcdfAdministrator || r.isCcdfStaff);
      expect(a.indirectRequest).toBe(!direct); // R8
      if (a.indirectRequest && a.activityStatus === 'approved') expect(a.indirectApprovedBy).toBeTruthy();
      const primary = people.find((p) => p.id === a.primaryStaffId);
      expect(primary?.centerId).toBe(a.primaryCenterId); // R9
      if (a.completionStatus === 'cancelled')
        expect(deliveryRows.some((d) => d.activityId === a.id)).toBe(false); // R19
      if (a.completionStatus === 'closed') {
        expect(deliveryRows.filter((d) => d.activityId === a.id).every((d) => d.summary)).toBe(true); // R20
        expect(a.feedbackRequestedAt).not.toBeNull();
      }
    }
    const open = rows.filter((a) => a.completionStatus === 'open');
    const keys = open.map((a) => `${a.stateCode}/${a.strategicAreaId}/${a.focus}`);
    expect(new Set(keys).size).toBe(keys.length); // R22
  });

  it.each([
    '2026-11-30T15:00:00Z', // a month end: nothing can be "due soon"
    '2027-01-01T15:00:00Z', // a holiday
    '2027-07-04T15:00:00Z', // a Sunday
    '2028-02-29T23:00:00Z', // a leap day
  ])('seeds valid data for any "now" (%s)', async (now) => {
    const result = await seedDemo(t.ctx.db, { now: new Date(now), calendar: t.calendar });
    expect(result.seeded).toBe(true);
    const rows = await t.ctx.db.select().from(deliveries);
    const today = now.slice(0, 10);
    for (const d of rows) {
      expect(d.endDate <= today).toBe(true);
      expect(d.dueDate).toBe(summaryDue(t.calendar, d.endDate).due);
    }
    expect(rows.some((d) => d.summary === null && d.dueDate < today)).toBe(true);
  });
});
