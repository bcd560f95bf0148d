// R20 The ask for requester feedback: an editor of the activity (R25) records that the requesters were
// asked (activities.feedbackRequestedAt, set once; later asks keep the first date) and gets the
// requesters to contact. Every ask is audited, since each one reaches the requesters again.
// Feedback is about TA received, so the R12 tracking gate applies as it does to the feedback itself;
// a closed activity may still be asked (late feedback), a cancelled one had no TA to ask about.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { activities, activityRequesters, requesters } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { id, parseInput } from '../rules/schemas.js';
import { refuse, requireTracking, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export const RequestFeedbackInput = z.object({ activityId: id('TA request #') });

export interface FeedbackContact {
  id: number;
  name: string;
  title: string;
  email: string;
}

export interface RecordFeedbackRequestResult {
  activityId: number;
  /** The ask had been recorded before (its first date is kept). */
  alreadyRequested: boolean;
  requesters: FeedbackContact[];
}

export async function recordFeedbackRequest(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<RecordFeedbackRequestResult>> {
  const parsed = parseInput(RequestFeedbackInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const { activity } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    if (activity.completionStatus === 'cancelled')
      refuse(
        ErrorCode.ActivityClosed,
        `TA request #${activity.id} is cancelled: no TA was delivered, so there is no feedback to ask for.`,
      );
    await requireTracking(tx, activity, 'ask for requester feedback');
    const people = await tx
      .select({ id: requesters.id, name: requesters.name, title: requesters.title, email: requesters.email })
      .from(activityRequesters)
      .innerJoin(requesters, eq(requesters.id, activityRequesters.requesterId))
      .where(eq(activityRequesters.activityId, activity.id))
      .orderBy(asc(requesters.name));
    if (people.length === 0)
      refuse(
        ErrorCode.InvalidInput,
        `TA request #${activity.id} has no requesters to ask. Add the requesters to the activity first.`,
      );
    const alreadyRequested = activity.feedbackRequestedAt !== null;
    const feedbackRequestedAt = activity.feedbackRequestedAt ?? ctx.now();
    if (!alreadyRequested) {
      await tx
        .update(activities)
        .set({ feedbackRequestedAt, updatedAt: ctx.now() })
        .where(eq(activities.id, activity.id));
    }
    await writeAudit(tx, ctx, actor, {
      action: 'request_feedback',
      entity: 'activity',
      entityId: activity.id,
      changes: {
        feedbackRequestedAt: feedbackRequestedAt.toISOString(),
        alreadyRequested,
        requesterIds: people.map((p) => p.id),
      },
    });
    return { activityId: activity.id, alreadyRequested, requesters: people };
  });
}
