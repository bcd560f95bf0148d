// Create a TA activity (R2, R5–R10, R13, R22). Entered late is flagged, never refused (R2).
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import {
  activities,
  activityCollaboratingCenters,
  activityCollaboratingStaff,
  activityOtherCollaborators,
  activityRequesters,
  centers,
  focusOptions,
  goalStrategicAreas,
  goals,
  planDescriptions,
  requesters,
  staff,
  states,
} from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { formatNoteDate } from '../rules/dates.js';
import { CreateActivityInput, OTHER_FOCUS, parseInput } from '../rules/schemas.js';
import { isLateEntry } from '../rules/timeliness.js';
import { refuse, requireLocalRequesters, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { refuseDuplicate } from './duplicate-check.js';
import { coversState, loadActiveStaff, requireStaff, type StaffRow } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface CreateActivityResult {
  activityId: number;
  /** R2: entered more than 3 business days after the date opened. */
  enteredLate: boolean;
  /** R8: no requester is the CCDF Administrator or their staff; approval needs their or the RPM's OK. */
  indirectRequest: boolean;
}

export async function createActivity(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<CreateActivityResult>> {
  const parsed = parseInput(CreateActivityInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const me = unwrap(await requireStaff(tx, actor));
    const [state] = await tx.select().from(states).where(eq(states.code, v.stateCode));
    if (!state)
      refuse(
        ErrorCode.NotFound,
        `${v.stateCode} is not a State or Territory code; use a code such as CA or GU.`,
      );
    if (me.role === 'provider' && !(await coversState(tx, me.id, v.stateCode))) {
      refuse(
        ErrorCode.Forbidden,
        `You do not cover ${v.stateCode}. Ask the State Systems Specialist for ${v.stateCode} to enter this request, or a TAT administrator to add ${v.stateCode} to your States.`,
      );
    }

    // Goal, strategic area (R22: exactly one) and focus (R5: from the goal category's list).
    // R21: a share lock on the goal row makes closeGoal (FOR UPDATE) wait for this insert, so a
    // goal cannot be closed while an activity is being created under it.
    const [goal] = await tx.select().from(goals).where(eq(goals.id, v.goalId)).for('share');
    if (!goal || goal.stateCode !== v.stateCode)
      refuse(
        ErrorCode.NotFound,
        `Goal ${v.goalId} is not a goal of ${v.stateCode}; pick one of the State's goals.`,
      );
    if (goal.status !== 'open')
      refuse(
        ErrorCode.GoalClosed,
        `Goal ${goal.id} (${goal.title}) is closed; pick an open goal or ask an admin.`,
      );
    const [area] = await tx
      .select()
      .from(goalStrategicAreas)
      .where(eq(goalStrategicAreas.id, v.strategicAreaId));
    if (!area || area.goalId !== goal.id)
      refuse(
        ErrorCode.NotFound,
        `Strategic area ${v.strategicAreaId} is not under goal ${goal.id}; pick one of that goal's strategic areas or add one.`,
      );
    await requireFocusOption(tx, goal.categoryCode, v.focus);

    // R22: an open activity for the same State + strategic area + focus.
    if (!v.ignoreDuplicate) {
      await refuseDuplicate(tx, {
        stateCode: v.stateCode,
        strategicAreaId: area.id,
        focus: v.focus,
        otherFocusNotes: v.otherFocusNotes,
      });
    }

    // R7 requesters: known, approved, of the State or its region. R8: indirect request.
    const reqs = await tx.select().from(requesters).where(inArray(requesters.id, v.requesterIds));
    const unknown = v.requesterIds.filter((id) => !reqs.some((r) => r.id === id));
    if (unknown.length)
      refuse(
        ErrorCode.NotFound,
        `Requester ${unknown.join(', ')} not found; look requesters up by name or e-mail first.`,
      );
    const pending = reqs.filter((r) => r.approvalStatus !== 'approved');
    if (pending.length) {
      refuse(
        ErrorCode.RequesterNotApproved,
        `${pending.map((r) => r.name).join(', ')} ${pending.length === 1 ? 'is' : 'are'} not approved yet. A new requester needs the approval of the CCDF Administrator or the RPM; record it, then try again.`,
        { requesterIds: pending.map((r) => r.id) },
      );
    }
    requireLocalRequesters(reqs, state);
    const indirectRequest = !reqs.some((r) => r.isCcdfAdministrator || r.isCcdfStaff);

    // R9 one primary center and one primary staff who belongs to it.
    const primary = await resolvePrimary(tx, me, v.primaryStaffId, v.primaryCenterId);
    const collabStaffIds = v.collaboratingStaffIds.filter((id) => id !== primary.staff.id);
    await requireAll(tx, 'staff', collabStaffIds);
    const collabCenterIds = v.collaboratingCenterIds.filter((id) => id !== primary.centerId);
    await requireAll(tx, 'center', collabCenterIds);

    // R2: entry within 3 business days of the date opened; late entries are flagged, not refused.
    const now = today(ctx);
    if (v.dateOpened > now)
      refuse(
        ErrorCode.InvalidInput,
        `Date opened ${formatNoteDate(v.dateOpened)} is in the future; use the date the TA was requested.`,
      );
    const enteredLate = isLateEntry(ctx.calendar, v.dateOpened, now);

    const values = {
      stateCode: v.stateCode,
      goalId: goal.id,
      strategicAreaId: area.id,
      focus: v.focus,
      otherFocusNotes: v.otherFocusNotes ?? null,
      dateOpened: v.dateOpened,
      enteredAt: ctx.now(),
      enteredLate,
      priority: v.priority,
      primaryCenterId: primary.centerId,
      primaryStaffId: primary.staff.id,
      otherCollaboratorDetails: v.otherCollaboratorDetails ?? null,
      activityType: v.activityType,
      outcomePlan: v.outcomePlan,
      indirectRequest,
      createdByStaffId: me.id,
    };
    const [row] = await tx.insert(activities).values(values).returning({ id: activities.id });
    const activityId = row!.id;
    await tx
      .insert(activityRequesters)
      .values(v.requesterIds.map((requesterId) => ({ activityId, requesterId })));
    if (collabStaffIds.length)
      await tx
        .insert(activityCollaboratingStaff)
        .values(collabStaffIds.map((staffId) => ({ activityId, staffId })));
    if (collabCenterIds.length)
      await tx
        .insert(activityCollaboratingCenters)
        .values(collabCenterIds.map((centerId) => ({ activityId, centerId })));
    if (v.otherCollaborators.length)
      await tx
        .insert(activityOtherCollaborators)
        .values(v.otherCollaborators.map((collaboratorCode) => ({ activityId, collaboratorCode })));
    if (v.initialPlan) {
      await tx.insert(planDescriptions).values({
        activityId,
        stage: v.initialPlan.stage,
        noteDate: now,
        text: v.initialPlan.text,
        authorStaffId: me.id,
      });
    }
    await writeAudit(tx, ctx, actor, {
      action: 'activity.create',
      entity: 'activity',
      entityId: activityId,
      changes: {
        ...values,
        enteredAt: values.enteredAt.toISOString(),
        requesterIds: v.requesterIds,
        collaboratingStaffIds: collabStaffIds,
        collaboratingCenterIds: collabCenterIds,
        otherCollaborators: v.otherCollaborators,
        ...(v.initialPlan ? { initialPlan: v.initialPlan } : {}),
        ...(v.ignoreDuplicate ? { ignoredDuplicateCheck: true } : {}),
      },
    });
    return { activityId, enteredLate, indirectRequest };
  });
}

/** R5: the focus must be on the list of the goal's category ("Other" is on every list). */
export async function requireFocusOption(tx: Tx, categoryCode: string, focus: string): Promise<void> {
  const options = await tx
    .select({ name: focusOptions.name })
    .from(focusOptions)
    .where(eq(focusOptions.categoryCode, categoryCode));
  if (focus === OTHER_FOCUS || options.some((o) => o.name === focus)) return;
  const match = options.find((o) => o.name.toLowerCase() === focus.toLowerCase());
  refuse(
    ErrorCode.InvalidInput,
    match
      ? `TA focus "${focus}" should be written "${match.name}".`
      : `"${focus}" is not a TA focus of this goal's category; choose one of: ${options.map((o) => o.name).join('; ')}.`,
    { focusOptions: options.map((o) => o.name) },
  );
}

/** R9: the primary staff (default: the actor) and a primary center the staff belongs to. */
export async function resolvePrimary(
  tx: Tx,
  me: StaffRow,
  staffId: number | undefined,
  centerId: number | undefined,
): Promise<{ staff: StaffRow; centerId: number }> {
  const person = staffId === undefined || staffId === me.id ? me : await loadActiveStaff(tx, staffId);
  if (!person)
    refuse(ErrorCode.NotFound, `Staff ${staffId} was not found or is inactive; pick an active staff person.`);
  const primaryCenterId = centerId ?? person.centerId;
  if (primaryCenterId !== person.centerId) {
    const [center] = await tx.select().from(centers).where(eq(centers.id, primaryCenterId));
    const [own] = await tx.select().from(centers).where(eq(centers.id, person.centerId));
    refuse(
      ErrorCode.PrimaryStaffNotInCenter,
      center
        ? `${person.name} belongs to ${own?.code ?? 'another center'}, not ${center.code}. The primary staff must be a member of the primary center: pick ${own?.code ?? 'their center'} as primary center or a staff person of ${center.code}.`
        : `Center ${primaryCenterId} does not exist; pick one of the national centers.`,
    );
  }
  return { staff: person, centerId: primaryCenterId };
}

/** Refuses unless every id names an existing (active) staff person or center. */
export async function requireAll(tx: Tx, kind: 'staff' | 'center', ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const found =
    kind === 'staff'
      ? await tx
          .select({ id: staff.id })
          .from(staff)
          .where(and(inArray(staff.id, ids), eq(staff.active, true)))
      : await tx.select({ id: centers.id }).from(centers).where(inArray(centers.id, ids));
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length)
    refuse(
      ErrorCode.NotFound,
      `Collaborating ${kind} ${missing.join(', ')} not found${kind === 'staff' ? ' or inactive' : ''}; check the list.`,
    );
}
