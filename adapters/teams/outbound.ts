// A rendered Teams message as a Bot Framework activity: markdown text plus the Adaptive Card.
import { type Activity, CardFactory } from 'botbuilder';
import type { TeamsMessage } from './render-card.js';

export function toActivity(message: TeamsMessage): Partial<Activity> {
  return {
    type: 'message',
    text: message.text,
    textFormat: 'markdown',
    ...(message.card ? { attachments: [CardFactory.adaptiveCard(message.card)] } : {}),
  };
}
