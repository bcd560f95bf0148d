// `/ta edit`: R9 every field of an open activity changes after creation — priority (R6), type (R13),
// outcome plan (R10), requesters (R7), collaborators, other collaborators and details — by those R25
// allows, each change audited; a new focus or strategic area re-runs the R22 duplicate check.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  activities,
  activityOtherCollaborators,
  activityRequesters,
  auditLog,
  goalStrategicAreas,
} from '../db/schema.js';
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

async function setup() {
  const me = await createStaff(t.ctx.db, { states: ['MD'], name: 'Pat Primary' });
  const colleague = await createStaff(t.ctx.db, {
    states: ['MD'],
    name: 'Jo Colleague',
    centerCode: 'NCSIA',
  });
  const { goal, area } = await createGoal(t.ctx.db, { stateCode: 'MD', categoryCode: 'quality_improvement' });
  const [area2] = await t.ctx.db
    .insert(goalStrategicAreas)
    .values({ goalId: goal.id, name: 'Provider engagement' })
    .returning();
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
  const a = await createActivity(t.ctx.db, {
    primaryStaff: me,
    goal,
    area,
    focus: 'QRIS strategic planning',
    requesters: [admin],
  });
  return {
    me,
    colleague,
    goal,
    area,
    area2: area2!,
    admin,
    partner,
    a,
    engine: engineFor(t.ctx),
    speaker: speakerFor(me),
  };
}

const activityRow = async (id: number) =>
  (await t.ctx.db.select().from(activities).where(eq(activities.id, id)))[0]!;

describe('/ta edit', () => {
  it('R6 R7 R9 R10 R13 changes several fields at once, asking again after bad answers, audited', async () => {
    const { me, colleague, admin, partner, a, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta edit ${a.id}`, { prompt: 'fields' }],
      ['the colour', { prompt: 'fields', error: /not one of the choices/ }],
      [
        'priority, type, outcome plan, requesters, collaborating, other collaborators',
        { prompt: 'priority' },
      ],
      ['urgent', { prompt: 'priority', error: /not one of the choices/ }],
      ['high', { prompt: 'activityType' }],
      ['', { prompt: 'outcomePlan' }], // keeps "targeted"
      ['Better', { prompt: 'outcomePlan', error: /too short/ }],
      [
        'The State will publish revised QRIS tiers for all programs by June 2027.',
        { prompt: 'requesterIds', messages: /Requesters now: Morgan Ellis/ },
      ],
      ['- Morgan Ellis', { prompt: 'requesterIds', error: /Keep at least one requester.*\(R7\)/ }],
      ['+ Casey Nguyen, - Nobody', { prompt: 'requesterIds', error: /"Nobody" is not a requester/ }],
      ['+ Casey Nguyen', { prompt: 'collaborators' }],
      ['+ NCSIA, + Jo Colleague', { prompt: 'otherCollaborators' }],
      ['consultant, other', { prompt: 'otherCollaboratorDetails' }],
      ['', { prompt: 'otherCollaboratorDetails', error: /needs details/ }],
      [
        'Lee Park, QRIS consultant, Park Associates',
        {
          prompt: 'confirm',
          preview: {
            Priority: /high \(was medium\)/,
            'Activity type': /targeted/,
            Requesters: /Morgan Ellis; Casey Nguyen \(was Morgan Ellis\)/,
            Collaborators: /NCSIA, Jo Colleague/,
            'Other collaborators': /Consultant.*Other \(Lee Park/,
          },
        },
      ],
      ['yes', { done: 'completed', messages: new RegExp(`Updated #${a.id}: .*priority.*requesters`) }],
    ]);
    expect(await activityRow(a.id)).toMatchObject({
      priority: 'high',
      activityType: 'targeted',
      outcomePlan: 'The State will publish revised QRIS tiers for all programs by June 2027.',
      otherCollaboratorDetails: 'Lee Park, QRIS consultant, Park Associates',
    });
    const reqs = await t.ctx.db
      .select()
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, a.id));
    expect(reqs.map((r) => r.requesterId).sort()).toEqual([admin.id, partner.id].sort());
    expect(await collaboratorIds(t.ctx.db, a.id)).toEqual([colleague.id]);
    const others = await t.ctx.db
      .select()
      .from(activityOtherCollaborators)
      .where(eq(activityOtherCollaborators.activityId, a.id));
    expect(others.map((o) => o.collaboratorCode).sort()).toEqual(['consultant', 'other']);
    await converse(engine, speaker, [
      [`/ta show ${a.id}`, { messages: /Other collaborators: .*Consultant.*\(Lee Park, QRIS consultant/ }],
    ]);
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'activity.update'));
    expect(audit).toMatchObject({ actorStaffId: me.id, channel: 'console', entityId: String(a.id) });
    expect(Object.keys(audit!.changes).sort()).toEqual(
      [
        'collaboratingCenterIds',
        'collaboratingStaffIds',
        'otherCollaboratorDetails',
        'otherCollaborators',
        'outcomePlan',
        'priority',
        'requesterIds',
      ].sort(),
    );
  });

  it('R22 a new strategic area that duplicates an open activity offers "save anyway"', async () => {
    const { me, goal, area2, admin, a, engine, speaker } = await setup();
    const other = await createActivity(t.ctx.db, {
      primaryStaff: me,
      goal,
      area: area2,
      focus: 'QRIS strategic planning',
      requesters: [admin],
    });
    await converse(engine, speaker, [
      [`/ta edit ${a.id} strategic area`, { prompt: 'strategicAreaId' }],
      [
        'Provider engagement',
        { prompt: 'confirm', preview: { 'Strategic area': /Provider engagement \(was / } },
      ],
      ['yes', { prompt: 'confirm', error: new RegExp(`#${other.id} is already open`) }],
      ['Save anyway', { done: 'completed', messages: /Updated .*strategic area/ }],
    ]);
    expect((await activityRow(a.id)).strategicAreaId).toBe(area2.id);
  });

  it('R5 R22 a new focus is checked for duplicates too; a unique one is saved', async () => {
    const { a, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta edit ${a.id} focus`, { prompt: 'focus' }],
      ['Other', { prompt: 'otherFocusNotes' }],
      [
        'Align QRIS investments with provider costs',
        { prompt: 'confirm', preview: { 'TA focus': /^Other: Align/ } },
      ],
      ['yes', { done: 'completed', messages: /TA focus/ }],
    ]);
    expect(await activityRow(a.id)).toMatchObject({
      focus: 'Other',
      otherFocusNotes: 'Align QRIS investments with provider costs',
    });
  });

  it('R25 someone not on the activity is told at once; a closed activity cannot be edited', async () => {
    const { me, a, engine } = await setup();
    const stranger = await createStaff(t.ctx.db, { states: ['TX'] });
    await converse(engine, speakerFor(stranger), [
      [`/ta edit ${a.id}`, { prompt: null, error: /not primary or collaborating staff/ }],
    ]);
    await t.ctx.db
      .update(activities)
      .set({ completionStatus: 'cancelled', completionDate: '2026-11-20' })
      .where(eq(activities.id, a.id));
    await converse(engine, speakerFor(me), [[`/ta edit ${a.id}`, { prompt: null, error: /is cancelled/ }]]);
  });
});
