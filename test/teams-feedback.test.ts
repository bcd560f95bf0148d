// R17 on Teams, as on Slack: a requester in the tenant who installed the bot (or wrote to it) gets the
// feedback request as a proactive 1:1 message with the T/TA practice guide's questions, and their
// reply there is recorded as their feedback.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activities, requesters } from '../db/schema.js';
import { engineFor } from './support/dialog-driver.js';
import { APP_ID, startTeamsHarness, TENANT_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
beforeEach(async () => {
  h = await startTeamsHarness({ engine: engineFor(t.ctx), ctx: t.ctx, tenantId: TENANT_ID });
});
afterEach(async () => {
  await h.stop();
});

const dana = { aad: 'aad-dana', name: 'Dana Director' };
const texts = (sent: { activity: { text?: string } }[]) => sent.map((s) => s.activity.text ?? '').join('\n');

async function askedActivity(name = 'Dana Director') {
  const provider = await createStaff(t.ctx.db);
  const requester = await createRequester(t.ctx.db, {
    email: 'dana@state.example.gov',
    name,
    title: 'CCDF Administrator',
  });
  const activity = await createActivity(t.ctx.db, {
    primaryStaff: provider,
    tracking: true,
    requesters: [requester],
  });
  await t.ctx.db
    .update(activities)
    .set({ feedbackRequestedAt: t.ctx.now() })
    .where(eq(activities.id, activity.id));
  h.fake.members.set('29:aad-dana', { id: '29:aad-dana', email: 'Dana@state.example.gov' });
  return { requester, activity };
}

describe('Teams requester feedback', () => {
  it('R17 a requester who installed the bot gets the feedback request in their chat, and the reply is recorded', async () => {
    const { requester, activity } = await askedActivity();
    const install = h.activity(dana, {
      type: 'conversationUpdate',
      membersAdded: [{ id: `28:${APP_ID}` }],
      text: undefined,
    });
    expect((await h.post(install)).status).toBe(200);
    expect(texts(h.fake.sent)).toMatch(/^Hi Dana Director — I'm TAT Bot/);
    const [linked] = await t.ctx.db.select().from(requesters).where(eq(requesters.id, requester.id));
    expect(linked!.teamsUserId).toBe('aad-dana');

    const before = h.fake.sent.length;
    expect(await h.app.requestFeedback(activity.id)).toEqual({ sent: 1, unreachable: [] });
    const [request] = h.fake.sent.slice(before);
    expect(request!.conversationId).toBe('a:personal-aad-dana');
    for (const q of [
      'Did the TA meet its stated objectives?',
      'Did it meet your needs on this topic?',
      'How will you use it?',
      'What further training or support would help?',
    ])
      expect(request!.activity.text).toContain(q);

    const thanks = await h.say(dana, {
      text: 'The sessions met our objectives; we will use the tiers in our plan.',
    });
    expect(texts(thanks)).toContain(`your feedback was added to TA request #${activity.id}`);
    expect(await t.ctx.db.query.feedback.findMany()).toMatchObject([
      {
        activityId: activity.id,
        requesterId: requester.id,
        fromName: 'Dana Director',
        text: 'The sessions met our objectives; we will use the tiers in our plan.',
      },
    ]);
  });

  it('R17 a requester without a chat with the bot is listed as unreachable, and a hostile name stays text', async () => {
    const { activity } = await askedActivity('[Click to confirm](https://evil.example) <at>Boss</at>');
    expect(await h.app.requestFeedback(activity.id)).toEqual({
      sent: 0,
      unreachable: ['dana@state.example.gov'],
    });
    // Once they write, their message is their feedback, and the answer escapes their name.
    const reply = await h.say(dana, { text: 'Helpful.' });
    expect(texts(reply)).toContain('\\[Click to confirm\\](https://evil.example) &lt;at>Boss');
    expect(await t.ctx.db.query.feedback.findMany()).toHaveLength(1);
  });
});
