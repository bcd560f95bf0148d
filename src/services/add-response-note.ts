// R18 Response notes: optional day-to-day notes on planning and delivery, by the primary or any
// collaborating staff (admins may too); author and date are captured automatically.
import { eq } from 'drizzle-orm';
import { activities, responseNotes } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { AddResponseNoteInput, parseInput } from '../rules/schemas.js';
import { coachNoteNames } from '../rules/summary-coaching.js';
import { coachingPeople, noteDateOrToday, refuse, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface AddResponseNoteResult {
  responseNoteId: number;
  activityId: number;
  noteDate: string;
  /** R15 coaching of the note's wording (people by role, actions credited to centers). */
  warnings: string[];
}

export async function addResponseNote(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<AddResponseNoteResult>> {
  const parsed = parseInput(AddResponseNoteInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const { activity, staff: me, role } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    if (role === 'specialist')
      refuse(
        ErrorCode.Forbidden,
        `Response notes are written by the primary and collaborating staff of TA request #${activity.id}. Ask the primary staff to add you as a collaborator, or send your review comments to them.`,
      );
    const noteDate = noteDateOrToday(ctx, v.noteDate);
    const [row] = await tx
      .insert(responseNotes)
      .values({ activityId: activity.id, noteDate, text: v.text, authorStaffId: me.id })
      .returning({ id: responseNotes.id });
    await tx.update(activities).set({ updatedAt: ctx.now() }).where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: 'response_note.add',
      entity: 'activity',
      entityId: activity.id,
      changes: { responseNoteId: row!.id, noteDate, text: v.text },
    });
    // R15: the role-not-name advice, coached, never refused.
    const warnings = coachNoteNames(v.text, await coachingPeople(tx, activity)).map((w) => w.message);
    return { responseNoteId: row!.id, activityId: activity.id, noteDate, warnings };
  });
}
