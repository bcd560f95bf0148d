// The ask for requester feedback (R20): recorded once on the activity, audited every time, only by
// someone who may edit the activity (R25).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, auditLog } from '../db/schema.js';
import type { Actor } from '../src/services/context.js';
import { recordFeedbackRequest } from '../src/services/request-feedback.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const asStaff = (staffId: number): Actor => ({ kind: 'staff', staffId, channel: 'slack' });
const row = async (id: number) => (await t.ctx.db.select().from(activities).where(eq(activities.id, id)))[0]!;

async function tracked(extra: Partial<Parameters<typeof createActivity>[1]> = {}) {
  const db = t.ctx.db;
  const me = await createStaff(db);
  const ana = await createRequester(db, { name: 'Ana Lopez', title: 'CCDF Administrator' });
  const ben = await createRequester(db, { name: 'Ben Ortiz', title: 'QRIS Manager' });
  const activity = await createActivity(db, {
    primaryStaff: me,
    tracking: true,
    requesters: [ben, ana],
    ...extra,
  });
  return { me, ana, ben, activity };
}

describe('R20 recording the ask for requester feedback', () => {
  it('R20 sets feedbackRequestedAt once, lists the requesters, and audits every ask', async () => {
    const { me, ana, ben, activity } = await tracked();
    const first = await recordFeedbackRequest(t.ctx, asStaff(me.id), { activityId: activity.id });
    expect(first).toEqual({
      ok: true,
      value: {
        activityId: activity.id,
        alreadyRequested: false,
        requesters: [
          { id: ana.id, name: 'Ana Lopez', title: 'CCDF Administrator', email: ana.email },
          { id: ben.id, name: 'Ben Ortiz', title: 'QRIS Manager', email: ben.email },
        ],
      },
    });
    const askedAt = t.clock.now;
    expect((await row(activity.id)).feedbackRequestedAt).toEqual(askedAt);

    t.clock.now = new Date(askedAt.getTime() + 86_400_000);
    const again = await recordFeedbackRequest(t.ctx, asStaff(me.id), { activityId: activity.id });
    expect(again.ok && again.value.alreadyRequested).toBe(true);
    // The first ask's date is kept.
    expect((await row(activity.id)).feedbackRequestedAt).toEqual(askedAt);
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'request_feedback'));
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      actorStaffId: me.id,
      channel: 'slack',
      entity: 'activity',
      entityId: String(activity.id),
      changes: { alreadyRequested: false, requesterIds: [ana.id, ben.id] },
    });
  });

  it('R20 a closed activity may still be asked (late feedback)', async () => {
    const { me, activity } = await tracked({
      completionStatus: 'closed',
      completionDate: '2026-11-20',
      outcomeReport: 'The State adopted revised tiers.',
    });
    const r = await recordFeedbackRequest(t.ctx, asStaff(me.id), { activityId: activity.id });
    expect(r.ok).toBe(true);
  });

  it.each([
    {
      name: 'R20 a cancelled activity had no TA to ask about',
      extra: { completionStatus: 'cancelled' as const, completionDate: '2026-11-20' },
      code: 'activity_closed',
      message: /cancelled/,
    },
    {
      name: 'R20 refuses before tracking is open (R12)',
      extra: { tracking: false },
      code: 'tracking_closed',
      message: /ask for requester feedback/,
    },
    {
      name: 'R20 refuses an activity without requesters',
      extra: { requesters: [] },
      code: 'invalid_input',
      message: /no requesters/,
    },
  ])('$name', async ({ extra, code, message }) => {
    const { me, activity } = await tracked(extra);
    const r = await recordFeedbackRequest(t.ctx, asStaff(me.id), { activityId: activity.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
    expect((await row(activity.id)).feedbackRequestedAt).toBeNull();
    expect(await t.ctx.db.select().from(auditLog)).toHaveLength(0);
  });

  it('R25 refuses staff who are not on the activity, a requester, and a bad activity id', async () => {
    const { ana, activity } = await tracked();
    const stranger = await createStaff(t.ctx.db, { states: ['TX'] });
    const cases: [Actor, unknown, string][] = [
      [asStaff(stranger.id), { activityId: activity.id }, 'forbidden'],
      [
        { kind: 'requester', requesterId: ana.id, channel: 'slack' },
        { activityId: activity.id },
        'forbidden',
      ],
      [asStaff(stranger.id), { activityId: 'twelve' }, 'invalid_input'],
      [asStaff(stranger.id), { activityId: activity.id + 1000 }, 'not_found'],
    ];
    for (const [actor, input, code] of cases) {
      const r = await recordFeedbackRequest(t.ctx, actor, input);
      expect(r.ok ? 'ok' : r.error.code, JSON.stringify(input)).toBe(code);
    }
    expect((await row(activity.id)).feedbackRequestedAt).toBeNull();
  });
});
