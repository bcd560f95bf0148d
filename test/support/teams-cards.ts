// Reading the Adaptive Cards the Teams fake recorded, and clicking their buttons as Teams does
// (the button's data plus the card's input values).
import type { RecordedActivity, TeamsHarness } from './fake-bot-connector.js';

export type CardAction = { type: string; title: string; data: Record<string, unknown> };
export type Card = { body: Record<string, unknown>[]; actions?: CardAction[] };

/** The card of the last activity sent. */
export function cardOf(sent: RecordedActivity[]): Card {
  const card = sent.at(-1)?.activity.attachments?.[0]?.content as Card | undefined;
  if (!card) throw new Error(`no card in: ${JSON.stringify(sent.map((s) => s.activity.text))}`);
  return card;
}

/** The card's button with this title. */
export function cardAction(card: Card, title: string | RegExp): CardAction {
  const found = card.actions?.find((a) =>
    typeof title === 'string' ? a.title === title : title.test(a.title),
  );
  if (!found) throw new Error(`no "${title}" in ${JSON.stringify(card.actions?.map((a) => a.title))}`);
  return found;
}

/** Clicks a card button as `from`, sending its data plus the given input values. */
export function clickCard(
  h: TeamsHarness,
  from: { aad: string; name: string },
  card: Card,
  title: string | RegExp,
  values: Record<string, string> = {},
): Promise<RecordedActivity[]> {
  return h.say(from, { value: { ...cardAction(card, title).data, ...values } });
}
