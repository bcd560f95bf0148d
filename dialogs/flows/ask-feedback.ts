// `/ta ask-feedback <#>`: ask the requesters for feedback (R20). The ask is recorded first; then, where
// the engine can message requesters (Slack), they get a direct message whose thread replies are saved
// as their feedback. Whoever cannot be reached there (and everyone on the console) is listed with
// their e-mail so the user can ask them directly and record the answer with `/ta feedback`.
import type { FeedbackContact } from '../../src/services/request-feedback.js';
import { recordFeedbackRequest } from '../../src/services/request-feedback.js';
import { errorReply, type FlowEnv } from '../flow.js';
import { activityCommand } from './common.js';

const contact = (p: FeedbackContact) => `• ${p.name} (${p.title}) <${p.email}>`;

/**
 * After an ask is recorded: the direct messages to the requesters where the channel can send them
 * (Slack), and whom to contact by e-mail otherwise; what to tell the user.
 */
export async function sendFeedbackAsk(
  id: number,
  requesters: FeedbackContact[],
  alreadyRequested: boolean,
  env: FlowEnv,
): Promise<string[]> {
  const recordLater = `When someone answers by e-mail or phone, record it with /ta feedback ${id}.`;
  const again = alreadyRequested ? ' (asked before; the first ask date is kept)' : '';
  const messages: string[] = [];
  if (!env.feedbackRequester) {
    return [
      [
        `Recorded that you asked the requesters of #${id} for feedback${again}. Contact them:`,
        ...requesters.map(contact),
      ].join('\n'),
      recordLater,
    ];
  }
  let sent: { sent: number; unreachable: string[] };
  try {
    sent = await env.feedbackRequester(id);
  } catch {
    // The ask is recorded either way; the user can still reach everyone by e-mail.
    sent = { sent: 0, unreachable: requesters.map((p) => p.email) };
    messages.push(`I recorded the ask on #${id}${again}, but the direct messages could not be sent.`);
  }
  if (sent.sent > 0) {
    messages.push(
      `Asked ${sent.sent} requester(s) in a direct message${again}; their reply in that thread is saved as feedback.`,
    );
  }
  const unreached = sent.unreachable.map((email) => {
    const p = requesters.find((r) => r.email.toLowerCase() === email.toLowerCase());
    return p ? contact(p) : `• <${email}>`;
  });
  if (unreached.length > 0) {
    messages.push(
      ['I could not reach these requesters in a direct message; ask them by e-mail:', ...unreached].join(
        '\n',
      ),
      recordLater,
    );
  } else if (sent.sent === 0) {
    messages.push(`I recorded the ask on #${id}${again}, but no requester could be messaged.`, recordLater);
  }
  return messages;
}

export const askFeedbackCommand = activityCommand(
  'ask-feedback',
  '/ta ask-feedback <#>, e.g. /ta ask-feedback 12',
  async (id, _rest, env) => {
    const r = await recordFeedbackRequest(env.ctx, env.actor, { activityId: id });
    if (!r.ok) return errorReply(r.error.message);
    const { requesters, alreadyRequested } = r.value;
    return {
      kind: 'reply',
      messages: await sendFeedbackAsk(id, requesters, alreadyRequested, env),
      recordId: id,
    };
  },
);
