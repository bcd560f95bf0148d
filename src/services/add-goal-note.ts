// R21/R14: a dated goal update note ("MM/DD/YY: text"), e.g. a clarification or change of the goal.
// The author and creation time are captured; the date defaults to today and cannot be in the future.
import { goalNotes } from '../../db/schema.js';
import { ErrorCode, fail, type Result } from '../errors.js';
import { formatNoteDate } from '../rules/dates.js';
import { GoalNoteInput } from '../rules/goal-schemas.js';
import { parseInput } from '../rules/schemas.js';
import { unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { requireGoalEditor } from './goal-access.js';
import { inTransaction } from './transaction.js';

export type GoalNoteRow = typeof goalNotes.$inferSelect;

/** Notes may still be added to a closed goal: documentation after the fact is allowed. */
export async function addGoalNote(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<GoalNoteRow>> {
  const parsed = parseInput(GoalNoteInput, input);
  if (!parsed.ok) return parsed;
  const { goalId, text } = parsed.value;
  const now = today(ctx);
  const noteDate = parsed.value.noteDate ?? now;
  if (noteDate > now) {
    return fail(
      ErrorCode.InvalidInput,
      `The note date ${formatNoteDate(noteDate)} is in the future. Date the note today or earlier.`,
      { field: 'noteDate' },
    );
  }
  return inTransaction(ctx, async (tx) => {
    const { staff } = unwrap(await requireGoalEditor(tx, actor, goalId));
    const [row] = await tx
      .insert(goalNotes)
      .values({ goalId, kind: 'update', noteDate, text, authorStaffId: staff.id })
      .returning();
    await writeAudit(tx, ctx, actor, {
      action: 'add_goal_note',
      entity: 'goal',
      entityId: goalId,
      changes: { noteId: row!.id, kind: 'update', noteDate, text },
    });
    return row!;
  });
}
