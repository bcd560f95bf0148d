// R24 export: the activities a search matches, as CSV (UTF-8 with a byte-order mark so Excel reads
// the names right). Streamed: activities are read in chunks of CHUNK by request number (keyset), each
// chunk one statement that assembles every activity's notes and people as one JSON object, and the
// rows flow through csv-stringify into the output with back-pressure, so memory stays flat however
// many records match. One read-only snapshot for the whole file; the export is audited (R25).
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { activities, centers, goalStrategicAreas, goals, staff, states } from '../../db/schema.js';
import { ok, type Result } from '../errors.js';
import { EXPORT_HEADERS, type ExportRecord, exportRow } from '../rules/export-row.js';
import { parseInput } from '../rules/schemas.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { requireStaff } from './permissions.js';
import { type Criteria, SearchCriteria, searchConditions } from './search-activities.js';

/** Activities per statement: big enough to amortize the round trip, small enough to keep memory flat. */
const CHUNK = 1000;

export interface ExportOptions {
  /** Leave the output open when done (stdout). */
  keepOpen?: boolean;
  chunkSize?: number;
}

/** Each activity's export record as JSON text: its fields, people and dated notes in one object. */
function recordJson(timeZone: string) {
  const a = activities;
  return sql<string>`json_build_object(
  'id', ${a.id}, 'state', ${states.name}, 'stateCode', ${a.stateCode}, 'region', ${states.region},
  'goal', ${goals.title},
  'category', (select gc.name from goal_categories gc where gc.code = ${goals.categoryCode}),
  'related', (select gc.name from goal_categories gc where gc.code = ${goals.relatedCategoryCode}),
  'area', ${goalStrategicAreas.name}, 'focus', ${a.focus}, 'otherFocus', ${a.otherFocusNotes},
  'priority', ${a.priority},
  'requesters', (select json_agg(json_build_array(r.name, r.title, r.email) order by r.name, r.id)
    from activity_requesters ar join requesters r on r.id = ar.requester_id where ar.activity_id = ${a.id}),
  'pcCode', pc.code, 'pcName', pc.name, 'staff', ${staff.name}, 'staffEmail', ${staff.email},
  'collabCenters', (select json_agg(c.code order by c.code)
    from activity_collaborating_centers acc join centers c on c.id = acc.center_id where acc.activity_id = ${a.id}),
  'collabStaff', (select json_agg(s.name order by s.name, s.id)
    from activity_collaborating_staff acs join staff s on s.id = acs.staff_id where acs.activity_id = ${a.id}),
  'others', (select json_agg(o.label order by o.label)
    from activity_other_collaborators aoc join other_collaborator_options o on o.code = aoc.collaborator_code
    where aoc.activity_id = ${a.id}),
  'otherDetails', ${a.otherCollaboratorDetails}, 'type', ${a.activityType}, 'status', ${a.activityStatus},
  'opened', ${a.dateOpened}, 'entered', (${a.enteredAt} at time zone ${timeZone}::text)::date,
  'late', ${a.enteredLate}, 'outcomePlan', ${a.outcomePlan},
  'plans', (select json_agg(json_build_array(p.note_date, p.stage, p.text) order by p.note_date, p.id)
    from plan_descriptions p where p.activity_id = ${a.id}),
  'deliveries', (select json_agg(json_build_array(d.start_date, d.end_date, d.methods, d.summary_date, d.summary)
      order by d.end_date, d.id)
    from deliveries d where d.activity_id = ${a.id}),
  'feedback', (select json_agg(json_build_array(f.note_date, f.from_name, f.from_title, f.text)
      order by f.note_date, f.id)
    from feedback f where f.activity_id = ${a.id}),
  'notes', (select json_agg(json_build_array(n.note_date, n.text) order by n.note_date, n.id)
    from response_notes n where n.activity_id = ${a.id}),
  'completion', ${a.completionStatus}, 'completed', ${a.completionDate}, 'outcomeReport', ${a.outcomeReport},
  'feedbackAsked', (${a.feedbackRequestedAt} at time zone ${timeZone}::text)::date
)::text`;
}

/**
 * The matching activities, CHUNK at a time by request number, each as its export record in JSON
 * (exported for the benchmark, which reads them bare to show what the CSV costs). The next chunk is
 * asked for as soon as one arrives, so the database works on it while this one becomes CSV
 * (one connection, pipelined).
 */
export async function* exportPages(
  tx: DbOrTx,
  c: Criteria,
  timeZone: string,
  chunk = CHUNK,
): AsyncGenerator<{ id: number; v: string }[]> {
  const page = (after: number) =>
    tx
      .select({ id: activities.id, v: recordJson(timeZone) })
      .from(activities)
      .innerJoin(states, eq(states.code, activities.stateCode))
      .innerJoin(goals, eq(goals.id, activities.goalId))
      .innerJoin(goalStrategicAreas, eq(goalStrategicAreas.id, activities.strategicAreaId))
      .innerJoin(sql`${centers} pc`, sql`pc.id = ${activities.primaryCenterId}`)
      .innerJoin(staff, eq(staff.id, activities.primaryStaffId))
      .where(and(...searchConditions(c, timeZone), gt(activities.id, after)))
      .orderBy(asc(activities.id))
      .limit(chunk)
      .execute();
  let next: Promise<{ id: number; v: string }[]> | undefined = page(0);
  while (next) {
    const rows: { id: number; v: string }[] = await next;
    next = rows.length === chunk ? page(rows[rows.length - 1]!.id) : undefined;
    yield rows;
  }
}

/**
 * R24: writes the activities matching `criteria` (the `/ta find` criteria, without limit/offset) to
 * `out` as CSV with a header row, in request-number order. Any active staff member may export what
 * they may search (R25); each export is audited with its criteria and row count.
 */
export async function exportActivitiesCsv(
  ctx: ServiceContext,
  actor: Actor,
  criteria: unknown,
  out: Writable,
  options: ExportOptions = {},
): Promise<Result<{ rows: number }>> {
  const parsed = parseInput(SearchCriteria, criteria ?? {});
  if (!parsed.ok) return parsed;
  const who = await requireStaff(ctx.db, actor);
  if (!who.ok) return who;
  const c: Criteria = parsed.value;
  const chunk = options.chunkSize ?? CHUNK;
  const timeZone = ctx.calendar.timeZone;
  let rows = 0;
  await ctx.db.transaction(
    async (tx) => {
      // Each chunk's statement looks costly to the planner, which would JIT-compile it every time
      // (hundreds of ms) to save nothing: off for this transaction only.
      await tx.execute(sql`set local jit = off`);
      async function* records(): AsyncGenerator<string[]> {
        for await (const page of exportPages(tx, c, timeZone, chunk)) {
          for (const row of page) {
            rows++;
            yield exportRow(JSON.parse(row.v) as ExportRecord);
          }
        }
      }
      await pipeline(
        Readable.from(records()),
        stringify({ bom: true, header: true, columns: [...EXPORT_HEADERS] }),
        out,
        { end: !options.keepOpen },
      );
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  await ctx.db.transaction((tx) =>
    writeAudit(tx, ctx, actor, {
      action: 'export_activities',
      entity: 'activities',
      entityId: 'search',
      changes: { criteria: withoutPaging(c), rows },
    }),
  );
  return ok({ rows });
}

const withoutPaging = ({ limit: _l, offset: _o, ...rest }: Criteria) => rest;
