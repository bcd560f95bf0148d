// Seeds a scratch PostgreSQL database for bench/reminder-planner.bench.ts with INSERT … SELECT over
// generate_series: activities (ids from+1..to) with 10 deliveries each, growing one database from
// size to size. The shape is a busy year: deliveries spread over the 330 days before 2026-11-25,
// almost all summarized; recent ones partly pending; a few old ones still missing. Deliveries are
// inserted in date order, as they would be recorded in real life (so a month's rows sit together).
import type postgres from 'postgres';

type Sql = postgres.Sql;

export const STAFF_PER_ACTIVITIES = 100;
export const DELIVERIES_PER_ACTIVITY = 10;

/** One specialist per State, one goal and strategic area per State. */
export async function seedBase(sql: Sql): Promise<void> {
  await sql`
    insert into staff (name, title, email, center_id, role)
    select 'Specialist ' || s.code, 'State Systems Specialist', 'specialist-' || lower(s.code) || '@bench.example.org',
      (select min(id) from centers), 'specialist'
    from states s`;
  await sql`
    insert into staff_states (staff_id, state_code)
    select st.id, s.code from states s join staff st on st.email = 'specialist-' || lower(s.code) || '@bench.example.org'`;
  await sql`
    insert into goals (state_code, category_code, title, readiness, start_date)
    select s.code, (select min(code) from goal_categories), 'Bench goal ' || s.code, 'somewhat', '2025-10-01'
    from states s`;
  await sql`insert into goal_strategic_areas (goal_id, name) select id, 'Bench area' from goals`;
}

/**
 * Activities from+1..to with their own providers (one per 100 activities, in five time zones), final
 * plans, deliveries, feedback and no-TA marks.
 */
export async function seedActivities(sql: Sql, from: number, to: number): Promise<void> {
  const firstProvider = Math.ceil(from / STAFF_PER_ACTIVITIES) + 1;
  const lastProvider = Math.max(firstProvider, Math.ceil(to / STAFF_PER_ACTIVITIES));
  await sql`
    insert into staff (name, title, email, center_id, role, time_zone)
    select 'Provider ' || g, 'TA Specialist', 'provider' || g || '@bench.example.org',
      (select min(id) from centers), 'provider',
      (array['America/New_York','America/Chicago','America/Los_Angeles','Pacific/Honolulu','Pacific/Guam'])[1 + g % 5]
    from generate_series(${firstProvider}::int, ${lastProvider}::int) g`;
  await sql`
    with s as (select code, row_number() over (order by code) - 1 as n, count(*) over () as total from states),
    p as (select id, row_number() over (order by id) - 1 as n, count(*) over () as total
          from staff where role = 'provider'
            and email in (select 'provider' || g || '@bench.example.org'
                          from generate_series(${firstProvider}::int, ${lastProvider}::int) g)),
    g as (select distinct on (go.state_code) go.state_code, go.id as goal_id, a.id as area_id
          from goals go join goal_strategic_areas a on a.goal_id = go.id order by go.state_code, go.id)
    insert into activities (id, state_code, goal_id, strategic_area_id, focus, date_opened, entered_at, entered_late,
      priority, primary_center_id, primary_staff_id, activity_type, activity_status, outcome_plan,
      completion_status, completion_date, outcome_report)
    select i, s.code, g.goal_id, g.area_id, 'Bench focus',
      date '2025-12-01' + (i % 300),
      (date '2025-12-01' + (i % 300) + case when i % 20 = 0 then 6 else 1 end)::timestamp at time zone 'UTC' + interval '15 hours',
      i % 20 = 0,
      'medium', (select min(id) from centers), p.id, 'targeted',
      case when i % 10 < 8 then 'approved' when i % 10 = 8 then 'planning_in_progress' else 'on_hold' end,
      'The State will adopt measurable tiers.',
      case when i % 7 = 0 then 'closed' else 'open' end,
      case when i % 7 = 0 then date '2025-12-01' + (i % 300) + 20 end,
      case when i % 7 = 0 then 'The State adopted the tiers.' end
    from generate_series(${from + 1}::int, ${to}::int) i
    join s on s.n = i % s.total
    join g on g.state_code = s.code
    join p on p.n = i % p.total`;
  await sql`select setval(pg_get_serial_sequence('activities', 'id'), (select max(id) from activities))`;
  await sql`
    insert into plan_descriptions (activity_id, stage, note_date, text)
    select id, 'final', date_opened, 'Final plan.' from activities
    where id > ${from} and id <= ${to} and activity_status = 'approved' and id % 50 <> 1`;
  await sql`
    insert into deliveries (activity_id, start_date, end_date, methods, due_date, summary, summary_date,
      summary_entered_at, summary_warnings)
    select a.id, d.end_date, d.end_date, array['remote'],
      least(d.end_date + 14, (date_trunc('month', d.end_date) + interval '1 month - 1 day')::date),
      case when d.pending then null else 'The State received TA.' end,
      case when d.pending then null else d.end_date + 3 end,
      case when d.pending then null else (d.end_date + 3)::timestamp at time zone 'UTC' + interval '16 hours' end,
      case when d.pending or (a.id + j) % 50 <> 0 then null else '["Leave future plans out of the summary."]'::jsonb end
    from activities a
    cross join generate_series(0, ${DELIVERIES_PER_ACTIVITY - 1}) j
    cross join lateral (
      select (date '2026-11-25' - ((a.id * 7 + j * 33) % 330))::date as end_date
    ) e
    cross join lateral (
      select e.end_date,
        (e.end_date > date '2026-11-05' and (a.id + j) % 3 = 0) or (a.id + j) % 997 = 0 as pending
    ) d
    where a.id > ${from} and a.id <= ${to}
    order by d.end_date, a.id`;
  await sql`
    insert into feedback (activity_id, from_name, from_title, note_date, text)
    select id, 'Pat Director', 'CCDF Administrator', completion_date, 'Helpful.' from activities
    where id > ${from} and id <= ${to} and completion_status = 'closed' and id % 2 = 0`;
  await sql`
    insert into no_ta_months (activity_id, month)
    select id, '2026-11-01' from activities
    where id > ${from} and id <= ${to} and id % 10 = 3 and completion_status = 'open'
      and not exists (select 1 from deliveries d where d.activity_id = activities.id
                      and d.end_date >= '2026-11-01' and d.end_date < '2026-12-01')`;
}
