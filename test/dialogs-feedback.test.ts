// `/ta feedback` (R17: staff record feedback received by e-mail or phone) and `/ta ask-feedback`
// (R20: the ask for requester feedback, sent through the channel when it can message requesters):
// utterance → reply → final state, with bad answers and the R25 refusal.
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { activities, feedback } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import type { FeedbackRequester } from '../dialogs/flow.js';
import { converse, type Exchange, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function setup(activity: Partial<Parameters<typeof createActivity>[1]> = {}) {
  const db = t.ctx.db;
  const me = await createStaff(db, { states: ['MD'] });
  const ana = await createRequester(db, { name: 'Ana Lopez', title: 'CCDF Administrator', stateCode: 'MD' });
  const ben = await createRequester(db, { name: 'Ben Ortiz', title: 'QRIS Manager', stateCode: 'MD' });
  const a = await createActivity(db, {
    primaryStaff: me,
    stateCode: 'MD',
    tracking: true,
    requesters: [ana, ben],
    ...activity,
  });
  return { me, ana, ben, a, engine: engineFor(t.ctx), speaker: speakerFor(me) };
}

const feedbackOf = (activityId: number) =>
  t.ctx.db.select().from(feedback).where(eq(feedback.activityId, activityId));
const activityRow = async (id: number) =>
  (await t.ctx.db.select().from(activities).where(eq(activities.id, id)))[0]!;

const closed = {
  completionStatus: 'closed' as const,
  completionDate: '2026-11-20',
  outcomeReport: 'The State adopted revised QRIS tiers.',
};

describe('/ta feedback', () => {
  it.each<{
    name: string;
    activity?: Partial<Parameters<typeof createActivity>[1]>;
    start: 'picked' | 'typed';
  }>([
    { name: 'R17 records feedback from a requester, asking again after bad answers', start: 'picked' },
    { name: 'R17 R20 a closed activity still takes late feedback', activity: closed, start: 'typed' },
  ])('$name', async ({ activity, start }) => {
    const { me, a, engine, speaker } = await setup(activity);
    const opening: Exchange[] =
      start === 'picked'
        ? [['/ta feedback', { prompt: 'from', messages: new RegExp(`Activity: #${a.id} MD`) }]]
        : [[`/ta feedback ${a.id}`, { prompt: 'from', noError: true }]];
    await converse(engine, speaker, [
      ...opening,
      ['the boss', { prompt: 'from', error: /not one of the choices/ }],
      ['1', { prompt: 'text' }],
      ['', { prompt: 'text', error: /type the feedback/ }],
      ['The workgroup sessions helped us set the new tiers.', { prompt: 'noteDate' }],
      ['next month', { prompt: 'noteDate', error: /in the future|could not read/ }],
      [
        'yesterday',
        {
          prompt: 'confirm',
          preview: {
            'Given by': /^Ana Lopez, CCDF Administrator$/,
            Feedback: /^11\/22\/26: The workgroup sessions helped/,
          },
        },
      ],
      ['yes', { done: 'completed', messages: /Saved the feedback from Ana Lopez/ }],
    ]);
    expect(await feedbackOf(a.id)).toMatchObject([
      {
        fromName: 'Ana Lopez',
        fromTitle: 'CCDF Administrator',
        noteDate: '2026-11-22',
        text: 'The workgroup sessions helped us set the new tiers.',
        enteredByStaffId: me.id,
      },
    ]);
  });

  it('R17 "someone else" asks for a full name and a title or role; the date defaults to today', async () => {
    const { a, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta feedback #${a.id} The peer State call was the most useful part.`, { prompt: 'from' }],
      ['someone else', { prompt: 'fromName' }],
      ['Pat', { prompt: 'fromName', error: /not a full name/ }],
      ['Pat Rivera', { prompt: 'fromTitle' }],
      ['', { prompt: 'fromTitle', error: /type the title or role/ }],
      ['Licensing Supervisor', { prompt: 'noteDate' }],
      [
        '',
        {
          prompt: 'confirm',
          preview: {
            'Given by': /^Pat Rivera, Licensing Supervisor$/,
            Feedback: /^11\/23\/26: The peer State call/,
          },
        },
      ],
      ['edit given by', { prompt: 'from' }],
      ['Ben', { prompt: 'confirm', preview: { 'Given by': /^Ben Ortiz, QRIS Manager$/ } }],
      ['yes', { done: 'completed' }],
    ]);
    expect(await feedbackOf(a.id)).toMatchObject([
      { fromName: 'Ben Ortiz', fromTitle: 'QRIS Manager', noteDate: '2026-11-23' },
    ]);
  });

  it('R17 R19 a cancelled activity takes no feedback', async () => {
    const { a, engine, speaker } = await setup({
      completionStatus: 'cancelled',
      completionDate: '2026-11-20',
    });
    await converse(engine, speaker, [[`/ta feedback ${a.id}`, { prompt: null, error: /cancelled/ }]]);
    expect(await feedbackOf(a.id)).toHaveLength(0);
  });
});

describe('/ta ask-feedback', () => {
  it('R20 asks through the channel: records the ask, sends the DMs, lists whom it could not reach', async () => {
    const { a, ben, speaker } = await setup();
    const requester = vi.fn<FeedbackRequester>(async () => ({ sent: 1, unreachable: [ben.email] }));
    const engine = createDialogEngine({ ctx: t.ctx, idleMinutes: 30, feedbackRequester: requester });
    const [reply] = await converse(engine, speaker, [
      [
        `/ta ask-feedback ${a.id}`,
        {
          prompt: null,
          noError: true,
          messages:
            /Asked 1 requester\(s\) in a direct message; their reply in that thread is saved as feedback\./,
        },
      ],
    ]);
    expect(requester.mock.calls).toEqual([[a.id]]);
    expect(reply!.messages.join('\n')).toContain(`Ben Ortiz (QRIS Manager) <${ben.email}>`);
    expect(reply!.messages.join('\n')).not.toMatch(/Ana Lopez/);
    expect((await activityRow(a.id)).feedbackRequestedAt).toEqual(t.clock.now);
  });

  it('R20 on the console it records the ask and lists the requesters to contact', async () => {
    const { a, ana, ben, engine, speaker } = await setup();
    const [reply] = await converse(engine, speaker, [
      [`ask-feedback #${a.id}`, { prompt: null, noError: true, messages: /Recorded that you asked/ }],
    ]);
    const text = reply!.messages.join('\n');
    expect(text).toContain(`Ana Lopez (CCDF Administrator) <${ana.email}>`);
    expect(text).toContain(`Ben Ortiz (QRIS Manager) <${ben.email}>`);
    expect(text).toMatch(new RegExp(`/ta feedback ${a.id}`));
    expect((await activityRow(a.id)).feedbackRequestedAt).toEqual(t.clock.now);
  });

  it('R20 the close dialog points to ask-feedback, which answers without leaving the dialog', async () => {
    const { a, engine, speaker } = await setup();
    await converse(engine, speaker, [
      [`/ta close ${a.id}`, { prompt: 'mode' }],
      ['close', { prompt: 'completionDate' }],
      ['', { prompt: 'outcomeReport' }],
      [
        'The State adopted a revised QRIS framework.',
        { prompt: 'feedbackRequested', messages: new RegExp(`/ta ask-feedback ${a.id}`) },
      ],
      [`/ta ask-feedback ${a.id}`, { prompt: 'feedbackRequested', messages: /Recorded that you asked/ }],
      ['yes', { prompt: 'closingNote' }],
      ['skip', { prompt: 'confirm' }],
      ['yes', { done: 'completed' }],
    ]);
    expect(await activityRow(a.id)).toMatchObject({
      completionStatus: 'closed',
      feedbackRequestedAt: t.clock.now,
    });
  });
});

describe('R25 who may record or ask for feedback', () => {
  it('R25 refuses a provider who is not on the activity, in every way in', async () => {
    const { a } = await setup();
    const stranger = await createStaff(t.ctx.db, { states: ['TX'] });
    const requester = vi.fn<FeedbackRequester>(async () => ({ sent: 2, unreachable: [] }));
    const engine = createDialogEngine({ ctx: t.ctx, idleMinutes: 30, feedbackRequester: requester });
    const refused = /not primary or collaborating staff on TA request/;
    await converse(engine, speakerFor(stranger), [
      [`/ta feedback ${a.id}`, { prompt: null, error: refused }],
      ['/ta feedback', { prompt: 'activityId' }],
      [`#${a.id}`, { prompt: 'activityId', error: refused }],
      ['cancel', { done: 'cancelled' }],
      [`/ta ask-feedback ${a.id}`, { prompt: null, error: refused }],
      ['/ta ask-feedback', { prompt: null, error: /Which activity\?/ }],
    ]);
    expect(requester).not.toHaveBeenCalled();
    expect((await activityRow(a.id)).feedbackRequestedAt).toBeNull();
    expect(await feedbackOf(a.id)).toHaveLength(0);
  });
});
