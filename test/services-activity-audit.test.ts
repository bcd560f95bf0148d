// One use case = one transaction: a failure midway leaves no partial rows and no audit row; every
// successful write leaves an audit row with actor, channel and what changed (R25).
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, activityRequesters, auditLog, planDescriptions, requesters } from '../db/schema.js';
import type { Result } from '../src/errors.js';
import { addFeedback } from '../src/services/add-feedback.js';
import { addPlanDescription } from '../src/services/add-plan-description.js';
import { addResponseNote } from '../src/services/add-response-note.js';
import { addSummary } from '../src/services/add-summary.js';
import { cancelActivity } from '../src/services/cancel-activity.js';
import { closeActivity } from '../src/services/close-activity.js';
import type { Actor, ServiceContext } from '../src/services/context.js';
import { createActivity } from '../src/services/create-activity.js';
import { markNoTaMonth } from '../src/services/mark-no-ta-month.js';
import { reassignPrimaryStaff } from '../src/services/reassign-primary-staff.js';
import { recordDelivery } from '../src/services/record-delivery.js';
import { setActivityStatus } from '../src/services/set-activity-status.js';
import { updateActivity } from '../src/services/update-activity.js';
import * as fx from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function countRows() {
  const db = t.handle.db;
  return {
    activities: (await db.select().from(activities)).length,
    activityRequesters: (await db.select().from(activityRequesters)).length,
    planDescriptions: (await db.select().from(planDescriptions)).length,
    audit: (await db.select().from(auditLog)).length,
  };
}

describe('atomic use cases', () => {
  it('a database failure midway (plan note refused after the activity row) leaves no partial rows and no audit row', async () => {
    const db = t.handle.db;
    const me = await fx.createStaff(db);
    const { goal, area } = await fx.createGoal(db);
    const requester = await fx.createRequester(db, { isCcdfAdministrator: true });
    const before = await countRows();
    // A constraint that fails every new plan note: the activity and its requesters are already
    // inserted when createActivity reaches the plan note.
    await db.execute(
      sql`alter table plan_descriptions add constraint test_refuse_plans check (false) not valid`,
    );
    try {
      await expect(
        createActivity(
          t.ctx,
          { kind: 'staff', staffId: me.id, channel: 'console' },
          {
            stateCode: 'CA',
            goalId: goal.id,
            strategicAreaId: area.id,
            focus: await fx.firstFocus(db, goal.categoryCode),
            dateOpened: '2026-11-20',
            priority: 'low',
            requesterIds: [requester.id],
            activityType: 'universal',
            outcomePlan: 'State will publish revised QRIS standards by June 2027.',
            initialPlan: { stage: 'initial', text: 'SCBC to review the standards.' },
          },
        ),
      ).rejects.toThrow(/Failed query: insert into "plan_descriptions"/);
    } finally {
      await db.execute(sql`alter table plan_descriptions drop constraint test_refuse_plans`);
    }
    expect(await countRows()).toEqual(before);
  });

  it('R8 a typed refusal after writes (requesters replaced, then refused) rolls the writes back', async () => {
    const db = t.handle.db;
    const me = await fx.createStaff(db);
    const admin = await fx.createRequester(db, { isCcdfAdministrator: true });
    const activity = await fx.createActivity(db, { primaryStaff: me, tracking: true, requesters: [admin] });
    const partner = await fx.createRequester(db);
    const r = await updateActivity(
      t.ctx,
      { kind: 'staff', staffId: me.id, channel: 'console' },
      {
        activityId: activity.id,
        priority: 'high',
        requesterIds: [partner.id],
      },
    );
    expect(!r.ok && r.error.code).toBe('indirect_request_not_approved');
    const links = await db.select().from(activityRequesters);
    expect(links.map((l) => l.requesterId)).toEqual([admin.id]);
    const [row] = await db.select().from(activities);
    expect(row?.priority).toBe('medium');
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });
});

type Step = (ctx: ServiceContext, actor: Actor, ids: Ids) => Promise<Result<unknown>>;
interface Ids {
  activityId: number;
  planningActivityId: number;
  deliveryId: number;
  goalId: number;
  areaId: number;
  requesterId: number;
  otherStaffId: number;
}

const writes: [string, string, Step][] = [
  [
    'createActivity',
    'activity.create',
    (ctx, actor, ids) =>
      createActivity(ctx, actor, {
        stateCode: 'CA',
        goalId: ids.goalId,
        strategicAreaId: ids.areaId,
        focus: 'Other',
        otherFocusNotes: 'Tiered reimbursement',
        dateOpened: '2026-11-20',
        priority: 'low',
        requesterIds: [ids.requesterId],
        activityType: 'universal',
        outcomePlan: 'State will publish revised QRIS standards by June 2027.',
      }),
  ],
  [
    'updateActivity',
    'activity.update',
    (ctx, actor, ids) => updateActivity(ctx, actor, { activityId: ids.activityId, priority: 'high' }),
  ],
  [
    'addPlanDescription',
    'plan_description.add',
    (ctx, actor, ids) =>
      addPlanDescription(ctx, actor, {
        activityId: ids.planningActivityId,
        stage: 'initial',
        text: 'SCBC to gather examples.',
      }),
  ],
  [
    'setActivityStatus',
    'activity.set_status',
    (ctx, actor, ids) =>
      setActivityStatus(ctx, actor, { activityId: ids.planningActivityId, status: 'on_hold' }),
  ],
  [
    'reassignPrimaryStaff',
    'activity.reassign_primary',
    (ctx, actor, ids) =>
      reassignPrimaryStaff(ctx, actor, { activityId: ids.activityId, staffId: ids.otherStaffId }),
  ],
  [
    'recordDelivery',
    'delivery.record',
    (ctx, actor, ids) =>
      recordDelivery(ctx, actor, {
        activityId: ids.activityId,
        startDate: '2026-11-20',
        methods: ['webinar'],
      }),
  ],
  [
    'addSummary',
    'summary.add',
    (ctx, actor, ids) =>
      addSummary(ctx, actor, {
        deliveryId: ids.deliveryId,
        summary: 'State received a webinar on QRIS validation.',
      }),
  ],
  [
    'markNoTaMonth',
    'no_ta_month.mark',
    (ctx, actor, ids) => markNoTaMonth(ctx, actor, { activityId: ids.planningActivityId, month: '2026-11' }),
  ],
  [
    'addFeedback',
    'feedback.add',
    (ctx, actor, ids) =>
      addFeedback(ctx, actor, {
        activityId: ids.activityId,
        fromName: 'Pat Rivera',
        fromTitle: 'CCDF Administrator',
        text: 'Thanks!',
      }),
  ],
  [
    'addResponseNote',
    'response_note.add',
    (ctx, actor, ids) =>
      addResponseNote(ctx, actor, { activityId: ids.activityId, text: 'Called the State.' }),
  ],
  [
    'cancelActivity',
    'activity.cancel',
    (ctx, actor, ids) => cancelActivity(ctx, actor, { activityId: ids.planningActivityId }),
  ],
  [
    'closeActivity',
    'activity.close',
    async (ctx, actor, ids) => {
      const s = await addSummary(ctx, actor, {
        deliveryId: ids.deliveryId,
        summary: 'State received a webinar.',
      });
      if (!s.ok) return s;
      return closeActivity(ctx, actor, {
        activityId: ids.activityId,
        completionDate: '2026-11-23',
        outcomeReport: 'State adopted the revised standards.',
        feedbackRequested: true,
      });
    },
  ],
];

describe('R25 every write is audited', () => {
  it.each(writes)(
    'R25 %s writes an audit row (%s) with actor, channel and changes',
    async (_name, action, step) => {
      const db = t.handle.db;
      const me = await fx.createStaff(db);
      const other = await fx.createStaff(db, { centerCode: 'ECQA' });
      const { goal, area } = await fx.createGoal(db);
      const requester = await fx.createRequester(db, { isCcdfAdministrator: true });
      const activity = await fx.createActivity(db, {
        primaryStaff: me,
        goal,
        area,
        tracking: true,
        dateOpened: '2026-10-01',
      });
      const planning = await fx.createActivity(db, {
        primaryStaff: me,
        goal,
        area,
        dateOpened: '2026-10-01',
      });
      const delivery = await fx.createDelivery(db, { activityId: activity.id, endDate: '2026-11-02' });
      const ids = {
        activityId: activity.id,
        planningActivityId: planning.id,
        deliveryId: delivery.id,
        goalId: goal.id,
        areaId: area.id,
        requesterId: requester.id,
        otherStaffId: other.id,
      };
      const r = await step(t.ctx, { kind: 'staff', staffId: me.id, channel: 'teams' }, ids);
      expect(r.ok ? 'ok' : r.error.message).toBe('ok');
      const rows = await db.select().from(auditLog);
      const row = rows.find((a) => a.action === action);
      expect(row).toMatchObject({
        actorStaffId: me.id,
        actorRequesterId: null,
        channel: 'teams',
        at: t.clock.now,
      });
      expect(Object.keys(row?.changes ?? {}).length).toBeGreaterThan(0);
    },
  );

  it("R25 a requester's feedback is audited with the requester as actor", async () => {
    const db = t.handle.db;
    const me = await fx.createStaff(db);
    const pat = await fx.createRequester(db, { name: 'Pat Rivera' });
    const activity = await fx.createActivity(db, { primaryStaff: me, tracking: true, requesters: [pat] });
    const r = await addFeedback(
      t.ctx,
      { kind: 'requester', requesterId: pat.id, channel: 'slack' },
      { activityId: activity.id, text: 'Very useful.' },
    );
    expect(r.ok).toBe(true);
    expect(await db.select().from(auditLog)).toMatchObject([
      {
        actorStaffId: null,
        actorRequesterId: pat.id,
        channel: 'slack',
        action: 'feedback.add',
        changes: { fromName: 'Pat Rivera' },
      },
    ]);
    expect((await db.select().from(requesters)).length).toBe(1);
  });
});
