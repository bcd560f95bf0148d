// Approve, deny, hold, or put back to planning (R12). R8: approving an indirect request needs the
// approval of the CCDF Administrator of the activity's State or the RPM of its region, chosen from the
// recorded contacts (never a typed name), which is recorded with the activity.
import { eq } from 'drizzle-orm';
import { activities } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { parseInput, SetActivityStatusInput } from '../rules/schemas.js';
import {
  type ActivityStatus,
  statusChangeProblem,
  type TrackingGate,
  trackingGate,
} from '../rules/tracking-gate.js';
import { currentStage, refuse, unwrap } from './activity-common.js';
import { APPROVER_ROLE_LABEL, requireRecordedApprover } from './approvers.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface SetActivityStatusResult {
  activityId: number;
  status: ActivityStatus;
  /** R12: whether tracking is now open, and if not what is still missing. */
  tracking: TrackingGate;
}

export async function setActivityStatus(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<SetActivityStatusResult>> {
  const parsed = parseInput(SetActivityStatusInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const { activity } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    const recordApproval =
      v.status === 'approved' &&
      activity.indirectRequest &&
      activity.indirectApprovedBy === null &&
      v.indirectApproverId !== undefined;
    const problem = statusChangeProblem({
      from: activity.activityStatus,
      to: v.status,
      completionStatus: activity.completionStatus,
      indirectRequest: activity.indirectRequest,
      indirectApproved: activity.indirectApprovedBy !== null || recordApproval,
    });
    if (problem) {
      const code =
        problem.kind === 'indirect'
          ? ErrorCode.IndirectRequestNotApproved
          : problem.kind === 'closed'
            ? ErrorCode.ActivityClosed
            : ErrorCode.InvalidTransition;
      refuse(code, problem.message);
    }

    const set: Partial<typeof activities.$inferInsert> = { activityStatus: v.status, updatedAt: ctx.now() };
    const changes: Record<string, unknown> = {
      activityStatus: { from: activity.activityStatus, to: v.status },
    };
    if (recordApproval && v.indirectApproverId !== undefined) {
      const approver = unwrap(
        await requireRecordedApprover(tx, v.indirectApproverId, {
          stateCode: activity.stateCode,
          region: null,
        }),
      );
      // The text column keeps "Name (CCDF Administrator)" or "Name (RPM)" for display and export.
      set.indirectApprovedBy = `${approver.name} (${APPROVER_ROLE_LABEL[approver.role]})`;
      set.indirectApprovedByRequesterId = approver.id;
      set.indirectApprovedAt = ctx.now();
      changes.indirectApproval = { approverId: approver.id, approvedBy: approver.name, role: approver.role };
    }
    await tx.update(activities).set(set).where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: 'activity.set_status',
      entity: 'activity',
      entityId: activity.id,
      changes,
    });
    return {
      activityId: activity.id,
      status: v.status,
      tracking: trackingGate(v.status, await currentStage(tx, activity.id)),
    };
  });
}
