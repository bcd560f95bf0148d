// R22 "add to the existing one": a staff member who could have created the activity joins the open
// one as collaborating staff with their requesters, although they are not (yet) on it; someone who
// does not cover the State cannot.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, activityRequesters, auditLog } from '../db/schema.js';
import { joinActivity } from '../src/services/join-activity.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import {
  collaboratorIds,
  createActivity,
  createGoal,
  createRequester,
  createStaff,
} from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const OUTCOME = 'The State will adopt a revised QRIS framework with measurable tiers by June 2027.';

async function setup() {
  const owner = await createStaff(t.ctx.db, { states: ['MD'], name: 'Olive Owner' });
  const me = await createStaff(t.ctx.db, { states: ['MD'], name: 'Jamie Joiner', centerCode: 'NCSIA' });
  const { goal, area } = await createGoal(t.ctx.db, { stateCode: 'MD', categoryCode: 'quality_improvement' });
  const admin = await createRequester(t.ctx.db, {
    stateCode: 'MD',
    name: 'Morgan Ellis',
    title: 'CCDF Administrator',
    isCcdfAdministrator: true,
  });
  const partner = await createRequester(t.ctx.db, {
    stateCode: 'MD',
    name: 'Casey Nguyen',
    title: 'QRIS Manager',
  });
  const existing = await createActivity(t.ctx.db, {
    primaryStaff: owner,
    goal,
    area,
    focus: 'QRIS strategic planning',
    requesters: [admin],
  });
  return { owner, me, admin, partner, existing };
}

describe('R22 add to existing', () => {
  it('R22 a provider who covers the State, not on the activity, joins it with their requesters', async () => {
    const { me, admin, partner, existing } = await setup();
    const form = {
      answer: {
        focus: 'QRIS strategic planning',
        dateOpened: 'today',
        priority: 'medium',
        requesterIds: 'Casey Nguyen',
        primaryStaffId: 'me',
        collaborators: 'none',
        otherCollaborators: 'none',
        activityType: 'targeted',
        outcomePlan: OUTCOME,
        initialPlan: 'skip',
      },
    };
    await converse(engineFor(t.ctx), speakerFor(me), [
      ['/ta new', { prompt: 'focus' }],
      [form, { prompt: 'confirm' }],
      ['yes', { prompt: 'confirm', error: new RegExp(`#${existing.id} is already open`) }],
      ['Add to existing', { done: 'completed', messages: /instead of creating a duplicate \(R22\)/ }],
    ]);
    expect(await collaboratorIds(t.ctx.db, existing.id)).toEqual([me.id]);
    const reqs = await t.ctx.db
      .select()
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, existing.id));
    expect(reqs.map((r) => r.requesterId).sort()).toEqual([admin.id, partner.id].sort());
    expect(await t.ctx.db.select().from(activities)).toHaveLength(1);
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'activity.join'));
    expect(audit).toMatchObject({ actorStaffId: me.id, entityId: String(existing.id) });
  });

  it('R22 R25 someone who does not cover the State cannot join', async () => {
    const { existing, partner } = await setup();
    const stranger = await createStaff(t.ctx.db, { states: ['TX'] });
    const r = await joinActivity(
      t.ctx,
      { kind: 'staff', staffId: stranger.id, channel: 'console' },
      {
        activityId: existing.id,
        requesterIds: [partner.id],
      },
    );
    expect(!r.ok && r.error.code).toBe('forbidden');
    expect(await collaboratorIds(t.ctx.db, existing.id)).toEqual([]);
  });
});
