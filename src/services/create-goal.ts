// R21: create a State's goal in one goal category, optionally with a related category, readiness, a
// start date and its first strategic areas. The Quick Guide asks to refine an existing goal of the same
// category where possible, so the result lists those goals for the dialog to mention.
import { and, eq, ne } from 'drizzle-orm';
import { goals } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { formatNoteDate } from '../rules/dates.js';
import { CreateGoalInput } from '../rules/goal-schemas.js';
import { parseInput } from '../rules/schemas.js';
import { refuse, unwrap } from './activity-common.js';
import { resolveStrategicAreas, type StrategicAreaRow } from './add-strategic-area.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import type { GoalRow } from './goal-access.js';
import { requireStateGoalEditor } from './goal-access.js';
import { insertGoal } from './insert-goal.js';
import { findState, listGoalCategories } from './lookups.js';
import { inTransaction } from './transaction.js';

export interface CreatedGoal {
  goal: GoalRow;
  strategicAreas: StrategicAreaRow[];
  /** Other open goals of the State in the same category (the guide prefers refining one of them). */
  otherOpenGoalsInCategory: number[];
}

export async function createGoal(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<CreatedGoal>> {
  const parsed = parseInput(CreateGoalInput, input);
  if (!parsed.ok) return parsed;
  const g = parsed.value;
  return inTransaction(ctx, async (tx) => {
    const who = unwrap(await requireStateGoalEditor(tx, actor, g.stateCode));
    if (!(await findState(tx, g.stateCode))) {
      refuse(
        ErrorCode.InvalidInput,
        `${g.stateCode} is not a State or Territory code. Use one like MD or GU.`,
      );
    }
    const categories = await listGoalCategories(tx);
    const known = (code: string) => categories.some((c) => c.code === code);
    const choices = categories.map((c) => `${c.code} (${c.name})`).join('; ');
    for (const [field, code] of [
      ['categoryCode', g.categoryCode],
      ['relatedCategoryCode', g.relatedCategoryCode],
    ] as const) {
      if (code !== undefined && !known(code)) {
        refuse(ErrorCode.InvalidInput, `"${code}" is not a goal category. Choose one of: ${choices}.`, {
          field,
        });
      }
    }
    const now = today(ctx);
    if (g.startDate > now) {
      refuse(
        ErrorCode.InvalidInput,
        `The start date ${formatNoteDate(g.startDate)} is in the future. Use the date the goal was agreed with the State, or today.`,
        { field: 'startDate' },
      );
    }
    const areas = unwrap(await resolveStrategicAreas(tx, g.categoryCode, g.strategicAreas));
    const sameCategory = await tx
      .select({ id: goals.id })
      .from(goals)
      .where(
        and(
          eq(goals.stateCode, g.stateCode),
          eq(goals.categoryCode, g.categoryCode),
          ne(goals.status, 'closed'),
        ),
      );
    const { goal, strategicAreas } = await insertGoal(tx, { ...g, createdByStaffId: who.id }, areas);
    await writeAudit(tx, ctx, actor, {
      action: 'create_goal',
      entity: 'goal',
      entityId: goal.id,
      changes: { ...g, strategicAreas: areas },
    });
    return { goal, strategicAreas, otherOpenGoalsInCategory: sameCategory.map((r) => r.id) };
  });
}
