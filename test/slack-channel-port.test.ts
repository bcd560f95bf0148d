// Nudges as Slack DMs (the reminders' ChannelPort): delivered to the staff member's DM with their
// buttons, a short 429 retried, a long one handed back as retryAfterMs, and a click on a nudge's
// button starting that command in a new message (the nudge stays).
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { staff } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import type { NudgeMessage } from '../src/reminders/channel-port.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { type Harness, messageAction, startHarness, textOf } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const nudge = (activityId: number): NudgeMessage => ({
  kind: 'summary_due_soon',
  text: `*Summary due soon:* TA request #${activityId} (CA) — QRIS strategic planning`,
  items: [
    {
      activityId,
      label: `TA request #${activityId} (CA)`,
      detail: 'Delivered 11/20/26; summary due 11/30/26',
    },
  ],
  buttons: [
    { label: 'Log summary', command: `log ${activityId}`, style: 'primary' },
    { label: 'Snooze until tomorrow', command: `snooze ${activityId}` },
  ],
});

describe('Slack channel port (nudges)', () => {
  it('reaches active staff with a Slack id or an e-mail to find them by (unless Teams is theirs)', async () => {
    h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
    const linked = await createStaff(t.ctx.db, { slackUserId: 'U0LINKED' });
    const unlinked = await createStaff(t.ctx.db);
    const inactive = await createStaff(t.ctx.db, { slackUserId: 'U0GONE', active: false });
    const onTeams = await createStaff(t.ctx.db, { teamsUserId: 'aad-teams' });
    expect([linked, unlinked, inactive, onTeams].map((s) => h!.app.port.canReach(s))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(h.app.port.channel).toBe('slack');
  });

  it('finds a staff member who never used the bot by e-mail, opens the DM, and stores their Slack id', async () => {
    h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
    const me = await createStaff(t.ctx.db, { email: 'new.hire@center.example.org' });
    h.fake.addUser({ id: 'U0NEWHIRE', email: 'New.Hire@center.example.org' });
    expect(await h.app.port.send(me, nudge(1))).toEqual({ ok: true });
    expect(h.fake.callsOf('users.lookupByEmail')[0]!.args.email).toBe('new.hire@center.example.org');
    const opened = h.fake.callsOf('conversations.open')[0]!;
    expect(opened.args.users).toBe('U0NEWHIRE');
    const [dm] = h.fake.callsOf('chat.postMessage');
    expect(dm!.args.channel).toBe((opened.response as { channel: { id: string } }).channel.id);
    const [row] = await t.ctx.db.select().from(staff).where(eq(staff.id, me.id));
    expect(row!.slackUserId).toBe('U0NEWHIRE');

    const stranger = await createStaff(t.ctx.db, { email: 'not.on.slack@center.example.org' });
    expect(await h.app.port.send(stranger, nudge(1))).toMatchObject({ ok: false });
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('DMs the nudge with its buttons, and a click starts the command in a new message', async () => {
    h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
    const me = await createStaff(t.ctx.db, { slackUserId: 'U0NUDGE' });
    h.fake.addUser({ id: 'U0NUDGE', email: me.email });
    const activity = await createActivity(t.ctx.db, { primaryStaff: me, tracking: true });
    await createDelivery(t.ctx.db, { activityId: activity.id, endDate: '2026-11-20' });

    expect(await h.app.port.send(me, nudge(activity.id))).toEqual({ ok: true });
    const [dm] = h.fake.callsOf('chat.postMessage');
    expect(dm!.args.channel).toBe(
      (h.fake.callsOf('conversations.open')[0]!.response as { channel: { id: string } }).channel.id,
    );
    expect(String(dm!.args.text)).toContain(`TA request #${activity.id}`);
    const buttons = (dm!.args.blocks as { elements?: Record<string, unknown>[] }[]).flatMap(
      (b) => b.elements ?? [],
    );
    const log = buttons.find((b) => b.value === `log ${activity.id}`)!;
    expect(buttons.map((b) => b.value)).toContain(`snooze ${activity.id}`);

    await h.slack.interaction(
      messageAction(h, 'U0NUDGE', { ...log, block_id: 'nudge' }, { channel: 'D0NUDGE', ephemeral: false }),
    );
    const started = await h.fake.waitFor(() => h!.fake.responses[0], 'the log dialog');
    expect(started.body.replace_original).toBe(false);
    expect(textOf(started.body.blocks)).toContain('Is this the summary for TA already recorded');
  });

  it('retries a short 429 and delivers; hands a long one back as retryAfterMs', async () => {
    h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
    const me = await createStaff(t.ctx.db, { slackUserId: 'U0RATE' });
    h.fake.rateLimitOnce('chat.postMessage', 1);
    expect(await h.app.port.send(me, nudge(1))).toEqual({ ok: true });
    expect(
      h.fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => Boolean(c.rateLimited)),
    ).toEqual([true, false]);
    h.fake.rateLimitOnce('chat.postMessage', 30);
    expect(await h.app.port.send(me, nudge(1))).toMatchObject({ ok: false, retryAfterMs: 30_000 });
  });

  it('reports a Slack refusal as a failed send without throwing', async () => {
    h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
    const me = await createStaff(t.ctx.db, { slackUserId: 'U0CLOSED' });
    h.fake.failOnce('chat.postMessage', 'account_inactive');
    expect(await h.app.port.send(me, nudge(1))).toEqual({ ok: false, error: 'account_inactive' });
  });
});
