// Update the fields of an open TA activity (R5–R10, R13). Only what is given changes; the audit
// records each changed field as {from, to}. A new focus or strategic area re-runs the R22 check.
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  activities,
  activityCollaboratingCenters,
  activityCollaboratingStaff,
  activityOtherCollaborators,
  activityRequesters,
  deliveries,
  goalStrategicAreas,
  goals,
} from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { dateInZone, formatNoteDate } from '../rules/dates.js';
import { focusProblem, parseInput, UpdateActivityInput } from '../rules/schemas.js';
import { isLateEntry } from '../rules/timeliness.js';
import { refuse, requireAddableRequesters, requireOpen, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { requireAll, requireFocusOption } from './create-activity.js';
import { refuseDuplicate } from './duplicate-check.js';
import { type ActivityRow, requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface UpdateActivityResult {
  activityId: number;
  /** Names of the fields that actually changed. */
  changed: string[];
}

type Change = { from: unknown; to: unknown };

export async function updateActivity(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<UpdateActivityResult>> {
  const parsed = parseInput(UpdateActivityInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const { activity } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    requireOpen(activity, 'change its fields');
    const changes: Record<string, Change> = {};
    const set: Partial<typeof activities.$inferInsert> = {};
    const field = <K extends keyof typeof activities.$inferInsert>(
      key: K,
      to: (typeof activities.$inferInsert)[K] | undefined,
    ) => {
      const from = activity[key as keyof typeof activity];
      if (to !== undefined && to !== from) {
        set[key] = to;
        changes[key] = { from, to };
      }
    };

    // R5: focus and other-focus notes are checked together, on their values after the change.
    const focus = v.focus ?? activity.focus;
    const notes = v.otherFocusNotes === undefined ? activity.otherFocusNotes : v.otherFocusNotes || null;
    if (v.focus !== undefined || v.otherFocusNotes !== undefined) {
      const problem = focusProblem(focus, notes ?? undefined);
      if (problem) refuse(ErrorCode.InvalidInput, problem);
      const [goal] = await tx.select().from(goals).where(eq(goals.id, activity.goalId));
      await requireFocusOption(tx, goal!.categoryCode, focus);
      field('focus', focus);
      field('otherFocusNotes', notes);
    }
    if (v.strategicAreaId !== undefined) {
      const [area] = await tx
        .select()
        .from(goalStrategicAreas)
        .where(eq(goalStrategicAreas.id, v.strategicAreaId));
      if (!area || area.goalId !== activity.goalId)
        refuse(
          ErrorCode.NotFound,
          `Strategic area ${v.strategicAreaId} is not under this activity's goal; pick one of the goal's strategic areas.`,
        );
      field('strategicAreaId', area.id);
    }
    // R22: a change of focus or strategic area must not duplicate another open activity.
    if (
      ('focus' in changes || 'otherFocusNotes' in changes || 'strategicAreaId' in changes) &&
      !v.ignoreDuplicate
    ) {
      await refuseDuplicate(tx, {
        stateCode: activity.stateCode,
        strategicAreaId: set.strategicAreaId ?? activity.strategicAreaId,
        focus: set.focus ?? activity.focus,
        otherFocusNotes: 'otherFocusNotes' in set ? set.otherFocusNotes : activity.otherFocusNotes,
        excludeActivityId: activity.id,
      });
    }
    if (v.dateOpened !== undefined && v.dateOpened > today(ctx))
      refuse(
        ErrorCode.InvalidInput,
        'Date opened cannot be in the future; use the date the TA was requested.',
      );
    if (v.dateOpened !== undefined && v.dateOpened !== activity.dateOpened) {
      // TA cannot be delivered before it was requested (recordDelivery checks the other way round).
      const [first] = await tx
        .select({ startDate: deliveries.startDate })
        .from(deliveries)
        .where(eq(deliveries.activityId, activity.id))
        .orderBy(asc(deliveries.startDate))
        .limit(1);
      if (first && v.dateOpened > first.startDate)
        refuse(
          ErrorCode.InvalidInput,
          `${formatNoteDate(v.dateOpened)} is after the first TA delivered on this request (${formatNoteDate(first.startDate)}); use a date opened on or before ${formatNoteDate(first.startDate)}, or correct that delivery's date first.`,
          { firstDeliveryDate: first.startDate },
        );
      // R2: lateness is measured from the date opened, so it follows a corrected date.
      const entered = dateInZone(activity.enteredAt, ctx.calendar.timeZone);
      field('enteredLate', isLateEntry(ctx.calendar, v.dateOpened, entered));
    }
    field('dateOpened', v.dateOpened);
    field('priority', v.priority);
    field('activityType', v.activityType);
    field('outcomePlan', v.outcomePlan);
    if (v.outcomeReport !== undefined) field('outcomeReport', v.outcomeReport || null);
    if (v.otherCollaboratorDetails !== undefined)
      field('otherCollaboratorDetails', v.otherCollaboratorDetails || null);

    if (v.requesterIds) {
      const indirect = await replaceRequesters(tx, activity, v.requesterIds, changes);
      field('indirectRequest', indirect);
      // R8: an approved activity cannot become an unapproved indirect request.
      if (indirect && activity.activityStatus === 'approved' && !activity.indirectApprovedBy) {
        refuse(
          ErrorCode.IndirectRequestNotApproved,
          'Without the CCDF Administrator or their staff among the requesters, this approved activity needs the approval of the CCDF Administrator or the RPM. Keep such a requester, or put the activity back to planning and approve it again with that approval.',
        );
      }
    }
    if (v.collaboratingStaffIds) {
      const ids = v.collaboratingStaffIds.filter((id) => id !== activity.primaryStaffId);
      await requireAll(tx, 'staff', ids);
      await replaceSet(tx, 'staff', activity.id, ids, changes);
    }
    if (v.collaboratingCenterIds) {
      const ids = v.collaboratingCenterIds.filter((id) => id !== activity.primaryCenterId);
      await requireAll(tx, 'center', ids);
      await replaceSet(tx, 'center', activity.id, ids, changes);
    }
    if (v.otherCollaborators) {
      const before = await tx
        .select({ code: activityOtherCollaborators.collaboratorCode })
        .from(activityOtherCollaborators)
        .where(eq(activityOtherCollaborators.activityId, activity.id));
      const from = before.map((b) => b.code).sort();
      const to = [...v.otherCollaborators].sort();
      const details =
        set.otherCollaboratorDetails === undefined
          ? activity.otherCollaboratorDetails
          : set.otherCollaboratorDetails;
      if (to.includes('other') && !details)
        refuse(
          ErrorCode.InvalidInput,
          'Other collaborator "other" needs details: name the person or organization.',
        );
      if (from.join() !== to.join()) {
        await tx
          .delete(activityOtherCollaborators)
          .where(eq(activityOtherCollaborators.activityId, activity.id));
        if (to.length)
          await tx
            .insert(activityOtherCollaborators)
            .values(to.map((collaboratorCode) => ({ activityId: activity.id, collaboratorCode })));
        changes.otherCollaborators = { from, to };
      }
    }

    const changed = Object.keys(changes);
    if (changed.length === 0) return { activityId: activity.id, changed };
    await tx
      .update(activities)
      .set({ ...set, updatedAt: ctx.now() })
      .where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: 'activity.update',
      entity: 'activity',
      entityId: activity.id,
      changes,
    });
    return { activityId: activity.id, changed };
  });
}

/** R7/R8: replaces the requesters; returns whether the activity is now an indirect request. */
async function replaceRequesters(
  tx: Tx,
  activity: ActivityRow,
  ids: number[],
  changes: Record<string, Change>,
): Promise<boolean> {
  const activityId = activity.id;
  const reqs = await requireAddableRequesters(tx, ids, activity.stateCode);
  const before = await tx
    .select({ id: activityRequesters.requesterId })
    .from(activityRequesters)
    .where(eq(activityRequesters.activityId, activityId));
  const from = before.map((b) => b.id).sort((a, b) => a - b);
  const to = [...ids].sort((a, b) => a - b);
  if (from.join() !== to.join()) {
    await tx.delete(activityRequesters).where(eq(activityRequesters.activityId, activityId));
    await tx.insert(activityRequesters).values(to.map((requesterId) => ({ activityId, requesterId })));
    changes.requesterIds = { from, to };
  }
  return !reqs.some((r) => r.isCcdfAdministrator || r.isCcdfStaff);
}

async function replaceSet(
  tx: Tx,
  kind: 'staff' | 'center',
  activityId: number,
  ids: number[],
  changes: Record<string, Change>,
): Promise<void> {
  const table = kind === 'staff' ? activityCollaboratingStaff : activityCollaboratingCenters;
  const before =
    kind === 'staff'
      ? (
          await tx
            .select({ id: activityCollaboratingStaff.staffId })
            .from(activityCollaboratingStaff)
            .where(eq(activityCollaboratingStaff.activityId, activityId))
        ).map((r) => r.id)
      : (
          await tx
            .select({ id: activityCollaboratingCenters.centerId })
            .from(activityCollaboratingCenters)
            .where(eq(activityCollaboratingCenters.activityId, activityId))
        ).map((r) => r.id);
  const from = before.sort((a, b) => a - b);
  const to = [...ids].sort((a, b) => a - b);
  if (from.join() === to.join()) return;
  await tx.delete(table).where(eq(table.activityId, activityId));
  if (to.length) {
    if (kind === 'staff')
      await tx.insert(activityCollaboratingStaff).values(to.map((staffId) => ({ activityId, staffId })));
    else
      await tx.insert(activityCollaboratingCenters).values(to.map((centerId) => ({ activityId, centerId })));
  }
  changes[kind === 'staff' ? 'collaboratingStaffIds' : 'collaboratingCenterIds'] = { from, to };
}
