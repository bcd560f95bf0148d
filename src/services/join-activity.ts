// R22 "add to the existing one": instead of creating a duplicate, a staff member who could have
// created the activity (covers its State, or a specialist/admin) joins the open activity as
// collaborating staff, with their requesters (and the collaborators they named). Only adds.
import { and, eq, inArray } from 'drizzle-orm';
import { activities, activityCollaboratingStaff, activityRequesters } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { JoinActivityInput, parseInput } from '../rules/schemas.js';
import { refuse, requireAddableRequesters, requireOpen, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { requireAll } from './create-activity.js';
import { activityRole, coversState, requireStaff } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface JoinActivityResult {
  activityId: number;
  addedStaffIds: number[];
  addedRequesterIds: number[];
}

export async function joinActivity(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<JoinActivityResult>> {
  const parsed = parseInput(JoinActivityInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const me = unwrap(await requireStaff(tx, actor));
    const [activity] = await tx
      .select()
      .from(activities)
      .where(eq(activities.id, v.activityId))
      .for('update');
    if (!activity)
      refuse(
        ErrorCode.NotFound,
        `TA request #${v.activityId} does not exist. Check the number with /ta find.`,
      );
    requireOpen(activity, 'join it');
    // R22/R25: whoever may edit it, or could have created it (the same check as createActivity).
    const mayJoin =
      (await activityRole(tx, me, activity)) !== undefined ||
      me.role !== 'provider' ||
      (await coversState(tx, me.id, activity.stateCode));
    if (!mayJoin)
      refuse(
        ErrorCode.Forbidden,
        `You do not cover ${activity.stateCode}, so you cannot join TA request #${activity.id}. Ask its primary staff to add you as a collaborator.`,
      );

    // Requesters: known, approved, of the State or its region (R7), added to those already there.
    const reqs = await requireAddableRequesters(tx, v.requesterIds, activity.stateCode);
    const haveReqs = await tx
      .select({ id: activityRequesters.requesterId })
      .from(activityRequesters)
      .where(eq(activityRequesters.activityId, activity.id));
    const addedRequesterIds = v.requesterIds.filter((id) => !haveReqs.some((h) => h.id === id));
    if (addedRequesterIds.length)
      await tx
        .insert(activityRequesters)
        .values(addedRequesterIds.map((requesterId) => ({ activityId: activity.id, requesterId })));

    // Me and the staff I named, as collaborators (the primary staff stays primary).
    const wanted = [...new Set([me.id, ...v.collaboratingStaffIds])].filter(
      (id) => id !== activity.primaryStaffId,
    );
    await requireAll(tx, 'staff', wanted);
    const haveStaff = wanted.length
      ? await tx
          .select({ id: activityCollaboratingStaff.staffId })
          .from(activityCollaboratingStaff)
          .where(
            and(
              eq(activityCollaboratingStaff.activityId, activity.id),
              inArray(activityCollaboratingStaff.staffId, wanted),
            ),
          )
      : [];
    const addedStaffIds = wanted.filter((id) => !haveStaff.some((h) => h.id === id));
    if (addedStaffIds.length)
      await tx
        .insert(activityCollaboratingStaff)
        .values(addedStaffIds.map((staffId) => ({ activityId: activity.id, staffId })));

    // R8: a CCDF Administrator or staff requester joining makes the request direct.
    const direct = reqs.some((r) => r.isCcdfAdministrator || r.isCcdfStaff);
    const set = direct && activity.indirectRequest ? { indirectRequest: false } : {};
    await tx
      .update(activities)
      .set({ ...set, updatedAt: ctx.now() })
      .where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: 'activity.join',
      entity: 'activity',
      entityId: activity.id,
      changes: {
        addedCollaboratingStaffIds: addedStaffIds,
        addedRequesterIds,
        ...(direct && activity.indirectRequest ? { indirectRequest: { from: true, to: false } } : {}),
      },
    });
    return { activityId: activity.id, addedStaffIds, addedRequesterIds };
  });
}
