// The Slack transport over real HTTP: Bolt's signature check, ack-first commands, healthz, the
// workspace guard, dedupe of redelivered events, 429 handling and the unexpected-error message.
// A tiny scripted engine stands in for the dialogs here; test/slack-dialogs.test.ts uses the real one.
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../adapters/slack/deps.js';
import { ACK_BUDGET_MS } from '../adapters/slack/on-view.js';
import { processedEvents, staff } from '../db/schema.js';
import type { Reply, Turn } from '../dialogs/types.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import {
  commandFields,
  eventEnvelope,
  type Harness,
  lastModal,
  messageAction,
  startHarness,
  textOf,
  viewSubmission,
} from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

/** Records turns; answers each with a one-line reply naming what it got. */
function scriptedEngine(answer?: (turn: Turn) => Reply | Promise<Reply>): Engine & { turns: Turn[] } {
  const turns: Turn[] = [];
  return {
    turns,
    async handle(turn) {
      turns.push(turn);
      if (answer) return answer(turn);
      return { messages: [`got ${turn.text ?? turn.command ?? JSON.stringify(turn.answer)}`] };
    },
  };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Stops the app, which waits for all acknowledged work to finish; the fake keeps its records. */
async function drain() {
  await h!.app.stop();
  const fake = h!.fake;
  h = { ...h!, stop: () => fake.close() };
}

async function staffOnSlack(slackUserId: string, email = `${slackUserId.toLowerCase()}@center.example.org`) {
  const row = await createStaff(t.ctx.db, { email, name: `Pat ${slackUserId}` });
  return { row, slackUserId, email };
}

describe('Slack transport', () => {
  it('answers /ta with an empty 200 at once and the reply through response_url', async () => {
    const engine = scriptedEngine();
    h = await startHarness({ engine, ctx: t.ctx });
    const me = await staffOnSlack('U0PAT');
    h.fake.addUser({ id: me.slackUserId, email: me.email });
    const fields = commandFields(h, me.slackUserId, 'help');
    const res = await h.slack.command(fields);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const posted = await h.fake.waitFor(() => h!.fake.responses[0], 'the reply');
    expect(posted.id).toBe(fields.response_url!.split('/').pop());
    expect(posted.body.response_type).toBe('ephemeral');
    expect(textOf(posted.body.blocks)).toContain('got /ta help');
    expect(engine.turns[0]!.speaker).toEqual({
      channel: 'slack',
      workspace: h.teamId,
      conversation: 'C0GENERAL',
      userKey: 'U0PAT',
      staffId: me.row.id,
    });
  });

  it('links a staff member found by profile e-mail and reuses the link', async () => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx });
    const me = await staffOnSlack('U0LINK', 'Mixed.Case@Center.example.org');
    h.fake.addUser({ id: 'U0LINK', email: 'mixed.case@center.example.org' });
    await h.slack.command(commandFields(h, 'U0LINK', 'mine'));
    await h.fake.waitFor(() => h!.fake.responses[0], 'the reply');
    const [row] = await t.ctx.db.select().from(staff).where(eq(staff.id, me.row.id));
    expect(row!.slackUserId).toBe('U0LINK');
    await h.slack.command(commandFields(h, 'U0LINK', 'mine'));
    await h.fake.waitFor(() => h!.fake.responses[1], 'the second reply');
    expect(h.fake.callsOf('users.info')).toHaveLength(1);
  });

  it.each(['log held a call', 'help'])(
    'R25 tells an unknown user (/ta %s) what the bot does, who the admins are and which e-mail to add',
    async (text) => {
      const engine = scriptedEngine();
      await createStaff(t.ctx.db, {
        role: 'admin',
        name: 'Lee Nakamura',
        email: 'lee@tat.example.org',
        states: [],
      });
      h = await startHarness({ engine, ctx: t.ctx });
      h.fake.addUser({ id: 'U0NEW', email: 'new.person@center.example.org' });
      await h.slack.command(commandFields(h, 'U0NEW', text));
      const posted = await h.fake.waitFor(() => h!.fake.responses[0], 'the reply');
      expect(textOf(posted.body.blocks)).toMatch(
        /I'm TAT Bot: I help technical-assistance staff[\s\S]*ask a TAT administrator \(Lee Nakamura &lt;lee@tat\.example\.org&gt;\) to add new\.person@center\.example\.org as staff/,
      );
      expect(engine.turns).toHaveLength(0);
    },
  );

  it('refuses a request signed with the wrong secret (401)', async () => {
    const engine = scriptedEngine();
    h = await startHarness({ engine, ctx: t.ctx });
    const res = await h.slack.command(commandFields(h, 'U0PAT', 'help'), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    expect(engine.turns).toHaveLength(0);
  });

  it('refuses a correctly signed request older than 5 minutes (401)', async () => {
    const engine = scriptedEngine();
    h = await startHarness({ engine, ctx: t.ctx });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.slack.command(commandFields(h, 'U0PAT', 'help'), { timestampSec: stale });
    expect(res.status).toBe(401);
    const fresh = await h.slack.command(commandFields(h, 'U0PAT', 'help'));
    expect(fresh.status).toBe(200);
  });

  it.each([
    { up: true, status: 200, database: 'reachable' },
    { up: false, status: 503, database: 'unreachable' },
  ])('GET /healthz reports the database as $database ($status)', async ({ up, status, database }) => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx, dbHandle: { ping: async () => up } });
    const res = await fetch(`${h.slack.baseUrl}/healthz`);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ database });
  });

  it('healthz reflects a real database handle', async () => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx, dbHandle: t.handle });
    const res = await fetch(`${h.slack.baseUrl}/healthz`);
    expect(res.status).toBe(200);
  });

  it('refuses commands from another workspace politely when SLACK_TEAM_ID is set', async () => {
    const engine = scriptedEngine();
    h = await startHarness({ engine, ctx: t.ctx, teamId: 'T0TAT' });
    const res = await h.slack.command({ ...commandFields(h, 'U0PAT', 'help'), team_id: 'T0OTHER' });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('another Slack workspace'),
    });
    expect(engine.turns).toHaveLength(0);
  });

  it('acts once on a redelivered DM event (same event_id, x-slack-retry-num)', async () => {
    const engine = scriptedEngine();
    h = await startHarness({ engine, ctx: t.ctx });
    const me = await staffOnSlack('U0DM');
    h.fake.addUser({ id: 'U0DM', email: me.email });
    const envelope = eventEnvelope(h, {
      type: 'message',
      channel: 'D0DM',
      channel_type: 'im',
      user: 'U0DM',
      text: 'mine',
      ts: '1764000000.000200',
    });
    expect((await h.slack.event(envelope)).status).toBe(200);
    expect((await h.slack.event(envelope, { retryNum: 1 })).status).toBe(200);
    expect((await h.slack.event(envelope, { retryNum: 2 })).status).toBe(200);
    await h.fake.waitFor(() => h!.fake.callsOf('chat.postMessage')[0], 'the DM reply');
    await drain();
    expect(engine.turns.map((x) => x.text)).toEqual(['mine']);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    const [{ n }] = (await t.ctx.db.select({ n: count() }).from(processedEvents)) as [{ n: number }];
    expect(Number(n)).toBe(1);
  });

  it('answers a redelivered slash command (same trigger_id) once', async () => {
    const engine = scriptedEngine();
    h = await startHarness({ engine, ctx: t.ctx });
    const me = await staffOnSlack('U0TWICE');
    h.fake.addUser({ id: 'U0TWICE', email: me.email });
    const fields = commandFields(h, 'U0TWICE', 'note 12 called the State lead');
    expect((await h.slack.command(fields)).status).toBe(200);
    expect((await h.slack.command(fields, { retryNum: 1 })).status).toBe(200);
    await h.fake.waitFor(() => h!.fake.responses[0], 'the reply');
    await drain();
    expect(engine.turns).toHaveLength(1);
    expect(h.fake.responses).toHaveLength(1);
  });

  it('R17 records a requester thread reply as feedback once, even when the event is redelivered', async () => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx });
    const provider = await createStaff(t.ctx.db);
    const requester = await createRequester(t.ctx.db, {
      email: 'dana.director@state.example.gov',
      name: 'Dana Director',
      title: 'CCDF Administrator',
    });
    const activity = await createActivity(t.ctx.db, {
      primaryStaff: provider,
      tracking: true,
      requesters: [requester],
    });
    h.fake.addUser({ id: 'U0DANA', email: 'dana.director@state.example.gov' });
    expect(await h.app.requestFeedback(activity.id)).toEqual({ sent: 1, unreachable: [] });
    const request = h.fake.messages[0]!;
    expect(request.metadata?.event_payload).toEqual({ activity_id: activity.id });
    const envelope = eventEnvelope(h, {
      type: 'message',
      channel: request.channel,
      channel_type: 'im',
      user: 'U0DANA',
      text: 'The facilitated sessions helped our QRIS workgroup agree on tiers.',
      ts: '1764000500.000100',
      thread_ts: request.ts,
    });
    await h.slack.event(envelope);
    await h.slack.event(envelope, { retryNum: 1 });
    const thanks = await h.fake.waitFor(
      () => h!.fake.callsOf('chat.postMessage').find((c) => c.args.thread_ts === request.ts),
      'the thank-you in the thread',
    );
    expect(String(thanks.args.text)).toContain(`added to TA request #${activity.id}`);
    const rows = await t.ctx.db.query.feedback.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      fromName: 'Dana Director',
      fromTitle: 'CCDF Administrator',
      requesterId: requester.id,
    });
  });

  it('R17 ignores a non-requester in a channel thread, and tells them in a DM thread', async () => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx });
    const provider = await createStaff(t.ctx.db);
    const activity = await createActivity(t.ctx.db, { primaryStaff: provider, tracking: true });
    const metadata = { event_type: 'tat_feedback_request', event_payload: { activity_id: activity.id } };
    // Feedback requests the bot posted earlier, in a shared channel and in a DM.
    h.fake.messages.push({ channel: 'C0SHARED', ts: '1764000900.000100', text: 'feedback?', metadata });
    h.fake.messages.push({ channel: 'D0CHAT', ts: '1764000901.000100', text: 'feedback?', metadata });
    h.fake.addUser({ id: 'U0CHAT', email: 'someone@center.example.org' });
    const reply = (channel_type: string, channel: string, thread_ts: string) =>
      eventEnvelope(h!, {
        type: 'message',
        channel,
        channel_type,
        user: 'U0CHAT',
        text: 'thanks all',
        ts: `${thread_ts}1`,
        thread_ts,
      });
    await h.slack.event(reply('channel', 'C0SHARED', '1764000900.000100'));
    await h.slack.event(reply('im', 'D0CHAT', '1764000901.000100'));
    await drain();
    expect(h.fake.callsOf('conversations.replies')).toHaveLength(2);
    const posted = h.fake.callsOf('chat.postMessage');
    expect(posted.map((c) => [c.args.channel, c.args.thread_ts])).toEqual([['D0CHAT', '1764000901.000100']]);
    expect(String(posted[0]!.args.text)).toContain(
      "couldn't match your Slack account (someone@center.example.org)",
    );
    expect(await t.ctx.db.query.feedback.findMany()).toHaveLength(0);
  });

  it('waits out a 429 on one call and still delivers the reply', async () => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx });
    const me = await staffOnSlack('U0RL');
    h.fake.addUser({ id: 'U0RL', email: me.email });
    h.fake.rateLimitOnce('chat.postMessage', 1);
    await h.slack.event(
      eventEnvelope(h, {
        type: 'message',
        channel: 'D0RL',
        channel_type: 'im',
        user: 'U0RL',
        text: 'mine',
        ts: '1.1',
      }),
    );
    const delivered = await h.fake.waitFor(() => h!.fake.callsOf('chat.postMessage')[0], 'the retried DM');
    expect(textOf(delivered.args.blocks)).toContain('got mine');
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.rateLimited)).toHaveLength(1);
  });

  it("one user's 429 does not hold up another user's reply", async () => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx });
    for (const id of ['U0SLOW', 'U0FAST']) {
      const me = await staffOnSlack(id);
      h.fake.addUser({ id, email: me.email });
    }
    // A long retry-after: a client that paused all calls for it would not deliver the fast DM in time.
    h.fake.rateLimitOnce('chat.postMessage', 20);
    const dm = (user: string) =>
      eventEnvelope(h!, {
        type: 'message',
        channel: `D${user}`,
        channel_type: 'im',
        user,
        text: `mine ${user}`,
        ts: '2.2',
      });
    await h.slack.event(dm('U0SLOW'));
    await h.fake.waitFor(() => h!.fake.calls.find((c) => c.rateLimited), 'the 429');
    await h.slack.event(dm('U0FAST'));
    const delivered = await h.fake.waitFor(() => h!.fake.callsOf('chat.postMessage')[0], 'the fast DM');
    expect(delivered.args.channel).toBe('DU0FAST');
    // The slow DM is still waiting out its retry-after (stop() ends the wait).
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('searches requesters by name for an external select as the user types', async () => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx });
    const picker = await staffOnSlack('U0PICK');
    h.fake.addUser({ id: picker.slackUserId, email: picker.email });
    await createRequester(t.ctx.db, { name: 'Dana Director', email: 'dana.director@state.example.gov' });
    await createRequester(t.ctx.db, { name: 'Lee Other', email: 'lee@state.example.gov' });
    const res = await h.slack.interaction({
      type: 'block_suggestion',
      user: { id: 'U0PICK', team_id: h.teamId },
      team: { id: h.teamId, domain: 'tat' },
      api_app_id: 'A0TAT',
      container: { type: 'view', view_id: 'V1' },
      action_id: 'tat_pick',
      block_id: 'tat|2|requesterIds|main',
      value: 'dana',
    });
    expect(res.status).toBe(200);
    const { options } = res.json() as { options: { text: { text: string }; value: string }[] };
    expect(options.map((o) => o.value)).toEqual(['dana.director@state.example.gov']);
    expect(options[0]!.text.text).toContain('Dana Director');
  });

  it('answers the requester search with nothing for a Slack user who is not staff', async () => {
    h = await startHarness({ engine: scriptedEngine(), ctx: t.ctx });
    h.fake.addUser({ id: 'U0GUEST', email: 'guest@state.example.gov' });
    await createRequester(t.ctx.db, { name: 'Dana Director', email: 'dana.director@state.example.gov' });
    const res = await h.slack.interaction({
      type: 'block_suggestion',
      user: { id: 'U0GUEST', team_id: h.teamId },
      team: { id: h.teamId, domain: 'tat' },
      api_app_id: 'A0TAT',
      container: { type: 'view', view_id: 'V1' },
      action_id: 'tat_pick',
      block_id: 'tat|2|requesterIds|main',
      value: 'dana',
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ options: [] });
    expect(res.body).not.toContain('dana');
  });

  it('acks a slow modal submission in time with a "one moment" page, then shows the answer', async () => {
    const engine = scriptedEngine(async (turn) => {
      if (turn.text === '/ta new')
        return {
          messages: [],
          prompt: { kind: 'text', field: 'outcomePlan', text: 'Outcome plan?' },
          dialog: { name: 'new', step: 'outcomePlan', version: 4 },
        };
      await new Promise((r) => setTimeout(r, ACK_BUDGET_MS + 400));
      return {
        messages: ['Saved TA request #7.'],
        done: { outcome: 'completed', recordId: 7 },
        dialog: { name: 'new', step: 'done', version: 5 },
      };
    });
    h = await startHarness({ engine, ctx: t.ctx });
    const me = await staffOnSlack('U0SLOWV');
    h.fake.addUser({ id: 'U0SLOWV', email: me.email });
    await h.slack.command(commandFields(h, 'U0SLOWV', 'new'));
    await h.fake.waitFor(() => h!.fake.callsOf('views.update')[0], 'the first page');
    const view = lastModal(h);
    const input = view.blocks.find((b) => b.type === 'input')!;
    const res = await h.slack.interaction(
      viewSubmission(h, 'U0SLOWV', view, {
        [String(input.block_id)]: {
          tat_pick: { type: 'plain_text_input', value: 'The State will adopt tiers by 2027.' },
        },
      }),
    );
    const ack = res.json() as { response_action: string; view: { blocks: unknown } };
    expect(ack.response_action).toBe('update');
    expect(textOf(ack.view.blocks)).toContain('One moment');
    const later = await h.fake.waitFor(() => h!.fake.callsOf('views.update')[1], 'the answer page');
    expect(later.args.view_id).toBe(view.id);
    expect(textOf((later.args.view as { blocks: unknown }).blocks)).toContain('Saved TA request #7.');
    expect(engine.turns[1]).toMatchObject({
      answer: 'The State will adopt tiers by 2027.',
      expectedVersion: 4,
    });
  });

  it('gives a short message with a reference id on an unexpected error, and logs it without tokens', async () => {
    const engine = scriptedEngine(() => {
      throw new Error(`database exploded near xoxb-1234-secret-token`);
    });
    h = await startHarness({ engine, ctx: t.ctx });
    const me = await staffOnSlack('U0ERR');
    h.fake.addUser({ id: 'U0ERR', email: me.email });
    await h.slack.interaction(
      messageAction(h, 'U0ERR', {
        action_id: 'tat_answer:0',
        block_id: 'tat|3|priority|main',
        type: 'button',
        value: 'high',
      }),
    );
    const told = await h.fake.waitFor(() => h!.fake.responses[0], 'the error message');
    const text = textOf(told.body.blocks);
    const ref = /reference (TAT-[0-9A-F]{6})/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(text).toContain('Your answers so far are kept');
    expect(told.body.replace_original).toBe(false);
    const logged = h.logs.find((l) => l.includes(ref!))!;
    expect(logged).toContain('database exploded');
    expect(logged).not.toContain('xoxb-1234');
    expect(h.logs.join('\n')).not.toContain(h.fake.botToken);
  });
});
