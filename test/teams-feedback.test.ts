// R17 on Teams, as on Slack: a requester in the tenant who installed the bot (or wrote to it) gets the
// feedback request as a proactive 1:1 message with the T/TA practice guide's questions, and their
// reply there is recorded as their feedback.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { activities, requesters, teamsRequesterConversations, teamsTeamInstalls } from '../db/schema.js';
import { APP_ID, TENANT_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import { useTeamsHarness } from './support/teams-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
useTeamsHarness(t, (started) => {
  h = started;
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

// The app installed in a team of the tenant: the bot finds a requester who never talked to it in the
// team's roster by UPN, opens the 1:1 chat itself, and their reply there is their feedback.
const TEAM_ID = '19:state-ta-general@thread.tacv2';
const admin = { aad: 'aad-admin', name: 'Team Owner' };
const inTeam = (fields: Record<string, unknown>) =>
  h.activity(admin, {
    text: undefined,
    conversation: { id: TEAM_ID, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    channelData: {
      tenant: { id: TENANT_ID },
      team: { id: TEAM_ID, name: 'State TA' },
      channel: { id: TEAM_ID },
    },
    ...fields,
  });
const postOk = async (activity: Record<string, unknown>) => {
  const before = h.fake.sent.length;
  const res = await h.post(activity);
  expect(res.status).toBe(200);
  return h.fake.sent.slice(before);
};
const danaInRoster = {
  id: '29:aad-dana',
  aadObjectId: 'aad-dana',
  name: 'Dana Director',
  email: 'dana@state.example.gov',
  userPrincipalName: 'Dana@State.example.gov',
};

async function askedInTeam() {
  const asked = await askedActivity();
  h.fake.members.clear(); // Dana never wrote to the bot: only the team's roster knows her
  h.fake.teamRosters.set(TEAM_ID, [{ id: '29:aad-other', userPrincipalName: 'o@x.example' }, danaInRoster]);
  expect(await postOk(inTeam({ type: 'installationUpdate', action: 'add' }))).toHaveLength(0);
  return asked;
}

describe('Teams requester feedback through a team the app is installed in', () => {
  it('R17 a requester who never talked to the bot is found in the team roster by UPN, gets the request in a 1:1 the bot opened, and the reply is recorded', async () => {
    const { requester, activity } = await askedInTeam();
    expect(await t.ctx.db.select().from(teamsTeamInstalls)).toMatchObject([
      { teamId: TEAM_ID, tenantId: TENANT_ID, serviceUrl: h.fake.serviceUrl },
    ]);

    expect(await h.app.requestFeedback(activity.id)).toEqual({ sent: 1, unreachable: [] });
    expect(h.fake.memberLookupsAsked).toEqual([
      { conversationId: TEAM_ID, userId: 'dana@state.example.gov' },
    ]);
    expect(h.fake.created).toMatchObject([
      {
        id: 'a:created-1',
        parameters: {
          isGroup: false,
          bot: { id: `28:${APP_ID}` },
          members: [{ id: '29:aad-dana' }],
          tenantId: TENANT_ID,
        },
      },
    ]);
    const requests = h.fake.sent.filter((s) => s.conversationId === 'a:created-1');
    expect(requests).toHaveLength(1);
    for (const q of [
      'Did the TA meet its stated objectives?',
      'Did it meet your needs on this topic?',
      'How will you use it?',
      'What further training or support would help?',
    ])
      expect(requests[0]!.activity.text).toContain(q);
    expect(await t.ctx.db.select().from(teamsRequesterConversations)).toMatchObject([
      { requesterId: requester.id, conversationId: 'a:created-1', tenantId: TENANT_ID, viaTeamId: TEAM_ID },
    ]);
    const [linked] = await t.ctx.db.select().from(requesters).where(eq(requesters.id, requester.id));
    expect(linked!.teamsUserId).toBe('aad-dana');

    // Her reply in that chat is recognised by her Entra id and recorded: a lookup of her in the chat
    // itself would fail (the fake knows her only in the team's roster).
    const thanks = await postOk(
      h.activity(dana, {
        text: 'It met our needs; we will brief the regional leads.',
        conversation: { id: 'a:created-1', conversationType: 'personal', tenantId: TENANT_ID },
      }),
    );
    expect(h.fake.memberLookupsAsked.slice(1).every((l) => l.conversationId === 'a:created-1')).toBe(true);
    expect(thanks.map((s) => s.conversationId)).toEqual(['a:created-1']);
    expect(texts(thanks)).toContain(`your feedback was added to TA request #${activity.id}`);
    expect(await t.ctx.db.query.feedback.findMany()).toMatchObject([
      {
        activityId: activity.id,
        requesterId: requester.id,
        text: 'It met our needs; we will brief the regional leads.',
      },
    ]);

    // The next request goes to the stored chat: no new lookup, no new conversation.
    expect(await h.app.requestFeedback(activity.id)).toEqual({ sent: 1, unreachable: [] });
    expect(h.fake.created).toHaveLength(1);
    expect(h.fake.memberLookupsAsked.filter((l) => l.conversationId === TEAM_ID)).toHaveLength(1);
  });

  it('R17 a requester in no team roster (404) stays unreachable, to be asked by e-mail', async () => {
    const { activity } = await askedInTeam();
    h.fake.teamRosters.set(TEAM_ID, [{ id: '29:aad-other', userPrincipalName: 'o@x.example' }]);
    expect(await h.app.requestFeedback(activity.id)).toEqual({
      sent: 0,
      unreachable: ['dana@state.example.gov'],
    });
    expect(h.fake.memberLookupsAsked).toHaveLength(1);
    expect(h.fake.created).toHaveLength(0);
    expect(await t.ctx.db.select().from(teamsRequesterConversations)).toHaveLength(0);
  });

  it('R17 without any team install the roster is not asked and the requester is unreachable', async () => {
    const { activity } = await askedActivity();
    expect(await h.app.requestFeedback(activity.id)).toMatchObject({ sent: 0 });
    expect(h.fake.memberLookups).toBe(0);
    expect(h.fake.created).toHaveLength(0);
  });

  it.each([
    ['installationUpdate remove', () => inTeam({ type: 'installationUpdate', action: 'remove' })],
    [
      'the bot among membersRemoved',
      () => inTeam({ type: 'conversationUpdate', membersRemoved: [{ id: `28:${APP_ID}` }] }),
    ],
    [
      'the team deleted',
      () =>
        inTeam({
          type: 'conversationUpdate',
          channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID }, eventType: 'teamDeleted' },
        }),
    ],
  ])(
    'R17 removing the app from the team (%s) forgets the team and the chats opened through it',
    async (_l, uninstall) => {
      const { activity } = await askedInTeam();
      expect(await h.app.requestFeedback(activity.id)).toMatchObject({ sent: 1 });
      expect(await postOk(uninstall())).toHaveLength(0);
      expect(await t.ctx.db.select().from(teamsTeamInstalls)).toHaveLength(0);
      expect(await t.ctx.db.select().from(teamsRequesterConversations)).toHaveLength(0);
      const lookups = h.fake.memberLookups;
      expect(await h.app.requestFeedback(activity.id)).toEqual({
        sent: 0,
        unreachable: ['dana@state.example.gov'],
      });
      expect(h.fake.memberLookups).toBe(lookups);
    },
  );

  it('R17 a team of another tenant is not stored (TEAMS_TENANT_ID), so its roster is never asked', async () => {
    const other = '99999999-9999-4999-8999-999999999999';
    await h.post(
      inTeam({
        type: 'installationUpdate',
        action: 'add',
        conversation: { id: TEAM_ID, conversationType: 'channel', tenantId: other },
        channelData: { tenant: { id: other }, team: { id: TEAM_ID } },
      }),
    );
    expect(await t.ctx.db.select().from(teamsTeamInstalls)).toHaveLength(0);
  });

  it('R17 a team install stored by conversationUpdate alone also lets the bot reach requesters', async () => {
    const { activity } = await askedActivity();
    h.fake.members.clear();
    h.fake.teamRosters.set(TEAM_ID, [danaInRoster]);
    await postOk(
      inTeam({
        type: 'conversationUpdate',
        membersAdded: [{ id: `28:${APP_ID}` }],
        channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID }, eventType: 'teamMemberAdded' },
      }),
    );
    expect(await h.app.requestFeedback(activity.id)).toEqual({ sent: 1, unreachable: [] });
  });
});
