// What a sweep reads, in one read-only transaction: the small parts (staff, specialists' States,
// snoozes, review digests) in one statement, then the two big ones — summaries coming due and
// missing monthly notes — streamed through a cursor, FETCH_ROWS at a time, to planning, so memory
// holds a batch of rows rather than all of them (1M activities make ~400k rows at month end).
// Each big part is index-only: unsummarized deliveries by due date (deliveries_unsummarized_due,
// INCLUDE id, end_date), approved open activities (activities_open_approved, INCLUDE what the rows
// carry), the month's summarized deliveries (deliveries_summarized_end), final plans
// (plan_descriptions_one_final: R12, a 'final' row exists only while it is current). No statement
// sorts its rows. The month-end part is there only while its window is open somewhere on Earth; the
// review parts only until every specialist's digest of the month is sent.
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { addDays, firstDayOfMonth, type IsoDate, lastDayOfMonth } from '../rules/dates.js';
import type { ReminderStaff } from './channel-port.js';
import type {
  DueDeliveryRow,
  MonthlyMissingRow,
  PartsFilter,
  PlanningSnapshot,
  ReviewRow,
  SnapshotBase,
  SnapshotWindow,
  SnoozeRow,
} from './plan-types.js';
import { monthOf } from './plan-window.js';

/** Rows of a big part per FETCH: a batch of plain rows (dates as text, so both drivers agree). */
const FETCH_ROWS = 2000;

/**
 * The snapshot transaction's settings, in one statement: JIT off (compiling these statements costs
 * seconds and saves nothing), a work_mem that keeps the hash of a month's summarized deliveries in
 * memory (no spill to disk), and cursors planned for reading every row, not the first ones.
 */
export const SNAPSHOT_SETTINGS = sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
  set_config('cursor_tuple_fraction', '1', true)`;

/** What the big parts feed planning, batch by batch, after the small parts. */
export interface SnapshotSink {
  /** May return what the big parts can leave out (a sweep: the people nothing reaches now). */
  // biome-ignore lint/suspicious/noConfusingVoidType: a sink that filters nothing returns nothing
  base(snapshot: SnapshotBase): PartsFilter | void;
  due(rows: DueDeliveryRow[]): void;
  monthly(rows: MonthlyMissingRow[]): void;
}

/** Reads the snapshot into `sink` in one read-only transaction (with SNAPSHOT_SETTINGS). */
export async function streamPlanningSnapshot(
  db: DbOrTx,
  window: SnapshotWindow,
  sink: SnapshotSink,
  fetchRows = FETCH_ROWS,
): Promise<void> {
  // postgres.js keeps, for good, the stack of the first `commit` it sends (a cached Error whose
  // frames hold this callback's scope): the sink is reached through a holder emptied afterwards, so
  // a whole sweep's plan is not kept alive by it.
  const held: { sink?: SnapshotSink } = { sink };
  try {
    await db.transaction(
      async (tx) => {
        const to = () => held.sink!;
        await tx.execute(SNAPSHOT_SETTINGS);
        const small = await queryRows<{ k: string; v: string }>(
          tx,
          sql`select u.k, '[' || string_agg(u.v, ',') || ']' as v from (${smallPartsQuery(window)}) u group by u.k`,
        );
        const filter = to().base(parseBase(window, small)) ?? undefined;
        // Rows repeat a few dates, States and foci: one string each, not one per row.
        const one = createInterner();
        // An open notes month's deliveries still unsummarized, by activity, from the due rows.
        const open = new Map(
          window.notesMonths.map((m) => [m, new Map<number, ReturnType<typeof monthlyRow>>()]),
        );
        await streamPart(tx, 'planner_due', duePart(window, filter), fetchRows, (rows) => {
          for (const row of rows as DueDeliveryRow[]) {
            row.endDate = one(row.endDate);
            row.dueDate = one(row.dueDate);
            row.stateCode = one(row.stateCode);
            row.focus = one(row.focus);
            const byActivity = open.get(firstDayOfMonth(row.endDate));
            if (!byActivity) continue;
            const known = byActivity.get(row.activityId);
            if (known) known.unsummarized.push(row.endDate);
            else byActivity.set(row.activityId, monthlyRow(firstDayOfMonth(row.endDate), row));
          }
          to().due(rows as DueDeliveryRow[]);
        });
        for (const m of window.notesMonths) {
          const byActivity = open.get(m)!;
          const excluded = filter?.notesExcluded.get(m);
          // Activities with no summary in the month (their unsummarized deliveries from the due rows)…
          await streamPart(tx, 'planner_notes', monthlyMissingPart(m, excluded), fetchRows, (rows) => {
            for (const row of rows as MonthlyMissingRow[]) {
              row.month = m;
              row.stateCode = one(row.stateCode);
              row.focus = one(row.focus);
              const known = byActivity.get(row.activityId);
              row.unsummarized = known ? [...known.unsummarized].sort() : NONE;
              byActivity.delete(row.activityId);
            }
            to().monthly(rows as MonthlyMissingRow[]);
          });
          // …then those with a summary in the month and a delivery of it still unsummarized (the
          // due rows of an excluded person are read only for their specialist).
          const skip = new Set(excluded);
          const rest = [...byActivity.values()].filter((row) => !skip.has(row.primaryStaffId));
          byActivity.clear();
          for (const row of rest) row.unsummarized = [...row.unsummarized].sort();
          if (rest.length > 0) to().monthly(rest);
        }
      },
      { accessMode: 'read only' },
    );
  } finally {
    held.sink = undefined;
  }
}

/** The unsummarized dates of most monthly rows: one shared empty list. */
const NONE: readonly IsoDate[] = Object.freeze([]);

/** Returns one instance of each distinct string it is given (for one sweep's rows). */
function createInterner(): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
}

const monthlyRow = (
  month: IsoDate,
  row: DueDeliveryRow,
): MonthlyMissingRow & { unsummarized: IsoDate[] } => ({
  month,
  activityId: row.activityId,
  primaryStaffId: row.primaryStaffId,
  stateCode: row.stateCode,
  focus: row.focus,
  unsummarized: [row.endDate],
});

/** The whole snapshot in memory (tests, dry runs of small programs). */
export async function loadPlanningSnapshot(db: DbOrTx, window: SnapshotWindow): Promise<PlanningSnapshot> {
  let snapshot: PlanningSnapshot | undefined;
  await streamPlanningSnapshot(db, window, {
    base: (b) => {
      snapshot = { ...b, due: [], monthlyMissing: [] };
    },
    due: (rows) => {
      for (const r of rows) snapshot!.due.push(r);
    },
    monthly: (rows) => {
      for (const r of rows) snapshot!.monthlyMissing.push(r);
    },
  });
  return snapshot!;
}

/** Streams one part's rows through a cursor, FETCH_ROWS at a time. */
async function streamPart(
  tx: DbOrTx,
  cursor: string,
  part: SQL,
  fetchRows: number,
  onRows: (rows: unknown[]) => void,
) {
  const name = sql.raw(cursor);
  await tx.execute(sql`declare ${name} no scroll cursor for ${part}`);
  for (;;) {
    const batch = await queryRows(tx, sql`fetch ${sql.raw(String(Math.trunc(fetchRows)))} from ${name}`);
    if (batch.length > 0) onRows(batch);
    if (batch.length < fetchRows) break;
  }
  await tx.execute(sql`close ${name}`);
}

/**
 * The big parts' statements in EXPLAIN-able form (the benchmark prints the indexes they use).
 * Columns are named as the row types' keys.
 */
export function bigPartsQueries(window: SnapshotWindow, filter?: PartsFilter): SQL[] {
  return [
    duePart(window, filter),
    ...window.notesMonths.map((m) => monthlyMissingPart(m, filter?.notesExcluded.get(m))),
  ];
}

/** A Postgres int array literal (both drivers take it as one text parameter). */
const intArray = (ids: readonly number[]) => `{${ids.map((id) => Math.trunc(id)).join(',')}}`;

/**
 * Summaries coming due or overdue (R1) where one can be logged (R12), index-only. Rows of primary
 * staff in `filter.dueExcluded` are left out unless old enough to copy the specialist.
 */
function duePart(window: SnapshotWindow, filter?: PartsFilter): SQL {
  const reach =
    filter && filter.dueExcluded.length > 0
      ? sql`and (a.primary_staff_id <> all(${intArray(filter.dueExcluded)}::int[])
    or d.due_date <= ${window.escalationDueTo}::date)`
      : sql``;
  return sql`select d.id as "deliveryId", d.activity_id as "activityId", d.end_date::text as "endDate",
  d.due_date::text as "dueDate", a.primary_staff_id as "primaryStaffId", a.state_code as "stateCode", a.focus
from deliveries d join activities a on a.id = d.activity_id
where d.summary is null and d.due_date between ${window.dueFrom}::date and ${window.dueTo}::date
  and a.activity_status = 'approved' and a.completion_status = 'open' ${reach}
  and exists (select 1 from plan_descriptions p where p.activity_id = a.id and p.stage = 'final')`;
}

/** Staff, specialists' States, snoozes and the review parts: (k kind, v a JSON object) rows. */
function smallPartsQuery(window: SnapshotWindow): SQL {
  // Month bounds are constants in the statement, so each part can range-scan its index.
  const parts: SQL[] = [
    sql`select 's' as k, json_build_object('id', s.id, 'name', s.name, 'title', s.title, 'email', s.email,
  'centerId', s.center_id, 'role', s.role, 'slackUserId', s.slack_user_id, 'teamsUserId', s.teams_user_id,
  'timeZone', s.time_zone, 'workStartMinute', s.work_start_minute, 'workEndMinute', s.work_end_minute,
  'reminderMode', s.reminder_mode, 'reminderDailyCap', s.reminder_daily_cap,
  'preferredChannel', s.preferred_channel, 'active', s.active, 'createdAt', s.created_at)::text as v
from staff s where s.active`,
    sql`select 'p', json_build_object('staffId', ss.staff_id, 'stateCode', ss.state_code)::text
from staff_states ss join staff s on s.id = ss.staff_id
where s.active and s.role = 'specialist'`,
    sql`select 'z', json_build_object('staffId', z.staff_id, 'activityId', z.activity_id, 'until', z.until)::text
from reminder_snoozes z where z.until >= ${window.snoozesFrom}::date`,
    ...window.reviewMonths.flatMap((m) => reviewParts(m, window.programTimeZone)),
  ];
  return sql.join(parts, sql`\nunion all\n`);
}

const nextMonth = (m: IsoDate) => addDays(lastDayOfMonth(m), 1);

/**
 * R4: approved open activities with a current final plan (R12: else nothing can be logged), opened
 * before the month ended, with no summary of TA delivered in month `m` (activity_summary_months) and
 * no "no TA" mark: merge anti-joins of index-only reads in activity order. Those with a summary in
 * the month but another delivery of it unsummarized come from the due rows (see above). Rows of the
 * primary staff in `excluded` are left out.
 */
function monthlyMissingPart(m: IsoDate, excluded?: readonly number[]): SQL {
  const end = nextMonth(m);
  const reach =
    excluded && excluded.length > 0
      ? sql`and a.primary_staff_id <> all(${intArray(excluded)}::int[])`
      : sql``;
  return sql`select ${m}::text as month, a.id as "activityId", a.primary_staff_id as "primaryStaffId",
  a.state_code as "stateCode", a.focus
from activities a
where a.completion_status = 'open' and a.activity_status = 'approved' and a.date_opened < ${end}::date ${reach}
  and exists (select 1 from plan_descriptions p where p.activity_id = a.id and p.stage = 'final')
  and not exists (select 1 from activity_summary_months s where s.month = ${m}::date and s.activity_id = a.id)
  and not exists (select 1 from no_ta_months t where t.activity_id = a.id and t.month = ${m}::date)`;
}

/** Most records per State and month the snapshot carries; the digest shows the count of the rest. */
export const REVIEW_ROWS_PER_STATE = 40;

/**
 * R3: specialists whose review of month `m` is not sent yet, and the incomplete records of every
 * State (planning keeps each specialist's own States): the first REVIEW_ROWS_PER_STATE per State,
 * most serious first, each with the State's total. `exists …` is a one-time filter: once every
 * review of the month is sent, this costs nothing.
 */
function reviewParts(m: IsoDate, tz: string): SQL[] {
  const end = nextMonth(m);
  const fromAt = sql`(${m}::date::timestamp at time zone ${tz}::text)`;
  const toAt = sql`(${end}::date::timestamp at time zone ${tz}::text)`;
  const enteredOn = sql`(d.summary_entered_at at time zone ${tz}::text)::date`;
  const pending = sql`(select s.id from staff s
    where s.active and s.role = 'specialist' and s.reminder_mode <> 'off'
      and not exists (select 1 from reminder_ledger l where l.recipient_staff_id = s.id
        and l.subject = ${`review:${monthOf(m)}`} and l.kind = 'monthly_review' and l.status = 'sent'))`;
  // Columns of every problem row: state, rank of the problem, activity, delivery, two dates, a note.
  const problems = sql`
select a.state_code, 1 as ord, 'missing_summary' as problem, a.id as aid, d.id as did, a.focus,
  d.end_date as date1, d.due_date as date2, null::text as note
from deliveries d join activities a on a.id = d.activity_id
where d.summary is null and d.due_date < ${end}::date
union all
select a.state_code, p.ord, p.problem, a.id, d.id, a.focus, d.end_date, p.date2, p.note
from deliveries d join activities a on a.id = d.activity_id
cross join lateral (
  select 2 as ord, 'late_summary' as problem, ${enteredOn} as date2, null::text as note
  where ${enteredOn} > d.due_date
  union all
  select 6, 'summary_warnings', null::date,
    (select string_agg(w.value #>> '{}', '; ') from jsonb_array_elements(d.summary_warnings) w)
  where jsonb_typeof(d.summary_warnings) = 'array' and jsonb_array_length(d.summary_warnings) > 0
) p
where d.summary_entered_at >= ${fromAt} and d.summary_entered_at < ${toAt}
  and (${enteredOn} > d.due_date
    or (jsonb_typeof(d.summary_warnings) = 'array' and jsonb_array_length(d.summary_warnings) > 0))
union all
select a.state_code, 3, 'late_entry', a.id, null, a.focus, a.date_opened,
  (a.entered_at at time zone ${tz}::text)::date, null
from activities a
where a.entered_late and a.entered_at >= ${fromAt} and a.entered_at < ${toAt}
union all
select a.state_code, 4, 'closed_incomplete', a.id, null, a.focus, a.completion_date, null, case
    when length(trim(coalesce(a.outcome_report, ''))) > 0 then 'no_feedback'
    when exists (select 1 from feedback f where f.activity_id = a.id) then 'no_outcome_report'
    else 'no_feedback_or_outcome_report' end
from activities a
where a.completion_status = 'closed' and a.completion_date >= ${m}::date and a.completion_date < ${end}::date
  and (length(trim(coalesce(a.outcome_report, ''))) = 0
    or not exists (select 1 from feedback f where f.activity_id = a.id))
union all
select a.state_code, 5, 'no_final_plan', a.id, null, a.focus, null, null, null
from activities a
where a.completion_status = 'open' and a.activity_status = 'approved'
  and not exists (select 1 from plan_descriptions p where p.activity_id = a.id and p.stage = 'final')`;
  return [
    sql`select 'rs', json_build_object('staffId', s.id, 'month', ${m}::date)::text
from staff s where s.id in ${pending}`,
    sql`select 'r', json_build_object('month', ${m}::date, 'stateCode', x.state_code, 'problem', x.problem,
  'activityId', x.aid, 'deliveryId', x.did, 'focus', x.focus, 'date', x.date1, 'date2', x.date2,
  'note', x.note, 'stateTotal', x.total)::text
from (
  select r.*, row_number() over (partition by r.state_code order by r.ord, r.aid, r.did) as rn,
    count(*) over (partition by r.state_code) as total
  from (${problems}) r
  where exists ${pending}
) x
where x.rn <= ${REVIEW_ROWS_PER_STATE}`,
  ];
}

function parseBase(window: SnapshotWindow, rows: { k: string; v: string }[]): SnapshotBase {
  const snapshot: SnapshotBase = {
    window,
    staff: [],
    specialistStates: new Map(),
    reviewRecipients: [],
    review: [],
    snoozes: [],
  };
  for (const { k, v } of rows) {
    switch (k) {
      case 's':
        for (const s of JSON.parse(v) as (Omit<ReminderStaff, 'createdAt'> & { createdAt: string })[]) {
          snapshot.staff.push({ ...s, createdAt: new Date(s.createdAt) });
        }
        break;
      case 'p':
        for (const { staffId, stateCode } of JSON.parse(v) as { staffId: number; stateCode: string }[]) {
          const list = snapshot.specialistStates.get(staffId);
          if (list) list.push(stateCode);
          else snapshot.specialistStates.set(staffId, [stateCode]);
        }
        break;
      case 'z':
        for (const row of JSON.parse(v) as SnoozeRow[]) snapshot.snoozes.push(row);
        break;
      case 'rs':
        for (const row of JSON.parse(v) as PlanningSnapshot['reviewRecipients']) {
          snapshot.reviewRecipients.push(row);
        }
        break;
      case 'r':
        for (const row of JSON.parse(v) as ReviewRow[]) snapshot.review.push(row);
        break;
    }
  }
  return snapshot;
}
