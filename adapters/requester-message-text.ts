// What a requester is told after writing to the bot outside a feedback thread (Slack and Teams word
// it the same way; each channel escapes it with its own helper when rendering).
import { formatNoteDate } from '../src/rules/dates.js';
import type { RequesterMessageOutcome } from '../src/services/requester-message.js';

const label = (a: { activityId: number; stateCode: string; focus: string }) =>
  `TA request #${a.activityId} (${a.stateCode} — ${a.focus})`;

export function requesterMessageText(name: string, outcome: RequesterMessageOutcome): string {
  switch (outcome.kind) {
    case 'recorded':
      return `Thank you, ${name}: your feedback was added to ${label(outcome.activity)} (${formatNoteDate(outcome.feedback.noteDate)}).`;
    case 'which':
      return [
        `Thank you, ${name}. Which activity is your feedback about? Send it again starting with its number, e.g. "#${outcome.asks[0]!.activityId} …":`,
        ...outcome.asks.slice(0, 10).map((a) => `• #${a.activityId}: ${label(a)}`),
        ...(outcome.text ? ['', `Your message was: "${outcome.text}"`] : []),
      ].join('\n');
    case 'not_asked':
      return `Hello ${name}: I have no feedback request for you to answer at the moment. Your TA provider can ask for your feedback on a TA request, and you can reply then.`;
    case 'refused':
      return outcome.message;
  }
}
