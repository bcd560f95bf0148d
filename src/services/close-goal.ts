// R21: only a TAT administrator closes a goal, only when every TA activity under it is closed or
// cancelled, and only with an explanatory note, which is saved as the goal's dated completion note.
// The admin check comes first (Forbidden); the rest of R21 is goalCloseProblems (CannotCloseGoal).
import { and, asc, eq } from 'drizzle-orm';
import { activities, goalNotes, goals } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { goalCloseProblems } from '../rules/completion.js';
import { CloseGoalInput } from '../rules/goal-schemas.js';
import { parseInput } from '../rules/schemas.js';
import { refuse, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import type { GoalRow } from './goal-access.js';
import { requireStaff } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface ClosedGoal {
  goal: GoalRow;
  completionNote: typeof goalNotes.$inferSelect;
}

export async function closeGoal(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<ClosedGoal>> {
  const parsed = parseInput(CloseGoalInput, input);
  if (!parsed.ok) return parsed;
  const { goalId, note } = parsed.value;
  return inTransaction(ctx, async (tx) => {
    const who = unwrap(await requireStaff(tx, actor));
    if (who.role !== 'admin') {
      refuse(
        ErrorCode.Forbidden,
        'Only a TAT administrator can close a goal. Send the administrator the State, the goal category and a statement of why it should be closed.',
      );
    }
    // Locking the goal keeps its activity list stable while we check it.
    const [goal] = await tx.select().from(goals).where(eq(goals.id, goalId)).for('update');
    if (!goal)
      refuse(
        ErrorCode.NotFound,
        `Goal #${goalId} does not exist. Check the number in the State's goal list.`,
      );
    if (goal!.status === 'closed') refuse(ErrorCode.GoalClosed, `Goal #${goalId} is already closed.`);
    const open = await tx
      .select({ id: activities.id, focus: activities.focus })
      .from(activities)
      .where(and(eq(activities.goalId, goalId), eq(activities.completionStatus, 'open')))
      .orderBy(asc(activities.id));
    const problems = goalCloseProblems({
      goalStatus: goal!.status,
      actorIsAdmin: true,
      note,
      openActivities: open,
    });
    if (problems.length > 0) {
      refuse(ErrorCode.CannotCloseGoal, `Goal #${goalId} cannot be closed yet: ${problems.join('; ')}.`, {
        openActivityIds: open.map((a) => a.id),
      });
    }
    const noteDate = today(ctx);
    const [completionNote] = await tx
      .insert(goalNotes)
      .values({ goalId, kind: 'completion', noteDate, text: note, authorStaffId: who.id })
      .returning();
    const [closed] = await tx
      .update(goals)
      .set({ status: 'closed', closedAt: ctx.now(), closedByStaffId: who.id })
      .where(eq(goals.id, goalId))
      .returning();
    await writeAudit(tx, ctx, actor, {
      action: 'close_goal',
      entity: 'goal',
      entityId: goalId,
      changes: { status: { from: 'open', to: 'closed' }, completionNote: { noteDate, text: note } },
    });
    return { goal: closed!, completionNote: completionNote! };
  });
}
