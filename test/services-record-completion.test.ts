// Closing, cancelling and note authors over an activity's life: R19 (a cancel when response notes
// record work needs "no work was done" confirmed), R20 (no completion before the last TA delivered)
// and R14 (a summary written after the delivery keeps its author; /ta show names note authors).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, deliveries, responseNotes } from '../db/schema.js';
import { notesRecordingWork } from '../src/rules/completion.js';
import { addSummary } from '../src/services/add-summary.js';
import { cancelActivity } from '../src/services/cancel-activity.js';
import { closeActivity } from '../src/services/close-activity.js';
import type { Actor } from '../src/services/context.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const asStaff = (staffId: number): Actor => ({ kind: 'staff', staffId, channel: 'console' });

async function setup(tracking = true) {
  const me = await createStaff(t.ctx.db, { states: ['MD'], name: 'Casey Provider' });
  const a = await createActivity(t.ctx.db, {
    primaryStaff: me,
    stateCode: 'MD',
    tracking,
    dateOpened: '2026-10-01',
  });
  return { me, a, actor: asStaff(me.id), engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

const row = async (id: number) => (await t.ctx.db.select().from(activities).where(eq(activities.id, id)))[0]!;

describe('R20 completion date and the TA delivered', () => {
  it('R20 refuses a completion date before the last day of TA delivered', async () => {
    const { a, actor } = await setup();
    await createDelivery(t.ctx.db, {
      activityId: a.id,
      startDate: '2026-11-09',
      endDate: '2026-11-10',
      summary: 'The State received onsite training from SCBC.',
    });
    const early = await closeActivity(t.ctx, actor, {
      activityId: a.id,
      completionDate: '2026-11-09',
      outcomeReport: 'The State adopted revised QRIS tiers.',
      feedbackRequested: true,
    });
    expect(early.ok).toBe(false);
    expect(!early.ok && early.error.message).toMatch(/last day of TA delivered \(11\/10\/26\)/);
    expect((await row(a.id)).completionStatus).toBe('open');
    const onTime = await closeActivity(t.ctx, actor, {
      activityId: a.id,
      completionDate: '2026-11-10',
      outcomeReport: 'The State adopted revised QRIS tiers.',
      feedbackRequested: true,
    });
    expect(onTime.ok).toBe(true);
  });

  it('R20 the close dialog warns in the preview about a completion date before the last delivery', async () => {
    const { a, engine, speaker } = await setup();
    await createDelivery(t.ctx.db, {
      activityId: a.id,
      endDate: '2026-11-12',
      summary: 'The State received a remote consultation from SCBC.',
    });
    await converse(engine, speaker, [
      [`/ta close ${a.id}`, { prompt: 'completionDate' }],
      ['11/11/2026', { prompt: 'outcomeReport' }],
      ['The State adopted revised QRIS tiers.', { prompt: 'feedbackRequested' }],
      ['yes', { prompt: 'closingNote' }],
      ['skip', { prompt: 'confirm', warnings: /last day of TA delivered \(11\/12\/26\)/ }],
      ['yes', { prompt: 'confirm', error: /cannot be closed yet/ }],
      ['cancel', { done: 'cancelled' }],
    ]);
  });
});

describe('R19 cancelling when response notes record work', () => {
  it('R19 reads which response notes record work', () => {
    expect(
      notesRecordingWork([
        { text: 'SCBC drafted a policy brief for the CCDF Administrator.' },
        { text: 'The State asked to postpone the kickoff until January.' },
        { text: 'Cancelled: no longer wanted.' },
      ]).map((n) => n.text),
    ).toEqual(['SCBC drafted a policy brief for the CCDF Administrator.']);
  });

  it('R19 the service refuses the cancel until "no work was done" is confirmed', async () => {
    const { me, a, actor } = await setup(false);
    await t.ctx.db.insert(responseNotes).values({
      activityId: a.id,
      noteDate: '2026-11-05',
      text: 'SCBC drafted a policy brief for the State.',
      authorStaffId: me.id,
    });
    const r = await cancelActivity(t.ctx, actor, { activityId: a.id });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({
      code: 'cannot_cancel',
      details: { needsNoWorkConfirmation: true },
    });
    expect((await row(a.id)).completionStatus).toBe('open');
    const confirmed = await cancelActivity(t.ctx, actor, { activityId: a.id, noWorkConfirmed: true });
    expect(confirmed.ok).toBe(true);
    expect((await row(a.id)).completionStatus).toBe('cancelled');
  });

  it('R19 the close dialog asks for the confirmation, and "no" points to closing', async () => {
    const { me, a, engine, speaker } = await setup(false);
    await t.ctx.db.insert(responseNotes).values({
      activityId: a.id,
      noteDate: '2026-11-05',
      text: 'SCBC drafted a policy brief for the State.',
      authorStaffId: me.id,
    });
    await converse(engine, speaker, [
      [`/ta close ${a.id}`, { prompt: 'mode' }],
      ['mark it cancelled', { prompt: 'noWorkConfirmed', messages: /SCBC drafted a policy brief/ }],
      ['no', { prompt: 'noWorkConfirmed', error: /closed, not cancelled/ }],
      ['yes', { prompt: 'reason' }],
      ['The State no longer wants TA.', { prompt: 'confirm' }],
      ['yes', { done: 'completed', messages: /Cancelled/ }],
    ]);
    expect((await row(a.id)).completionStatus).toBe('cancelled');
  });

  it('R19 a note that records no work is cancelled without the extra question', async () => {
    const { me, a, engine, speaker } = await setup(false);
    await t.ctx.db.insert(responseNotes).values({
      activityId: a.id,
      noteDate: '2026-11-05',
      text: 'The State asked to postpone until January.',
      authorStaffId: me.id,
    });
    await converse(engine, speaker, [
      [`/ta close ${a.id}`, { prompt: 'mode' }],
      ['mark it cancelled', { prompt: 'reason' }],
    ]);
  });
});

describe('R14 note authors', () => {
  it('R14 a summary added after the delivery records its author, and /ta show names authors', async () => {
    const { me, a, actor, engine, speaker } = await setup();
    const colleague = await createStaff(t.ctx.db, { states: ['MD'], name: 'Robin Colleague' });
    const d = await createDelivery(t.ctx.db, {
      activityId: a.id,
      endDate: '2026-11-16',
      createdByStaffId: colleague.id,
    });
    const r = await addSummary(t.ctx, actor, {
      deliveryId: d.id,
      summary: 'The State received a remote consultation from SCBC.',
    });
    expect(r.ok).toBe(true);
    const [saved] = await t.ctx.db.select().from(deliveries).where(eq(deliveries.id, d.id));
    expect(saved!.summaryAuthorStaffId).toBe(me.id);
    await t.ctx.db.insert(responseNotes).values({
      activityId: a.id,
      noteDate: '2026-11-17',
      text: 'The State asked for a follow-up call.',
      authorStaffId: colleague.id,
    });
    await converse(engine, speaker, [
      [
        `/ta show ${a.id}`,
        {
          messages:
            /remote consultation from SCBC\. — Casey Provider[\s\S]*follow-up call\. — Robin Colleague/,
        },
      ],
    ]);
  });
});
