// Writes a goal row and its strategic areas exactly as given, unchecked: createGoal validates, checks
// permissions and audits around it; the demo seed (already valid data) calls it directly.
import type { DbOrTx } from '../../db/client.js';
import { goalStrategicAreas, goals } from '../../db/schema.js';
import type { IsoDate } from '../rules/dates.js';
import type { StrategicAreaRow } from './add-strategic-area.js';
import type { GoalRow } from './goal-access.js';

export interface GoalInsert {
  stateCode: string;
  categoryCode: string;
  relatedCategoryCode?: string | undefined;
  title: string;
  readiness: GoalRow['readiness'];
  startDate: IsoDate;
  createdByStaffId: number;
}

export async function insertGoal(
  db: DbOrTx,
  g: GoalInsert,
  areas: { name: string; notes?: string | null | undefined }[],
): Promise<{ goal: GoalRow; strategicAreas: StrategicAreaRow[] }> {
  const [goal] = await db
    .insert(goals)
    .values({
      stateCode: g.stateCode,
      categoryCode: g.categoryCode,
      relatedCategoryCode: g.relatedCategoryCode ?? null,
      title: g.title,
      readiness: g.readiness,
      startDate: g.startDate,
      createdByStaffId: g.createdByStaffId,
    })
    .returning();
  const strategicAreas =
    areas.length > 0
      ? await db
          .insert(goalStrategicAreas)
          .values(areas.map((a) => ({ goalId: goal!.id, name: a.name, notes: a.notes ?? null })))
          .returning()
      : [];
  return { goal: goal!, strategicAreas };
}
