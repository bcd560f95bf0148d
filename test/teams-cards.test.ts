// Teams cards behave as Slack messages do: a click moves the clicked card on in place (no pile of
// live old cards), a card shows at most six actions (a choice set or the overflow menu past that),
// and a command-menu word sent mid-dialog runs as a command instead of becoming the answer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../adapters/teams/submit.js';
import type { RecordedActivity, TeamsHarness } from './support/fake-bot-connector.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { useTeamsHarness } from './support/teams-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
const robin = { aad: 'aad-robin', name: 'Robin Reyes' };

useTeamsHarness(t, (started) => {
  h = started;
});

type Json = Record<string, unknown>;
type Card = { body: Json[]; actions?: (Json & { title: string; data: Json; mode?: string })[] };
const cardOf = (r: RecordedActivity) => r.activity.attachments?.[0]?.content as unknown as Card;
const primary = (card: Card) => (card.actions ?? []).filter((a) => a.mode !== 'secondary');

async function myActivities(n: number) {
  const me = await createStaff(t.ctx.db, { teamsUserId: robin.aad, states: ['MD'] });
  for (let i = 0; i < n; i++)
    await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
  return me;
}

describe('Teams cards', () => {
  it('a click on a card updates that card in place instead of posting a new one', async () => {
    await myActivities(2);
    const [question] = await h.say(robin, { text: 'log' });
    const post = h.fake.sent.length;
    const first = cardOf(question!).actions!.find((a) => a.data.field === 'activityId')!;
    // Teams sends replyToId: the id of the message whose card was clicked.
    const res = await h.post(h.activity(robin, { value: first.data, replyToId: 'bot-1' }));
    expect(res.status).toBe(200);
    const after = h.fake.sent.slice(post);
    expect(after).toHaveLength(1);
    expect(after[0]!.updatedId).toBe('bot-1');
    expect(JSON.stringify(cardOf(after[0]!))).toContain('When was the TA delivered');
  });

  it('a question never shows more than six actions: five choices become a choice set', async () => {
    await myActivities(5);
    const [question] = await h.say(robin, { text: 'log' });
    const card = cardOf(question!);
    expect(primary(card).length).toBeLessThanOrEqual(6);
    const set = card.body.find((b) => b.type === 'Input.ChoiceSet' && b.id === 'in:activityId');
    expect((set?.choices as unknown[] | undefined)?.length).toBe(5);
  });

  it('/ta mine with many Log buttons puts those past six in the overflow menu', async () => {
    await myActivities(8);
    const [answer] = await h.say(robin, { text: 'mine' });
    const card = cardOf(answer!);
    expect(card.actions).toHaveLength(8);
    expect(primary(card)).toHaveLength(6);
  });

  it('a command-menu word mid-dialog runs the command and keeps the question', async () => {
    await myActivities(2);
    await h.say(robin, { text: 'log' });
    const sent = await h.say(robin, { text: 'mine' });
    const text = sent.map((s) => JSON.stringify(s.activity)).join('\n');
    expect(text).toContain('Your open activities (2)');
    const [row] = await t.ctx.db.query.dialogStates.findMany();
    expect(row!.dialog).toBe('log');
    expect((row!.data as { values: Json }).values.activityId).toBeUndefined();
  });

  it('the command words match the manifest’s command menu', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../manifest/teams/manifest.json', import.meta.url), 'utf8'),
    );
    const titles = manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title);
    expect([...titles].sort()).toEqual([...MENU_COMMANDS].sort());
  });
});
