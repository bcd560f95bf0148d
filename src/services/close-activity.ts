// R20 Close an activity: a completion date not before the date opened nor the last day of TA
// delivered, an outcome report, every delivery summarized, and an ask for requester feedback
// (recorded as feedbackRequestedAt).
// The record stays open to late feedback.
import { and, eq, isNull, max } from 'drizzle-orm';
import { activities, deliveries, feedback } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { closeChecklist } from '../rules/completion.js';
import { formatNoteDate } from '../rules/dates.js';
import { CloseActivityInput, parseInput } from '../rules/schemas.js';
import { refuse, requireOpen, requireTracking, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface CloseActivityResult {
  activityId: number;
  completionDate: string;
}

export async function closeActivity(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<CloseActivityResult>> {
  const parsed = parseInput(CloseActivityInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const { activity } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    requireOpen(activity, 'close it again');
    await requireTracking(tx, activity, 'close the activity');
    if (v.completionDate && v.completionDate > today(ctx))
      refuse(
        ErrorCode.InvalidInput,
        `Completion date ${formatNoteDate(v.completionDate)} is in the future; use the date work was completed.`,
      );
    const outcomeReport = v.outcomeReport ?? activity.outcomeReport ?? undefined;
    const unsummarized = await tx
      .select({ endDate: deliveries.endDate })
      .from(deliveries)
      .where(and(eq(deliveries.activityId, activity.id), isNull(deliveries.summary)));
    const [last] = await tx
      .select({ endDate: max(deliveries.endDate) })
      .from(deliveries)
      .where(eq(deliveries.activityId, activity.id));
    const hasFeedback =
      (
        await tx
          .select({ id: feedback.id })
          .from(feedback)
          .where(eq(feedback.activityId, activity.id))
          .limit(1)
      ).length > 0;
    const missing = closeChecklist({
      completionDate: v.completionDate,
      dateOpened: activity.dateOpened,
      lastDeliveryDate: last?.endDate ?? undefined,
      outcomeReport,
      unsummarizedDeliveries: unsummarized,
      feedbackRequested: v.feedbackRequested || activity.feedbackRequestedAt !== null || hasFeedback,
    });
    if (missing.length)
      refuse(
        ErrorCode.CannotClose,
        `TA request #${activity.id} cannot be closed yet. Still needed: ${missing.join('; ')}.`,
        {
          missing,
        },
      );

    const feedbackRequestedAt = activity.feedbackRequestedAt ?? (v.feedbackRequested ? ctx.now() : null);
    await tx
      .update(activities)
      .set({
        completionStatus: 'closed',
        completionDate: v.completionDate!,
        outcomeReport: outcomeReport!,
        feedbackRequestedAt,
        updatedAt: ctx.now(),
      })
      .where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: 'activity.close',
      entity: 'activity',
      entityId: activity.id,
      changes: {
        completionStatus: { from: activity.completionStatus, to: 'closed' },
        completionDate: v.completionDate,
        outcomeReport,
        feedbackRequestedAt: feedbackRequestedAt?.toISOString() ?? null,
      },
    });
    return { activityId: activity.id, completionDate: v.completionDate! };
  });
}
