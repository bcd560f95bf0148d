// Dialogs through Teams end to end: typed commands and Adaptive Card submits (buttons, choice sets,
// dates, text boxes) over the real botbuilder stack, ending in records in the database.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries, requesters } from '../db/schema.js';
import { type RecordedActivity, TENANT_ID, type TeamsHarness } from './support/fake-bot-connector.js';
import { createActivity, createRequester, createStaff } from './support/fixtures.js';
import { useTeamsHarness } from './support/teams-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
const robin = { aad: 'aad-robin', name: 'Robin Reyes' };

useTeamsHarness(t, (started) => {
  h = started;
});

type CardAction = { type: string; title: string; data: Record<string, unknown> };
type Card = { body: Record<string, unknown>[]; actions?: CardAction[] };

const cardOf = (sent: RecordedActivity[]): Card => {
  const card = sent.at(-1)?.activity.attachments?.[0]?.content as Card | undefined;
  if (!card) throw new Error(`no card in: ${JSON.stringify(sent.map((s) => s.activity.text))}`);
  return card;
};
const action = (card: Card, title: string | RegExp): CardAction => {
  const found = card.actions?.find((a) =>
    typeof title === 'string' ? a.title === title : title.test(a.title),
  );
  if (!found) throw new Error(`no "${title}" in ${JSON.stringify(card.actions?.map((a) => a.title))}`);
  return found;
};
const inputs = (card: Card) => card.body.filter((b) => String(b.type).startsWith('Input.'));
/** Clicks a card button, sending its data plus the given input values, as Teams does. */
const click = (card: Card, title: string | RegExp, values: Record<string, string> = {}) =>
  h.say(robin, { value: { ...action(card, title).data, ...values } });
const text = (sent: RecordedActivity[]) => sent.map((s) => s.activity.text ?? '').join('\n');

describe('Teams dialogs', () => {
  it('help lists the commands', async () => {
    await createStaff(t.ctx.db, { teamsUserId: robin.aad });
    const sent = await h.say(robin, { text: 'help' });
    for (const verb of ['new', 'log', 'mine', 'show', 'find', 'close']) expect(text(sent)).toContain(verb);
  });

  it('an @mention in a channel is read without the mention', async () => {
    await createStaff(t.ctx.db, { teamsUserId: robin.aad });
    const sent = await h.say(robin, {
      text: '<at>TAT Bot</at> help',
      entities: [
        {
          type: 'mention',
          text: '<at>TAT Bot</at>',
          mentioned: { id: '28:00000000-0000-4000-8000-00000000b07a', name: 'TAT Bot' },
        },
      ],
      conversation: { id: '19:channel@thread.tacv2', conversationType: 'channel', tenantId: TENANT_ID },
    } as never);
    expect(sent[0]!.conversationId).toBe('19:channel@thread.tacv2');
    expect(text(sent)).toMatch(/log/);
  });

  it('R1 logs a delivery through card submits: activity, dates, methods, summary, confirm', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: robin.aad, states: ['MD', 'TX'] });
    const md = await createActivity(t.ctx.db, {
      primaryStaff: me,
      stateCode: 'MD',
      tracking: true,
      focus: 'QRIS strategic planning',
    });
    await createActivity(t.ctx.db, {
      primaryStaff: me,
      stateCode: 'TX',
      tracking: true,
      focus: 'QRIS validation',
    });
    let sent = await h.say(robin, { text: 'log' });
    let card = cardOf(sent);
    // Two open activities: one button each.
    let step = action(card, /MD/).data;
    expect(step).toMatchObject({ tat: 'answer', field: 'activityId', kind: 'choice' });
    expect(action(card, /TX/).data.value).not.toBe(step.value);
    sent = await click(card, /MD/);

    card = cardOf(sent);
    step = action(card, 'OK').data;
    expect(step).toMatchObject({ field: 'dates', kind: 'date' });
    expect(inputs(card).map((i) => i.type)).toEqual(['Input.Date', 'Input.Text']);
    sent = await click(card, 'OK', { 'in:dates': '2026-11-18' });

    card = cardOf(sent);
    const methods = inputs(card)[0]!;
    expect(methods).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true });
    const values = (methods.choices as { value: string }[]).map((c) => c.value);
    expect(values).toEqual(expect.arrayContaining(['onsite', 'phone']));
    sent = await click(card, 'OK', { 'in:methods': 'onsite,phone' });

    card = cardOf(sent);
    expect(action(card, 'Send').data).toMatchObject({ field: 'summary', kind: 'text' });
    sent = await click(card, 'Send', {
      'in:summary':
        'State received an onsite review of its QRIS standards and a phone consultation from SCBC.',
    });

    card = cardOf(sent);
    const facts = card.body.find((b) => b.type === 'FactSet') as {
      facts: { title: string; value: string }[];
    };
    expect(facts.facts).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: 'Onsite, Phone' })]),
    );
    const yes = action(card, /^(Yes|Save)/);
    // Teams may deliver the same click twice (retry): one delivery is recorded.
    const click1 = h.activity(robin, { value: yes.data });
    expect((await h.post(click1)).status).toBe(200);
    expect((await h.post(click1)).status).toBe(200);
    expect(text(h.fake.sent.slice(-1))).toMatch(/Logged TA delivered 11\/18\/26/);
    const rows = await t.ctx.db.select().from(deliveries).where(eq(deliveries.activityId, md.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      startDate: '2026-11-18',
      endDate: '2026-11-18',
      methods: ['onsite', 'phone'],
    });
  });

  it('a typed date range in the "or type it" box wins over the date picker', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: robin.aad, states: ['MD'] });
    const md = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    let sent = await h.say(robin, { text: `log #${md.id}` });
    let card = cardOf(sent);
    sent = await click(card, 'OK', { 'in:dates': '2026-11-18', 'tx:dates': 'Nov 3-4' });
    card = cardOf(sent);
    expect(action(card, 'OK').data.field).toBe('methods');
    // Delivered Nov 3-4 → due 11/19/26 (the picked 11/18 would be due 11/30/26).
    expect(text(sent)).toMatch(/due 11\/19\/26/);
  });

  it('Cancel ends the dialog and nothing is saved', async () => {
    const me = await createStaff(t.ctx.db, { teamsUserId: robin.aad, states: ['MD'] });
    const md = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    const sent = await h.say(robin, { text: `log #${md.id}` });
    const after = await click(cardOf(sent), 'Cancel');
    expect(text(after)).toMatch(/cancel|nothing/i);
    expect(await t.ctx.db.select().from(deliveries).where(eq(deliveries.activityId, md.id))).toHaveLength(0);
  });
});

describe('Teams directory and goal verbs', () => {
  const sam = { aad: 'aad-sam', name: 'Sam Ortiz' };
  const cardText = (sent: RecordedActivity[]) =>
    sent.map((s) => `${s.activity.text ?? ''}\n${JSON.stringify(s.activity.attachments ?? [])}`).join('\n');

  it('R7 R25 a specialist approves a pending requester by picking the recorded approver; a provider may not', async () => {
    await createStaff(t.ctx.db, { teamsUserId: robin.aad, role: 'provider', states: ['MD'] });
    await createStaff(t.ctx.db, { teamsUserId: sam.aad, role: 'specialist', states: ['MD'] });
    await createRequester(t.ctx.db, { stateCode: 'MD', name: 'Morgan Ellis', isCcdfAdministrator: true });
    const pending = await createRequester(t.ctx.db, { stateCode: 'MD', name: 'Jamie Fox', approved: false });
    expect(cardText(await h.say(robin, { text: 'requesters pending' }))).toMatch(
      /Only a State Systems Specialist or a TAT administrator/,
    );
    expect(cardText(await h.say(sam, { text: 'requesters pending' }))).toMatch(/Jamie Fox/);
    expect(cardText(await h.say(sam, { text: `requesters approve #${pending.id}` }))).toMatch(
      /Morgan Ellis \(CCDF Administrator, MD\)/,
    );
    expect(cardText(await h.say(sam, { text: 'Morgan Ellis' }))).toMatch(/Requester approval/);
    expect(cardText(await h.say(sam, { text: 'yes' }))).toMatch(/Jamie Fox is approved/);
    const [row] = await t.ctx.db.select().from(requesters).where(eq(requesters.id, pending.id));
    expect(row?.approvedBy).toBe('Morgan Ellis');
  });
});
