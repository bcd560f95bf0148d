// R9 Reassign the primary staff person (and with them the primary center). Effective at once:
// reminders read the current primary staff, so nothing else needs to move.
import { and, eq } from 'drizzle-orm';
import { activities, activityCollaboratingCenters, activityCollaboratingStaff } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { parseInput, ReassignPrimaryStaffInput } from '../rules/schemas.js';
import { refuse, requireOpen, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { resolvePrimary } from './create-activity.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface ReassignPrimaryStaffResult {
  activityId: number;
  previousStaffId: number;
  primaryStaffId: number;
  primaryCenterId: number;
}

export async function reassignPrimaryStaff(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<ReassignPrimaryStaffResult>> {
  const parsed = parseInput(ReassignPrimaryStaffInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const { activity, staff: me } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    requireOpen(activity, 'reassign it');
    if (
      v.staffId === activity.primaryStaffId &&
      (v.centerId ?? activity.primaryCenterId) === activity.primaryCenterId
    )
      refuse(
        ErrorCode.InvalidInput,
        `That person is already the primary staff of TA request #${activity.id}.`,
      );
    const primary = await resolvePrimary(tx, me, v.staffId, v.centerId);

    // The new primary is no longer a collaborator (nor their center a collaborating center).
    await tx
      .delete(activityCollaboratingStaff)
      .where(
        and(
          eq(activityCollaboratingStaff.activityId, activity.id),
          eq(activityCollaboratingStaff.staffId, primary.staff.id),
        ),
      );
    await tx
      .delete(activityCollaboratingCenters)
      .where(
        and(
          eq(activityCollaboratingCenters.activityId, activity.id),
          eq(activityCollaboratingCenters.centerId, primary.centerId),
        ),
      );
    if (v.keepPreviousAsCollaborator && activity.primaryStaffId !== primary.staff.id) {
      await tx
        .insert(activityCollaboratingStaff)
        .values({ activityId: activity.id, staffId: activity.primaryStaffId })
        .onConflictDoNothing();
    }
    await tx
      .update(activities)
      .set({ primaryStaffId: primary.staff.id, primaryCenterId: primary.centerId, updatedAt: ctx.now() })
      .where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: 'activity.reassign_primary',
      entity: 'activity',
      entityId: activity.id,
      changes: {
        primaryStaffId: { from: activity.primaryStaffId, to: primary.staff.id },
        primaryCenterId: { from: activity.primaryCenterId, to: primary.centerId },
        ...(v.keepPreviousAsCollaborator ? { previousKeptAsCollaborator: true } : {}),
      },
    });
    return {
      activityId: activity.id,
      previousStaffId: activity.primaryStaffId,
      primaryStaffId: primary.staff.id,
      primaryCenterId: primary.centerId,
    };
  });
}
