// R24 export, the reading side: the activities a search matches, CHUNK at a time by request number
// (keyset), each chunk as a few flat statements — the activities with their one-to-one fields, then
// the chunk's requesters, collaborators, plans, deliveries, feedback and notes as plain rows
// (`activity_id = any(ids)`, each in the order the cells list them) — grouped into ExportRecords here.
// Building each activity's lists in SQL (correlated json_agg per activity) kept the database ~80% of
// the export's time; plain rows cost it one index scan per table per chunk, and Node does the rest.
// Every value arrives as text (dates cast, method lists joined), so both drivers return the same.
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { activities, centers, goalStrategicAreas, goals, staff, states } from '../../db/schema.js';
import type { ExportRecord } from '../rules/export-row.js';
import { type Criteria, searchConditions } from './search-activities.js';

/**
 * The export transaction's planner settings, in one statement. JIT off: each chunk's statement looks
 * costly to the planner, which would JIT-compile it every time (hundreds of ms) to save nothing.
 * Joins in the written order: planning the eight-table join of each chunk cost ~10 ms, as much as
 * running it, and the written order (activities by request number, then one lookup per join) is
 * the plan it found anyway.
 */
export const EXPORT_SETTINGS = sql`select set_config('jit', 'off', true), set_config('join_collapse_limit', '1', true)`;

/** Activities per chunk: big enough to amortize the round trips, small enough to keep memory flat. */
export const EXPORT_CHUNK = 1000;

type ActivityRow = Omit<
  ExportRecord,
  | 'requesters'
  | 'collabCenters'
  | 'collabStaff'
  | 'others'
  | 'plans'
  | 'feedback'
  | 'notes'
  | 'delivered'
  | 'summaries'
>;

/** One chunk's activities (one-to-one fields), after request number `after`, by request number. */
function activityRows(tx: DbOrTx, c: Criteria, timeZone: string, after: number, chunk: number) {
  const a = activities;
  const where = [...searchConditions(c, timeZone), sql`${a.id} > ${after}`];
  return queryRows<ActivityRow>(
    tx,
    sql`select ${a.id} as "id", ${states.name} as "state", ${a.stateCode} as "stateCode",
      ${states.region} as "region", ${goals.title} as "goal", gc.name as "category", rc.name as "related",
      ${goalStrategicAreas.name} as "area", ${a.focus} as "focus", ${a.otherFocusNotes} as "otherFocus",
      ${a.priority} as "priority", pc.code as "pcCode", pc.name as "pcName", ${staff.name} as "staff",
      ${staff.email} as "staffEmail", ${a.otherCollaboratorDetails} as "otherDetails",
      ${a.activityType} as "type", ${a.activityStatus} as "status", ${a.dateOpened}::text as "opened",
      ((${a.enteredAt} at time zone ${timeZone}::text)::date)::text as "entered", ${a.enteredLate} as "late",
      ${a.outcomePlan} as "outcomePlan", ${a.completionStatus} as "completion",
      ${a.completionDate}::text as "completed", ${a.outcomeReport} as "outcomeReport",
      ((${a.feedbackRequestedAt} at time zone ${timeZone}::text)::date)::text as "feedbackAsked"
    from ${a}
      join ${states} on ${states.code} = ${a.stateCode}
      join ${goals} on ${goals.id} = ${a.goalId}
      join goal_categories gc on gc.code = ${goals.categoryCode}
      left join goal_categories rc on rc.code = ${goals.relatedCategoryCode}
      join ${goalStrategicAreas} on ${goalStrategicAreas.id} = ${a.strategicAreaId}
      join ${centers} pc on pc.id = ${a.primaryCenterId}
      join ${staff} on ${staff.id} = ${a.primaryStaffId}
    where ${sql.join(where, sql` and `)}
    order by ${a.id}
    limit ${chunk}`,
  );
}

/**
 * A child table's rows of the chunk's activities (ids ascending). The range lets each read walk its
 * activity_id index in order; when the ids are every number in it (an export of everything, mostly)
 * it is exact alone, otherwise `any` picks the chunk's ids out of it (`any` alone is planned as a
 * bitmap scan plus a sort, 2–3× slower here).
 */
function inChunk(ids: number[], alias: string) {
  const column = sql.raw(`${alias}.activity_id`);
  const first = ids[0]!;
  const last = ids[ids.length - 1]!;
  const range = sql`${column} between ${first} and ${last}`;
  if (last - first + 1 === ids.length) return range;
  return sql`${range} and ${column} = any(${`{${ids.join(',')}}`}::int[])`;
}

/** One row of a chunk's child lists: its kind (LISTS index), activity and up to five text values. */
type ListRow = {
  k: number;
  a: number;
  v1: string;
  v2: string | null;
  v3: string | null;
  v4: string | null;
  v5: string | null;
};

const LISTS = ['requesters', 'collabCenters', 'collabStaff', 'others', 'plans', 'feedback', 'notes'] as const;

/**
 * Every child list of a chunk's activities in one statement (one round trip: under load each one
 * costs more than the rows), sorted by list, activity, then the order the cell shows them in —
 * `o` a text key (names sort by the database collation, as before), `od` a date key, `oi` the id.
 */
function listRows(tx: DbOrTx, ids: number[]) {
  return queryRows<ListRow>(
    tx,
    sql`select 0 as k, ar.activity_id as a, r.name as o, null::date as od, r.id as oi,
        r.name as v1, r.title as v2, r.email as v3, null::text as v4, null::text as v5
      from activity_requesters ar join requesters r on r.id = ar.requester_id where ${inChunk(ids, 'ar')}
    union all
      select 1, acc.activity_id, c.code, null, 0, c.code, null, null, null, null
      from activity_collaborating_centers acc join centers c on c.id = acc.center_id where ${inChunk(ids, 'acc')}
    union all
      select 2, acs.activity_id, s.name, null, s.id, s.name, null, null, null, null
      from activity_collaborating_staff acs join staff s on s.id = acs.staff_id where ${inChunk(ids, 'acs')}
    union all
      select 3, aoc.activity_id, o.label, null, 0, o.label, null, null, null, null
      from activity_other_collaborators aoc join other_collaborator_options o on o.code = aoc.collaborator_code
      where ${inChunk(ids, 'aoc')}
    union all
      select 4, p.activity_id, null, p.note_date, p.id, p.note_date::text, p.stage, p.text, null, null
      from plan_descriptions p where ${inChunk(ids, 'p')}
    union all
      select 5, f.activity_id, null, f.note_date, f.id, f.note_date::text, f.from_name, f.from_title, f.text, null
      from feedback f where ${inChunk(ids, 'f')}
    union all
      select 6, n.activity_id, null, n.note_date, n.id, n.note_date::text, n.text, null, null, null
      from response_notes n where ${inChunk(ids, 'n')}
    order by k, a, o, od, oi`,
  );
}

const noteDate = (column: string) => sql.raw(`to_char(${column}, 'MM/DD/YY')`);

/**
 * The chunk's two delivery cells per activity, put together here rather than in Node: at ten
 * deliveries an activity, a row each cost Node more (parsing, garbage) than the database spends on the
 * text. Lines by end date: `MM/DD/YY[-MM/DD/YY]: code,code` (export-row.ts puts in the method labels)
 * and each summary `MM/DD/YY: text`, dated by its summary date (else the end date).
 */
function deliveryCells(tx: DbOrTx, ids: number[]) {
  return queryRows<{ a: number; delivered: string; summaries: string | null }>(
    tx,
    sql`select d.activity_id as a,
        string_agg(case when d.start_date = d.end_date then ${noteDate('d.end_date')}
            else ${noteDate('d.start_date')} || '-' || ${noteDate('d.end_date')} end
          || ': ' || array_to_string(d.methods, ','), E'\n' order by d.end_date, d.id) as delivered,
        string_agg(${noteDate('coalesce(d.summary_date, d.end_date)')} || ': ' || d.summary, E'\n'
          order by d.end_date, d.id) filter (where d.summary is not null) as summaries
      from deliveries d where ${inChunk(ids, 'd')}
      group by d.activity_id`,
  );
}

/** A chunk's rows grouped by list, then by activity id (an activity with none has no entry: null). */
function byList(rows: ListRow[]): Map<number, unknown[]>[] {
  const lists = LISTS.map(() => new Map<number, unknown[]>());
  let current: unknown[] = [];
  let currentKey = '';
  for (const r of rows) {
    const key = `${r.k}:${r.a}`;
    if (key !== currentKey) {
      currentKey = key;
      current = [];
      lists[r.k]!.set(r.a, current);
    }
    current.push(listValue(r));
  }
  return lists;
}

/** One list entry in the shape ExportRecord gives it. */
function listValue(r: ListRow): unknown {
  switch (r.k) {
    case 0: // requester: [name, title, e-mail]
      return [r.v1, r.v2, r.v3];
    case 4: // plan: [date, stage, text]
      return [r.v1, r.v2, r.v3];
    case 5: // feedback: [date, from name, from title, text]
      return [r.v1, r.v2, r.v3, r.v4];
    case 6: // response note: [date, text]
      return [r.v1, r.v2];
    default: // a collaborating center, staff member or other collaborator
      return r.v1;
  }
}

async function withLists(tx: DbOrTx, rows: ActivityRow[]): Promise<ExportRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [listed, cells] = await Promise.all([listRows(tx, ids), deliveryCells(tx, ids)]);
  const lists = byList(listed);
  const delivered = new Map(cells.map((d) => [d.a, d]));
  // Completed in place: a copy per activity is garbage the collector would have to move.
  return rows.map((r) => {
    const record = r as Record<string, unknown>;
    LISTS.forEach((name, k) => {
      record[name] = lists[k]!.get(r.id) ?? null;
    });
    const d = delivered.get(r.id);
    record.delivered = d?.delivered ?? null;
    record.summaries = d?.summaries ?? null;
    return record as unknown as ExportRecord;
  });
}

/**
 * The matching activities' export records, `chunk` at a time by request number (exported for the
 * benchmark, which reads them bare to show what the CSV costs). The next chunk is asked for as soon
 * as this one is in, so the database works on it while this one becomes CSV.
 */
export async function* exportRecordChunks(
  tx: DbOrTx,
  c: Criteria,
  timeZone: string,
  chunk = EXPORT_CHUNK,
): AsyncGenerator<ExportRecord[]> {
  const load = async (after: number) => {
    const rows = await activityRows(tx, c, timeZone, after, chunk);
    return { records: await withLists(tx, rows), more: rows.length === chunk };
  };
  let next: ReturnType<typeof load> | undefined = load(0);
  while (next) {
    const { records, more }: Awaited<ReturnType<typeof load>> = await next;
    next = more ? load(records[records.length - 1]!.id) : undefined;
    if (records.length > 0) yield records;
  }
}
