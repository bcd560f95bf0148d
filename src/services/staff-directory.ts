// R26 staff directory from chat (admins only, R25): list, add, change role / center / States, and
// deactivate (never delete: history keeps its authors). Each change is one transaction, audited.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { centers, staff, staffStates, states } from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { AddStaffInput, ChangeStaffInput, DeactivateStaffInput } from '../rules/directory-schemas.js';
import { parseInput } from '../rules/schemas.js';
import { refuse, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { findStaffByEmail } from './lookups.js';
import { requireStaff, type StaffRow } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface StaffEntry {
  id: number;
  name: string;
  email: string;
  title: string;
  role: StaffRow['role'];
  centerCode: string;
  states: string[];
  active: boolean;
}

export async function requireAdmin(db: DbOrTx, actor: Actor, what: string): Promise<Result<StaffRow>> {
  const who = await requireStaff(db, actor);
  if (!who.ok) return who;
  if (who.value.role === 'admin') return who;
  return fail(ErrorCode.Forbidden, `Only a TAT administrator can ${what} (R25). Ask one of them.`);
}

async function entries(db: DbOrTx, where?: ReturnType<typeof eq>): Promise<StaffEntry[]> {
  const rows = await db
    .select({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      title: staff.title,
      role: staff.role,
      centerCode: centers.code,
      active: staff.active,
      states: sql<
        string[] | null
      >`(select array_agg(${staffStates.stateCode} order by ${staffStates.stateCode}) from ${staffStates} where ${staffStates.staffId} = ${staff.id})`,
    })
    .from(staff)
    .innerJoin(centers, eq(centers.id, staff.centerId))
    .where(where)
    .orderBy(asc(staff.name), asc(staff.id));
  return rows.map((r) => ({ ...r, states: r.states ?? [] }));
}

/** Active staff (and, when asked, inactive ones), by name. Admins only. */
export async function listStaff(
  ctx: ServiceContext,
  actor: Actor,
  options: { includeInactive?: boolean } = {},
): Promise<Result<StaffEntry[]>> {
  const who = await requireAdmin(ctx.db, actor, 'list the staff directory');
  if (!who.ok) return who;
  return ok(await entries(ctx.db, options.includeInactive ? undefined : eq(staff.active, true)));
}

async function centerByCode(db: DbOrTx, code: string) {
  const rows = await db.select().from(centers);
  const found = rows.find(
    (c) => c.code.toLowerCase() === code.toLowerCase() || c.name.toLowerCase() === code.toLowerCase(),
  );
  if (!found)
    refuse(
      ErrorCode.InvalidInput,
      `"${code}" is not a center. Use one of: ${rows.map((c) => c.code).join(', ')}.`,
      {
        field: 'centerCode',
      },
    );
  return found!;
}

async function checkStates(db: DbOrTx, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const known = (await db.select({ code: states.code }).from(states).where(inArray(states.code, codes))).map(
    (s) => s.code,
  );
  const unknown = codes.filter((c) => !known.includes(c));
  if (unknown.length)
    refuse(
      ErrorCode.InvalidInput,
      `${unknown.join(', ')} is not a State or Territory code. Use codes such as MD or GU.`,
      {
        field: 'states',
      },
    );
}

const specialistNeedsStates = (role: string, codes: string[]) => {
  if (role === 'specialist' && codes.length === 0)
    refuse(
      ErrorCode.InvalidInput,
      'A State Systems Specialist covers at least one State: give their States, e.g. MD, DC.',
      {
        field: 'states',
      },
    );
};

export async function addStaff(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<StaffEntry>> {
  const parsed = parseInput(AddStaffInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return inTransaction(ctx, async (tx) => {
    unwrap(await requireAdmin(tx, actor, 'add staff'));
    const existing = await findStaffByEmail(tx, v.email);
    if (existing)
      refuse(
        ErrorCode.InvalidInput,
        `${existing.name} <${existing.email}> is already on record${existing.active ? '' : ' (inactive)'}. Use /ta staff change ${existing.email} instead.`,
        { field: 'email', existingStaffId: existing.id },
      );
    const center = await centerByCode(tx, v.centerCode);
    await checkStates(tx, v.states);
    specialistNeedsStates(v.role, v.states);
    const [row] = await tx
      .insert(staff)
      .values({ name: v.name, email: v.email, title: v.title, centerId: center.id, role: v.role })
      .returning();
    if (v.states.length)
      await tx.insert(staffStates).values(v.states.map((stateCode) => ({ staffId: row!.id, stateCode })));
    await writeAudit(tx, ctx, actor, {
      action: 'add_staff',
      entity: 'staff',
      entityId: row!.id,
      changes: { ...v },
    });
    return (await entries(tx, eq(staff.id, row!.id)))[0]!;
  });
}

export async function changeStaff(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<StaffEntry>> {
  const parsed = parseInput(ChangeStaffInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return inTransaction(ctx, async (tx) => {
    const me = unwrap(await requireAdmin(tx, actor, 'change staff'));
    const [before] = await entries(tx, eq(staff.id, v.staffId));
    if (!before)
      refuse(ErrorCode.NotFound, `Staff #${v.staffId} does not exist. Look them up with /ta staff.`);
    if (v.staffId === me.id && v.role && v.role !== 'admin')
      refuse(
        ErrorCode.InvalidInput,
        'You cannot take away your own admin role: ask another TAT administrator.',
      );
    const set: Partial<typeof staff.$inferInsert> = {};
    const changes: Record<string, unknown> = {};
    if (v.role && v.role !== before!.role) {
      set.role = v.role;
      changes.role = { from: before!.role, to: v.role };
    }
    if (v.centerCode) {
      const center = await centerByCode(tx, v.centerCode);
      if (center.code !== before!.centerCode) {
        set.centerId = center.id;
        changes.center = { from: before!.centerCode, to: center.code };
      }
    }
    const newStates = v.states ?? before!.states;
    specialistNeedsStates(v.role ?? before!.role, newStates);
    if (v.states && v.states.join(',') !== before!.states.join(',')) {
      await checkStates(tx, v.states);
      await tx.delete(staffStates).where(eq(staffStates.staffId, v.staffId));
      if (v.states.length)
        await tx.insert(staffStates).values(v.states.map((stateCode) => ({ staffId: v.staffId, stateCode })));
      changes.states = { from: before!.states, to: v.states };
    }
    if (Object.keys(changes).length === 0)
      refuse(
        ErrorCode.InvalidInput,
        `${before!.name} already has that role, center and States. Nothing to change.`,
      );
    if (Object.keys(set).length) await tx.update(staff).set(set).where(eq(staff.id, v.staffId));
    await writeAudit(tx, ctx, actor, {
      action: 'change_staff',
      entity: 'staff',
      entityId: v.staffId,
      changes,
    });
    return (await entries(tx, eq(staff.id, v.staffId)))[0]!;
  });
}

/** R26: deactivated, never deleted — their notes and activities keep their author. */
export async function deactivateStaff(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<StaffEntry>> {
  const parsed = parseInput(DeactivateStaffInput, input);
  if (!parsed.ok) return parsed;
  const { staffId } = parsed.value;
  return inTransaction(ctx, async (tx) => {
    const me = unwrap(await requireAdmin(tx, actor, 'deactivate staff'));
    if (staffId === me.id)
      refuse(ErrorCode.InvalidInput, 'You cannot deactivate yourself: ask another TAT administrator.');
    const [row] = await tx
      .update(staff)
      .set({ active: false })
      .where(and(eq(staff.id, staffId), eq(staff.active, true)))
      .returning();
    if (!row)
      refuse(
        ErrorCode.NotFound,
        `Staff #${staffId} is not an active staff person. Look them up with /ta staff.`,
      );
    await writeAudit(tx, ctx, actor, {
      action: 'deactivate_staff',
      entity: 'staff',
      entityId: staffId,
      changes: { active: { from: true, to: false } },
    });
    return (await entries(tx, eq(staff.id, staffId)))[0]!;
  });
}
