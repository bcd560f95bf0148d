// Shared steps of the activity use cases, run inside their transaction: each either returns what
// the use case needs or rolls the whole use case back with a typed failure.
import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import {
  activityCollaboratingStaff,
  activityRequesters,
  centers,
  planDescriptions,
  requesters,
  staff,
  type states,
  states as statesTable,
} from '../../db/schema.js';
import { ErrorCode, type Result, type TatError } from '../errors.js';
import { formatNoteDate, type IsoDate } from '../rules/dates.js';
import { type ChosenPlanStage, currentPlanStage } from '../rules/plan-stages.js';
import type { CoachPerson } from '../rules/summary-coaching.js';
import { trackingGate } from '../rules/tracking-gate.js';
import { type ServiceContext, today } from './context.js';
import type { ActivityRow } from './permissions.js';
import { rollback } from './transaction.js';

/** The value of a Result, or roll the use case back with its failure. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) rollback(result.error);
  return result.value;
}

export function refuse(code: TatError['code'], message: string, details?: Record<string, unknown>): never {
  return rollback(details ? { code, message, details } : { code, message });
}

/** R7: every requester must be a contact of the activity's State or of its region. */
export function requireLocalRequesters(
  reqs: Pick<typeof requesters.$inferSelect, 'name' | 'stateCode' | 'region'>[],
  state: Pick<typeof states.$inferSelect, 'code' | 'region'>,
): void {
  const elsewhere = reqs.filter((r) => r.stateCode !== state.code && r.region !== state.region);
  if (elsewhere.length) {
    refuse(
      ErrorCode.InvalidInput,
      `${elsewhere.map((r) => r.name).join(', ')} ${elsewhere.length === 1 ? 'is' : 'are'} not a contact of ${state.code} or its region; pick requesters from ${state.code} or region ${state.region}.`,
    );
  }
}

/**
 * R7: the requesters to add to an activity of `stateCode`: every id known, approved, and a contact
 * of the State or its region; refuses otherwise.
 */
export async function requireAddableRequesters(
  db: DbOrTx,
  ids: number[],
  stateCode: string,
): Promise<(typeof requesters.$inferSelect)[]> {
  if (ids.length === 0) return [];
  const reqs = await db.select().from(requesters).where(inArray(requesters.id, ids));
  const unknown = ids.filter((id) => !reqs.some((r) => r.id === id));
  if (unknown.length)
    refuse(ErrorCode.NotFound, `Requester ${unknown.join(', ')} not found; look them up by name or e-mail.`);
  const pending = reqs.filter((r) => r.approvalStatus !== 'approved');
  if (pending.length)
    refuse(
      ErrorCode.RequesterNotApproved,
      `${pending.map((r) => r.name).join(', ')} must be approved by the CCDF Administrator or the RPM before being added.`,
      { requesterIds: pending.map((r) => r.id) },
    );
  const [state] = await db.select().from(statesTable).where(eq(statesTable.code, stateCode));
  requireLocalRequesters(reqs, state!);
  return reqs;
}

/** R11: the current description stage of an activity. */
export async function currentStage(db: DbOrTx, activityId: number): Promise<ChosenPlanStage | undefined> {
  const rows = await db
    .select({ stage: planDescriptions.stage })
    .from(planDescriptions)
    .where(eq(planDescriptions.activityId, activityId))
    .orderBy(asc(planDescriptions.id));
  return currentPlanStage(rows.map((r) => r.stage));
}

/** Refuses changes to a closed or cancelled activity (feedback is the exception, handled there). */
export function requireOpen(activity: ActivityRow, what: string): void {
  if (activity.completionStatus !== 'open') {
    refuse(
      ErrorCode.ActivityClosed,
      `TA request #${activity.id} is ${activity.completionStatus}, so you cannot ${what}. Only requester feedback can be added after closing.`,
    );
  }
}

/** R12: refuses unless the current description is a final plan and the status is approved. */
export async function requireTracking(db: DbOrTx, activity: ActivityRow, what: string): Promise<void> {
  const gate = trackingGate(activity.activityStatus, await currentStage(db, activity.id));
  if (!gate.ok) {
    refuse(
      ErrorCode.TrackingClosed,
      `You cannot ${what} on TA request #${activity.id} yet. ${gate.message}`,
      { missing: gate.missing },
    );
  }
}

/** R14: a note's date — today unless given, never in the future. */
export function noteDateOrToday(ctx: ServiceContext, given: IsoDate | undefined): IsoDate {
  const now = today(ctx);
  if (given && given > now) {
    refuse(
      ErrorCode.InvalidInput,
      `The note date ${formatNoteDate(given)} is in the future; notes record what already happened, so use today (${formatNoteDate(now)}) or an earlier date.`,
    );
  }
  return given ?? now;
}

/** R15: the people a summary might name on this activity, each with what to write instead. */
export async function coachingPeople(db: DbOrTx, activity: ActivityRow): Promise<CoachPerson[]> {
  // One round trip: the primary and collaborating staff (suggest their center) and the requesters
  // (suggest their title).
  const people = db
    .select({ name: staff.name, suggestion: centers.code, isStaff: sql<boolean>`true`.as('is_staff') })
    .from(staff)
    .innerJoin(centers, eq(centers.id, staff.centerId))
    .where(
      or(
        eq(staff.id, activity.primaryStaffId),
        inArray(
          staff.id,
          db
            .select({ id: activityCollaboratingStaff.staffId })
            .from(activityCollaboratingStaff)
            .where(eq(activityCollaboratingStaff.activityId, activity.id)),
        ),
      ),
    );
  const reqs = db
    .select({
      name: requesters.name,
      suggestion: requesters.title,
      isStaff: sql<boolean>`false`.as('is_staff'),
    })
    .from(requesters)
    .innerJoin(activityRequesters, eq(activityRequesters.requesterId, requesters.id))
    .where(eq(activityRequesters.activityId, activity.id));
  const rows = await unionAll(people, reqs);
  return [
    ...rows.filter((r) => r.isStaff).map((p) => ({ name: p.name, suggestion: p.suggestion })),
    ...rows.filter((r) => !r.isStaff).map((r) => ({ name: r.name, suggestion: `the ${r.suggestion}` })),
  ];
}
