// R26 State contacts from chat: the specialist of the State or an admin lists them and adds one. A
// contact added here is on record (approved by the directory, as in the contacts import), so the CCDF
// Administrator or RPM added can then approve new requesters (R7, R8). Pending requesters (proposed
// by providers) are listed for the people who may record their approval at any time (R7).
import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { requesters, staffStates, states } from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { AddContactInput } from '../rules/directory-schemas.js';
import { StateCodeSchema } from '../rules/goal-schemas.js';
import { parseInput } from '../rules/schemas.js';
import { refuse, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { findRequesterByEmail, findState, type RequesterRow } from './lookups.js';
import { coversState, requireStaff, type StaffRow } from './permissions.js';
import { inTransaction } from './transaction.js';

/** The specialist of the State, or an admin (R25). */
export async function requireStateSpecialist(
  db: DbOrTx,
  actor: Actor,
  stateCode: string,
): Promise<Result<StaffRow>> {
  const who = await requireStaff(db, actor);
  if (!who.ok) return who;
  if (who.value.role === 'admin') return who;
  if (who.value.role === 'specialist' && (await coversState(db, who.value.id, stateCode))) return who;
  return fail(
    ErrorCode.Forbidden,
    `Only the State Systems Specialist for ${stateCode} or a TAT administrator can do this (R25). Ask them.`,
  );
}

async function knownState(db: DbOrTx, raw: string) {
  const code = StateCodeSchema.safeParse(raw);
  const state = code.success ? await findState(db, code.data) : undefined;
  return state
    ? ok(state)
    : fail(ErrorCode.InvalidInput, `"${raw}" is not a State or Territory code. Use one like MD or GU.`, {
        field: 'stateCode',
      });
}

/** The State's contacts and its region's regional contacts (RPM first among them). */
export async function listContacts(
  ctx: ServiceContext,
  actor: Actor,
  stateCode: string,
): Promise<Result<RequesterRow[]>> {
  const state = await knownState(ctx.db, stateCode);
  if (!state.ok) return state;
  const who = await requireStateSpecialist(ctx.db, actor, state.value.code);
  if (!who.ok) return who;
  const rows = await ctx.db
    .select()
    .from(requesters)
    .where(
      or(
        eq(requesters.stateCode, state.value.code),
        and(isNull(requesters.stateCode), eq(requesters.region, state.value.region)),
      ),
    )
    .orderBy(
      sql`${requesters.isCcdfAdministrator} desc`,
      sql`${requesters.isRpm} desc`,
      asc(requesters.name),
      asc(requesters.id),
    );
  return ok(rows);
}

export async function addContact(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<RequesterRow>> {
  const parsed = parseInput(AddContactInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return inTransaction(ctx, async (tx) => {
    const state = unwrap(await knownState(tx, v.stateCode));
    const who = unwrap(await requireStateSpecialist(tx, actor, state.code));
    const existing = await findRequesterByEmail(tx, v.email);
    if (existing)
      refuse(
        ErrorCode.RequesterExists,
        `${existing.name} <${existing.email}> is already on record (${existing.stateCode ?? `Region ${existing.region}`}${existing.approvalStatus === 'pending' ? ', waiting for approval: /ta requesters approve' : ''}).`,
        { existingRequesterId: existing.id },
      );
    const approvedBy = `${who.name} (${who.role === 'admin' ? 'TAT administrator' : 'State Systems Specialist'})`;
    const [row] = await tx
      .insert(requesters)
      .values({
        name: v.name,
        title: v.title,
        email: v.email,
        // An RPM is a regional contact: recorded for the region, not one State.
        stateCode: v.role === 'rpm' ? null : state.code,
        region: state.region,
        isCcdfAdministrator: v.role === 'ccdf_administrator',
        isCcdfStaff: v.role === 'ccdf_administrator' || v.role === 'ccdf_staff',
        isRpm: v.role === 'rpm',
        approvalStatus: 'approved',
        approvedBy,
        approvedByRole: 'directory',
        approvedAt: ctx.now(),
        proposedByStaffId: who.id,
      })
      .returning();
    await writeAudit(tx, ctx, actor, {
      action: 'add_contact',
      entity: 'requester',
      entityId: row!.id,
      changes: { ...v, region: state.region, approvedBy },
    });
    return row!;
  });
}

/** Pending requesters the actor may approve: of their States (and those States' regions); all for admins. */
export async function listPendingRequesters(
  ctx: ServiceContext,
  actor: Actor,
): Promise<Result<RequesterRow[]>> {
  const who = await requireStaff(ctx.db, actor);
  if (!who.ok) return who;
  if (who.value.role === 'provider')
    return fail(
      ErrorCode.Forbidden,
      'Only a State Systems Specialist or a TAT administrator records approvals of pending requesters (R7). Ask the specialist of the State.',
    );
  const mine = sql`(${requesters.stateCode} in (select ${staffStates.stateCode} from ${staffStates} where ${staffStates.staffId} = ${who.value.id})
    or (${requesters.stateCode} is null and ${requesters.region} in (select ${states.region} from ${states} join ${staffStates} on ${staffStates.stateCode} = ${states.code} where ${staffStates.staffId} = ${who.value.id})))`;
  const rows = await ctx.db
    .select()
    .from(requesters)
    .where(and(eq(requesters.approvalStatus, 'pending'), who.value.role === 'admin' ? undefined : mine))
    .orderBy(asc(requesters.stateCode), asc(requesters.name), asc(requesters.id));
  return ok(rows);
}
