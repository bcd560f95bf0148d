// The planner's one query: everything a sweep needs, read in a single statement. Each part uses an
// index (unsummarized deliveries by due date — deliveries_unsummarized_due; deliveries by activity and
// end date; summaries by entry time; the one-final-plan index), and the month-end and monthly-review
// parts run only when their window is open somewhere and, for the review, not yet sent.
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { ReminderStaff } from './channel-port.js';
import type {
  DueDeliveryRow,
  MonthlyMissingRow,
  PlanningSnapshot,
  ReviewProblem,
  ReviewRow,
  SnapshotWindow,
} from './plan-types.js';

export async function loadPlanningSnapshot(db: DbOrTx, window: SnapshotWindow): Promise<PlanningSnapshot> {
  const tz = window.programTimeZone;
  const rows = await queryRows<{ k: string; v: string }>(
    db,
    sql`
with notes_months as (
  select value::date as m from jsonb_array_elements_text(${JSON.stringify(window.notesMonths)}::jsonb)
), review_months as (
  select value::date as m from jsonb_array_elements_text(${JSON.stringify(window.reviewMonths)}::jsonb)
), review_specs as (
  select s.id as staff_id, r.m
  from staff s cross join review_months r
  where s.active and s.role = 'specialist' and s.reminder_mode <> 'off'
    and not exists (
      select 1 from reminder_ledger l
      where l.recipient_staff_id = s.id and l.subject = 'review:' || to_char(r.m, 'YYYY-MM')
        and l.kind = 'monthly_review' and l.status = 'sent')
), review_scope as (
  select distinct ss.state_code, rs.m, (rs.m + interval '1 month')::date as m_end,
    (rs.m::timestamp at time zone ${tz}::text) as m_from_at,
    ((rs.m + interval '1 month')::timestamp at time zone ${tz}::text) as m_to_at
  from review_specs rs join staff_states ss on ss.staff_id = rs.staff_id
)
select 's' as k, json_build_array(s.id, s.name, s.title, s.email, s.center_id, s.role, s.slack_user_id,
  s.teams_user_id, s.time_zone, s.work_start_minute, s.work_end_minute, s.reminder_mode,
  s.reminder_daily_cap, s.preferred_channel, s.active, s.created_at)::text as v
from staff s where s.active
union all
select 'p', json_build_array(ss.staff_id, ss.state_code)::text
from staff_states ss join staff s on s.id = ss.staff_id
where s.active and s.role = 'specialist'
union all
select 'd', json_build_array(d.id, d.activity_id, d.end_date, d.due_date, a.primary_staff_id, a.state_code,
  a.focus)::text
from deliveries d join activities a on a.id = d.activity_id
where d.summary is null and d.due_date between ${window.dueFrom}::date and ${window.dueTo}::date
union all
select 'n', json_build_array(nm.m, a.id, a.primary_staff_id, a.state_code, a.focus, x.open)::text
from notes_months nm
join activities a on a.completion_status = 'open' and a.activity_status = 'approved'
  and a.date_opened < (nm.m + interval '1 month')::date
cross join lateral (
  select count(*) as n,
    coalesce(array_agg(d.end_date order by d.end_date) filter (where d.summary is null), '{}') as open
  from deliveries d
  where d.activity_id = a.id and d.end_date >= nm.m and d.end_date < (nm.m + interval '1 month')::date
) x
where (x.n = 0 or cardinality(x.open) > 0)
  and not exists (select 1 from no_ta_months t where t.activity_id = a.id and t.month = nm.m)
union all
select 'z', json_build_array(z.staff_id, z.activity_id, z.until)::text
from reminder_snoozes z where z.until >= ${window.snoozesFrom}::date
union all
select 'rs', json_build_array(staff_id, m)::text from review_specs
union all
select 'r', json_build_array(rc.m, a.state_code, 'missing_summary', a.id, d.id, a.focus, d.end_date, d.due_date,
  null)::text
from review_scope rc
join deliveries d on d.summary is null and d.due_date < rc.m_end
join activities a on a.id = d.activity_id and a.state_code = rc.state_code
union all
select 'r', json_build_array(rc.m, a.state_code, 'late_summary', a.id, d.id, a.focus, d.end_date,
  (d.summary_entered_at at time zone ${tz}::text)::date, null)::text
from review_scope rc
join deliveries d on d.summary_entered_at >= rc.m_from_at and d.summary_entered_at < rc.m_to_at
join activities a on a.id = d.activity_id and a.state_code = rc.state_code
where (d.summary_entered_at at time zone ${tz}::text)::date > d.due_date
union all
select 'r', json_build_array(rc.m, a.state_code, 'summary_warnings', a.id, d.id, a.focus, d.end_date, null,
  (select string_agg(w.value #>> '{}', '; ') from jsonb_array_elements(d.summary_warnings) w))::text
from review_scope rc
join deliveries d on d.summary_entered_at >= rc.m_from_at and d.summary_entered_at < rc.m_to_at
join activities a on a.id = d.activity_id and a.state_code = rc.state_code
where jsonb_typeof(d.summary_warnings) = 'array' and jsonb_array_length(d.summary_warnings) > 0
union all
select 'r', json_build_array(rc.m, a.state_code, 'late_entry', a.id, null, a.focus, a.date_opened,
  (a.entered_at at time zone ${tz}::text)::date, null)::text
from review_scope rc
join activities a on a.state_code = rc.state_code
where a.entered_late and a.entered_at >= rc.m_from_at and a.entered_at < rc.m_to_at
union all
select 'r', json_build_array(rc.m, a.state_code, 'closed_incomplete', a.id, null, a.focus, a.completion_date,
  null, case
    when not exists (select 1 from feedback f where f.activity_id = a.id)
      and length(trim(coalesce(a.outcome_report, ''))) = 0 then 'no_feedback_or_outcome_report'
    when length(trim(coalesce(a.outcome_report, ''))) = 0 then 'no_outcome_report'
    else 'no_feedback' end)::text
from review_scope rc
join activities a on a.state_code = rc.state_code
where a.completion_status = 'closed' and a.completion_date >= rc.m and a.completion_date < rc.m_end
  and (length(trim(coalesce(a.outcome_report, ''))) = 0
    or not exists (select 1 from feedback f where f.activity_id = a.id))
union all
select 'r', json_build_array(rc.m, a.state_code, 'no_final_plan', a.id, null, a.focus, null, null, null)::text
from review_scope rc
join activities a on a.state_code = rc.state_code
where a.completion_status = 'open' and a.activity_status = 'approved'
  and not exists (select 1 from plan_descriptions p where p.activity_id = a.id and p.stage = 'final')
`,
  );
  return parseSnapshot(window, rows);
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
    unsummarized: r[5] as string[],
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
  };
}
