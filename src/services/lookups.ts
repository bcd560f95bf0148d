// Read-only queries the dialogs, adapters and services need: reference lists, people, a State's goals.
// No permission checks here (nothing is changed and nothing private is returned beyond names and
// e-mails that every TA staff member sees in TAT); callers decide what to show to whom.

import { and, asc, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  centers,
  deliveryMethods as deliveryMethodsTable,
  focusOptions as focusOptionsTable,
  goalCategories,
  goalStrategicAreas,
  goals,
  otherCollaboratorOptions as otherCollaboratorsTable,
  requesters,
  staff,
  staffStates as staffStatesTable,
  states,
  strategicAreaOptions as strategicAreaOptionsTable,
} from '../../db/schema.js';
import type { SearchVocabulary } from '../rules/search-criteria-text.js';
import type { ServiceContext } from './context.js';

/** Either a database handle / transaction or a service context: lookups accept both. */
export type LookupSource = DbOrTx | Pick<ServiceContext, 'db'>;

const dbOf = (source: LookupSource): DbOrTx =>
  'db' in source && typeof (source as Pick<ServiceContext, 'db'>).db?.select === 'function'
    ? (source as Pick<ServiceContext, 'db'>).db
    : (source as DbOrTx);

export type StateRow = typeof states.$inferSelect;
export type CenterRow = typeof centers.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;
export type RequesterRow = typeof requesters.$inferSelect;

export async function listStates(source: LookupSource): Promise<StateRow[]> {
  return dbOf(source).select().from(states).orderBy(asc(states.name));
}

export async function findState(source: LookupSource, code: string): Promise<StateRow | undefined> {
  const [row] = await dbOf(source).select().from(states).where(eq(states.code, code.trim().toUpperCase()));
  return row;
}

export async function listCenters(source: LookupSource): Promise<CenterRow[]> {
  return dbOf(source).select().from(centers).orderBy(asc(centers.code));
}

export interface GoalCategory {
  code: string;
  name: string;
}

export async function listGoalCategories(source: LookupSource): Promise<GoalCategory[]> {
  return dbOf(source)
    .select({ code: goalCategories.code, name: goalCategories.name })
    .from(goalCategories)
    .orderBy(asc(goalCategories.sortOrder));
}

/** The names a per-category reference list holds for one goal category, in list order with "Other" last. */
async function categoryListNames(
  source: LookupSource,
  t: typeof strategicAreaOptionsTable | typeof focusOptionsTable,
  categoryCode: string,
): Promise<string[]> {
  const rows = await dbOf(source)
    .select({ name: t.name })
    .from(t)
    .where(eq(t.categoryCode, categoryCode))
    .orderBy(sql`${t.name} = 'Other'`, asc(t.id));
  return rows.map((r) => r.name);
}

/** The standard strategic areas of a goal category, in list order with "Other" last. */
export const strategicAreaOptions = (source: LookupSource, categoryCode: string): Promise<string[]> =>
  categoryListNames(source, strategicAreaOptionsTable, categoryCode);

/** The standard TA focus list of a goal category (R5), in list order with "Other" last. */
export const focusOptions = (source: LookupSource, categoryCode: string): Promise<string[]> =>
  categoryListNames(source, focusOptionsTable, categoryCode);

export interface Option {
  code: string;
  label: string;
}

/** R16 delivery methods and types. */
export async function deliveryMethods(source: LookupSource): Promise<Option[]> {
  const t = deliveryMethodsTable;
  return dbOf(source).select({ code: t.code, label: t.label }).from(t).orderBy(asc(t.sortOrder));
}

export async function otherCollaboratorOptions(source: LookupSource): Promise<Option[]> {
  const t = otherCollaboratorsTable;
  return dbOf(source)
    .select({ code: t.code, label: t.label })
    .from(t)
    .orderBy(sql`${t.code} = 'other'`, asc(t.label));
}

/** The States and Territories a staff member covers, by name. */
export async function staffStates(source: LookupSource, staffId: number): Promise<StateRow[]> {
  return dbOf(source)
    .select({ code: states.code, name: states.name, region: states.region, kind: states.kind })
    .from(staffStatesTable)
    .innerJoin(states, eq(states.code, staffStatesTable.stateCode))
    .where(eq(staffStatesTable.staffId, staffId))
    .orderBy(asc(states.name));
}

export interface StrategicAreaSummary {
  id: number;
  name: string;
  notes: string | null;
}

export interface GoalSummary {
  id: number;
  stateCode: string;
  categoryCode: string;
  categoryName: string;
  relatedCategoryCode: string | null;
  title: string;
  readiness: 'least' | 'somewhat' | 'most';
  startDate: string;
  status: 'open' | 'closed';
  strategicAreas: StrategicAreaSummary[];
}

/** A State's goals (open ones unless `includeClosed`) with their strategic areas, by category order. */
export async function goalsForState(
  source: LookupSource,
  stateCode: string,
  options: { includeClosed?: boolean } = {},
): Promise<GoalSummary[]> {
  const db = dbOf(source);
  const code = stateCode.trim().toUpperCase();
  const rows = await db
    .select({
      id: goals.id,
      stateCode: goals.stateCode,
      categoryCode: goals.categoryCode,
      categoryName: goalCategories.name,
      relatedCategoryCode: goals.relatedCategoryCode,
      title: goals.title,
      readiness: goals.readiness,
      startDate: goals.startDate,
      status: goals.status,
    })
    .from(goals)
    .innerJoin(goalCategories, eq(goalCategories.code, goals.categoryCode))
    .where(and(eq(goals.stateCode, code), options.includeClosed ? undefined : eq(goals.status, 'open')))
    .orderBy(asc(goalCategories.sortOrder), asc(goals.id));
  if (rows.length === 0) return [];
  const areas = await db
    .select({
      id: goalStrategicAreas.id,
      goalId: goalStrategicAreas.goalId,
      name: goalStrategicAreas.name,
      notes: goalStrategicAreas.notes,
    })
    .from(goalStrategicAreas)
    .innerJoin(goals, eq(goals.id, goalStrategicAreas.goalId))
    .where(eq(goals.stateCode, code))
    .orderBy(asc(goalStrategicAreas.id));
  return rows.map((g) => ({
    ...g,
    strategicAreas: areas.filter((a) => a.goalId === g.id).map(({ goalId: _, ...a }) => a),
  }));
}

/** An e-mail column equal to `email`, ignoring case and surrounding spaces. */
const emailIs = (column: typeof staff.email | typeof requesters.email, email: string) =>
  sql`lower(${column}) = ${email.trim().toLowerCase()}`;

/** The staff row matching `where`, if any. */
async function oneStaff(source: LookupSource, where: SQL): Promise<StaffRow | undefined> {
  const [row] = await dbOf(source).select().from(staff).where(where);
  return row;
}

export const findStaffByEmail = (source: LookupSource, email: string): Promise<StaffRow | undefined> =>
  oneStaff(source, emailIs(staff.email, email));

export const findStaffBySlackId = (
  source: LookupSource,
  slackUserId: string,
): Promise<StaffRow | undefined> => oneStaff(source, eq(staff.slackUserId, slackUserId));

export const findStaffByTeamsId = (
  source: LookupSource,
  teamsUserId: string,
): Promise<StaffRow | undefined> => oneStaff(source, eq(staff.teamsUserId, teamsUserId));

export async function findRequesterByEmail(
  source: LookupSource,
  email: string,
): Promise<RequesterRow | undefined> {
  const [row] = await dbOf(source).select().from(requesters).where(emailIs(requesters.email, email));
  return row;
}

export interface Person {
  kind: 'staff' | 'requester';
  id: number;
  name: string;
  email: string;
  title: string;
  /** Staff: center code. Requesters: their State (or null for a regional contact). */
  centerCode: string | null;
  stateCode: string | null;
  region: number | null;
  /** Requesters only: whether the CCDF Administrator or RPM approved them (R7). */
  approved: boolean;
}

/** Escapes LIKE wildcards so a typed `%` or `_` matches itself. */
const likePattern = (query: string) => `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Active staff or requesters whose name or e-mail contains `query` (case-insensitive), by name.
 * With `stateCode`, staff covering that State, or requesters of that State and its region's regional
 * contacts. An empty query lists everyone in the pool (up to `limit`).
 */
export async function searchPeople(
  source: LookupSource,
  pool: 'staff' | 'requesters',
  query: string,
  options: { stateCode?: string | undefined; limit?: number } = {},
): Promise<Person[]> {
  const db = dbOf(source);
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const pattern = likePattern(query);
  const stateCode = options.stateCode?.trim().toUpperCase();
  if (pool === 'staff') {
    const rows = await db
      .select({ s: staff, centerCode: centers.code })
      .from(staff)
      .innerJoin(centers, eq(centers.id, staff.centerId))
      .where(
        and(
          eq(staff.active, true),
          or(ilike(staff.name, pattern), ilike(staff.email, pattern)),
          stateCode
            ? sql`exists (select 1 from ${staffStatesTable} ss where ss.staff_id = ${staff.id} and ss.state_code = ${stateCode})`
            : undefined,
        ),
      )
      .orderBy(asc(staff.name), asc(staff.id))
      .limit(limit);
    return rows.map(({ s, centerCode }) => ({
      kind: 'staff',
      id: s.id,
      name: s.name,
      email: s.email,
      title: s.title,
      centerCode,
      stateCode: null,
      region: null,
      approved: true,
    }));
  }
  const rows = await db
    .select()
    .from(requesters)
    .where(
      and(
        or(ilike(requesters.name, pattern), ilike(requesters.email, pattern)),
        stateCode ? ofStateOrItsRegion(stateCode) : undefined,
      ),
    )
    .orderBy(asc(requesters.name), asc(requesters.id))
    .limit(limit);
  return rows.map(toPerson);
}

function ofStateOrItsRegion(stateCode: string) {
  return or(
    eq(requesters.stateCode, stateCode),
    and(
      isNull(requesters.stateCode),
      sql`${requesters.region} = (select region from ${states} where code = ${stateCode})`,
    ),
  );
}

const toPerson = (r: RequesterRow): Person => ({
  kind: 'requester',
  id: r.id,
  name: r.name,
  email: r.email,
  title: r.title,
  centerCode: null,
  stateCode: r.stateCode,
  region: r.region,
  approved: r.approvalStatus === 'approved',
});

/**
 * The requesters a TA activity for a State can name (as TAT shows them): the State's own contacts
 * and the regional contacts of its region; CCDF Administrators first, then by name. Pending ones are
 * included (marked) unless `approvedOnly`.
 */
export async function requestersForState(
  source: LookupSource,
  stateCode: string,
  options: { approvedOnly?: boolean } = {},
): Promise<RequesterRow[]> {
  const code = stateCode.trim().toUpperCase();
  return dbOf(source)
    .select()
    .from(requesters)
    .where(
      and(
        ofStateOrItsRegion(code),
        options.approvedOnly ? eq(requesters.approvalStatus, 'approved') : undefined,
      ),
    )
    .orderBy(sql`${requesters.isCcdfAdministrator} desc`, asc(requesters.name), asc(requesters.id));
}

/**
 * Who can add a goal for a State (R21, R26): its active State Systems Specialists, and the active
 * TAT administrators, by name.
 */
export async function goalKeepers(
  source: LookupSource,
  stateCode: string,
): Promise<{ specialists: StaffRow[]; admins: StaffRow[] }> {
  const db = dbOf(source);
  const code = stateCode.trim().toUpperCase();
  const [specialists, admins] = await Promise.all([
    db
      .select({ s: staff })
      .from(staff)
      .innerJoin(staffStatesTable, eq(staffStatesTable.staffId, staff.id))
      .where(and(eq(staff.active, true), eq(staff.role, 'specialist'), eq(staffStatesTable.stateCode, code)))
      .orderBy(asc(staff.name)),
    db
      .select({ s: staff })
      .from(staff)
      .where(and(eq(staff.active, true), eq(staff.role, 'admin')))
      .orderBy(asc(staff.name)),
  ]);
  return { specialists: specialists.map((r) => r.s), admins: admins.map((r) => r.s) };
}

/** The names `/ta find` values may use (R24): categories, centers, other collaborators, strategic areas. */
export type { SearchVocabulary };

export async function searchVocabulary(source: LookupSource): Promise<SearchVocabulary> {
  const db = dbOf(source);
  const [categories, centerRows, others, standard, used] = await Promise.all([
    listGoalCategories(db),
    listCenters(db),
    otherCollaboratorOptions(db),
    db.selectDistinct({ name: strategicAreaOptionsTable.name }).from(strategicAreaOptionsTable),
    db.selectDistinct({ name: goalStrategicAreas.name }).from(goalStrategicAreas),
  ]);
  const areas = new Map<string, string>();
  for (const { name } of [...standard, ...used]) areas.set(name.toLowerCase(), name);
  return {
    categories,
    centers: centerRows.map((c) => ({ code: c.code, name: c.name })),
    otherCollaborators: others.map((o) => ({ code: o.code, name: o.label })),
    strategicAreas: [...areas.values()].sort(),
  };
}
