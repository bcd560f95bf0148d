// Plan, status, deliveries and summaries of an activity (R4, R8, R11, R12, R14, R15, R16).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, deliveries, noTaMonths, planDescriptions } from '../db/schema.js';
import { addPlanDescription } from '../src/services/add-plan-description.js';
import { addSummary } from '../src/services/add-summary.js';
import type { Actor } from '../src/services/context.js';
import { markNoTaMonth } from '../src/services/mark-no-ta-month.js';
import { recordDelivery } from '../src/services/record-delivery.js';
import { setActivityStatus } from '../src/services/set-activity-status.js';
import { createActivity, createDelivery, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const asStaff = (staffId: number): Actor => ({ kind: 'staff', staffId, channel: 'slack' });

async function planningActivity(
  overrides: Parameters<typeof createActivity>[1] extends infer O ? Partial<O> : never = {},
) {
  const db = t.handle.db;
  const me = await createStaff(db, { name: 'Amy Jones' });
  const activity = await createActivity(db, { primaryStaff: me, ...overrides });
  return { db, me, activity, actor: asStaff(me.id) };
}

describe('R11 plan descriptions through the service', () => {
  it('R11 a new final plan archives the old one; only one final is current', async () => {
    const { db, activity, actor } = await planningActivity();
    const first = await addPlanDescription(t.ctx, actor, {
      activityId: activity.id,
      stage: 'final',
      text: 'Plan A',
    });
    expect(first.ok && first.value.archivedFinalId).toBeUndefined();
    const second = await addPlanDescription(t.ctx, actor, {
      activityId: activity.id,
      stage: 'final',
      text: 'Plan B',
    });
    expect(second.ok && second.value.archivedFinalId).toBe(first.ok && first.value.planDescriptionId);
    const rows = await db.select().from(planDescriptions).orderBy(planDescriptions.id);
    expect(rows.map((r) => [r.text, r.stage])).toEqual([
      ['Plan A', 'archived_final'],
      ['Plan B', 'final'],
    ]);
  });

  it('R11 after a final plan, planning may restart at initial (archiving the final plan)', async () => {
    const { db, activity, actor } = await planningActivity({ tracking: true });
    const r = await addPlanDescription(t.ctx, actor, {
      activityId: activity.id,
      stage: 'initial',
      text: 'New scope',
    });
    expect(r.ok && r.value).toMatchObject({ stage: 'initial', trackingOpen: false });
    const stages = (await db.select().from(planDescriptions).orderBy(planDescriptions.id)).map(
      (p) => p.stage,
    );
    expect(stages).toEqual(['archived_final', 'initial']);
  });

  it('R11 refuses going back from intermediate to initial', async () => {
    const { activity, actor } = await planningActivity();
    await addPlanDescription(t.ctx, actor, {
      activityId: activity.id,
      stage: 'intermediate',
      text: 'Step two',
    });
    const r = await addPlanDescription(t.ctx, actor, {
      activityId: activity.id,
      stage: 'initial',
      text: 'Back',
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect([r.error.code, r.error.details]).toEqual([
        'invalid_transition',
        { currentStage: 'intermediate' },
      ]);
  });

  it('R14 refuses a plan note dated in the future', async () => {
    const { activity, actor } = await planningActivity();
    const r = await addPlanDescription(t.ctx, actor, {
      activityId: activity.id,
      stage: 'initial',
      text: 'x',
      noteDate: '2026-12-01',
    });
    expect(!r.ok && r.error.message).toMatch(/12\/01\/26 is in the future/);
  });
});

describe('R8/R12 activity status', () => {
  it('R12 approving opens tracking only with a final plan', async () => {
    const { activity, actor } = await planningActivity();
    const r = await setActivityStatus(t.ctx, actor, { activityId: activity.id, status: 'approved' });
    expect(r.ok && r.value.tracking).toMatchObject({
      ok: false,
      missing: ['there is no plan description yet; add a final plan'],
    });
    await addPlanDescription(t.ctx, actor, { activityId: activity.id, stage: 'final', text: 'Final' });
    const hold = await setActivityStatus(t.ctx, actor, { activityId: activity.id, status: 'on_hold' });
    expect(hold.ok && hold.value.tracking.ok).toBe(false);
    const back = await setActivityStatus(t.ctx, actor, { activityId: activity.id, status: 'approved' });
    expect(back.ok && back.value.tracking).toEqual({ ok: true });
  });

  it('R8 approving an indirect request needs and records the recorded CCDF Administrator or RPM', async () => {
    const { db, activity, actor } = await planningActivity({ indirectRequest: true });
    const rpm = await createRequester(db, {
      name: 'Sam Lee',
      stateCode: null,
      region: 9,
      isRpm: true,
    });
    const elsewhere = await createRequester(db, {
      name: 'Maria Cruz',
      stateCode: 'GU',
      region: 9,
      isCcdfAdministrator: true,
    });
    const refused = await setActivityStatus(t.ctx, actor, { activityId: activity.id, status: 'approved' });
    expect(!refused.ok && refused.error.code).toBe('indirect_request_not_approved');
    const wrong = await setActivityStatus(t.ctx, actor, {
      activityId: activity.id,
      status: 'approved',
      indirectApproverId: elsewhere.id,
    });
    expect(wrong.ok || wrong.error.message).toMatch(
      /Maria Cruz is not the recorded CCDF Administrator of CA/,
    );
    const r = await setActivityStatus(t.ctx, actor, {
      activityId: activity.id,
      status: 'approved',
      indirectApproverId: rpm.id,
    });
    expect(r.ok).toBe(true);
    const [row] = await db.select().from(activities).where(eq(activities.id, activity.id));
    expect(row).toMatchObject({
      activityStatus: 'approved',
      indirectApprovedBy: 'Sam Lee (RPM)',
      indirectApprovedByRequesterId: rpm.id,
    });
    expect(row?.indirectApprovedAt).toEqual(t.clock.now);
  });

  it('R12 refuses setting the status it already has', async () => {
    const { activity, actor } = await planningActivity();
    const r = await setActivityStatus(t.ctx, actor, {
      activityId: activity.id,
      status: 'planning_in_progress',
    });
    expect(!r.ok && r.error.code).toBe('invalid_transition');
  });
});

describe('R12/R16 recording deliveries', () => {
  it.each([
    ['planning in progress without plan', false, 2, { activityStatus: 'planning_in_progress' as const }],
    ['approved without final plan', false, 1, { activityStatus: 'approved' as const }],
    ['approved with final plan', true, 0, { tracking: true }],
  ])('R12 %s → accepted=%s, %i things missing', async (_name, accepted, missing, overrides) => {
    const { db, activity, actor } = await planningActivity(overrides);
    const r = await recordDelivery(t.ctx, actor, {
      activityId: activity.id,
      startDate: '2026-11-20',
      methods: ['remote'],
    });
    expect(r.ok).toBe(accepted);
    if (!r.ok) {
      expect(r.error.code).toBe('tracking_closed');
      expect(r.error.details?.missing).toHaveLength(missing);
    }
    expect(await db.select().from(deliveries)).toHaveLength(accepted ? 1 : 0);
  });

  it('R1 stores the summary due date from the last day of delivery and says where it stands', async () => {
    const { db, activity, actor } = await planningActivity({ tracking: true });
    const r = await recordDelivery(t.ctx, actor, {
      activityId: activity.id,
      startDate: '2026-11-19',
      endDate: '2026-11-20',
      methods: ['onsite', 'training'],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.due).toMatchObject({ due: '2026-11-30', reason: 'end_of_month' });
    expect(r.value.timeliness).toBe('on_time'); // 11-23 → 11-30 is 4 business days away
    const [row] = await db.select().from(deliveries);
    expect(row).toMatchObject({ dueDate: '2026-11-30', methods: ['onsite', 'training'], summary: null });
  });

  it('R16 refuses a delivery without a method, and TA in the future', async () => {
    const { activity, actor } = await planningActivity({ tracking: true });
    const none = await recordDelivery(t.ctx, actor, {
      activityId: activity.id,
      startDate: '2026-11-20',
      methods: [],
    });
    expect(!none.ok && none.error.message).toMatch(/at least one delivery method/);
    const future = await recordDelivery(t.ctx, actor, {
      activityId: activity.id,
      startDate: '2026-11-24',
      methods: ['phone'],
    });
    expect(!future.ok && future.error.message).toMatch(/in the future/);
  });

  it('R15 a summary with planning language is saved with warnings and a rewrite', async () => {
    const { db, activity, actor } = await planningActivity({ tracking: true });
    const r = await recordDelivery(t.ctx, actor, {
      activityId: activity.id,
      startDate: '2026-11-20',
      methods: ['phone'],
      summary:
        'Amy Jones reviewed the QRIS standards with the State by phone. SCBC will send a crosswalk next week.',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.timeliness).toBe('summarized_on_time');
    expect(r.value.warnings.map((w) => w.code)).toEqual(['future_or_planning', 'names_person']);
    expect(r.value.suggestion).toBe('SCBC reviewed the QRIS standards with the State by phone.');
    const [row] = await db.select().from(deliveries);
    expect(row?.summaryWarnings).toEqual(r.value.warnings.map((w) => w.message));
    expect(row?.summaryDate).toBe('2026-11-23');
  });

  it('R15 names of requesters on the activity are coached to their title', async () => {
    const db = t.handle.db;
    const me = await createStaff(db);
    const requester = await createRequester(db, { name: 'Pat Rivera', title: 'CCDF Administrator' });
    const activity = await createActivity(db, { primaryStaff: me, tracking: true, requesters: [requester] });
    const r = await recordDelivery(t.ctx, asStaff(me.id), {
      activityId: activity.id,
      startDate: '2026-11-20',
      methods: ['email'],
      summary: 'Pat Rivera received two information products by e-mail.',
    });
    expect(r.ok && r.value.suggestion).toBe(
      'The CCDF Administrator received two information products by e-mail.',
    );
  });

  it('R4 recording TA in a month marked "no TA" removes the mark', async () => {
    const { db, activity, actor } = await planningActivity({ tracking: true, dateOpened: '2026-10-01' });
    await db.insert(noTaMonths).values({ activityId: activity.id, month: '2026-11-01' });
    const r = await recordDelivery(t.ctx, actor, {
      activityId: activity.id,
      startDate: '2026-11-20',
      methods: ['remote'],
    });
    expect(r.ok && r.value.removedNoTaMonth).toBe('2026-11');
    expect(await db.select().from(noTaMonths)).toHaveLength(0);
  });
});

describe('summaries for existing deliveries', () => {
  it('R12 adds a summary, flags lateness, and asks before replacing one', async () => {
    const { db, activity, actor } = await planningActivity({ tracking: true, dateOpened: '2026-10-01' });
    const d = await createDelivery(db, { activityId: activity.id, endDate: '2026-11-02' }); // due 2026-11-17
    const r = await addSummary(t.ctx, actor, {
      deliveryId: d.id,
      summary: 'State received remote consultation on QRIS validation.',
    });
    expect(r.ok && r.value).toMatchObject({ late: true, warnings: [] });
    const again = await addSummary(t.ctx, actor, { deliveryId: d.id, summary: 'Revised remote summary.' });
    expect(!again.ok && again.error.message).toMatch(/already has a summary/);
    const replaced = await addSummary(t.ctx, actor, {
      deliveryId: d.id,
      summary: 'Revised remote summary.',
      replace: true,
    });
    expect(replaced.ok).toBe(true);
    const [row] = await db.select().from(deliveries);
    expect(row?.summary).toBe('Revised remote summary.');
  });

  it('R12 refuses a summary once tracking is closed (plan restarted)', async () => {
    const { db, activity, actor } = await planningActivity({ tracking: true });
    const d = await createDelivery(db, { activityId: activity.id, endDate: '2026-11-20' });
    await addPlanDescription(t.ctx, actor, { activityId: activity.id, stage: 'initial', text: 'Rescoping' });
    const r = await addSummary(t.ctx, actor, { deliveryId: d.id, summary: 'State received a webinar.' });
    expect(!r.ok && r.error.code).toBe('tracking_closed');
  });
});

describe('R4 no TA this month', () => {
  it('R4 marks a month without TA, once', async () => {
    const { db, activity, actor } = await planningActivity({ dateOpened: '2026-10-01' });
    const r = await markNoTaMonth(t.ctx, actor, { activityId: activity.id, month: '2026-10' });
    expect(r.ok && r.value.alreadyMarked).toBe(false);
    const again = await markNoTaMonth(t.ctx, actor, { activityId: activity.id, month: '2026-10' });
    expect(again.ok && again.value.alreadyMarked).toBe(true);
    expect(await db.select().from(noTaMonths)).toMatchObject([
      { month: '2026-10-01', markedByStaffId: actor.kind === 'staff' ? actor.staffId : 0 },
    ]);
  });

  it.each([
    ['a delivery in the month', '2026-11', /TA was delivered .* in 2026-11/],
    ['a month that has not started', '2026-12', /has not started/],
    ['a month before the date opened', '2026-09', /opened on 10\/01\/26/],
    ['a malformed month', 'Nov 2026', /Month must be written YYYY-MM/],
  ])('R4 refuses %s', async (_name, month, message) => {
    const { db, activity, actor } = await planningActivity({ tracking: true, dateOpened: '2026-10-01' });
    await createDelivery(db, { activityId: activity.id, startDate: '2026-10-30', endDate: '2026-11-02' });
    const r = await markNoTaMonth(t.ctx, actor, { activityId: activity.id, month });
    expect(!r.ok && r.error.message).toMatch(message);
  });
});
