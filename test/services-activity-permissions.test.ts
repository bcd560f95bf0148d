// R25 who may do what on an activity, per role.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, auditLog, staff } from '../db/schema.js';
import { addFeedback } from '../src/services/add-feedback.js';
import { addResponseNote } from '../src/services/add-response-note.js';
import type { Actor } from '../src/services/context.js';
import { recordDelivery } from '../src/services/record-delivery.js';
import { updateActivity } from '../src/services/update-activity.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

type Who =
  | 'primary'
  | 'collaborator'
  | 'specialist of the State'
  | 'specialist of another State'
  | 'provider not on the activity'
  | 'admin'
  | 'requester who asked'
  | 'requester who did not ask';

/** One tracked CA activity and an actor of each kind. */
async function cast(): Promise<{ activityId: number; actors: Record<Who, Actor> }> {
  const db = t.handle.db;
  const primary = await createStaff(db, { states: ['CA'] });
  const collaborator = await createStaff(db, { centerCode: 'ECQA', states: [] });
  const caSpecialist = await createStaff(db, { role: 'specialist', states: ['CA'] });
  const nySpecialist = await createStaff(db, { role: 'specialist', states: ['NY'] });
  const provider = await createStaff(db, { states: ['CA'] });
  const admin = await createStaff(db, { role: 'admin', states: [] });
  const asker = await createRequester(db, { stateCode: 'CA' });
  const stranger = await createRequester(db, { stateCode: 'CA' });
  const activity = await createActivity(db, {
    primaryStaff: primary,
    tracking: true,
    requesters: [asker],
    collaboratingStaffIds: [collaborator.id],
  });
  const staff = (s: { id: number }): Actor => ({ kind: 'staff', staffId: s.id, channel: 'slack' });
  return {
    activityId: activity.id,
    actors: {
      primary: staff(primary),
      collaborator: staff(collaborator),
      'specialist of the State': staff(caSpecialist),
      'specialist of another State': staff(nySpecialist),
      'provider not on the activity': staff(provider),
      admin: staff(admin),
      'requester who asked': { kind: 'requester', requesterId: asker.id, channel: 'slack' },
      'requester who did not ask': { kind: 'requester', requesterId: stranger.id, channel: 'slack' },
    },
  };
}

const ALL: Who[] = [
  'primary',
  'collaborator',
  'specialist of the State',
  'specialist of another State',
  'provider not on the activity',
  'admin',
  'requester who asked',
  'requester who did not ask',
];

const editors = new Set<Who>(['primary', 'collaborator', 'specialist of the State', 'admin']);

describe('R25 permissions per role', () => {
  it.each(ALL.map((who) => [who, editors.has(who)] as const))(
    'R25 %s may edit the activity fields: %s',
    async (who, allowed) => {
      const { activityId, actors } = await cast();
      const r = await updateActivity(t.ctx, actors[who], { activityId, priority: 'high' });
      expect(r.ok).toBe(allowed);
      if (!r.ok) expect(r.error.code).toBe('forbidden');
      const [row] = await t.handle.db.select().from(activities).where(eq(activities.id, activityId));
      expect(row?.priority).toBe(allowed ? 'high' : 'medium');
    },
  );

  it.each(ALL.map((who) => [who, editors.has(who)] as const))(
    'R25 %s may record a delivery: %s',
    async (who, allowed) => {
      const { activityId, actors } = await cast();
      const r = await recordDelivery(t.ctx, actors[who], {
        activityId,
        startDate: '2026-11-20',
        methods: ['remote'],
      });
      expect(r.ok).toBe(allowed);
      if (!r.ok) expect(r.error.code).toBe('forbidden');
    },
  );

  it.each(ALL.map((who) => [who, editors.has(who) || who === 'requester who asked'] as const))(
    'R25 %s may add feedback: %s (a requester only on activities they requested)',
    async (who, allowed) => {
      const { activityId, actors } = await cast();
      const r = await addFeedback(t.ctx, actors[who], {
        activityId,
        fromName: 'Pat Rivera',
        fromTitle: 'CCDF Administrator',
        text: 'Thanks, this helped.',
      });
      expect(r.ok).toBe(allowed);
      if (!r.ok) expect(r.error.code).toBe('forbidden');
    },
  );

  it.each(ALL.map((who) => [who, ['primary', 'collaborator', 'admin'].includes(who)] as const))(
    'R18 %s may add a response note: %s',
    async (who, allowed) => {
      const { activityId, actors } = await cast();
      const r = await addResponseNote(t.ctx, actors[who], { activityId, text: 'Coordinated with ECQA.' });
      expect(r.ok).toBe(allowed);
      if (!r.ok) expect(r.error.code).toBe('forbidden');
    },
  );

  it('R25 a refused attempt changes nothing and is not audited', async () => {
    const { activityId, actors } = await cast();
    await updateActivity(t.ctx, actors['provider not on the activity'], { activityId, priority: 'high' });
    expect(await t.handle.db.select().from(auditLog)).toHaveLength(0);
  });

  it('R25 an inactive staff person is refused', async () => {
    const { activityId, actors } = await cast();
    const a = actors.primary;
    if (a.kind !== 'staff') throw new Error('expected staff');
    await t.handle.db.update(staff).set({ active: false }).where(eq(staff.id, a.staffId));
    const r = await updateActivity(t.ctx, a, { activityId, priority: 'high' });
    expect(!r.ok && r.error.code).toBe('unknown_user');
  });
});
