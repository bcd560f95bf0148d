// R3 monthly review report for a specialist's States, a center, or (admins) the whole program. The
// database groups and counts (five small statements in one read-only snapshot, each reading an index
// range of the month); src/rules/report-figures.ts turns the counts into figures. Audited (R25).
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { centers, staffStates, states } from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { addDays, lastDayOfMonth } from '../rules/dates.js';
import type { ReportScopeRequest } from '../rules/report-args.js';
import {
  MONTHS_SHOWN,
  monthsEnding,
  type ReportFigures,
  type ReportInput,
  reportAsOf,
  reportFigures,
} from '../rules/report-figures.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { requireStaff, type StaffRow } from './permissions.js';

export type ReportScope =
  | { kind: 'program' }
  | { kind: 'states'; stateCodes: string[] }
  | { kind: 'center'; centerId: number; centerCode: string };

/** R25: the scope asked for, if this person may read it; the default is their own States or center. */
async function resolveScope(
  ctx: ServiceContext,
  me: StaffRow,
  asked: ReportScopeRequest,
): Promise<Result<{ scope: ReportScope; label: string }>> {
  const db = ctx.db;
  const mine = (
    await db.select({ s: staffStates.stateCode }).from(staffStates).where(eq(staffStates.staffId, me.id))
  ).map((r) => r.s);
  const center = async (where: SQL) => (await db.select().from(centers).where(where))[0];
  const centerScope = (c: { id: number; code: string; name: string }) =>
    ok({
      scope: { kind: 'center' as const, centerId: c.id, centerCode: c.code },
      label: `${c.code} (primary center)`,
    });
  const isAdmin = me.role === 'admin';
  if (asked.kind === 'program' || (asked.kind === 'default' && isAdmin)) {
    return isAdmin
      ? ok({ scope: { kind: 'program' }, label: 'the whole program' })
      : fail(
          ErrorCode.Forbidden,
          'Only TAT administrators can report on the whole program. Ask for your States (state:MD) or your center (center:…).',
        );
  }
  if (asked.kind === 'states' || (asked.kind === 'default' && me.role === 'specialist' && mine.length)) {
    const codes = asked.kind === 'states' ? asked.stateCodes : [...mine].sort();
    const known = (await db.select().from(states).where(inArray(states.code, codes))).map((s) => s.code);
    const unknown = codes.filter((c) => !known.includes(c));
    if (unknown.length)
      return fail(ErrorCode.InvalidInput, `${unknown.join(', ')} is not a State or Territory code.`);
    const notMine = isAdmin ? [] : codes.filter((c) => !(me.role === 'specialist' && mine.includes(c)));
    if (notMine.length)
      return fail(
        ErrorCode.Forbidden,
        `You can report on the States you are the State Systems Specialist for${mine.length ? ` (${mine.join(', ')})` : ''} and on your center; ${notMine.join(', ')} is not one of them.`,
      );
    return ok({ scope: { kind: 'states', stateCodes: codes }, label: codes.join(', ') });
  }
  if (asked.kind === 'center') {
    const c = await center(eq(centers.code, asked.centerCode));
    if (!c) return fail(ErrorCode.NotFound, `There is no center with the code ${asked.centerCode}.`);
    if (!isAdmin && c.id !== me.centerId)
      return fail(
        ErrorCode.Forbidden,
        `You can report on your own center's activities, not ${c.code}'s. Ask a TAT administrator for that report.`,
      );
    return centerScope(c);
  }
  const own = await center(eq(centers.id, me.centerId));
  if (!own) return fail(ErrorCode.NotFound, 'Your staff profile has no center; ask a TAT administrator.');
  return centerScope(own);
}

function scopeFilter(scope: ReportScope): SQL {
  if (scope.kind === 'program') return sql`true`;
  if (scope.kind === 'center') return sql`a.primary_center_id = ${scope.centerId}`;
  return sql`a.state_code in (${sql.join(
    scope.stateCodes.map((c) => sql`${c}`),
    sql`, `,
  )})`;
}

/** The grouped counts of one scope and month (exported for the benchmark). */
export async function loadReportInput(
  ctx: ServiceContext,
  scope: ReportScope,
  scopeLabel: string,
  month: string,
): Promise<ReportInput> {
  const tz = ctx.calendar.timeZone;
  const now = today(ctx);
  const first = `${month}-01`;
  const last = lastDayOfMonth(first);
  const seriesFirst = `${monthsEnding(month, MONTHS_SHOWN)[0]}-01`;
  const asOf = reportAsOf(month, now);
  const inScope = scopeFilter(scope);
  const enteredOn = sql`(d.summary_entered_at at time zone ${tz}::text)::date`;
  return ctx.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local jit = off`); // see export-activities.ts
      // One range scan of the six months, grouped by month and method set (few distinct sets):
      // deliveries per month and per method come out of the same small result.
      const series = await queryRows<{ month: string; methods: string[]; n: number }>(
        tx,
        sql`select to_char(date_trunc('month', d.end_date), 'YYYY-MM') as month, d.methods, count(*)::int as n
from deliveries d join activities a on a.id = d.activity_id
where d.end_date >= ${seriesFirst}::date and d.end_date <= ${last}::date and ${inScope}
group by date_trunc('month', d.end_date), d.methods`,
      );
      const summaries = await queryRows<{ due: string; entered: string | null; n: number }>(
        tx,
        sql`select d.due_date::text as due, ${enteredOn}::text as entered, count(*)::int as n
from deliveries d join activities a on a.id = d.activity_id
where d.end_date >= ${first}::date and d.end_date <= ${last}::date and ${inScope}
group by 1, 2`,
      );
      const inMonth = (column: SQL) => sql`${column} >= ${first}::date and ${column} <= ${last}::date`;
      const [counts] = await queryRows<{ opened: number; late: number; closed: number; cancelled: number }>(
        tx,
        sql`select count(*) filter (where ${inMonth(sql`a.date_opened`)})::int as opened,
  count(*) filter (where ${inMonth(sql`a.date_opened`)} and a.entered_late)::int as late,
  count(*) filter (where a.completion_status = 'closed' and ${inMonth(sql`a.completion_date`)})::int as closed,
  count(*) filter (where a.completion_status = 'cancelled' and ${inMonth(sql`a.completion_date`)})::int as cancelled
from activities a
where ${inScope} and (${inMonth(sql`a.date_opened`)} or ${inMonth(sql`a.completion_date`)})`,
      );
      const incomplete = await queryRows<{ id: number; noAsk: boolean; noReport: boolean }>(
        tx,
        sql`select a.id, a.feedback_requested_at is null as "noAsk",
  length(trim(coalesce(a.outcome_report, ''))) = 0 as "noReport"
from activities a
where a.completion_status = 'closed' and ${inMonth(sql`a.completion_date`)} and ${inScope}
  and (a.feedback_requested_at is null or length(trim(coalesce(a.outcome_report, ''))) = 0)
order by a.id`,
      );
      const overdue = await queryRows<{ name: string; n: number }>(
        tx,
        // Unsummarized past their due date on `asOf`: never summarized (partial index of the
        // unsummarized by due date), or summarized only after `asOf` (index on the entry time).
        sql`select s.name, count(*)::int as n
from (select d.activity_id from deliveries d where d.summary is null and d.due_date < ${asOf}::date
      union all
      select d.activity_id from deliveries d
      where d.summary_entered_at >= (${addDays(asOf, 1)}::date::timestamp at time zone ${tz}::text)
        and d.due_date < ${asOf}::date) x
join activities a on a.id = x.activity_id join staff s on s.id = a.primary_staff_id
where ${inScope}
group by s.name`,
      );
      return {
        month,
        today: now,
        scopeLabel,
        deliveredByMonthMethod: series.flatMap((r) =>
          r.methods.map((method) => ({ month: r.month, method, n: r.n })),
        ),
        deliveredByMonth: series.map((r) => ({ month: r.month, n: r.n })),
        summaries,
        opened: counts?.opened ?? 0,
        lateEntries: counts?.late ?? 0,
        closed: counts?.closed ?? 0,
        cancelled: counts?.cancelled ?? 0,
        closedIncomplete: incomplete.map((r) => ({
          activityId: r.id,
          noFeedbackAsk: r.noAsk,
          noOutcomeReport: r.noReport,
        })),
        overdueByStaff: overdue.map((r) => ({ staffName: r.name, n: r.n })),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** R3/R25: the monthly review figures for `month` (YYYY-MM) over a scope the actor may read. */
export async function monthlyReport(
  ctx: ServiceContext,
  actor: Actor,
  month: string,
  asked: ReportScopeRequest,
): Promise<Result<ReportFigures>> {
  const who = await requireStaff(ctx.db, actor);
  if (!who.ok) return who;
  const scope = await resolveScope(ctx, who.value, asked);
  if (!scope.ok) return scope;
  const figures = reportFigures(await loadReportInput(ctx, scope.value.scope, scope.value.label, month));
  await ctx.db.transaction((tx) =>
    writeAudit(tx, ctx, actor, {
      action: 'monthly_report',
      entity: 'report',
      entityId: month,
      changes: { scope: scope.value.scope },
    }),
  );
  return ok(figures);
}
