// R17 Requester feedback: dated, attributed with full name and title or role, many per activity,
// accepted after the activity is closed. R25: staff who may edit the activity, or a requester
// who requested it (their name and title are filled in from their record).
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { activities, feedback, requesters } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { AddFeedbackInput, parseInput } from '../rules/schemas.js';
import { noteDateOrToday, refuse, requireTracking, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { type ActivityRow, requesterRequested, requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface AddFeedbackResult {
  feedbackId: number;
  activityId: number;
  noteDate: string;
}

export async function addFeedback(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<AddFeedbackResult>> {
  return inTransaction(ctx, async (tx) => {
    const raw = (input ?? {}) as Record<string, unknown>;
    // R17/R25: a requester's feedback is attributed from their record; their input cannot change it.
    const me =
      actor.kind === 'requester'
        ? (await tx.select().from(requesters).where(eq(requesters.id, actor.requesterId)))[0]
        : undefined;
    if (actor.kind === 'requester' && !me)
      refuse(ErrorCode.UnknownUser, 'Your requester record was not found; ask your TA provider to add you.');
    const v = unwrap(
      parseInput(AddFeedbackInput, me ? { ...raw, fromName: me.name, fromTitle: me.title } : raw),
    );
    let activity: ActivityRow;
    let staffId: number | null = null;
    if (me) {
      activity = await requesterActivity(tx, me.id, v.activityId);
    } else {
      const access = unwrap(await requireActivityEditor(tx, actor, v.activityId));
      activity = access.activity;
      staffId = access.staff.id;
    }
    const requesterId = me?.id ?? null;
    // Feedback is about TA received: the tracking gate applies, but a closed activity still takes it.
    await requireTracking(tx, activity, 'add feedback');
    const noteDate = noteDateOrToday(ctx, v.noteDate);
    const [row] = await tx
      .insert(feedback)
      .values({
        activityId: activity.id,
        requesterId,
        fromName: v.fromName,
        fromTitle: v.fromTitle,
        noteDate,
        text: v.text,
        enteredByStaffId: staffId,
      })
      .returning({ id: feedback.id });
    await tx.update(activities).set({ updatedAt: ctx.now() }).where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: 'feedback.add',
      entity: 'activity',
      entityId: activity.id,
      changes: { feedbackId: row!.id, fromName: v.fromName, fromTitle: v.fromTitle, noteDate, text: v.text },
    });
    return { feedbackId: row!.id, activityId: activity.id, noteDate };
  });
}

/** R25: a requester may only add feedback to activities they requested. */
async function requesterActivity(tx: Tx, requesterId: number, activityId: unknown): Promise<ActivityRow> {
  const id = typeof activityId === 'number' && Number.isInteger(activityId) ? activityId : undefined;
  if (id === undefined)
    refuse(ErrorCode.InvalidInput, 'Please fix: give the TA request # the feedback is about.');
  const [activity] = await tx.select().from(activities).where(eq(activities.id, id));
  if (!activity || !(await requesterRequested(tx, requesterId, id)))
    refuse(
      ErrorCode.Forbidden,
      `You can only give feedback on TA you requested, and TA request #${id} is not one of yours. Reply in the thread about your own request, or contact your TA provider.`,
    );
  return activity;
}
