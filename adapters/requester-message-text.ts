// What a requester is told after writing to the bot outside a feedback thread (Slack and Teams word
// it the same way; each channel escapes it with its own helper when rendering).
import { formatNoteDate } from '../src/rules/dates.js';
import type { RequesterMessageOutcome } from '../src/services/requester-message.js';

const label = (a: { activityId: number; stateCode: string; focus: string }) =>
  `TA request #${a.activityId} (${a.stateCode} — ${a.focus})`;

/**
 * The feedback request a requester gets (R17, R20), with the questions of the T/TA practice guide:
 * whether the TA met its stated objectives and their needs, how they will use it, and what further
 * support would help. `replyHow` says where to answer (a Slack thread, the Teams chat).
 */
export function feedbackRequestText(
  name: string,
  activity: { activityId: number; stateCode: string; focus: string },
  replyHow: string,
): string {
  return [
    `Hello ${name}: we would value your feedback on the technical assistance you received on ${label(activity)}.`,
    '• Did the TA meet its stated objectives?',
    '• Did it meet your needs on this topic?',
    '• How will you use it?',
    '• What further training or support would help?',
    `${replyHow} Your reply is added to the record as your feedback, with your name and title.`,
  ].join('\n');
}

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
    case 'greeting':
      return [
        `Hello ${name}: your TA provider asked for your feedback on the technical assistance you received. Write it here in your own words and it is added to the record with your name and title:`,
        ...outcome.asks.slice(0, 10).map((a) => `• #${a.activityId}: ${label(a)}`),
      ].join('\n');
    case 'not_asked':
      return `Hello ${name}: I have no feedback request for you to answer at the moment. Your TA provider can ask for your feedback on a TA request, and you can reply then.`;
    case 'refused':
      return outcome.message;
  }
}
