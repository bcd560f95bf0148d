import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, activityRequesters, auditLog, goals, planDescriptions } from '../db/schema.js';
import type { Actor } from '../src/services/context.js';
import { createActivity } from '../src/services/create-activity.js';
import { centerIdByCode, createGoal, createRequester, createStaff, firstFocus } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const asStaff = (staffId: number): Actor => ({ kind: 'staff', staffId, channel: 'console' });

async function setup() {
  const db = t.handle.db;
  const me = await createStaff(db, { states: ['CA'] });
  const { goal, area } = await createGoal(db, { stateCode: 'CA', categoryCode: 'quality_improvement' });
  const admin = await createRequester(db, { stateCode: 'CA', isCcdfAdministrator: true, name: 'Pat Rivera' });
  const input = {
    stateCode: 'CA',
    goalId: goal.id,
    strategicAreaId: area.id,
    focus: await firstFocus(db, 'quality_improvement'),
    dateOpened: '2026-11-20',
    priority: 'medium',
    requesterIds: [admin.id],
    activityType: 'targeted',
    outcomePlan: 'State will update its QRIS strategic plan by the fall of 2027.',
  };
  return { db, me, goal, area, admin, input };
}

describe('createActivity', () => {
  it('creates the activity with requesters, a plan note and an audit row', async () => {
    const { db, me, input } = await setup();
    const r = await createActivity(t.ctx, asStaff(me.id), {
      ...input,
      initialPlan: { stage: 'initial', text: 'SCBC to review QRIS standards with the State.' },
    });
    expect(r).toEqual({
      ok: true,
      value: { activityId: expect.any(Number), enteredLate: false, indirectRequest: false },
    });
    if (!r.ok) return;
    const [row] = await db.select().from(activities).where(eq(activities.id, r.value.activityId));
    expect(row).toMatchObject({
      primaryStaffId: me.id,
      primaryCenterId: me.centerId,
      activityStatus: 'planning_in_progress',
    });
    expect(
      await db.select().from(activityRequesters).where(eq(activityRequesters.activityId, row!.id)),
    ).toHaveLength(1);
    expect(await db.select().from(planDescriptions)).toMatchObject([
      { stage: 'initial', noteDate: '2026-11-23' },
    ]);
    expect(await db.select().from(auditLog)).toMatchObject([
      {
        action: 'activity.create',
        entity: 'activity',
        entityId: String(row!.id),
        actorStaffId: me.id,
        channel: 'console',
      },
    ]);
  });

  // The clock is Monday 2026-11-23 (test-db default). 3 business days before is Wed 2026-11-18.
  it.each([
    ['2026-11-23', false],
    ['2026-11-18', false],
    ['2026-11-17', true],
    ['2026-10-01', true],
  ])('R2 opened %s and entered on 2026-11-23: late=%s (saved either way)', async (dateOpened, late) => {
    const { db, me, input } = await setup();
    const r = await createActivity(t.ctx, asStaff(me.id), { ...input, dateOpened });
    expect(r.ok && r.value.enteredLate).toBe(late);
    const [row] = await db.select().from(activities);
    expect(row?.enteredLate).toBe(late);
  });

  it('R2 counts business days: opened before Thanksgiving, entered after', async () => {
    const { me, input } = await setup();
    t.clock.now = new Date('2026-11-30T15:00:00Z'); // Monday; Thu 26 is Thanksgiving
    const r = await createActivity(t.ctx, asStaff(me.id), { ...input, dateOpened: '2026-11-24' });
    expect(r.ok && r.value.enteredLate).toBe(false); // business days after: 25, 27, 30
  });

  it('refuses a date opened in the future', async () => {
    const { me, input } = await setup();
    const r = await createActivity(t.ctx, asStaff(me.id), { ...input, dateOpened: '2026-11-24' });
    expect(!r.ok && r.error.code).toBe('invalid_input');
  });

  it('R5 refuses a focus that is not on the goal category list, and suggests the list', async () => {
    const { me, input } = await setup();
    const r = await createActivity(t.ctx, asStaff(me.id), { ...input, focus: 'Fraud prevention policies' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).toContain('QRIS strategic planning');
    }
  });

  it('R5 accepts "Other" with notes', async () => {
    const { me, input } = await setup();
    const r = await createActivity(t.ctx, asStaff(me.id), {
      ...input,
      focus: 'Other',
      otherFocusNotes: 'Align QRIS investments',
    });
    expect(r.ok).toBe(true);
  });

  it('R7 refuses a requester who is not approved yet', async () => {
    const { db, me, input } = await setup();
    const pending = await createRequester(db, { approved: false, name: 'Lee New' });
    const r = await createActivity(t.ctx, asStaff(me.id), {
      ...input,
      requesterIds: [input.requesterIds[0], pending.id],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('requester_not_approved');
      expect(r.error.message).toContain('Lee New');
      expect(r.error.details).toEqual({ requesterIds: [pending.id] });
    }
    expect(await db.select().from(activities)).toHaveLength(0);
  });

  it('R21 refuses to create an activity under a closed goal', async () => {
    const { db, me, goal, input } = await setup();
    await db
      .update(goals)
      .set({ status: 'closed', closedAt: new Date('2026-11-20T15:00:00Z') })
      .where(eq(goals.id, goal.id));
    const r = await createActivity(t.ctx, asStaff(me.id), input);
    expect(!r.ok && r.error.message).toMatch(/is closed; pick an open goal/);
    expect(!r.ok && r.error.code).toBe('goal_closed');
    expect(await db.select().from(activities)).toHaveLength(0);
  });

  it('R7 refuses a requester of another State and region', async () => {
    const { db, me, input } = await setup();
    const other = await createRequester(db, { stateCode: 'NY' });
    const r = await createActivity(t.ctx, asStaff(me.id), { ...input, requesterIds: [other.id] });
    expect(!r.ok && r.error.code).toBe('invalid_input');
  });

  it.each([
    ['CCDF Administrator', { isCcdfAdministrator: true }, false],
    ['CCDF staff', { isCcdfStaff: true }, false],
    ['another partner', {}, true],
  ])('R8 requested by %s: indirect=%s', async (_who, flags, indirect) => {
    const { db, me, input } = await setup();
    const requester = await createRequester(db, { stateCode: 'CA', ...flags });
    const r = await createActivity(t.ctx, asStaff(me.id), { ...input, requesterIds: [requester.id] });
    expect(r.ok && r.value.indirectRequest).toBe(indirect);
    const [row] = await db.select().from(activities);
    expect(row?.indirectRequest).toBe(indirect);
  });

  it('R9 the primary staff defaults to the actor and their center', async () => {
    const { db, me, input } = await setup();
    const r = await createActivity(t.ctx, asStaff(me.id), input);
    expect(r.ok).toBe(true);
    const [row] = await db.select().from(activities);
    expect([row?.primaryStaffId, row?.primaryCenterId]).toEqual([me.id, me.centerId]);
  });

  it('R9 refuses a primary staff who is not a member of the primary center', async () => {
    const { db, me, input } = await setup();
    const ecqa = await centerIdByCode(db, 'ECQA');
    const r = await createActivity(t.ctx, asStaff(me.id), { ...input, primaryCenterId: ecqa });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('primary_staff_not_in_center');
      expect(r.error.message).toMatch(/belongs to SCBC, not ECQA/);
    }
  });

  it('R9 accepts another primary staff of the primary center, plus collaborators', async () => {
    const { db, me, input } = await setup();
    const colleague = await createStaff(db, { centerCode: 'ECQA' });
    const helper = await createStaff(db, { centerCode: 'NCASE' });
    const r = await createActivity(t.ctx, asStaff(me.id), {
      ...input,
      primaryStaffId: colleague.id,
      primaryCenterId: colleague.centerId,
      collaboratingStaffIds: [helper.id, me.id],
      collaboratingCenterIds: [helper.centerId],
      otherCollaborators: ['consultant', 'other'],
      otherCollaboratorDetails: 'Jo Park, Policy Analyst, State University',
    });
    expect(r.ok).toBe(true);
    const [row] = await db.select().from(activities);
    expect(row?.primaryStaffId).toBe(colleague.id);
  });

  it('R22 offers the open activity for the same State, strategic area and focus', async () => {
    const { me, input } = await setup();
    const first = await createActivity(t.ctx, asStaff(me.id), input);
    expect(first.ok).toBe(true);
    const again = await createActivity(t.ctx, asStaff(me.id), input);
    expect(again.ok).toBe(false);
    if (!again.ok && first.ok) {
      expect(again.error.code).toBe('duplicate_activity');
      expect(again.error.details).toEqual({ existingActivityId: first.value.activityId });
      expect(again.error.message).toContain(`#${first.value.activityId}`);
    }
    const forced = await createActivity(t.ctx, asStaff(me.id), { ...input, ignoreDuplicate: true });
    expect(forced.ok).toBe(true);
  });

  it('R22 a closed activity or another focus is not a duplicate', async () => {
    const { db, me, input } = await setup();
    const first = await createActivity(t.ctx, asStaff(me.id), input);
    if (!first.ok) throw new Error(first.error.message);
    const other = await createActivity(t.ctx, asStaff(me.id), { ...input, focus: 'QRIS validation' });
    expect(other.ok).toBe(true);
    await db
      .update(activities)
      .set({ completionStatus: 'cancelled', completionDate: '2026-11-23' })
      .where(eq(activities.id, first.value.activityId));
    expect((await createActivity(t.ctx, asStaff(me.id), input)).ok).toBe(true);
  });

  it('R25 a provider who does not cover the State is refused; a specialist is not', async () => {
    const { db, input } = await setup();
    const outsider = await createStaff(db, { states: ['NY'] });
    const r = await createActivity(t.ctx, asStaff(outsider.id), input);
    expect(!r.ok && r.error.code).toBe('forbidden');
    const specialist = await createStaff(db, { role: 'specialist', states: ['CA'] });
    expect((await createActivity(t.ctx, asStaff(specialist.id), input)).ok).toBe(true);
  });

  it('R25 a requester cannot create activities', async () => {
    const { admin, input } = await setup();
    const r = await createActivity(
      t.ctx,
      { kind: 'requester', requesterId: admin.id, channel: 'slack' },
      input,
    );
    expect(!r.ok && r.error.code).toBe('forbidden');
  });
});
