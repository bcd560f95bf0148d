// `/ta edit` in Teams: the same dialog as Adaptive Cards over the real botbuilder stack (R9), the
// change saved and audited with channel teams.
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { activities, auditLog } from '../db/schema.js';
import type { TeamsHarness } from './support/fake-bot-connector.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { type Card, cardAction, cardOf, clickCard } from './support/teams-cards.js';
import { useTeamsHarness } from './support/teams-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
let h: TeamsHarness;
const robin = { aad: 'aad-robin-edit', name: 'Robin Reyes' };

useTeamsHarness(t, (started) => {
  h = started;
});

const click = (card: Card, title: string | RegExp, values: Record<string, string> = {}) =>
  clickCard(h, robin, card, title, values);

it('R9 R10 R6 /ta edit through Teams cards: fields, priority, outcome plan, preview, save', async () => {
  const me = await createStaff(t.ctx.db, { teamsUserId: robin.aad, states: ['MD'] });
  const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD' });
  let card = cardOf(await h.say(robin, { text: `edit #${a.id}` }));
  expect(cardAction(card, 'OK').data).toMatchObject({ field: 'fields', kind: 'multi_choice' });
  card = cardOf(await click(card, 'OK', { 'in:fields': 'priority,outcomePlan' }));
  card = cardOf(await click(card, /High/));
  expect(cardAction(card, 'Send').data).toMatchObject({ field: 'outcomePlan', kind: 'text' });
  const plan = 'The State will publish revised QRIS tiers for all programs by June 2027.';
  card = cardOf(await click(card, 'Send', { 'in:outcomePlan': plan }));
  const facts = card.body.find((b) => b.type === 'FactSet') as { facts: { title: string; value: string }[] };
  expect(facts.facts).toEqual(
    expect.arrayContaining([expect.objectContaining({ value: 'high (was medium)' })]),
  );
  const sent = await click(card, /^(Yes|Save)/);
  expect(sent.map((s) => s.activity.text ?? '').join('\n')).toMatch(new RegExp(`Updated #${a.id}`));
  const [row] = await t.ctx.db.select().from(activities).where(eq(activities.id, a.id));
  expect(row).toMatchObject({ priority: 'high', outcomePlan: plan });
  const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'activity.update'));
  expect(audit).toMatchObject({ actorStaffId: me.id, channel: 'teams' });
});
