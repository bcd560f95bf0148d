// R17 A requester writing to the bot outside the feedback request's thread (Slack) or in their 1:1
// chat (Teams): the message is their feedback on the activity they were asked about, when that is
// clear — one open ask, or a message starting with its TA request # — otherwise they are asked which
// activity (their words are quoted back so nothing is lost). An "open ask" is an activity whose
// feedback was requested (R20) and on which this requester has given none yet.
import { and, desc, eq, isNotNull, ne, notExists } from 'drizzle-orm';
import { activities, activityRequesters, feedback } from '../../db/schema.js';
import type { Result } from '../errors.js';
import { type AddFeedbackResult, addFeedback } from './add-feedback.js';
import type { ServiceContext } from './context.js';

export interface AskedActivity {
  activityId: number;
  stateCode: string;
  focus: string;
  /** No feedback from this requester on it yet. */
  open: boolean;
}

/** The activities this requester was asked about (R20), open asks first, newest first. */
export async function feedbackAsks(ctx: ServiceContext, requesterId: number): Promise<AskedActivity[]> {
  const given = ctx.db
    .select({ id: feedback.id })
    .from(feedback)
    .where(and(eq(feedback.activityId, activities.id), eq(feedback.requesterId, requesterId)));
  const rows = await ctx.db
    .select({ activityId: activities.id, stateCode: activities.stateCode, focus: activities.focus })
    .from(activities)
    .innerJoin(activityRequesters, eq(activityRequesters.activityId, activities.id))
    .where(
      and(
        eq(activityRequesters.requesterId, requesterId),
        isNotNull(activities.feedbackRequestedAt),
        ne(activities.completionStatus, 'cancelled'),
      ),
    )
    .orderBy(desc(activities.feedbackRequestedAt), desc(activities.id));
  const open = new Set(
    (
      await ctx.db
        .select({ id: activities.id })
        .from(activities)
        .innerJoin(activityRequesters, eq(activityRequesters.activityId, activities.id))
        .where(and(eq(activityRequesters.requesterId, requesterId), notExists(given)))
    ).map((r) => r.id),
  );
  const list = rows.map((r) => ({ ...r, open: open.has(r.activityId) }));
  return [...list.filter((a) => a.open), ...list.filter((a) => !a.open)];
}

export type RequesterMessageOutcome =
  | { kind: 'recorded'; feedback: AddFeedbackResult; activity: AskedActivity }
  | { kind: 'which'; asks: AskedActivity[]; text: string }
  | { kind: 'not_asked' }
  | { kind: 'greeting'; asks: AskedActivity[] }
  | { kind: 'refused'; message: string };

/** Records a requester's message as feedback when the activity is clear; else says what to ask. */
export async function recordRequesterMessage(
  ctx: ServiceContext,
  requester: { requesterId: number; channel: 'slack' | 'teams' },
  message: string,
): Promise<RequesterMessageOutcome> {
  const asks = await feedbackAsks(ctx, requester.requesterId);
  if (asks.length === 0) return { kind: 'not_asked' };
  // "help", "hi", "thanks" are not feedback: say how to give it instead of recording them.
  if (/^\s*(?:\/ta\s+)?(?:help|\?|hi|hello|hey|thanks?|thank you)[\s.!]*$/i.test(message))
    return { kind: 'greeting', asks };
  const numbered = /^\s*#?(\d+)\b[\s:,.-]*([\s\S]*)$/.exec(message);
  const named = numbered ? asks.find((a) => a.activityId === Number(numbered[1])) : undefined;
  const open = asks.filter((a) => a.open);
  const target = named ?? (open.length === 1 ? open[0] : asks.length === 1 ? asks[0] : undefined);
  const text = named ? numbered![2]!.trim() : message.trim();
  if (!target || !text) return { kind: 'which', asks, text: message.trim() };
  const saved: Result<AddFeedbackResult> = await addFeedback(
    ctx,
    { kind: 'requester', requesterId: requester.requesterId, channel: requester.channel },
    { activityId: target.activityId, text },
  );
  if (!saved.ok) return { kind: 'refused', message: saved.error.message };
  return { kind: 'recorded', feedback: saved.value, activity: target };
}
