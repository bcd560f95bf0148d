// R24 search: every criterion of the TAT search tab, combined with AND, in one SQL query (EXISTS
// subqueries for the many-to-many criteria). Contradictory criteria (State GU + Region 5, a range whose
// start is after its end) simply match nothing; only malformed criteria are errors.
import { and, asc, eq, ne, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  activities,
  COMPLETION_STATUSES,
  centers,
  goalStrategicAreas,
  goals,
  staff,
  states,
} from '../../db/schema.js';
import type { Result } from '../errors.js';
import { addDays, type IsoDate, zoneOffsetMinutes } from '../rules/dates.js';
import { CategoryCodeSchema, StateCodeSchema } from '../rules/goal-schemas.js';
import { RegionSchema } from '../rules/requester-schemas.js';
import { isoDate, parseInput } from '../rules/schemas.js';
import type { Actor, ServiceContext } from './context.js';
import { requireStaff } from './permissions.js';

/** Lower-case, spaces and dashes to underscores: "On hold" → on_hold, "Tailored/individualized" → tailored. */
const normalized = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
            .replace(/^(tailored_?\/_?individualized|individualized)$/, 'tailored')
        : v,
    z.enum(values, { error: `${what} must be one of ${values.join(', ')}` }),
  );

const dateRangeSchema = (what: string) =>
  z.object({ from: isoDate(`${what} from`).optional(), to: isoDate(`${what} to`).optional() }).strict();

/** A center by code (SCBC) or by id. */
const centerRef = (what: string) =>
  z.union(
    [
      z.number().int().positive(),
      z
        .string()
        .trim()
        .min(1)
        .transform((v) => (/^\d+$/.test(v) ? Number(v) : v.toUpperCase())),
    ],
    { error: `${what} must be a center code such as SCBC, or a center id` },
  );

const positiveId = (what: string) =>
  z.coerce
    .number({ error: `${what} must be a number` })
    .int()
    .positive(`${what} must be a positive number`);

const criteriaShape = {
  requestId: positiveId('TA request #'),
  stateCode: StateCodeSchema,
  region: RegionSchema,
  goalCategory: CategoryCodeSchema,
  strategicArea: z.string().trim().min(1, 'Strategic area cannot be empty'),
  primaryCenter: centerRef('Primary center'),
  collaboratingCenter: centerRef('Collaborating center'),
  staffId: positiveId('Staff'),
  activityType: normalized(ACTIVITY_TYPES, 'Activity type'),
  activityStatus: normalized(ACTIVITY_STATUSES, 'Activity status'),
  completionStatus: normalized(COMPLETION_STATUSES, 'Completion status'),
  otherCollaborator: z.string().trim().min(1, 'Other collaborator cannot be empty'),
  opened: dateRangeSchema('Date opened'),
  closed: dateRangeSchema('Date closed'),
  responseNotes: dateRangeSchema('Response notes'),
  summaries: dateRangeSchema('Summaries'),
};

/** The criteria a search accepts, for help texts. */
export const SEARCH_CRITERIA_KEYS = Object.keys(criteriaShape) as (keyof typeof criteriaShape)[];

export const SearchCriteria = z
  .strictObject(
    {
      ...z.object(criteriaShape).partial().shape,
      limit: z.coerce
        .number()
        .int()
        .min(1, 'Limit must be at least 1')
        .max(500, 'Limit must be at most 500')
        .default(50),
      offset: z.coerce.number().int().min(0, 'Offset cannot be negative').default(0),
    },
    {
      // Unknown keys are refused so a misspelt criterion never silently widens the search.
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `Unknown search criteria ${iss.keys.join(', ')}; use ${SEARCH_CRITERIA_KEYS.join(', ')}, limit, offset`
          : undefined,
    },
  )
  .refine((c) => c.strategicArea === undefined || c.goalCategory !== undefined, {
    path: ['strategicArea'],
    message: 'Strategic area needs a goal category as well (as in the TAT search tab): add goalCategory',
  });
export type SearchCriteria = z.input<typeof SearchCriteria>;

export interface SearchHit {
  id: number;
  stateCode: string;
  stateName: string;
  region: number;
  goalId: number;
  goalCategory: string;
  strategicArea: string;
  focus: string;
  priority: 'low' | 'medium' | 'high';
  activityType: (typeof ACTIVITY_TYPES)[number];
  activityStatus: (typeof ACTIVITY_STATUSES)[number];
  completionStatus: (typeof COMPLETION_STATUSES)[number];
  dateOpened: string;
  completionDate: string | null;
  primaryCenterCode: string;
  primaryStaffId: number;
  primaryStaffName: string;
}

/** The instant a calendar date starts in a time zone (handles DST by re-checking the offset). */
function startOfDay(date: IsoDate, timeZone: string): Date {
  const utcMidnight = new Date(`${date}T00:00:00Z`).getTime();
  const guess = new Date(utcMidnight - zoneOffsetMinutes(new Date(utcMidnight), timeZone) * 60_000);
  return new Date(utcMidnight - zoneOffsetMinutes(guess, timeZone) * 60_000);
}

function rangeConditions(column: SQL, range: { from?: string | undefined; to?: string | undefined }): SQL[] {
  const out: SQL[] = [];
  if (range.from) out.push(sql`${column} >= ${range.from}::date`);
  if (range.to) out.push(sql`${column} <= ${range.to}::date`);
  return out;
}

/** An entry instant within whole days (from 00:00 of `from` to the end of `to`) in the program zone. */
function enteredWithin(
  column: SQL,
  range: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
): SQL[] {
  const at = (date: IsoDate) => startOfDay(date, timeZone).toISOString();
  const out: SQL[] = [];
  if (range.from) out.push(sql`${column} >= ${at(range.from)}::timestamptz`);
  if (range.to) out.push(sql`${column} < ${at(addDays(range.to, 1))}::timestamptz`);
  return out;
}

const centerMatches = (alias: string, ref: number | string) =>
  typeof ref === 'number' ? sql`${sql.raw(alias)}.id = ${ref}` : sql`${sql.raw(alias)}.code = ${ref}`;

export type Criteria = z.output<typeof SearchCriteria>;

/** The WHERE terms of validated criteria over the joins of `searchActivities` (the export reuses them). */
export function searchConditions(c: Criteria, timeZone: string): SQL[] {
  const where: SQL[] = [];
  const a = activities;
  if (c.requestId !== undefined) where.push(eq(a.id, c.requestId));
  if (c.stateCode !== undefined) where.push(eq(a.stateCode, c.stateCode));
  if (c.region !== undefined) where.push(eq(states.region, c.region));
  if (c.goalCategory !== undefined)
    where.push(or(eq(goals.categoryCode, c.goalCategory), eq(goals.relatedCategoryCode, c.goalCategory))!);
  if (c.strategicArea !== undefined)
    where.push(sql`lower(${goalStrategicAreas.name}) = ${c.strategicArea.toLowerCase()}`);
  if (c.primaryCenter !== undefined) where.push(centerMatches('pc', c.primaryCenter));
  if (c.collaboratingCenter !== undefined)
    where.push(sql`exists (select 1 from activity_collaborating_centers acc join centers cc on cc.id = acc.center_id
      where acc.activity_id = ${a.id} and ${centerMatches('cc', c.collaboratingCenter)})`);
  if (c.staffId !== undefined)
    where.push(
      or(
        eq(a.primaryStaffId, c.staffId),
        sql`exists (select 1 from activity_collaborating_staff acs where acs.activity_id = ${a.id} and acs.staff_id = ${c.staffId})`,
      )!,
    );
  if (c.activityType !== undefined) where.push(eq(a.activityType, c.activityType));
  if (c.activityStatus !== undefined) where.push(eq(a.activityStatus, c.activityStatus));
  if (c.completionStatus !== undefined) where.push(eq(a.completionStatus, c.completionStatus));
  if (c.otherCollaborator !== undefined)
    where.push(sql`exists (select 1 from activity_other_collaborators aoc
      where aoc.activity_id = ${a.id} and aoc.collaborator_code = ${c.otherCollaborator})`);
  if (c.opened) where.push(...rangeConditions(sql`${a.dateOpened}`, c.opened));
  if (c.closed) {
    // "Date closed" is the completion date of a closed or cancelled activity.
    where.push(ne(a.completionStatus, 'open'), ...rangeConditions(sql`${a.completionDate}`, c.closed));
  }
  if (c.responseNotes) {
    // A response note "entered during that timeframe": its entry instant (created), not the date it
    // is about, within the days in the program zone.
    const range = enteredWithin(sql`rn.created_at`, c.responseNotes, timeZone);
    where.push(sql`exists (select 1 from response_notes rn where rn.activity_id = ${a.id}
      ${range.length ? sql`and ${and(...range)}` : sql``})`);
  }
  if (c.summaries) {
    // A summary "entered during that timeframe": its entry instant within the days, in the program zone.
    const range = enteredWithin(sql`d.summary_entered_at`, c.summaries, timeZone);
    where.push(sql`exists (select 1 from deliveries d where d.activity_id = ${a.id} and d.summary is not null
      ${range.length ? sql`and ${and(...range)}` : sql``})`);
  }
  return where;
}

/**
 * R24: activities matching every given criterion, by TA request number, `limit` from `offset`.
 * Any active staff member may search. Criteria are validated; a bad one fails with InvalidInput.
 */
export async function searchActivities(
  ctx: ServiceContext,
  actor: Actor,
  criteria: unknown,
): Promise<Result<SearchHit[]>> {
  const parsed = parseInput(SearchCriteria, criteria ?? {});
  if (!parsed.ok) return parsed;
  const who = await requireStaff(ctx.db, actor);
  if (!who.ok) return who;
  const c = parsed.value;
  const rows = await ctx.db
    .select({
      id: activities.id,
      stateCode: activities.stateCode,
      stateName: states.name,
      region: states.region,
      goalId: activities.goalId,
      goalCategory: goals.categoryCode,
      strategicArea: goalStrategicAreas.name,
      focus: activities.focus,
      priority: activities.priority,
      activityType: activities.activityType,
      activityStatus: activities.activityStatus,
      completionStatus: activities.completionStatus,
      dateOpened: activities.dateOpened,
      completionDate: activities.completionDate,
      primaryCenterCode: sql<string>`pc.code`,
      primaryStaffId: activities.primaryStaffId,
      primaryStaffName: staff.name,
    })
    .from(activities)
    .innerJoin(states, eq(states.code, activities.stateCode))
    .innerJoin(goals, eq(goals.id, activities.goalId))
    .innerJoin(goalStrategicAreas, eq(goalStrategicAreas.id, activities.strategicAreaId))
    .innerJoin(sql`${centers} pc`, sql`pc.id = ${activities.primaryCenterId}`)
    .innerJoin(staff, eq(staff.id, activities.primaryStaffId))
    .where(and(...searchConditions(c, ctx.calendar.timeZone)))
    .orderBy(asc(activities.id))
    .limit(c.limit)
    .offset(c.offset);
  return { ok: true, value: rows };
}
