// Structurally impossible activities on /api/messages (correctly signed, real JWTs through the fake
// Bot Connector): each is answered 400 at the boundary (adapters/teams/activity-schema.ts) instead of
// 500, 200-and-ignored or a crash, and what the sender typed never reaches the log.
import { describe, expect, it } from 'vitest';
import { TENANT_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { createStaff } from './support/fixtures.js';
import { useTeamsHarness } from './support/teams-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
useTeamsHarness(t, (started) => {
  h = started;
});

const base = () => h.activity({ aad: 'aad-robin' }, { text: 'help' });
const without = (key: string) => () => {
  const a = base();
  delete a[key];
  return a;
};
const shapes: [string, () => Record<string, unknown>][] = [
  ['no from', without('from')],
  ['from null', () => ({ ...base(), from: null })],
  ['from a string', () => ({ ...base(), from: 'x' })],
  ['from without id', () => ({ ...base(), from: { name: 'x' } })],
  ['from.id a number', () => ({ ...base(), from: { id: 5 } })],
  ['from.aadObjectId an object', () => ({ ...base(), from: { id: '29:x', aadObjectId: {} } })],
  ['no conversation', without('conversation')],
  ['conversation null', () => ({ ...base(), conversation: null })],
  ['conversation without id', () => ({ ...base(), conversation: { conversationType: 'personal' } })],
  ['no recipient', without('recipient')],
  ['recipient null', () => ({ ...base(), recipient: null })],
  ['value a string', () => ({ ...base(), text: undefined, value: 'x' })],
  ['value an array', () => ({ ...base(), text: undefined, value: [1] })],
  ['value a number', () => ({ ...base(), text: undefined, value: 3 })],
  ['text a number', () => ({ ...base(), text: 42 })],
  ['text an object', () => ({ ...base(), text: {} })],
  ['entities an object', () => ({ ...base(), entities: {} })],
  ['entities of null', () => ({ ...base(), entities: [null] })],
  ['attachments a string', () => ({ ...base(), attachments: 'x' })],
  ['channelData a string', () => ({ ...base(), channelData: 'x' })],
  ['id a number', () => ({ ...base(), id: 7 })],
  ['id with NUL', () => ({ ...base(), id: '1:a\u0000b' })],
  ['id of 5000 characters', () => ({ ...base(), id: 'x'.repeat(5000) })],
  ['conversation.id with NUL', () => ({ ...base(), conversation: { id: 'a:\u0000', tenantId: TENANT_ID } })],
  ['replyToId an object', () => ({ ...base(), replyToId: {} })],
  ['no channelId', without('channelId')],
  ['channelId a number', () => ({ ...base(), channelId: 1 })],
  ['no serviceUrl', without('serviceUrl')],
  ['serviceUrl not a URL', () => ({ ...base(), serviceUrl: 'not a url' })],
  ['no type', without('type')],
  ['body an array', () => [base()] as unknown as Record<string, unknown>],
  ['serviceUrl a number', () => ({ ...base(), serviceUrl: 1 })],
  ['timestamp not a date', () => ({ ...base(), timestamp: 'yesterday' })],
  ['membersAdded an object', () => ({ ...base(), type: 'conversationUpdate', membersAdded: {} })],
  ['membersAdded of null', () => ({ ...base(), type: 'conversationUpdate', membersAdded: [null] })],
  ['membersRemoved a string', () => ({ ...base(), type: 'conversationUpdate', membersRemoved: 'x' })],
  ['invoke value a string', () => ({ ...base(), type: 'invoke', name: 'fileConsent/invoke', value: 'x' })],
  ['invoke name a number', () => ({ ...base(), type: 'invoke', name: 1 })],
];

describe('Teams: structurally impossible activities', () => {
  it('a possible activity still passes (200, answered)', async () => {
    await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    const before = h.fake.sent.length;
    expect((await h.post(base())).status).toBe(200);
    expect(h.fake.sent.length).toBe(before + 1);
  });

  it('an impossible one is refused before its token is used, and its text is not logged', async () => {
    const res = await h.post({ ...base(), from: null, text: 'secret note text' }, 'Bearer not-a-token');
    expect(res.status).toBe(400);
    expect(h.logs.join('\n')).toContain('from: ');
    expect(h.logs.join('\n')).not.toContain('secret note text');
  });

  it.each(shapes)('%s → 400, nothing sent back', async (_label, make) => {
    await createStaff(t.ctx.db, { teamsUserId: 'aad-robin' });
    const res = await h.post(make());
    expect(res.status).toBe(400);
    expect(h.fake.sent).toHaveLength(0);
  });
});
