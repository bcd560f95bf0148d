// R21 goals through the services: create, add strategic areas, dated notes (R14), close (admin only,
// every activity closed or cancelled, explanatory note). R25 permissions and the audit log.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, goalNotes, goalStrategicAreas, goals } from '../db/schema.js';
import { ErrorCode } from '../src/errors.js';
import { addGoalNote } from '../src/services/add-goal-note.js';
import { addStrategicArea } from '../src/services/add-strategic-area.js';
import { closeGoal } from '../src/services/close-goal.js';
import type { Actor } from '../src/services/context.js';
import { createGoal } from '../src/services/create-goal.js';
import {
  createActivity,
  createRequester,
  createStaff,
  createGoal as insertGoal,
} from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const as = (s: { id: number }): Actor => ({ kind: 'staff', staffId: s.id, channel: 'console' });

const goalInput = {
  stateCode: 'MD',
  categoryCode: 'quality_improvement',
  relatedCategoryCode: 'workforce',
  readiness: 'somewhat',
  startDate: '2026-10-01',
  title: 'Maryland will revise its QRIS to reward infant and toddler quality.',
  strategicAreas: [{ name: 'quality rating and improvement system (qris)', notes: 'Tier standards.' }],
};

async function audits(action: string) {
  return t.ctx.db.select().from(auditLog).where(eq(auditLog.action, action));
}

describe('R21 create goal', () => {
  it('R21 creates a goal with its strategic areas, spelled as in the standard list, and audits it', async () => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['MD'] });
    const result = await createGoal(t.ctx, as(specialist), goalInput);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.goal).toMatchObject({
      stateCode: 'MD',
      categoryCode: 'quality_improvement',
      relatedCategoryCode: 'workforce',
      readiness: 'somewhat',
      startDate: '2026-10-01',
      status: 'open',
      createdByStaffId: specialist.id,
    });
    expect(result.value.strategicAreas.map((a) => [a.name, a.notes])).toEqual([
      ['Quality rating and improvement system (QRIS)', 'Tier standards.'],
    ]);
    expect(result.value.otherOpenGoalsInCategory).toEqual([]);
    const [audit] = await audits('create_goal');
    expect(audit).toMatchObject({
      actorStaffId: specialist.id,
      channel: 'console',
      entityId: String(result.value.goal.id),
    });
  });

  it('R21 points to open goals of the same category, which the guide prefers to refine', async () => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['MD'] });
    const first = await createGoal(t.ctx, as(specialist), goalInput);
    const second = await createGoal(t.ctx, as(specialist), { ...goalInput, strategicAreas: [] });
    expect(first.ok && second.ok && second.value.otherOpenGoalsInCategory).toEqual([
      first.ok && first.value.goal.id,
    ]);
  });

  it.each([
    [{ relatedCategoryCode: 'quality_improvement' }, /Related goal category must differ/],
    [{ categoryCode: 'astrology' }, /"astrology" is not a goal category/],
    [{ relatedCategoryCode: 'astrology' }, /"astrology" is not a goal category/],
    [{ startDate: '2026-11-24' }, /start date 11\/24\/26 is in the future/],
    [{ readiness: 'eager' }, /Readiness must be least, somewhat or most/],
    [
      { strategicAreas: [{ name: 'Underwater basket weaving' }] },
      /not a strategic area of this goal category/,
    ],
    [{ strategicAreas: [{ name: 'Other' }] }, /"Other" needs notes/],
    [
      { strategicAreas: [{ name: 'Infant and toddler quality' }, { name: 'infant and toddler quality' }] },
      /listed twice/,
    ],
  ])('R21 refuses %j and saves nothing', async (change, message) => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['MD'] });
    const result = await createGoal(t.ctx, as(specialist), { ...goalInput, ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(message);
    expect(await t.ctx.db.select().from(goals)).toEqual([]);
    expect(await t.ctx.db.select().from(goalStrategicAreas)).toEqual([]);
    expect(await audits('create_goal')).toEqual([]);
  });

  it('R21 R25 only the specialist of the State (or an admin) creates its goals', async () => {
    const elsewhere = await createStaff(t.ctx.db, { role: 'specialist', states: ['GU'] });
    const provider = await createStaff(t.ctx.db, { role: 'provider', states: ['MD'] });
    const admin = await createStaff(t.ctx.db, { role: 'admin', states: [] });
    const requester = await createRequester(t.ctx.db, { stateCode: 'MD' });
    const refused = await createGoal(t.ctx, as(elsewhere), goalInput);
    expect(refused.ok || refused.error.code).toBe(ErrorCode.Forbidden);
    expect(refused.ok || refused.error.message).toMatch(/do not cover MD/);
    const byRequester = await createGoal(
      t.ctx,
      { kind: 'requester', requesterId: requester.id, channel: 'slack' },
      goalInput,
    );
    expect(byRequester.ok || byRequester.error.code).toBe(ErrorCode.Forbidden);
    const byProvider = await createGoal(t.ctx, as(provider), goalInput);
    expect(byProvider.ok || byProvider.error.message).toMatch(/Only the State Systems Specialist for MD/);
    expect((await createGoal(t.ctx, as(admin), goalInput)).ok).toBe(true);
    const badState = await createGoal(t.ctx, as(admin), { ...goalInput, stateCode: 'ZZ' });
    expect(badState.ok || badState.error.message).toMatch(/ZZ is not a State or Territory code/);
  });
});

describe('R21 strategic areas and notes', () => {
  it('R21 adds a strategic area with notes to an open goal', async () => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['CA'] });
    const { goal } = await insertGoal(t.ctx.db, { stateCode: 'CA', categoryCode: 'financial_assistance' });
    const result = await addStrategicArea(t.ctx, as(specialist), {
      goalId: goal.id,
      name: 'CONTINUITY OF CARE',
      notes: 'Absence days and redetermination.',
    });
    expect(result.ok && [result.value.name, result.value.notes]).toEqual([
      'Continuity of care',
      'Absence days and redetermination.',
    ]);
    expect(await audits('add_strategic_area')).toHaveLength(1);
  });

  it('R21 refuses a strategic area the goal already has, offering the existing one', async () => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['CA'] });
    const { goal, area } = await insertGoal(t.ctx.db, {
      stateCode: 'CA',
      categoryCode: 'financial_assistance',
    });
    const result = await addStrategicArea(t.ctx, as(specialist), {
      goalId: goal.id,
      name: area.name.toUpperCase(),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(ErrorCode.StrategicAreaExists);
    expect(result.error.details).toEqual({ existingStrategicAreaId: area.id });
  });

  it('R21 refuses strategic areas on a closed goal and for staff who do not cover the State', async () => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['CA'] });
    const outsider = await createStaff(t.ctx.db, { role: 'provider', states: ['TX'] });
    const { goal } = await insertGoal(t.ctx.db, { stateCode: 'CA', categoryCode: 'workforce' });
    const forbidden = await addStrategicArea(t.ctx, as(outsider), {
      goalId: goal.id,
      name: 'Compensation and benefits',
    });
    expect(forbidden.ok || forbidden.error.code).toBe(ErrorCode.Forbidden);
    await t.ctx.db.update(goals).set({ status: 'closed', closedAt: new Date() }).where(eq(goals.id, goal.id));
    const closed = await addStrategicArea(t.ctx, as(specialist), {
      goalId: goal.id,
      name: 'Compensation and benefits',
    });
    expect(closed.ok || closed.error.code).toBe(ErrorCode.GoalClosed);
    const missing = await addStrategicArea(t.ctx, as(specialist), {
      goalId: 9999,
      name: 'Compensation and benefits',
    });
    expect(missing.ok || missing.error.code).toBe(ErrorCode.NotFound);
  });

  it('R14 a goal update note is dated today in the program time zone, with its author', async () => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['CA'] });
    const { goal } = await insertGoal(t.ctx.db, { stateCode: 'CA' });
    t.clock.now = new Date('2026-11-24T03:00:00Z'); // still 11/23 in New York
    const result = await addGoalNote(t.ctx, as(specialist), {
      goalId: goal.id,
      text: 'State wants to focus on infant/toddler ELGs only. Goal updated to reflect this change.',
    });
    expect(result.ok && result.value).toMatchObject({
      kind: 'update',
      noteDate: '2026-11-23',
      authorStaffId: specialist.id,
    });
    const backdated = await addGoalNote(t.ctx, as(specialist), {
      goalId: goal.id,
      text: 'x',
      noteDate: '2026-11-02',
    });
    expect(backdated.ok && backdated.value.noteDate).toBe('2026-11-02');
    const future = await addGoalNote(t.ctx, as(specialist), {
      goalId: goal.id,
      text: 'x',
      noteDate: '2026-11-24',
    });
    expect(future.ok || future.error.message).toMatch(/in the future/);
    expect(await audits('add_goal_note')).toHaveLength(2);
  });
});

describe('R21 close goal', () => {
  async function goalWithActivities(completions: ('open' | 'closed' | 'cancelled')[]) {
    const provider = await createStaff(t.ctx.db, { role: 'provider', states: ['CA'] });
    const { goal, area } = await insertGoal(t.ctx.db, { stateCode: 'CA' });
    const activities = [];
    for (const status of completions) {
      const done =
        status === 'open'
          ? {}
          : {
              completionStatus: status,
              completionDate: '2026-11-20',
              outcomeReport: status === 'closed' ? 'State adopted it.' : null,
            };
      activities.push(await createActivity(t.ctx.db, { primaryStaff: provider, goal, area, ...done }));
    }
    return { goal, activities };
  }

  it('R21 an admin closes a goal whose activities are all closed or cancelled, with a dated completion note', async () => {
    const admin = await createStaff(t.ctx.db, { role: 'admin', states: [] });
    const { goal } = await goalWithActivities(['closed', 'cancelled']);
    const result = await closeGoal(t.ctx, as(admin), {
      goalId: goal.id,
      note: 'All TA activities complete. No further TA requested.',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.goal).toMatchObject({
      status: 'closed',
      closedByStaffId: admin.id,
      closedAt: t.clock.now,
    });
    expect(result.value.completionNote).toMatchObject({
      kind: 'completion',
      noteDate: '2026-11-23',
      authorStaffId: admin.id,
    });
    expect(await audits('close_goal')).toHaveLength(1);
  });

  it('R21 refuses while an activity under the goal is open, naming it, and changes nothing', async () => {
    const admin = await createStaff(t.ctx.db, { role: 'admin', states: [] });
    const { goal, activities } = await goalWithActivities(['closed', 'open']);
    const result = await closeGoal(t.ctx, as(admin), {
      goalId: goal.id,
      note: 'State no longer wants to focus on this goal.',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(ErrorCode.CannotCloseGoal);
    expect(result.error.message).toContain(`#${activities[1]!.id}`);
    expect(result.error.details).toEqual({ openActivityIds: [activities[1]!.id] });
    const [after] = await t.ctx.db.select().from(goals).where(eq(goals.id, goal.id));
    expect(after?.status).toBe('open');
    expect(
      await t.ctx.db
        .select()
        .from(goalNotes)
        .where(and(eq(goalNotes.goalId, goal.id))),
    ).toEqual([]);
    expect(await audits('close_goal')).toEqual([]);
  });

  it('R21 R25 only an admin closes a goal, even the State specialist cannot', async () => {
    const specialist = await createStaff(t.ctx.db, { role: 'specialist', states: ['CA'] });
    const { goal } = await goalWithActivities(['closed']);
    const result = await closeGoal(t.ctx, as(specialist), { goalId: goal.id, note: 'All done.' });
    expect(result.ok || result.error.code).toBe(ErrorCode.Forbidden);
    expect(result.ok || result.error.message).toMatch(/Only a TAT administrator/);
  });

  it('R21 closing needs an explanatory note, and a closed goal cannot be closed again', async () => {
    const admin = await createStaff(t.ctx.db, { role: 'admin', states: [] });
    const { goal } = await goalWithActivities([]);
    const noNote = await closeGoal(t.ctx, as(admin), { goalId: goal.id, note: ' ' });
    expect(noNote.ok || noNote.error.code).toBe(ErrorCode.InvalidInput);
    expect(
      (await closeGoal(t.ctx, as(admin), { goalId: goal.id, note: 'No activities were needed.' })).ok,
    ).toBe(true);
    const again = await closeGoal(t.ctx, as(admin), { goalId: goal.id, note: 'Again.' });
    expect(again.ok || again.error.code).toBe(ErrorCode.GoalClosed);
    const missing = await closeGoal(t.ctx, as(admin), { goalId: 4242, note: 'x' });
    expect(missing.ok || missing.error.code).toBe(ErrorCode.NotFound);
  });
});
