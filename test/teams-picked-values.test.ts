// What is clicked or picked on a Teams card is what is saved: a button's or choice set's value is
// the choice's value, never a position in the list, and a date picked in the date picker wins over
// the question's default. Card submits carry every input's current value, as Teams sends them.
import { describe, expect, it } from 'vitest';
import type { RecordedActivity, TeamsHarness } from './support/fake-bot-connector.js';
import { createActivity, createGoal, createRequester, createStaff } from './support/fixtures.js';
import { useTeamsHarness } from './support/teams-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
const robin = { aad: 'aad-robin', name: 'Robin Reyes' };

useTeamsHarness(t, (started) => {
  h = started;
});

type Json = Record<string, unknown>;
type CardAction = { type: string; title: string; data: Json };
type Card = { body: Json[]; actions?: CardAction[] };

const cardOf = (sent: RecordedActivity[]): Card => {
  const card = sent.at(-1)?.activity.attachments?.[0]?.content as Card | undefined;
  if (!card) throw new Error(`no card in: ${JSON.stringify(sent.map((s) => s.activity.text))}`);
  return card;
};
/** Every input of a card, wherever it sits (columns, containers, action sets). */
const inputsOf = (card: Card): Json[] => {
  const out: Json[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (String(o.type).startsWith('Input.')) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card.body);
  return out;
};
/** Every Action.Submit of a card, in the card's actions or in an ActionSet of its body. */
const submitsOf = (card: Card): CardAction[] => {
  const out: CardAction[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (o.type === 'Action.Submit') out.push(o as unknown as CardAction);
      Object.values(o).forEach(walk);
    }
  };
  walk([card.body, card.actions]);
  return out;
};
/** Submits `action` with every input's current value (its prefill), changed by `picked`. */
function submit(card: Card, action: CardAction, picked: Record<string, string> = {}) {
  const values: Record<string, string> = {};
  for (const input of inputsOf(card))
    if (typeof input.value === 'string') values[String(input.id)] = input.value;
  return h.say(robin, { value: { ...action.data, ...values, ...picked } });
}
const answerAction = (card: Card) =>
  submitsOf(card).find((a) => a.data.tat === 'answer' && a.data.value === undefined)!;
const dialogValues = async () => {
  const [row] = await t.ctx.db.query.dialogStates.findMany();
  return (row!.data as { values: Json }).values;
};

describe('Teams picks are values', () => {
  it('R10 clicking the "#3 TX" button logs on #3, not on the third activity listed', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: robin.aad, states: ['MD', 'TX', 'VA'] });
    const other = await createStaff(t.ctx.db, { email: 'other@center.example.org', states: ['MD'] });
    await createActivity(t.ctx.db, { primaryStaff: other, stateCode: 'MD', tracking: true }); // #1
    await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true }); // #2
    await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'TX', tracking: true }); // #3
    await createActivity(t.ctx.db, { primaryStaff: other, stateCode: 'MD', tracking: true }); // #4
    await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'VA', tracking: true }); // #5
    const card = cardOf(await h.say(robin, { text: 'log' }));
    const buttons = submitsOf(card).filter((a) => a.data.field === 'activityId' && a.data.value);
    const at = buttons.findIndex((a) => a.data.value === '3');
    expect(buttons[at]!.title).toMatch(/#3 .*TX/);
    expect(at).not.toBe(2); // otherwise the value and the position would agree
    await submit(card, buttons[at]!);
    expect(Number((await dialogValues()).activityId)).toBe(3);
  });

  it('R2 R7 /ta new: a picked date opened wins over its default, and requester id 3 is the one with id 3', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: robin.aad, states: ['CA'] });
    await createGoal(t.ctx.db, { stateCode: 'CA', categoryCode: 'quality_improvement' });
    const names = ['Zoe Zamora', 'Yan Young', 'Abe Adams'];
    for (const name of names)
      await createRequester(t.ctx.db, { stateCode: 'CA', name, title: 'CCDF Administrator' });
    expect(me.id).toBeGreaterThan(0);

    let card = cardOf(await h.say(robin, { text: 'new' }));
    const focus = inputsOf(card).find((i) => i.id === 'in:focus')!;
    const first = (focus.choices as { value: string }[])[0]!.value;
    card = cardOf(await submit(card, answerAction(card), { 'in:focus': first }));

    expect(answerAction(card).data.field).toBe('dateOpened');
    card = cardOf(await submit(card, answerAction(card), { 'in:dateOpened': '2026-11-20' }));
    expect((await dialogValues()).dateOpened).toBe('2026-11-20');

    const high = submitsOf(card).find((a) => a.data.field === 'priority' && a.data.value === 'high')!;
    card = cardOf(await submit(card, high));

    expect(answerAction(card).data.field).toBe('requesterIds');
    const pick = inputsOf(card).find((i) => i.id === 'in:requesterIds')!;
    const values = (pick.choices as { value: string }[]).map((c) => c.value);
    expect(values.indexOf('3')).not.toBe(2);
    await submit(card, answerAction(card), { 'in:requesterIds': '3' });
    expect((await dialogValues()).requesterIds).toEqual([3]);
  });

  it('R17 the feedback date picked in the date picker wins over its default (today)', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: robin.aad, states: ['CA'] });
    const dana = await createRequester(t.ctx.db, {
      stateCode: 'CA',
      name: 'Dana Director',
      title: 'CCDF Administrator',
    });
    const a = await createActivity(t.ctx.db, { primaryStaff: me, tracking: true, requesters: [dana] });
    let card = cardOf(
      await h.say(robin, { text: `feedback #${a.id} The sessions helped us agree on tiers.` }),
    );
    const from = submitsOf(card).find((x) => x.data.field === 'from' && x.data.value === String(dana.id))!;
    card = cardOf(await submit(card, from));
    expect(answerAction(card).data.field).toBe('noteDate');
    await submit(card, answerAction(card), { 'in:noteDate': '2026-11-20' });
    expect((await dialogValues()).noteDate).toBe('2026-11-20');
  });
});
