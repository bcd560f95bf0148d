// R22 one open activity per State + strategic area + focus: the check run before creating an
// activity and again when an open activity's focus or strategic area changes.
import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { activities, goalStrategicAreas } from '../../db/schema.js';
import { ErrorCode } from '../errors.js';
import { OTHER_FOCUS } from '../rules/schemas.js';
import { refuse } from './activity-common.js';

export interface DuplicateProbe {
  stateCode: string;
  strategicAreaId: number;
  focus: string;
  otherFocusNotes?: string | null | undefined;
  /** The activity being changed (never its own duplicate). */
  excludeActivityId?: number;
}

/** The open activity the probe would duplicate, if any ("Other" focuses compare their notes). */
export async function findDuplicate(tx: Tx, p: DuplicateProbe): Promise<number | undefined> {
  const same = await tx
    .select({ id: activities.id, otherFocusNotes: activities.otherFocusNotes })
    .from(activities)
    .where(
      and(
        eq(activities.stateCode, p.stateCode),
        eq(activities.strategicAreaId, p.strategicAreaId),
        eq(activities.focus, p.focus),
        eq(activities.completionStatus, 'open'),
        ...(p.excludeActivityId === undefined ? [] : [ne(activities.id, p.excludeActivityId)]),
      ),
    );
  return same.find(
    (a) =>
      p.focus !== OTHER_FOCUS ||
      a.otherFocusNotes?.trim().toLowerCase() === p.otherFocusNotes?.trim().toLowerCase(),
  )?.id;
}

/** Refuses with DuplicateActivity (and the existing activity's id) when the probe duplicates one. */
export async function refuseDuplicate(tx: Tx, p: DuplicateProbe): Promise<void> {
  const dup = await findDuplicate(tx, p);
  if (dup === undefined) return;
  const [area] = await tx
    .select({ name: goalStrategicAreas.name })
    .from(goalStrategicAreas)
    .where(eq(goalStrategicAreas.id, p.strategicAreaId));
  refuse(
    ErrorCode.DuplicateActivity,
    `TA request #${dup} is already open for ${p.stateCode} with focus "${p.focus}" under strategic area "${area?.name ?? p.strategicAreaId}". Add your work to #${dup} instead, or confirm this is separate work.`,
    { existingActivityId: dup },
  );
}
