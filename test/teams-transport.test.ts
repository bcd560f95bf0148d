// The Teams channel over HTTP through the real botbuilder stack: signed JWTs checked against a local
// OpenID endpoint, replies posted to a fake Bot Connector. Identity, tenant guard, dedupe, health,
// and proactive nudges through the ChannelPort.
import { generateKeyPairSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, processedEvents, staff, teamsConversations } from '../db/schema.js';
import type { NudgeMessage } from '../src/reminders/channel-port.js';
import { engineFor } from './support/dialog-driver.js';
import { APP_ID, startTeamsHarness, TENANT_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { createStaff } from './support/fixtures.js';
import { useTeamsHarness } from './support/teams-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;

useTeamsHarness(t, (started) => {
  h = started;
});

const textOf = (sent: { activity: { text?: string } }[]) => sent.map((s) => s.activity.text ?? '').join('\n');

/** The conversationUpdate Teams posts when the app is installed for `aad` (the bot joins their chat). */
const installActivity = (aad: string, fields: Record<string, unknown> = {}) =>
  h.activity(
    { aad },
    { type: 'conversationUpdate', membersAdded: [{ id: `28:${APP_ID}` }], text: undefined, ...fields },
  );
/** POSTs an activity and returns what the bot posted back for it. */
const postOk = async (activity: Record<string, unknown>) => {
  const before = h.fake.sent.length;
  const res = await h.post(activity);
  expect(res.status).toBe(200);
  return h.fake.sent.slice(before);
};

describe('Teams transport', () => {
  it('answers help to a staff member known by their AAD object id', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin', name: 'Robin Reyes' });
    const sent = await h.say({ aad: 'aad-robin' }, { text: 'help' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversationId).toBe('a:personal-aad-robin');
    expect(textOf(sent)).toMatch(/log/i);
    expect(h.fake.memberLookups).toBe(0);
    const [ref] = await t.ctx.db
      .select()
      .from(teamsConversations)
      .where(eq(teamsConversations.staffId, me.id));
    expect(ref).toMatchObject({
      conversationId: 'a:personal-aad-robin',
      serviceUrl: h.fake.serviceUrl,
      tenantId: TENANT_ID,
    });
  });
});

describe('Teams identity and guards', () => {
  it('finds staff by the e-mail Teams gives for the member and links their AAD id (audited)', async () => {
    const me = await createStaff(t.ctx.db, { email: 'Casey.Lee@example.org' });
    h.fake.members.set('29:aad-casey', { id: '29:aad-casey', email: 'casey.lee@example.org' });
    const sent = await h.say({ aad: 'aad-casey' }, { text: 'help' });
    expect(textOf(sent)).not.toMatch(/don't know you/);
    const [row] = await t.ctx.db.select().from(staff).where(eq(staff.id, me.id));
    expect(row!.teamsUserId).toBe('aad-casey');
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'link_teams_user'));
    expect(audits).toHaveLength(1);
    // Linked now: the next message needs no roster lookup.
    await h.say({ aad: 'aad-casey' }, { text: 'help' });
    expect(h.fake.memberLookups).toBe(1);
  });

  it('falls back to the userPrincipalName when the member has no e-mail', async () => {
    await createStaff(t.ctx.db, { email: 'upn.user@example.org' });
    h.fake.members.set('29:aad-upn', { id: '29:aad-upn', userPrincipalName: 'UPN.User@example.org' });
    const sent = await h.say({ aad: 'aad-upn' }, { text: 'help' });
    expect(textOf(sent)).not.toMatch(/don't know you/);
  });

  it.each([
    [
      'an e-mail that is not staff',
      { id: '29:aad-stranger', email: 'stranger@example.org' },
      /add stranger@example\.org as staff/,
    ],
    ['no e-mail at all', undefined, /couldn't read an e-mail address/],
  ])('tells an unknown user (%s) how to get access, and starts nothing', async (_label, member, expected) => {
    if (member) h.fake.members.set(member.id, member);
    const sent = await h.say({ aad: 'aad-stranger' }, { text: 'log held a call yesterday' });
    expect(textOf(sent)).toMatch(expected);
    expect(textOf(sent)).toMatch(/I'm TAT Bot/);
    expect(await t.ctx.db.select().from(teamsConversations)).toHaveLength(0);
  });

  it('R25 help from an unknown user says what the bot does and names the admins from the directory', async () => {
    await createStaff(t.ctx.db, {
      role: 'admin',
      name: 'Lee Nakamura',
      email: 'lee@tat.example.org',
      states: [],
    });
    h.fake.members.set('29:aad-stranger', { id: '29:aad-stranger', email: 'stranger@example.org' });
    const sent = await h.say({ aad: 'aad-stranger' }, { text: 'help' });
    expect(textOf(sent)).toMatch(
      /I'm TAT Bot[\s\S]*ask a TAT administrator \(Lee Nakamura (?:<|&lt;)lee@tat\.example\.org>\) to add stranger@example\.org/,
    );
  });

  it('refuses a message from another tenant without touching the dialogs', async () => {
    await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    const other = '22222222-2222-4222-8222-222222222222';
    const res = await h.post(
      h.activity(
        { aad: 'aad-robin' },
        {
          text: 'help',
          conversation: { id: 'a:elsewhere', conversationType: 'personal', tenantId: other },
          channelData: { tenant: { id: other } },
        },
      ),
    );
    expect(res.status).toBe(200);
    expect(textOf(h.fake.sent)).toMatch(/set up for another organisation/);
    expect(await t.ctx.db.select().from(processedEvents)).toHaveLength(0);
    expect(await t.ctx.db.select().from(teamsConversations)).toHaveLength(0);
  });

  it.each([
    ['no token', ''],
    ['a token signed by another key', 'other-key'],
    ['a token for another app', 'other-app'],
  ])('refuses a request with %s and does nothing', async (_label, kind) => {
    await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    const activity = h.activity({ aad: 'aad-robin' }, { text: 'help' });
    const auth =
      kind === ''
        ? ''
        : kind === 'other-key'
          ? `Bearer ${h.fake.token(APP_ID, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })}`
          : `Bearer ${h.fake.token('some-other-app')}`;
    const logsBefore = h.logs.length;
    const res = await h.post(activity, auth);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthorized' });
    // One structured line, no stack trace.
    const lines = h.logs.slice(logsBefore);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      message: 'teams: request refused',
      status: 401,
    });
    expect(lines[0]).not.toMatch(/\n\s+at |Bearer|eyJ/);
    expect(h.fake.sent).toHaveLength(0);
    expect(await t.ctx.db.select().from(processedEvents)).toHaveLength(0);
  });

  it('answers 413 to a body over 1 MB, and reads nothing of it', async () => {
    const big = h.activity({ aad: 'aad-robin' }, { text: 'x'.repeat(1024 * 1024 + 10) });
    const res = await h.post(big);
    expect(res.status).toBe(413);
    expect(h.fake.sent).toHaveLength(0);
  });

  it('accepts only Teams activities: a webchat one carrying a staff AAD id gets nothing', async () => {
    await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    const res = await h.post(h.activity({ aad: 'aad-robin' }, { text: 'mine', channelId: 'webchat' }));
    expect(res.status).toBe(200);
    expect(h.fake.sent).toHaveLength(0);
    expect(await t.ctx.db.select().from(processedEvents)).toHaveLength(0);
    expect(h.logs.join('\n')).toMatch(/activity from another channel ignored/);
  });

  it('handles a repeated activity id once', async () => {
    await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    const activity = h.activity({ aad: 'aad-robin' }, { text: 'help' });
    expect((await h.post(activity)).status).toBe(200);
    expect((await h.post(activity)).status).toBe(200);
    expect(h.fake.sent).toHaveLength(1);
    expect(await t.ctx.db.select().from(processedEvents)).toHaveLength(1);
  });

  it('reports database reachability on GET /healthz', async () => {
    const ok = await fetch(`http://127.0.0.1:${h.app.listeningPort()}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', database: 'reachable' });
    const down = await startTeamsHarness({
      engine: engineFor(t.ctx),
      ctx: t.ctx,
      dbHandle: { ping: async () => false },
    });
    try {
      const res = await fetch(`http://127.0.0.1:${down.app.listeningPort()}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', database: 'unreachable' });
    } finally {
      await down.stop();
    }
  });
});

describe('Teams nudges through the ChannelPort', () => {
  const nudge: NudgeMessage = {
    kind: 'summary_due',
    text: '*Summary due today* for TA request #42 (CA)',
    items: [{ activityId: 42, label: 'TA request #42 (CA)', detail: 'Delivered 11/20/26' }],
    buttons: [
      { label: 'Log summary', command: 'log 42', style: 'primary' },
      { label: 'Snooze', command: 'snooze 42' },
    ],
  };

  it('reaches only people who talked to the bot, in their personal chat, with buttons', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    const silent = await createStaff(t.ctx.db, { teamsUserId: 'aad-silent' });
    expect(h.app.port.canReach(me)).toBe(false);
    await h.say({ aad: 'aad-robin' }, { text: 'help' });
    expect(h.app.port.canReach(me)).toBe(true);
    expect(h.app.port.canReach(silent)).toBe(false);
    expect(await h.app.port.send(silent, nudge)).toMatchObject({ ok: false });

    const before = h.fake.sent.length;
    expect(await h.app.port.send(me, nudge)).toEqual({ ok: true });
    const [posted] = h.fake.sent.slice(before);
    expect(posted!.conversationId).toBe('a:personal-aad-robin');
    expect(posted!.activity.text).toMatch(/\*\*Summary due today\*\* for TA request #42/);
    const card = posted!.activity.attachments![0]!.content as { actions: { title: string; data: unknown }[] };
    expect(card.actions.map((a) => [a.title, a.data])).toEqual([
      ['Log summary', { tat: 'command', command: 'log 42' }],
      ['Snooze', { tat: 'command', command: 'snooze 42' }],
    ]);
  });

  it('a restarted app still reaches people from the stored references', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    await h.say({ aad: 'aad-robin' }, { text: 'help' });
    const again = await startTeamsHarness({ engine: engineFor(t.ctx), ctx: t.ctx });
    try {
      expect(again.app.port.canReach(me)).toBe(true);
    } finally {
      await again.stop();
    }
  });

  it('welcomes a staff member when the app is installed for them, and can nudge them without a message', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin', name: 'Robin Reyes' });
    expect(h.app.port.canReach(me)).toBe(false);
    const sent = await postOk(installActivity('aad-robin'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversationId).toBe('a:personal-aad-robin');
    expect(sent[0]!.activity.text).toBe(
      "Hi Robin Reyes — I'm TAT Bot. I'll nudge you here about summaries due. Type help to see what I can do.",
    );
    expect(h.app.port.canReach(me)).toBe(true);
    const before = h.fake.sent.length;
    expect(await h.app.port.send(me, nudge)).toEqual({ ok: true });
    const [posted] = h.fake.sent.slice(before);
    expect(posted!.conversationId).toBe('a:personal-aad-robin');
    expect(posted!.activity.text).toMatch(/Summary due today/);
  });

  it('finds an installing staff member by e-mail, links them, and welcomes them once per activity id', async () => {
    const me = await createStaff(t.ctx.db, { email: 'casey.lee@example.org', name: 'Casey Lee' });
    h.fake.members.set('29:aad-casey', { id: '29:aad-casey', email: 'Casey.Lee@example.org' });
    const install = installActivity('aad-casey');
    expect(textOf(await postOk(install))).toMatch(/^Hi Casey Lee — I'm TAT Bot/);
    expect(await postOk(install)).toHaveLength(0);
    const [row] = await t.ctx.db.select().from(staff).where(eq(staff.id, me.id));
    expect(row!.teamsUserId).toBe('aad-casey');
    expect(await t.ctx.db.select().from(teamsConversations)).toHaveLength(1);
  });

  it('tells someone unknown who installs the app how to get access, and stores nothing', async () => {
    h.fake.members.set('29:aad-stranger', { id: '29:aad-stranger', email: 'stranger@example.org' });
    const sent = await postOk(installActivity('aad-stranger'));
    expect(textOf(sent)).toMatch(/add stranger@example\.org as staff/);
    expect(await t.ctx.db.select().from(teamsConversations)).toHaveLength(0);
  });

  it.each([
    [
      'the bot added to a team channel',
      { conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: TENANT_ID } },
    ],
    ['someone else added to the personal chat', { membersAdded: [{ id: '29:aad-robin' }] }],
    ['the bot removed', { membersAdded: undefined, membersRemoved: [{ id: `28:${APP_ID}` }] }],
  ])('sends no welcome and stores nothing for %s', async (_label, fields) => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    expect(await postOk(installActivity('aad-robin', fields))).toHaveLength(0);
    expect(h.app.port.canReach(me)).toBe(false);
    expect(await t.ctx.db.select().from(teamsConversations)).toHaveLength(0);
  });

  it('refuses an install from another tenant and stores nothing', async () => {
    await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    const other = '22222222-2222-4222-8222-222222222222';
    const sent = await postOk(
      installActivity('aad-robin', {
        conversation: { id: 'a:elsewhere', conversationType: 'personal', tenantId: other },
        channelData: { tenant: { id: other } },
      }),
    );
    expect(textOf(sent)).toMatch(/set up for another organisation/);
    expect(await t.ctx.db.select().from(teamsConversations)).toHaveLength(0);
  });

  it("hands a 429 that outlasts botbuilder's own retries back as retryAfterMs", async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    await h.say({ aad: 'aad-robin' }, { text: 'help' });
    const before = h.fake.sent.length;
    h.fake.failNextSend(429, 0, 100);
    const result = await h.app.port.send(me, nudge);
    expect(result).toMatchObject({ ok: false, retryAfterMs: 60_000 });
    expect(h.fake.failedSends).toBeGreaterThan(0);
    expect(h.fake.sent.length).toBe(before);
  });

  it('a short 429 is retried by botbuilder and the nudge goes through', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    await h.say({ aad: 'aad-robin' }, { text: 'help' });
    h.fake.failNextSend(429, 0, 1);
    expect(await h.app.port.send(me, nudge)).toEqual({ ok: true });
    expect(h.fake.failedSends).toBe(1);
  });
});
