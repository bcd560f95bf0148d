// `/ta close` in one flow (R20, R18): the requester feedback ask is offered in the dialog itself and
// the closing note (why it is closed) is asked and saved as a response note with the close.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, responseNotes } from '../db/schema.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function setup() {
  const me = await createStaff(t.ctx.db, { states: ['MD'] });
  const dana = await createRequester(t.ctx.db, {
    stateCode: 'MD',
    name: 'Dana Director',
    title: 'CCDF Administrator',
    email: 'dana@md.example.gov',
  });
  const a = await createActivity(t.ctx.db, {
    primaryStaff: me,
    stateCode: 'MD',
    tracking: true,
    requesters: [dana],
  });
  return { a, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

const row = async (id: number) => (await t.ctx.db.select().from(activities).where(eq(activities.id, id)))[0]!;
const notes = (id: number) => t.ctx.db.select().from(responseNotes).where(eq(responseNotes.activityId, id));

describe('/ta close in one flow', () => {
  it('R20 R18 offers the feedback ask and saves the closing note with the close', async () => {
    const { a, engine, speaker } = await setup();
    const closing = 'Closed: the State adopted the revised QRIS framework and needs no further TA.';
    await converse(engine, speaker, [
      [`/ta close ${a.id}`, { prompt: 'mode' }],
      ['close it', { prompt: 'completionDate' }],
      ['today', { prompt: 'outcomeReport' }],
      [
        'The State adopted a revised QRIS framework.',
        { prompt: 'feedbackRequested', messages: /ask them now/i },
      ],
      ['ask them now', { prompt: 'closingNote', noError: true }],
      [
        closing,
        {
          prompt: 'confirm',
          preview: { 'Feedback asked': /asked now/, 'Closing note': /^Closed: the State/ },
        },
      ],
      [
        'yes',
        {
          done: 'completed',
          messages:
            /Closed #\d+ MD[\s\S]*asked the requesters[\s\S]*Dana Director \(CCDF Administrator\) <dana@md\.example\.gov>/,
        },
      ],
    ]);
    const saved = await row(a.id);
    expect(saved.completionStatus).toBe('closed');
    expect(saved.feedbackRequestedAt).not.toBeNull();
    expect((await notes(a.id)).map((n) => n.text)).toEqual([closing]);
  });

  it('R18 R25 a specialist closing is told at the closing-note question that response notes are not theirs', async () => {
    const { a, engine } = await setup();
    const sam = await createStaff(t.ctx.db, { states: ['MD'], role: 'specialist', name: 'Sam Specialist' });
    await converse(engine, speakerFor(sam), [
      [`/ta close ${a.id}`, { prompt: 'mode' }],
      ['close it', { prompt: 'completionDate' }],
      ['today', { prompt: 'outcomeReport' }],
      ['The State adopted a revised QRIS framework.', { prompt: 'feedbackRequested' }],
      ['yes', { prompt: 'closingNote' }],
      ['Closed after the review.', { prompt: 'closingNote', error: /primary and collaborating staff/ }],
      ['skip', { prompt: 'confirm' }],
      ['yes', { done: 'completed' }],
    ]);
    expect((await row(a.id)).completionStatus).toBe('closed');
    expect(await notes(a.id)).toEqual([]);
  });

  it('R20 a closing note is optional; "yes, I asked them" still works', async () => {
    const { a, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta close ${a.id}`, { prompt: 'mode' }],
      ['close it', { prompt: 'completionDate' }],
      ['today', { prompt: 'outcomeReport' }],
      ['The State adopted a revised QRIS framework.', { prompt: 'feedbackRequested' }],
      ['yes', { prompt: 'closingNote' }],
      ['skip', { prompt: 'confirm', preview: { 'Closing note': /^—$/ } }],
      ['yes', { done: 'completed' }],
    ]);
    expect((await row(a.id)).completionStatus).toBe('closed');
    expect(await notes(a.id)).toEqual([]);
  });

  it('R20 a refused close saves neither the note nor the ask', async () => {
    const { a, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta close ${a.id}`, { prompt: 'mode' }],
      ['close it', { prompt: 'completionDate' }],
      ['2026-10-01', { prompt: 'outcomeReport' }],
      ['The State adopted a revised QRIS framework.', { prompt: 'feedbackRequested' }],
      ['ask them now', { prompt: 'closingNote' }],
      ['The State needs no further TA.', { prompt: 'confirm' }],
      ['yes', { prompt: 'confirm', error: /before|cannot be closed/ }],
    ]);
    const saved = await row(a.id);
    expect(saved.completionStatus).toBe('open');
    expect(saved.feedbackRequestedAt).toBeNull();
    expect(await notes(a.id)).toEqual([]);
  });
});
