// R21: add a strategic area (from the goal category's standard list, with optional notes) to an open
// goal. Activities then sit under it (R22: one strategic area per activity).
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { goalStrategicAreas } from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { AddStrategicAreaInput, OTHER_STRATEGIC_AREA, otherAreaNeedsNotes } from '../rules/goal-schemas.js';
import { parseInput } from '../rules/schemas.js';
import { refuse, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { requireGoalEditor } from './goal-access.js';
import { strategicAreaOptions } from './lookups.js';
import { inTransaction } from './transaction.js';

export type StrategicAreaRow = typeof goalStrategicAreas.$inferSelect;

interface AreaInput {
  name: string;
  notes?: string | undefined;
}

/**
 * Matches each requested area to the category's standard list (case-insensitively, returning the
 * list's spelling); "Other" needs notes saying what it covers; no area twice.
 */
export async function resolveStrategicAreas(
  db: DbOrTx,
  categoryCode: string,
  areas: AreaInput[],
): Promise<Result<AreaInput[]>> {
  const options = await strategicAreaOptions(db, categoryCode);
  const resolved: AreaInput[] = [];
  for (const area of areas) {
    const name = options.find((o) => o.toLowerCase() === area.name.toLowerCase());
    if (!name) {
      return fail(
        ErrorCode.InvalidInput,
        `"${area.name}" is not a strategic area of this goal category. Choose one of: ${options.join('; ')}.`,
        { field: 'name', options },
      );
    }
    if (otherAreaNeedsNotes(area)) {
      return fail(
        ErrorCode.InvalidInput,
        `Strategic area "${OTHER_STRATEGIC_AREA}" needs notes saying what part of the work it covers.`,
        { field: 'notes' },
      );
    }
    if (resolved.some((r) => r.name === name)) {
      return fail(ErrorCode.StrategicAreaExists, `Strategic area "${name}" is listed twice; give it once.`);
    }
    resolved.push({ name, notes: area.notes });
  }
  return ok(resolved);
}

export async function addStrategicArea(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<StrategicAreaRow>> {
  const parsed = parseInput(AddStrategicAreaInput, input);
  if (!parsed.ok) return parsed;
  const { goalId, ...area } = parsed.value;
  return inTransaction(ctx, async (tx) => {
    const { goal } = unwrap(await requireGoalEditor(tx, actor, goalId));
    if (goal.status === 'closed') {
      refuse(
        ErrorCode.GoalClosed,
        `Goal #${goalId} is closed. Ask a TAT administrator if it must be reopened.`,
      );
    }
    const [resolved] = unwrap(await resolveStrategicAreas(tx, goal.categoryCode, [area]));
    const [existing] = await tx
      .select()
      .from(goalStrategicAreas)
      .where(
        and(
          eq(goalStrategicAreas.goalId, goalId),
          sql`lower(${goalStrategicAreas.name}) = lower(${resolved!.name})`,
        ),
      );
    if (existing) {
      refuse(
        ErrorCode.StrategicAreaExists,
        `Goal #${goalId} already has the strategic area "${existing.name}". Add your work under it (or update its notes) instead of adding it again.`,
        { existingStrategicAreaId: existing.id },
      );
    }
    const [row] = await tx
      .insert(goalStrategicAreas)
      .values({ goalId, name: resolved!.name, notes: resolved!.notes ?? null })
      .returning();
    await writeAudit(tx, ctx, actor, {
      action: 'add_strategic_area',
      entity: 'goal',
      entityId: goalId,
      changes: { strategicAreaId: row!.id, name: row!.name, notes: row!.notes },
    });
    return row!;
  });
}
