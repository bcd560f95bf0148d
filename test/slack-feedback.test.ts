// R17 over Slack, beyond the feedback thread: a hostile requester name in the feedback DM stays text,
// and a requester writing to the bot outside the thread gets their feedback recorded when the
// activity is clear (one open ask, or "#<n> …"), otherwise is asked which activity.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { activities } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import { eventEnvelope, type Harness, startHarness } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start() {
  h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
  return h;
}

/** Activities of one requester whose feedback was asked for (R20). */
async function askedActivities(n: number, name = 'Dana Director') {
  const provider = await createStaff(t.ctx.db);
  const requester = await createRequester(t.ctx.db, {
    email: 'dana@state.example.gov',
    name,
    title: 'CCDF Administrator',
  });
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = await createActivity(t.ctx.db, {
      primaryStaff: provider,
      tracking: true,
      requesters: [requester],
    });
    await t.ctx.db
      .update(activities)
      .set({ feedbackRequestedAt: t.ctx.now() })
      .where(eq(activities.id, a.id));
    ids.push(a.id);
  }
  return { requester, ids };
}

const dm = (text: string) =>
  eventEnvelope(h!, {
    type: 'message',
    channel: 'D0DANA',
    channel_type: 'im',
    user: 'U0DANA',
    text,
    ts: `${Date.now() / 1000}`,
  });

const lastText = async (n: number) => {
  const c = await h!.fake.waitFor(() => h!.fake.callsOf('chat.postMessage')[n], `bot message ${n}`);
  return String(c.args.text);
};

describe('Slack requester feedback', () => {
  it('R17 R25 a requester name with Slack markup reaches the requester as text, not a mention or link', async () => {
    await start();
    const { ids } = await askedActivities(1, '<!channel> <https://evil.example|Click to confirm>');
    h!.fake.addUser({ id: 'U0DANA', email: 'dana@state.example.gov' });
    expect(await h!.app.requestFeedback(ids[0]!)).toEqual({ sent: 1, unreachable: [] });
    const text = String(h!.fake.callsOf('chat.postMessage')[0]!.args.text);
    expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example|Click to confirm&gt;');
    expect(text).not.toMatch(/<[!@#]|<https?:/);
  });

  it('R17 a message outside the thread is the feedback when one ask is open', async () => {
    await start();
    const { ids, requester } = await askedActivities(1);
    h!.fake.addUser({ id: 'U0DANA', email: 'dana@state.example.gov' });
    await h!.slack.event(dm('The sessions helped us agree on QRIS tiers.'));
    expect(await lastText(0)).toContain(`your feedback was added to TA request #${ids[0]}`);
    const rows = await t.ctx.db.query.feedback.findMany();
    expect(rows).toMatchObject([
      { activityId: ids[0], requesterId: requester.id, text: 'The sessions helped us agree on QRIS tiers.' },
    ]);
  });

  it('R17 "help" from a requester explains how to give feedback and records nothing', async () => {
    await start();
    const { ids } = await askedActivities(1);
    h!.fake.addUser({ id: 'U0DANA', email: 'dana@state.example.gov' });
    await h!.slack.event(dm('help'));
    const text = await lastText(0);
    expect(text).toContain('Write it here in your own words');
    expect(text).toContain(`#${ids[0]}`);
    expect(await t.ctx.db.query.feedback.findMany()).toHaveLength(0);
  });

  it('R17 with two open asks the requester is asked which, and "#<n> …" records it there', async () => {
    await start();
    const { ids } = await askedActivities(2);
    h!.fake.addUser({ id: 'U0DANA', email: 'dana@state.example.gov' });
    await h!.slack.event(dm('Very useful, thanks.'));
    const asked = await lastText(0);
    expect(asked).toContain('Which activity is your feedback about?');
    expect(asked).toContain('Very useful, thanks.');
    expect(asked).not.toMatch(/administrator/i);
    expect(await t.ctx.db.query.feedback.findMany()).toHaveLength(0);
    await h!.slack.event(dm(`#${ids[0]} Very useful, thanks.`));
    expect(await lastText(1)).toContain(`TA request #${ids[0]}`);
    expect(await t.ctx.db.query.feedback.findMany()).toMatchObject([
      { activityId: ids[0], text: 'Very useful, thanks.' },
    ]);
  });
});
