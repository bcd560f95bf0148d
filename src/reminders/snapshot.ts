// The planner's one query: everything a sweep needs, read in a single statement. Each part reads an
// index range: unsummarized deliveries by due date (deliveries_unsummarized_due), the month's
// deliveries (deliveries_end_date), the month's summaries (deliveries_summary_entered), approved open
// activities (activities_open_approved). Summary nudges only go where a summary can be logged (R12:
// approved, open, current final plan; a 'final' row exists only while it is current, and
// plan_descriptions_one_final makes that check one index probe). The month-end part is there only
// while its window is open somewhere on Earth; the review parts only until every specialist's digest
// of the month is sent.
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { addDays, type IsoDate, lastDayOfMonth } from '../rules/dates.js';
import type { ReminderStaff } from './channel-port.js';
import type {
  DueDeliveryRow,
  MonthlyMissingRow,
  PlanningSnapshot,
  ReviewRow,
  SnapshotWindow,
  SnoozeRow,
} from './plan-types.js';
import { monthOf } from './plan-window.js';

/** Records per JSON array the query returns. */
const SNAPSHOT_CHUNK = 400;

export async function loadPlanningSnapshot(db: DbOrTx, window: SnapshotWindow): Promise<PlanningSnapshot> {
  // JIT compiling this many-part statement costs seconds and saves nothing: off for this query only.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    // JSON arrays of up to SNAPSHOT_CHUNK records: a few JSON.parse calls instead of a driver row per
    // record, and strings small enough to die young (big ones wait in V8's large-object space).
    return queryRows<{ k: string; v: string }>(
      tx,
      sql`select c.k, '[' || string_agg(c.v, ',') || ']' as v
from (select u.k, u.v, (row_number() over (partition by u.k) - 1) / ${SNAPSHOT_CHUNK} as chunk
      from (${planningSnapshotQuery(window)}) u) c
group by c.k, c.chunk`,
    );
  });
  return parseSnapshot(window, rows);
}

/**
 * The statement itself (exported so the benchmark can EXPLAIN it). Rows: (k kind, v a JSON object
 * whose keys are those of the row type, so JSON.parse builds the rows with no copying).
 */
export function planningSnapshotQuery(window: SnapshotWindow): SQL {
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
    sql`select 'd', json_build_object('deliveryId', d.id, 'activityId', d.activity_id, 'endDate', d.end_date,
  'dueDate', d.due_date, 'primaryStaffId', a.primary_staff_id, 'stateCode', a.state_code, 'focus', a.focus)::text
from deliveries d join activities a on a.id = d.activity_id
where d.summary is null and d.due_date between ${window.dueFrom}::date and ${window.dueTo}::date
  and a.activity_status = 'approved' and a.completion_status = 'open'
  and exists (select 1 from plan_descriptions p where p.activity_id = a.id and p.stage = 'final')`,
    sql`select 'z', json_build_object('staffId', z.staff_id, 'activityId', z.activity_id, 'until', z.until)::text
from reminder_snoozes z where z.until >= ${window.snoozesFrom}::date`,
    ...window.notesMonths.map((m) => monthlyMissingPart(m)),
    ...window.reviewMonths.flatMap((m) => reviewParts(m, window.programTimeZone)),
  ];
  return sql.join(parts, sql`\nunion all\n`);
}

const nextMonth = (m: IsoDate) => addDays(lastDayOfMonth(m), 1);

/**
 * R4: approved open activities with a current final plan (R12: else nothing can be logged) with no
 * summary for month `m` and no "no TA" mark.
 */
function monthlyMissingPart(m: IsoDate): SQL {
  // The month's deliveries (deliveries_end_date) are aggregated once per activity and hash-joined,
  // rather than probed activity by activity; dates are sorted in planning, so the aggregate can hash.
  return sql`select 'n', json_build_object('month', ${m}::date, 'activityId', a.id,
  'primaryStaffId', a.primary_staff_id, 'stateCode', a.state_code, 'focus', a.focus,
  'unsummarized', coalesce(x.open, '{}'))::text
from activities a
left join (
  select d.activity_id, array_agg(d.end_date) filter (where d.summary is null) as open
  from deliveries d
  where d.end_date >= ${m}::date and d.end_date < ${nextMonth(m)}::date
  group by d.activity_id
) x on x.activity_id = a.id
where a.completion_status = 'open' and a.activity_status = 'approved' and a.date_opened < ${nextMonth(m)}::date
  and exists (select 1 from plan_descriptions p where p.activity_id = a.id and p.stage = 'final')
  and (x.activity_id is null or x.open is not null)
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

function parseSnapshot(window: SnapshotWindow, rows: { k: string; v: string }[]): PlanningSnapshot {
  const snapshot: PlanningSnapshot = {
    window,
    staff: [],
    specialistStates: new Map(),
    due: [],
    monthlyMissing: [],
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
      case 'd':
        for (const row of JSON.parse(v) as DueDeliveryRow[]) snapshot.due.push(row);
        break;
      case 'n':
        for (const row of JSON.parse(v) as MonthlyMissingRow[]) {
          row.unsummarized.sort();
          snapshot.monthlyMissing.push(row);
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
