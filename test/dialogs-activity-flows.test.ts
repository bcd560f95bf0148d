// `/ta close`, `/ta plan`, `/ta status`, `/ta note`: utterance → reply → final state, with a bad
// answer at every step and the rules each one leans on (R8, R11, R12, R18, R19, R20).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, deliveries, planDescriptions, responseNotes } from '../db/schema.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createDelivery, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function setup() {
  const me = await createStaff(t.ctx.db, { states: ['MD'] });
  return { me, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

const activityRow = async (id: number) =>
  (await t.ctx.db.select().from(activities).where(eq(activities.id, id)))[0]!;

describe('/ta close', () => {
  it('R19 R20 closes with the checklist; unsummarized deliveries are shown and refused', async () => {
    const { me, engine, speaker } = await setup();
    const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    const pending = await createDelivery(t.ctx.db, { activityId: a.id, endDate: '2026-11-05' });
    await converse(engine, speaker, [
      [`/ta close ${a.id}`, { prompt: 'completionDate', messages: /closed, not cancelled \(R19\)/ }],
      ['next year', { prompt: 'completionDate', error: /in the future|could not read/ }],
      ['', { prompt: 'outcomeReport' }],
      ['', { prompt: 'outcomeReport', error: /type the outcome report/ }],
      ['The State adopted a revised QRIS framework.', { prompt: 'feedbackRequested' }],
      ['perhaps', { prompt: 'feedbackRequested', error: /yes or no/ }],
      ['yes', { prompt: 'closingNote' }],
      ['skip', { prompt: 'confirm', warnings: /Still needed: a summary of TA delivered for every delivery/ }],
      ['yes', { prompt: 'confirm', error: /cannot be closed yet/ }],
      ['edit close or cancel', { prompt: 'mode' }],
      ['cancelled', { prompt: 'mode', error: /cannot be cancelled; close it instead/ }],
      ['close', { prompt: 'confirm' }],
      ['cancel', { done: 'cancelled' }],
    ]);
    await t.ctx.db
      .update(deliveries)
      .set({
        summary: 'State received a remote consultation.',
        summaryDate: '2026-11-06',
        summaryEnteredAt: new Date(),
      })
      .where(eq(deliveries.id, pending.id));
    await converse(engine, speaker, [
      [`/ta close #${a.id}`, { prompt: 'completionDate' }],
      ['11/20', { prompt: 'outcomeReport' }],
      ['The State adopted a revised QRIS framework.', { prompt: 'feedbackRequested' }],
      ['y', { prompt: 'closingNote' }],
      ['', { prompt: 'confirm', preview: { 'Completion date': /^11\/20\/26$/ } }],
      ['yes', { done: 'completed', messages: /Closed #\d+ MD/ }],
    ]);
    expect(await activityRow(a.id)).toMatchObject({
      completionStatus: 'closed',
      completionDate: '2026-11-20',
      outcomeReport: 'The State adopted a revised QRIS framework.',
    });
  });

  it('R19 cancels an activity where no work was done, with the reason', async () => {
    const { me, engine, speaker } = await setup();
    const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD' });
    await converse(engine, speaker, [
      ['/ta close', { prompt: 'mode', messages: /Activity: #\d+/ }],
      ['abandon', { prompt: 'mode', error: /not one of the choices/ }],
      ['cancel', { done: 'cancelled' }],
      ['/ta close', { prompt: 'mode' }],
      ['mark it cancelled', { prompt: 'reason' }],
      [
        'The State no longer wants TA on this.',
        { prompt: 'confirm', preview: { Reason: /no longer wants/ } },
      ],
      ['yes', { done: 'completed', messages: /Cancelled/ }],
    ]);
    expect((await activityRow(a.id)).completionStatus).toBe('cancelled');
  });
});

describe('/ta plan', () => {
  it('R11 R12 adds a final plan after asking again for a bad stage and an empty text', async () => {
    const { me, engine, speaker } = await setup();
    const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD' });
    await converse(engine, speaker, [
      [`/ta plan ${a.id}`, { prompt: 'stage' }],
      ['archived final', { prompt: 'stage', error: /not one of the choices/ }],
      ['final', { prompt: 'text' }],
      ['', { prompt: 'text', error: /type the description/ }],
      [
        'SCBC will facilitate two sessions with the QRIS workgroup.',
        { prompt: 'confirm', preview: { Stage: /final plan \(now: none\)/ } },
      ],
      ['yes', { done: 'completed', messages: /Once the activity is approved/ }],
    ]);
    const plans = await t.ctx.db.select().from(planDescriptions).where(eq(planDescriptions.activityId, a.id));
    expect(plans).toMatchObject([{ stage: 'final', noteDate: '2026-11-23' }]);
  });

  it('R11 a new final plan archives the current one', async () => {
    const { me, engine, speaker } = await setup();
    const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    await converse(engine, speaker, [
      [`/ta plan #${a.id}`, { prompt: 'stage' }],
      ['final', { prompt: 'text' }],
      ['Revised: three sessions instead of two.', { prompt: 'confirm', warnings: /will be archived/ }],
      ['yes', { done: 'completed', messages: /previous final plan is archived/ }],
    ]);
    const stages = (
      await t.ctx.db.select().from(planDescriptions).where(eq(planDescriptions.activityId, a.id))
    ).map((p) => p.stage);
    expect(stages.sort()).toEqual(['archived_final', 'final']);
  });
});

describe('/ta status', () => {
  it('R8 approving an indirect request picks the recorded approver of the State or region', async () => {
    const { me, engine, speaker } = await setup();
    await createRequester(t.ctx.db, { name: 'Sam Lee', stateCode: null, region: 3, isRpm: true });
    await createRequester(t.ctx.db, {
      name: 'Maria Cruz',
      stateCode: 'GU',
      region: 9,
      isCcdfAdministrator: true,
    });
    const a = await createActivity(t.ctx.db, {
      primaryStaff: me,
      stateCode: 'MD',
      tracking: true,
      activityStatus: 'planning_in_progress',
      indirectRequest: true,
    });
    await converse(engine, speaker, [
      [`/ta status ${a.id} approve`, { prompt: 'approver', messages: /indirect request \(R8\)/ }],
      ['Maria Cruz, CCDF Administrator', { prompt: 'approver', error: /not an approval \(R7\)/ }],
      ['Sam Lee', { prompt: 'confirm', preview: { 'Approved by': /Sam Lee \(RPM, Region III\)/ } }],
      ['yes', { done: 'completed', messages: /now approved[\s\S]*Tracking is open/ }],
    ]);
    expect(await activityRow(a.id)).toMatchObject({
      activityStatus: 'approved',
      indirectApprovedBy: 'Sam Lee (RPM)',
    });
  });

  it('R12 sets another status after a bad answer, and says what tracking still needs', async () => {
    const { me, engine, speaker } = await setup();
    const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD' });
    await converse(engine, speaker, [
      ['/ta status', { prompt: 'status', messages: /Activity: #\d+/ }],
      ['maybe', { prompt: 'status', error: /not one of the choices/ }],
      ['1', { prompt: 'confirm', preview: { Status: /^approved$/ } }],
      ['yes', { done: 'completed', messages: /now approved[\s\S]*add a final plan/ }],
    ]);
    expect((await activityRow(a.id)).activityStatus).toBe('approved');
  });
});

describe('/ta note', () => {
  it('R14 R18 adds a dated response note after asking again for a bad activity and an empty text', async () => {
    const { me, engine, speaker } = await setup();
    await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', focus: 'QRIS validation' });
    const b = await createActivity(t.ctx.db, {
      primaryStaff: me,
      stateCode: 'MD',
      focus: 'QRIS strategic planning',
    });
    await converse(engine, speaker, [
      ['/ta note', { prompt: 'activityId' }],
      ['the purple one', { prompt: 'activityId', error: /could not tell/ }],
      ['strategic planning', { prompt: 'text' }],
      ['', { prompt: 'text', error: /type the note/ }],
      [
        'Called the State to set the workgroup dates.',
        { prompt: 'confirm', preview: { Note: /^11\/23\/26: Called the State/ } },
      ],
      ['yes', { done: 'completed' }],
    ]);
    const notes = await t.ctx.db.select().from(responseNotes).where(eq(responseNotes.activityId, b.id));
    expect(notes).toMatchObject([
      { text: 'Called the State to set the workgroup dates.', authorStaffId: me.id },
    ]);
  });

  it('`/ta note <#> <text>` goes straight to the preview', async () => {
    const { me, engine, speaker } = await setup();
    const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD' });
    await converse(engine, speaker, [
      [`/ta note ${a.id} Sent the peer State tier models.`, { prompt: 'confirm' }],
      ['yes', { done: 'completed' }],
    ]);
  });
});
