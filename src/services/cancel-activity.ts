// R19 Cancel an activity: only when the requester no longer wants TA and no work was done —
// with any delivery recorded it must be closed instead; when a response note records work, only
// with an explicit confirmation that no work was done. A reason becomes a response note.
import { count, eq } from 'drizzle-orm';
import { activities, deliveries, responseNotes } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { canCancel, notesRecordingWork } from '../rules/completion.js';
import { formatNoteDate } from '../rules/dates.js';
import { CancelActivityInput, parseInput } from '../rules/schemas.js';
import { refuse, requireOpen, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface CancelActivityResult {
  activityId: number;
  completionDate: string;
}

export async function cancelActivity(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<CancelActivityResult>> {
  const parsed = parseInput(CancelActivityInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const { activity, staff: me } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    requireOpen(activity, 'cancel it');
    const [{ n }] = (await tx
      .select({ n: count() })
      .from(deliveries)
      .where(eq(deliveries.activityId, activity.id))) as [{ n: number }];
    const check = canCancel(Number(n));
    if (!check.ok) refuse(ErrorCode.CannotCancel, check.reason, { deliveries: Number(n) });
    if (!v.noWorkConfirmed) {
      const notes = await tx
        .select({ noteDate: responseNotes.noteDate, text: responseNotes.text })
        .from(responseNotes)
        .where(eq(responseNotes.activityId, activity.id));
      const work = notesRecordingWork(notes);
      if (work.length)
        refuse(
          ErrorCode.CannotCancel,
          `A response note records work on TA request #${activity.id} (${formatNoteDate(work[0]!.noteDate)}: "${work[0]!.text}"). Cancel only if no work was done: confirm that explicitly, or close the activity instead.`,
          { needsNoWorkConfirmation: true, notes: work.map((w) => w.text) },
        );
    }
    const completionDate = today(ctx);
    await tx
      .update(activities)
      .set({ completionStatus: 'cancelled', completionDate, updatedAt: ctx.now() })
      .where(eq(activities.id, activity.id));
    if (v.reason) {
      await tx.insert(responseNotes).values({
        activityId: activity.id,
        noteDate: today(ctx),
        text: `Cancelled: ${v.reason}`,
        authorStaffId: me.id,
      });
    }
    await writeAudit(tx, ctx, actor, {
      action: 'activity.cancel',
      entity: 'activity',
      entityId: activity.id,
      changes: {
        completionStatus: { from: activity.completionStatus, to: 'cancelled' },
        completionDate,
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.noWorkConfirmed ? { noWorkConfirmed: true } : {}),
      },
    });
    return { activityId: activity.id, completionDate };
  });
}
