// R17 over Slack: the bot DMs a requester a feedback request (tagged with message metadata naming the
// activity); the requester's reply in that thread is recorded as their feedback, attributed from their
// requester record. A thread under any other message is not ours and is left alone.
import { eq } from 'drizzle-orm';
import { activities, activityRequesters, requesters } from '../../db/schema.js';
import { formatNoteDate } from '../../src/rules/dates.js';
import { addFeedback } from '../../src/services/add-feedback.js';
import { feedbackRequestText } from '../requester-message-text.js';
import { mrkdwn } from './blocks.js';
import type { SlackDeps } from './deps.js';

export const FEEDBACK_EVENT = 'tat_feedback_request';

export interface ThreadReply {
  channel: string;
  /** 'im' for a DM; in a channel, replies from people who are not requesters are just chat. */
  channelType?: string;
  user: string;
  text: string;
  ts: string;
  thread_ts: string;
}

interface ParentMessage {
  user?: string;
  bot_id?: string;
  metadata?: { event_type?: string; event_payload?: { activity_id?: number | string } };
}

/** DMs every requester of the activity who is on Slack; returns who could not be reached. */
export async function requestFeedback(
  deps: SlackDeps,
  activityId: number,
  onlyEmails?: string[],
): Promise<{ sent: number; unreachable: string[] }> {
  const only = onlyEmails && new Set(onlyEmails.map((e) => e.toLowerCase()));
  const [activity] = await deps.ctx.db.select().from(activities).where(eq(activities.id, activityId));
  if (!activity) return { sent: 0, unreachable: [] };
  const people = await deps.ctx.db
    .select({ name: requesters.name, email: requesters.email, slackUserId: requesters.slackUserId })
    .from(activityRequesters)
    .innerJoin(requesters, eq(requesters.id, activityRequesters.requesterId))
    .where(eq(activityRequesters.activityId, activityId));
  let sent = 0;
  const unreachable: string[] = [];
  for (const p of people) {
    if (only && !only.has(p.email.toLowerCase())) continue;
    const userId = p.slackUserId ?? (await lookupByEmail(deps, p.email));
    if (!userId) {
      unreachable.push(p.email);
      continue;
    }
    await deps.api.call('chat.postMessage', {
      channel: userId,
      text: mrkdwn(
        feedbackRequestText(
          p.name,
          { activityId, stateCode: activity.stateCode, focus: activity.focus },
          'Reply in this thread.',
        ),
      ),
      metadata: { event_type: FEEDBACK_EVENT, event_payload: { activity_id: activityId } },
    });
    sent++;
  }
  return { sent, unreachable };
}

async function lookupByEmail(deps: SlackDeps, email: string): Promise<string | undefined> {
  try {
    const res = await deps.api.call<{ user?: { id: string } }>('users.lookupByEmail', { email });
    return res.user?.id;
  } catch {
    return undefined;
  }
}

/** A reply in a thread: feedback when the thread is one of our feedback requests. */
export async function onThreadReply(deps: SlackDeps, reply: ThreadReply): Promise<void> {
  const res = await deps.api.call<{ messages?: ParentMessage[] }>('conversations.replies', {
    channel: reply.channel,
    ts: reply.thread_ts,
    limit: 1,
    include_all_metadata: true,
  });
  const parent = res.messages?.[0];
  if (parent?.metadata?.event_type !== FEEDBACK_EVENT) return;
  if (parent.user && deps.botUserId() && parent.user !== deps.botUserId()) return;
  const activityId = Number(parent.metadata.event_payload?.activity_id);
  if (!Number.isInteger(activityId)) return;
  const answer = (text: string) =>
    deps.api.call('chat.postMessage', {
      channel: reply.channel,
      thread_ts: reply.thread_ts,
      text: mrkdwn(text),
    });
  const requester = await deps.identity.requester(reply.user);
  if (!requester && reply.channelType !== 'im') return;
  if (!requester) {
    const email = await deps.identity.email(reply.user);
    await answer(
      `I couldn't match your Slack account${email ? ` (${email})` : ''} to a requester of TA request #${activityId}, so your reply was not recorded. Please ask your TA provider to add you as a requester.`,
    );
    return;
  }
  const result = await deps.gate(() =>
    addFeedback(
      deps.ctx,
      { kind: 'requester', requesterId: requester.requesterId, channel: 'slack' },
      { activityId, text: reply.text },
    ),
  );
  if (result.ok) {
    await answer(
      `Thank you, ${requester.name}: your feedback was added to TA request #${activityId} (${formatNoteDate(result.value.noteDate)}).`,
    );
  } else {
    await answer(result.error.message);
  }
}
