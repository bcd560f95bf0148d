// `/ta new`: every step with a bad answer, R2 late entry, R5 other focus, R7 new requesters (proposed
// by a provider, approved by a specialist), R22 duplicates, and a form answer (modal channels).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  activities,
  activityCollaboratingCenters,
  activityOtherCollaborators,
  activityRequesters,
  goalStrategicAreas,
  planDescriptions,
  requesters,
} from '../db/schema.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import {
  centerIdByCode,
  createActivity,
  createGoal,
  createRequester,
  createStaff,
} from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

const OUTCOME = 'The State will adopt a revised QRIS framework with measurable tiers by June 2027.';

async function setup(role: 'provider' | 'specialist' = 'provider') {
  const me = await createStaff(t.ctx.db, { states: ['MD'], role, name: 'Robin Reyes' });
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
  return { me, goal, area, admin, partner, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

/** Everything after the goal, as one form answer (as a Slack or Teams modal sends it). */
const form = (over: Record<string, string> = {}) => ({
  answer: {
    focus: 'QRIS strategic planning',
    dateOpened: 'today',
    priority: 'medium',
    requesterIds: 'Morgan Ellis',
    primaryStaffId: 'me',
    collaborators: 'none',
    otherCollaborators: 'none',
    activityType: 'targeted',
    outcomePlan: OUTCOME,
    initialPlan: 'skip',
    ...over,
  },
});

describe('/ta new', () => {
  it('R2 R5 R6 R9 R10 R13 asks again after a bad answer at every step, then creates the request', async () => {
    const { me, admin, engine, speaker } = await setup();
    const replies = await converse(engine, speaker, [
      ['/ta new', { prompt: 'focus', messages: /State: Maryland \(MD\) \(the only one\)/ }],
      ['Underwater basket weaving', { prompt: 'focus', error: /not one of the choices/ }],
      ['Other', { prompt: 'otherFocusNotes' }],
      ['', { prompt: 'otherFocusNotes', error: /type the other-focus notes/ }],
      ['Align QRIS investments with provider costs', { prompt: 'dateOpened' }],
      ['2026-12-01', { prompt: 'dateOpened', error: /in the future/ }],
      ['Nov 10', { prompt: 'priority', messages: /entered late \(R2\)/ }],
      ['urgent', { prompt: 'priority', error: /not one of the choices/ }],
      ['high', { prompt: 'requesterIds' }],
      ['zzz', { prompt: 'requesterIds', error: /not one of the choices/ }],
      ['1', { prompt: 'primaryStaffId' }],
      ['Nobody Atall', { prompt: 'primaryStaffId', error: /No active staff person matches/ }],
      ['me', { prompt: 'collaborators' }],
      ['XYZ', { prompt: 'collaborators', error: /neither a center code/ }],
      ['NCSIA', { prompt: 'otherCollaborators' }],
      ['astronauts', { prompt: 'otherCollaborators', error: /not one of the choices/ }],
      ['university, other', { prompt: 'otherCollaboratorDetails', messages: /you picked Other/ }],
      ['none', { prompt: 'otherCollaboratorDetails', error: /needs details/ }],
      ['Lee Park, Professor, University of Maryland', { prompt: 'activityType' }],
      ['sort of', { prompt: 'activityType', error: /not one of the choices/ }],
      ['tailored', { prompt: 'outcomePlan' }],
      ['Better QRIS', { prompt: 'outcomePlan', error: /too short/ }],
      [OUTCOME, { prompt: 'initialPlan' }],
      [
        'SCBC to facilitate two sessions with the QRIS workgroup.',
        {
          prompt: 'confirm',
          preview: {
            'TA focus': /^Other: Align QRIS investments/,
            'Date opened': /11\/10\/26 — entered late \(R2\)/,
            Requesters: /Morgan Ellis/,
            'Primary staff': /Robin Reyes \(SCBC\)/,
            Collaborators: /NCSIA/,
            'Other collaborators': /University.*Other.*\(Lee Park, Professor, University of Maryland\)/,
          },
        },
      ],
      ['yes', { done: 'completed', messages: /Created TA request #\d+.*entered late/s }],
    ]);
    const id = replies.at(-1)!.done!.recordId!;
    const [row] = await t.ctx.db.select().from(activities).where(eq(activities.id, id));
    expect(row).toMatchObject({
      stateCode: 'MD',
      focus: 'Other',
      otherFocusNotes: 'Align QRIS investments with provider costs',
      dateOpened: '2026-11-10',
      enteredLate: true,
      priority: 'high',
      primaryStaffId: me.id,
      activityType: 'tailored',
      outcomePlan: OUTCOME,
      indirectRequest: false,
      otherCollaboratorDetails: 'Lee Park, Professor, University of Maryland',
    });
    const others = await t.ctx.db
      .select()
      .from(activityOtherCollaborators)
      .where(eq(activityOtherCollaborators.activityId, id));
    expect(others.map((o) => o.collaboratorCode).sort()).toEqual(['other', 'university']);
    const reqs = await t.ctx.db
      .select()
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, id));
    expect(reqs.map((r) => r.requesterId)).toEqual([admin.id]);
    const centers = await t.ctx.db
      .select()
      .from(activityCollaboratingCenters)
      .where(eq(activityCollaboratingCenters.activityId, id));
    expect(centers.map((c) => c.centerId)).toEqual([await centerIdByCode(t.ctx.db, 'NCSIA')]);
    const plans = await t.ctx.db.select().from(planDescriptions).where(eq(planDescriptions.activityId, id));
    expect(plans).toMatchObject([{ stage: 'initial' }]);
  });

  it('R22 asks State, goal and strategic area when there is a choice, refusing a State without goals', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD', 'TX'] });
    await createGoal(t.ctx.db, { stateCode: 'MD', categoryCode: 'workforce' });
    const { goal } = await createGoal(t.ctx.db, { stateCode: 'MD', categoryCode: 'quality_improvement' });
    await t.ctx.db.insert(goalStrategicAreas).values({ goalId: goal.id, name: 'QRIS validation work' });
    await createRequester(t.ctx.db, { stateCode: 'MD' });
    await converse(engineFor(t.ctx), speakerFor(me), [
      ['/ta new', { prompt: 'stateCode' }],
      ['Narnia', { prompt: 'stateCode', error: /not one of the choices/ }],
      ['TX', { prompt: 'stateCode', error: /Texas \(TX\) has no open goal/ }],
      ['Maryland', { prompt: 'goalId' }],
      ['9', { prompt: 'goalId', error: /9 is not on the list/ }],
      ['2', { prompt: 'strategicAreaId' }],
      ['nothing like it', { prompt: 'strategicAreaId', error: /not one of the choices/ }],
      ['QRIS validation work', { prompt: 'focus' }],
      ['back', { prompt: 'strategicAreaId' }],
      ['1', { prompt: 'focus' }],
    ]);
  });

  it('R8 tells after saving that an indirect request needs the CCDF Administrator or RPM', async () => {
    const { engine, speaker } = await setup();
    await converse(engine, speaker, [
      ['/ta new MD', { prompt: 'focus' }],
      [form({ requesterIds: 'Casey Nguyen' }), { prompt: 'confirm' }],
      ['yes', { done: 'completed', messages: /CCDF Administrator or the RPM must approve it \(R8\)/ }],
    ]);
  });

  it('R22 offers to add to the existing activity or to create anyway', async () => {
    const { me, goal, area, admin, partner, engine, speaker } = await setup();
    const existing = await createActivity(t.ctx.db, {
      primaryStaff: me,
      goal,
      area,
      focus: 'QRIS strategic planning',
      requesters: [admin],
    });
    const replies = await converse(engine, speaker, [
      ['/ta new', { prompt: 'focus' }],
      [form({ requesterIds: 'Casey Nguyen' }), { prompt: 'confirm' }],
      ['yes', { prompt: 'confirm', error: new RegExp(`#${existing.id} is already open`) }],
    ]);
    // Plain Save would only be refused again: the choices are the two ways out.
    expect(replies.at(-1)!.prompt!.choices!.map((c) => c.value)).toEqual(['existing', 'anyway', 'cancel']);
    await converse(engine, speaker, [
      ['yes', { prompt: 'confirm', error: /Pick one/ }],
      ['Add to existing', { done: 'completed', messages: /instead of creating a duplicate \(R22\)/ }],
    ]);
    const reqs = await t.ctx.db
      .select()
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, existing.id));
    expect(reqs.map((r) => r.requesterId).sort()).toEqual([admin.id, partner.id].sort());
    expect(await t.ctx.db.select().from(activities)).toHaveLength(1);

    await converse(engine, speaker, [
      ['/ta new', { prompt: 'focus' }],
      [form(), { prompt: 'confirm' }],
      ['yes', { prompt: 'confirm', error: /already open/ }],
      ['create anyway', { done: 'completed' }],
    ]);
    expect(await t.ctx.db.select().from(activities)).toHaveLength(2);
  });

  it('R7 a provider proposes a new requester, who waits for approval and is left off the request', async () => {
    const { engine, speaker } = await setup();
    await converse(engine, speaker, [
      ['/ta new', { prompt: 'focus' }],
      [form({ requesterIds: 'jamie.fox@md.example.gov' }), { prompt: 'newRequesterName' }],
      ['Jamie', { prompt: 'newRequesterName', error: /full name/ }],
      ['Jamie Fox, Licensing Manager', { prompt: 'newRequesterRole' }],
      ['partner', { prompt: 'confirm', warnings: /proposed as a new requester and waits for approval/ }],
      ['yes', { prompt: 'confirm', error: /needs at least one approved requester/ }],
      ['edit requesters', { prompt: 'requesterIds' }],
      ['Morgan Ellis', { prompt: 'confirm', preview: { Requesters: /^Morgan Ellis$/ } }],
      ['yes', { done: 'completed' }],
    ]);
    const [jamie] = await t.ctx.db
      .select()
      .from(requesters)
      .where(eq(requesters.email, 'jamie.fox@md.example.gov'));
    expect(jamie).toMatchObject({ name: 'Jamie Fox', title: 'Licensing Manager', approvalStatus: 'pending' });
  });

  it('R7 a specialist picks the recorded approver of a new requester, who then joins the request', async () => {
    const { engine, speaker, admin } = await setup('specialist');
    const replies = await converse(engine, speaker, [
      ['/ta new', { prompt: 'focus' }],
      [form({ requesterIds: 'jamie.fox@md.example.gov' }), { prompt: 'newRequesterName' }],
      ['Jamie Fox, Licensing Manager', { prompt: 'newRequesterRole' }],
      ['CCDF staff', { prompt: 'newRequesterApproval' }],
      [
        'Pat Director, CCDF Administrator',
        { prompt: 'newRequesterApproval', error: /not an approval \(R7\)/ },
      ],
      [
        'Morgan Ellis',
        { prompt: 'confirm', warnings: /approved by Morgan Ellis \(CCDF Administrator, MD\)/ },
      ],
      ['yes', { done: 'completed' }],
    ]);
    const [jamie] = await t.ctx.db
      .select()
      .from(requesters)
      .where(eq(requesters.email, 'jamie.fox@md.example.gov'));
    expect(jamie).toMatchObject({
      approvalStatus: 'approved',
      approvedBy: 'Morgan Ellis',
      approvedByRequesterId: admin.id,
      isCcdfStaff: true,
    });
    const reqs = await t.ctx.db
      .select()
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, replies.at(-1)!.done!.recordId!));
    expect(reqs.map((r) => r.requesterId)).toEqual([jamie!.id]);
  });

  it('R7 R22 a new requester is not saved when the request is refused as a duplicate; saved once it goes in', async () => {
    const { me, goal, area, admin, engine, speaker } = await setup('specialist');
    const existing = await createActivity(t.ctx.db, {
      primaryStaff: me,
      goal,
      area,
      focus: 'QRIS strategic planning',
      requesters: [admin],
    });
    const jamieRows = () =>
      t.ctx.db.select().from(requesters).where(eq(requesters.email, 'jamie.fox@md.example.gov'));
    await converse(engine, speaker, [
      ['/ta new', { prompt: 'focus' }],
      [form({ requesterIds: 'Morgan Ellis, jamie.fox@md.example.gov' }), { prompt: 'newRequesterName' }],
      ['Jamie Fox, Licensing Manager', { prompt: 'newRequesterRole' }],
      ['CCDF staff', { prompt: 'newRequesterApproval' }],
      ['Morgan Ellis', { prompt: 'confirm' }],
      ['yes', { prompt: 'confirm', error: new RegExp(`#${existing.id} is already open`) }],
    ]);
    expect(await jamieRows()).toEqual([]);
    await converse(engine, speaker, [['Add to existing', { done: 'completed' }]]);
    const [jamie] = await jamieRows();
    expect(jamie).toMatchObject({ approvalStatus: 'approved', approvedBy: 'Morgan Ellis' });
    const reqs = await t.ctx.db
      .select()
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, existing.id));
    expect(reqs.map((r) => r.requesterId).sort()).toEqual([admin.id, jamie!.id].sort());
  });
});
