// What a sweep reads, in one read-only transaction: the small parts (staff, specialists' States,
// snoozes, the review digests' recipients and counts) in one statement, the review rows State by
// State (snapshot-review.ts), then the two big parts — summaries coming due and missing monthly
// notes — streamed through a cursor, FETCH_ROWS at a time, to planning, so memory holds a batch of
// rows rather than all of them. Only the rows of people a nudge can reach now are read (the sink
// says who is left out). Each big part is index-only: unsummarized deliveries by due date
// (deliveries_unsummarized_due, INCLUDE id, end_date), approved open activities
// (activities_open_approved, INCLUDE what the rows carry), the months with a summary
// (activity_summary_months, kept by triggers), final plans (plan_descriptions_one_final: R12, a
// 'final' row exists only while it is current). No statement sorts its rows. The month-end part is
// there only while its window is open somewhere on Earth; the review parts only until every
// specialist's digest of the month is sent.
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { addDays, type IsoDate, lastDayOfMonth } from '../rules/dates.js';
import type { ReminderStaff } from './channel-port.js';
import type {
  DueDeliveryRow,
  MonthlyMissingRow,
  PartsFilter,
  PlanningSnapshot,
  SnapshotBase,
  SnapshotWindow,
  SnoozeRow,
} from './plan-types.js';
import { readReviewRows, reviewSmallParts } from './snapshot-review.js';
import { createInterner, createOpenMonths } from './snapshot-rows.js';

/** Rows of a big part per FETCH: a batch of plain rows (dates as text, so both drivers agree). */
const FETCH_ROWS = 2000;

/**
 * The snapshot transaction's settings, in one statement: JIT off (compiling these statements costs
 * seconds and saves nothing), a work_mem that keeps hashes in memory (no spill to disk), cursors
 * planned for reading every row, not the first ones, and for the small parts neither sorts nor hash
 * joins: each State's count of incomplete records is a hash aggregate over merge joins and index
 * probes (hashing every activity to find its State cost twice as much), whatever the estimates say.
 * BIG_PARTS_SETTINGS allows both again: the review rows' per-State LIMITs are bounded top-N sorts,
 * and the month-end part hashes the month's summary markers.
 */
export const SNAPSHOT_SETTINGS = sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
  set_config('cursor_tuple_fraction', '1', true), set_config('enable_sort', 'off', true),
  set_config('enable_hashjoin', 'off', true)`;

const BIG_PARTS_SETTINGS = sql`select set_config('enable_sort', 'on', true), set_config('enable_hashjoin', 'on', true)`;

/** Each snapshot statement's plan (EXPLAIN FORMAT JSON), as the sweep runs it at `window`. */
export async function explainSnapshot(tx: DbOrTx, window: SnapshotWindow): Promise<unknown[]> {
  const explain = async (statement: SQL) => {
    const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(tx, sql`explain (format json) ${statement}`);
    const plan = row!['QUERY PLAN'];
    return typeof plan === 'string' ? (JSON.parse(plan) as unknown) : plan;
  };
  await tx.execute(SNAPSHOT_SETTINGS);
  const plans = [await explain(smallPartsStatement(window))];
  await tx.execute(BIG_PARTS_SETTINGS);
  for (const part of bigPartsQueries(window)) plans.push(await explain(part));
  return plans;
}

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
        const small = await queryRows<{ k: string; v: string }>(tx, smallPartsStatement(window));
        await tx.execute(BIG_PARTS_SETTINGS);
        const base = parseBase(window, small);
        const reviewMonths = reviewTotals(small);
        for (const [month, totals] of reviewMonths) {
          for (const row of await readReviewRows(tx, month, window.programTimeZone, totals)) {
            base.review.push(row);
          }
        }
        const filter = to().base(base) ?? undefined;
        // Rows repeat a few dates, States and foci: one string each, not one per row.
        const one = createInterner();
        const months = createOpenMonths(window.notesMonths);
        await streamPart(tx, 'planner_due', duePart(window, filter), fetchRows, (rows) => {
          for (const row of rows as DueDeliveryRow[]) {
            row.endDate = one(row.endDate);
            row.dueDate = one(row.dueDate);
            row.stateCode = one(row.stateCode);
            row.focus = one(row.focus);
            months.noteDue(row);
          }
          to().due(rows as DueDeliveryRow[]);
        });
        for (const m of window.notesMonths) {
          const excluded = filter?.notesExcluded.get(m);
          await streamPart(tx, 'planner_notes', monthlyMissingPart(m, excluded), fetchRows, (rows) => {
            for (const row of rows as MonthlyMissingRow[]) {
              row.month = m;
              row.stateCode = one(row.stateCode);
              row.focus = one(row.focus);
              months.complete(m, row);
            }
            to().monthly(rows as MonthlyMissingRow[]);
          });
          const rest = months.rest(m, excluded);
          if (rest.length > 0) to().monthly(rest);
        }
      },
      { accessMode: 'read only' },
    );
  } finally {
    held.sink = undefined;
  }
}

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

/** The big parts' statements (rows named as the row types' keys). */
function bigPartsQueries(window: SnapshotWindow, filter?: PartsFilter): SQL[] {
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

/** The small parts as (k kind, v a JSON array of one object) rows. */
const smallPartsStatement = (window: SnapshotWindow) =>
  sql`select u.k, '[' || u.v || ']' as v from (${smallPartsQuery(window)}) u`;

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
    ...window.reviewMonths.flatMap((m) => reviewSmallParts(m, window.programTimeZone)),
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

/** Each review month's count of incomplete records per State, from the small parts' 't' rows. */
function reviewTotals(rows: { k: string; v: string }[]): Map<IsoDate, Map<string, number>> {
  const byMonth = new Map<IsoDate, Map<string, number>>();
  for (const { k, v } of rows) {
    if (k !== 't') continue;
    for (const t of JSON.parse(v) as { month: IsoDate; stateCode: string; total: number }[]) {
      const totals = byMonth.get(t.month) ?? new Map<string, number>();
      totals.set(t.stateCode, t.total);
      byMonth.set(t.month, totals);
    }
  }
  return byMonth;
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
    }
  }
  return snapshot;
}
