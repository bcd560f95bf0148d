// R21/R25 who may change a State's goals: a TAT administrator, or the State Systems Specialist of the
// State (R21: specialists enter and update goals for their States; providers ask them).
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { goals } from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { Actor } from './context.js';
import { coversState, requireStaff, type StaffRow } from './permissions.js';

export type GoalRow = typeof goals.$inferSelect;

async function mayEditGoalsOf(db: DbOrTx, who: StaffRow, stateCode: string): Promise<Result<StaffRow>> {
  if (who.role === 'admin') return ok(who);
  if (who.role === 'specialist' && (await coversState(db, who.id, stateCode))) return ok(who);
  const why =
    who.role === 'specialist'
      ? `You do not cover ${stateCode}, so you cannot change its goals.`
      : `Only the State Systems Specialist for ${stateCode} or a TAT administrator enters and updates its goals (R21).`;
  return fail(
    ErrorCode.Forbidden,
    `${why} Ask the State Systems Specialist for ${stateCode} or a TAT administrator.`,
  );
}

export async function requireStateGoalEditor(
  db: DbOrTx,
  actor: Actor,
  stateCode: string,
): Promise<Result<StaffRow>> {
  const who = await requireStaff(db, actor);
  return who.ok ? mayEditGoalsOf(db, who.value, stateCode) : who;
}

/** Loads (and locks) a goal for someone who may change it. */
export async function requireGoalEditor(
  db: DbOrTx,
  actor: Actor,
  goalId: number,
): Promise<Result<{ staff: StaffRow; goal: GoalRow }>> {
  const who = await requireStaff(db, actor);
  if (!who.ok) return who;
  const [goal] = await db.select().from(goals).where(eq(goals.id, goalId)).for('update');
  if (!goal)
    return fail(
      ErrorCode.NotFound,
      `Goal #${goalId} does not exist. Check the number in the State's goal list.`,
    );
  const editor = await mayEditGoalsOf(db, who.value, goal.stateCode);
  return editor.ok ? ok({ staff: editor.value, goal }) : editor;
}
