// R25 Who may do what. Primary and collaborating staff edit their activities; the specialist of the
// activity's State reviews and may edit any of them; admins may do everything, and are the only ones
// who close goals and edit reference lists; a requester may only add feedback to activities they requested.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  activities,
  activityCollaboratingStaff,
  activityRequesters,
  staff,
  staffStates,
} from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { Actor } from './context.js';

export type StaffRow = typeof staff.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;
export type ActivityRole = 'primary' | 'collaborator' | 'specialist' | 'admin';

export async function loadActiveStaff(db: DbOrTx, staffId: number): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.id, staffId));
  return row?.active ? row : undefined;
}

/** Resolves a staff actor, or fails with a message telling the user how to get access. */
export async function requireStaff(db: DbOrTx, actor: Actor): Promise<Result<StaffRow>> {
  if (actor.kind !== 'staff') {
    return fail(
      ErrorCode.Forbidden,
      'Only TA staff can do this. Requesters can add feedback by replying in a thread.',
    );
  }
  const row = await loadActiveStaff(db, actor.staffId);
  return row
    ? ok(row)
    : fail(
        ErrorCode.UnknownUser,
        'Your staff profile was not found or is inactive. Ask a TAT administrator to add you.',
      );
}

export async function coversState(db: DbOrTx, staffId: number, stateCode: string): Promise<boolean> {
  const rows = await db
    .select({ s: staffStates.stateCode })
    .from(staffStates)
    .where(and(eq(staffStates.staffId, staffId), eq(staffStates.stateCode, stateCode)));
  return rows.length > 0;
}

/** The strongest role a staff person holds on an activity, if any. */
export async function activityRole(
  db: DbOrTx,
  who: StaffRow,
  activity: ActivityRow,
): Promise<ActivityRole | undefined> {
  if (who.role === 'admin') return 'admin';
  if (activity.primaryStaffId === who.id) return 'primary';
  const collab = await db
    .select({ id: activityCollaboratingStaff.staffId })
    .from(activityCollaboratingStaff)
    .where(
      and(
        eq(activityCollaboratingStaff.activityId, activity.id),
        eq(activityCollaboratingStaff.staffId, who.id),
      ),
    );
  if (collab.length > 0) return 'collaborator';
  if (who.role === 'specialist' && (await coversState(db, who.id, activity.stateCode))) return 'specialist';
  return undefined;
}

export interface ActivityAccess {
  staff: StaffRow;
  activity: ActivityRow;
  role: ActivityRole;
}

/** Loads an activity for a staff actor who may edit it (R25), locking the row for the transaction. */
export async function requireActivityEditor(
  db: DbOrTx,
  actor: Actor,
  activityId: number,
): Promise<Result<ActivityAccess>> {
  const who = await requireStaff(db, actor);
  if (!who.ok) return who;
  const [activity] = await db.select().from(activities).where(eq(activities.id, activityId)).for('update');
  if (!activity)
    return fail(
      ErrorCode.NotFound,
      `TA request #${activityId} does not exist. Check the number with /ta mine or /ta find.`,
    );
  const role = await activityRole(db, who.value, activity);
  if (!role) {
    return fail(
      ErrorCode.Forbidden,
      `You are not primary or collaborating staff on TA request #${activityId}, nor the State Systems Specialist for ${activity.stateCode}. Ask the primary staff to add you as a collaborator.`,
    );
  }
  return ok({ staff: who.value, activity, role });
}

/** R25: a requester may add feedback only to activities they requested. */
export async function requesterRequested(
  db: DbOrTx,
  requesterId: number,
  activityId: number,
): Promise<boolean> {
  const rows = await db
    .select({ id: activityRequesters.requesterId })
    .from(activityRequesters)
    .where(
      and(eq(activityRequesters.activityId, activityId), eq(activityRequesters.requesterId, requesterId)),
    );
  return rows.length > 0;
}
