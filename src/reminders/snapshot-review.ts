// R3 review parts of the planning snapshot, without a window over every record: the specialists
// whose digest of month `m` is not sent yet and each State's count of incomplete records come with
// the small parts (a hash aggregate); then each kind of problem, in digest order, gives at most
// REVIEW_ROWS_PER_STATE records per State still short of rows (a LATERAL per State, LIMIT each, so
// nothing sorts more than one State's rows of one kind). Once every digest of the month is sent,
// `exists pending` makes all of this free.
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { addDays, type IsoDate, lastDayOfMonth } from '../rules/dates.js';
import type { ReviewProblem, ReviewRow } from './plan-types.js';
import { monthOf } from './plan-window.js';

/** Most records per State and month the snapshot carries; the digest shows the count of the rest. */
export const REVIEW_ROWS_PER_STATE = 40;

const nextMonth = (m: IsoDate) => addDays(lastDayOfMonth(m), 1);

/** One kind of incomplete record: its rows for the States `a.state_code` may take. */
interface ProblemKind {
  problem: ReviewProblem;
  /** Columns: state_code, aid, did, focus, date1, date2, note; `states` filters a.state_code. */
  rows(states: SQL): SQL;
}

/** The kinds of incomplete record of month `m`, in the order the digest lists them. */
function problemKinds(m: IsoDate, tz: string): ProblemKind[] {
  const end = nextMonth(m);
  const fromAt = sql`(${m}::date::timestamp at time zone ${tz}::text)`;
  const toAt = sql`(${end}::date::timestamp at time zone ${tz}::text)`;
  const enteredOn = sql`(d.summary_entered_at at time zone ${tz}::text)::date`;
  const hasWarnings = sql`jsonb_typeof(d.summary_warnings) = 'array' and jsonb_array_length(d.summary_warnings) > 0`;
  return [
    {
      problem: 'missing_summary',
      rows: (states) => sql`select a.state_code, a.id as aid, d.id as did, a.focus, d.end_date::text as date1,
  d.due_date::text as date2, null::text as note
from activities a join deliveries d on d.activity_id = a.id
where ${states} and d.summary is null and d.due_date < ${end}::date`,
    },
    {
      problem: 'late_summary',
      rows: (states) => sql`select a.state_code, a.id as aid, d.id as did, a.focus, d.end_date::text as date1,
  ${enteredOn}::text as date2, null::text as note
from activities a join deliveries d on d.activity_id = a.id
where ${states} and d.summary_entered_at >= ${fromAt} and d.summary_entered_at < ${toAt}
  and ${enteredOn} > d.due_date`,
    },
    {
      problem: 'late_entry',
      rows: (
        states,
      ) => sql`select a.state_code, a.id as aid, null::int as did, a.focus, a.date_opened::text as date1,
  (a.entered_at at time zone ${tz}::text)::date::text as date2, null::text as note
from activities a
where ${states} and a.entered_late and a.entered_at >= ${fromAt} and a.entered_at < ${toAt}`,
    },
    {
      problem: 'closed_incomplete',
      rows: (states) => sql`select a.state_code, a.id as aid, null::int as did, a.focus,
  a.completion_date::text as date1, null::text as date2, case
    when length(trim(coalesce(a.outcome_report, ''))) > 0 then 'no_feedback'
    when exists (select 1 from feedback f where f.activity_id = a.id) then 'no_outcome_report'
    else 'no_feedback_or_outcome_report' end as note
from activities a
where ${states} and a.completion_status = 'closed' and a.completion_date >= ${m}::date
  and a.completion_date < ${end}::date
  and (length(trim(coalesce(a.outcome_report, ''))) = 0
    or not exists (select 1 from feedback f where f.activity_id = a.id))`,
    },
    {
      problem: 'no_final_plan',
      rows: (states) => sql`select a.state_code, a.id as aid, null::int as did, a.focus, null::text as date1,
  null::text as date2, null::text as note
from activities a
where ${states} and a.completion_status = 'open' and a.activity_status = 'approved'
  and not exists (select 1 from plan_descriptions p where p.activity_id = a.id and p.stage = 'final')`,
    },
    {
      problem: 'summary_warnings',
      rows: (states) => sql`select a.state_code, a.id as aid, d.id as did, a.focus, d.end_date::text as date1,
  null::text as date2,
  (select string_agg(w.value #>> '{}', '; ') from jsonb_array_elements(d.summary_warnings) w) as note
from activities a join deliveries d on d.activity_id = a.id
where ${states} and d.summary_entered_at >= ${fromAt} and d.summary_entered_at < ${toAt} and ${hasWarnings}`,
    },
  ];
}

/** Specialists whose review of month `m` is not sent yet (reminders on). */
function pendingSpecialists(m: IsoDate): SQL {
  return sql`(select s.id from staff s
    where s.active and s.role = 'specialist' and s.reminder_mode <> 'off'
      and not exists (select 1 from reminder_ledger l where l.recipient_staff_id = s.id
        and l.subject = ${`review:${monthOf(m)}`} and l.kind = 'monthly_review' and l.status = 'sent'))`;
}

/**
 * Small parts ('rs' recipients, 't' each State's count of incomplete records) as (k, v JSON) rows.
 */
export function reviewSmallParts(m: IsoDate, tz: string): SQL[] {
  const everywhere = sql`true`;
  const counted = sql.join(
    problemKinds(m, tz).map((kind) => sql`select x.state_code from (${kind.rows(everywhere)}) x`),
    sql`\nunion all\n`,
  );
  return [
    sql`select 'rs', json_build_object('staffId', s.id, 'month', ${m}::date)::text
from staff s where s.id in ${pendingSpecialists(m)}`,
    sql`select 't', json_build_object('month', ${m}::date, 'stateCode', c.state_code, 'total', c.n)::text
from (
  select p.state_code, count(*)::int as n from (${counted}) p
  where exists ${pendingSpecialists(m)}
  group by p.state_code
) c`,
  ];
}

/** A Postgres text array literal of State codes (two capital letters each, checked). */
function statesArray(codes: readonly string[]): string {
  for (const c of codes) if (!/^[A-Z]{2}$/.test(c)) throw new Error(`not a State code: ${c}`);
  return `{${codes.join(',')}}`;
}

/**
 * The first REVIEW_ROWS_PER_STATE incomplete records of each State in `totals` (State → count), in
 * digest order: kind by kind, by activity then delivery, each kind asked only for the States still
 * short of rows.
 */
export async function readReviewRows(
  tx: DbOrTx,
  m: IsoDate,
  tz: string,
  totals: ReadonlyMap<string, number>,
): Promise<ReviewRow[]> {
  const rows: ReviewRow[] = [];
  const have = new Map<string, number>();
  for (const kind of problemKinds(m, tz)) {
    const short = [...totals]
      .filter(([state, total]) => (have.get(state) ?? 0) < Math.min(total, REVIEW_ROWS_PER_STATE))
      .map(([state]) => state);
    if (short.length === 0) break;
    const found = await queryRows<{
      state_code: string;
      aid: number;
      did: number | null;
      focus: string;
      date1: string | null;
      date2: string | null;
      note: string | null;
    }>(
      tx,
      sql`select x.* from unnest(${statesArray(short)}::text[]) as s(code)
cross join lateral (
  select * from (${kind.rows(sql`a.state_code = s.code`)}) k
  order by k.aid, k.did limit ${REVIEW_ROWS_PER_STATE}
) x`,
    );
    for (const r of found) {
      const n = have.get(r.state_code) ?? 0;
      if (n >= REVIEW_ROWS_PER_STATE) continue;
      have.set(r.state_code, n + 1);
      rows.push({
        month: m,
        stateCode: r.state_code,
        problem: kind.problem,
        activityId: r.aid,
        deliveryId: r.did,
        focus: r.focus,
        date: r.date1,
        date2: r.date2,
        note: r.note,
        stateTotal: totals.get(r.state_code) ?? 0,
      });
    }
  }
  return rows;
}
