// The planner's one query: everything a sweep needs, read in a single statement. Each part uses an
// index (unsummarized deliveries by due date — deliveries_unsummarized_due; deliveries by activity and
// end date; summaries by entry time; the one-final-plan index), and the month-end and monthly-review
// parts run only when their window is open somewhere and, for the review, not yet sent.
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { addDays, type IsoDate, lastDayOfMonth } from '../rules/dates.js';
import type { ReminderStaff } from './channel-port.js';
import type {
  DueDeliveryRow,
  MonthlyMissingRow,
  PlanningSnapshot,
  ReviewProblem,
  ReviewRow,
  SnapshotWindow,
} from './plan-types.js';
import { monthOf } from './plan-window.js';
import { sqlRows } from './sql-rows.js';

export async function loadPlanningSnapshot(db: DbOrTx, window: SnapshotWindow): Promise<PlanningSnapshot> {
  // JIT compiling this many-part statement costs seconds and saves nothing: off for this query only.
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return sqlRows<{ k: string; v: string }>(tx, planningSnapshotQuery(window));
  });
  return parseSnapshot(window, rows);
}

/** The statement itself (exported so the benchmark can EXPLAIN it). Rows: (k kind, v JSON array). */
export function planningSnapshotQuery(window: SnapshotWindow): SQL {
  // Month bounds are constants in the statement, so each part can range-scan its index.
  const parts: SQL[] = [
    sql`select 's' as k, json_build_array(s.id, s.name, s.title, s.email, s.center_id, s.role, s.slack_user_id,
  s.teams_user_id, s.time_zone, s.work_start_minute, s.work_end_minute, s.reminder_mode,
  s.reminder_daily_cap, s.preferred_channel, s.active, s.created_at)::text as v
from staff s where s.active`,
    sql`select 'p', json_build_array(ss.staff_id, ss.state_code)::text
from staff_states ss join staff s on s.id = ss.staff_id
where s.active and s.role = 'specialist'`,
    sql`select 'd', json_build_array(d.id, d.activity_id, d.end_date, d.due_date, a.primary_staff_id, a.state_code,
  a.focus)::text
from deliveries d join activities a on a.id = d.activity_id
where d.summary is null and d.due_date between ${window.dueFrom}::date and ${window.dueTo}::date`,
    sql`select 'z', json_build_array(z.staff_id, z.activity_id, z.until)::text
from reminder_snoozes z where z.until >= ${window.snoozesFrom}::date`,
    ...window.notesMonths.map((m) => monthlyMissingPart(m)),
    ...window.reviewMonths.flatMap((m) => reviewParts(m, window.programTimeZone)),
  ];
  return sql.join(parts, sql`\nunion all\n`);
}

const nextMonth = (m: IsoDate) => addDays(lastDayOfMonth(m), 1);

/** R4: approved open activities with no summary for month `m` and no "no TA" mark. */
function monthlyMissingPart(m: IsoDate): SQL {
  // The month's deliveries (deliveries_end_date) are aggregated once per activity and hash-joined,
  // rather than probed activity by activity; dates are sorted in planning, so the aggregate can hash.
  return sql`select 'n', json_build_array(${m}::date, a.id, a.primary_staff_id, a.state_code, a.focus,
  coalesce(x.open, '{}'))::text
from activities a
left join (
  select d.activity_id, array_agg(d.end_date) filter (where d.summary is null) as open
  from deliveries d
  where d.end_date >= ${m}::date and d.end_date < ${nextMonth(m)}::date
  group by d.activity_id
) x on x.activity_id = a.id
where a.completion_status = 'open' and a.activity_status = 'approved' and a.date_opened < ${nextMonth(m)}::date
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
    sql`select 'rs', json_build_array(s.id, ${m}::date)::text from staff s where s.id in ${pending}`,
    sql`select 'r', json_build_array(${m}::date, x.state_code, x.problem, x.aid, x.did, x.focus, x.date1, x.date2,
  x.note, x.total)::text
from (
  select r.*, row_number() over (partition by r.state_code order by r.ord, r.aid, r.did) as rn,
    count(*) over (partition by r.state_code) as total
  from (${problems}) r
  where exists ${pending}
) x
where x.rn <= ${REVIEW_ROWS_PER_STATE}`,
  ];
}

type Json = (string | number | boolean | null | string[])[];

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
    const r = JSON.parse(v) as Json;
    switch (k) {
      case 's':
        snapshot.staff.push(staffRow(r));
        break;
      case 'p': {
        const id = r[0] as number;
        const list = snapshot.specialistStates.get(id);
        if (list) list.push(r[1] as string);
        else snapshot.specialistStates.set(id, [r[1] as string]);
        break;
      }
      case 'd':
        snapshot.due.push(dueRow(r));
        break;
      case 'n':
        snapshot.monthlyMissing.push(monthlyRow(r));
        break;
      case 'z':
        snapshot.snoozes.push({ staffId: r[0] as number, activityId: r[1] as number, until: r[2] as string });
        break;
      case 'rs':
        snapshot.reviewRecipients.push({ staffId: r[0] as number, month: r[1] as string });
        break;
      case 'r':
        snapshot.review.push(reviewRow(r));
        break;
    }
  }
  return snapshot;
}

function staffRow(r: Json): ReminderStaff {
  return {
    id: r[0] as number,
    name: r[1] as string,
    title: r[2] as string,
    email: r[3] as string,
    centerId: r[4] as number,
    role: r[5] as ReminderStaff['role'],
    slackUserId: r[6] as string | null,
    teamsUserId: r[7] as string | null,
    timeZone: r[8] as string,
    workStartMinute: r[9] as number,
    workEndMinute: r[10] as number,
    reminderMode: r[11] as ReminderStaff['reminderMode'],
    reminderDailyCap: r[12] as number,
    preferredChannel: r[13] as ReminderStaff['preferredChannel'],
    active: r[14] as boolean,
    createdAt: new Date(r[15] as string),
  };
}

function dueRow(r: Json): DueDeliveryRow {
  return {
    deliveryId: r[0] as number,
    activityId: r[1] as number,
    endDate: r[2] as string,
    dueDate: r[3] as string,
    primaryStaffId: r[4] as number,
    stateCode: r[5] as string,
    focus: r[6] as string,
  };
}

function monthlyRow(r: Json): MonthlyMissingRow {
  return {
    month: r[0] as string,
    activityId: r[1] as number,
    primaryStaffId: r[2] as number,
    stateCode: r[3] as string,
    focus: r[4] as string,
    unsummarized: (r[5] as string[]).sort(),
  };
}

function reviewRow(r: Json): ReviewRow {
  return {
    month: r[0] as string,
    stateCode: r[1] as string,
    problem: r[2] as ReviewProblem,
    activityId: r[3] as number,
    deliveryId: r[4] as number | null,
    focus: r[5] as string,
    date: r[6] as string | null,
    date2: r[7] as string | null,
    note: r[8] as string | null,
    stateTotal: Number(r[9]),
  };
}
