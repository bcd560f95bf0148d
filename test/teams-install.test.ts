// Teams installs and uninstalls in a personal chat: installationUpdate (add) stores the conversation
// and welcomes once even when the conversationUpdate for the same install follows; an uninstall
// (installationUpdate remove, or the bot among membersRemoved) forgets the stored conversation.
import { describe, expect, it } from 'vitest';
import { teamsConversations } from '../db/schema.js';
import { APP_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { createStaff } from './support/fixtures.js';
import { useTeamsHarness } from './support/teams-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
useTeamsHarness(t, (started) => {
  h = started;
});

const robin = { aad: 'aad-robin' };
const installation = (action: string) =>
  h.activity(robin, { type: 'installationUpdate', action, text: undefined });
const conversationUpdate = (field: 'membersAdded' | 'membersRemoved') =>
  h.activity(robin, { type: 'conversationUpdate', [field]: [{ id: `28:${APP_ID}` }], text: undefined });
const post = async (activity: Record<string, unknown>) => {
  const before = h.fake.sent.length;
  expect((await h.post(activity)).status).toBe(200);
  return h.fake.sent.slice(before);
};

describe('Teams install and uninstall', () => {
  it('installationUpdate add stores the conversation and welcomes once for both install events', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin', name: 'Robin Reyes' });
    const welcomed = await post(installation('add'));
    expect(welcomed.map((s) => s.activity.text)).toEqual([expect.stringMatching(/^Hi Robin Reyes/)]);
    expect(h.app.port.canReach(me)).toBe(true);
    expect(await post(conversationUpdate('membersAdded'))).toHaveLength(0);
    expect(await t.ctx.db.select().from(teamsConversations)).toHaveLength(1);
  });

  it.each([
    ['installationUpdate remove', () => installation('remove')],
    ['the bot among membersRemoved', () => conversationUpdate('membersRemoved')],
  ])('an uninstall (%s) forgets the stored conversation', async (_label, uninstall) => {
    const me = await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    await post(installation('add'));
    expect(h.app.port.canReach(me)).toBe(true);
    expect(await post(uninstall())).toHaveLength(0);
    expect(await t.ctx.db.select().from(teamsConversations)).toHaveLength(0);
    expect(h.app.port.canReach(me)).toBe(false);
  });
});
