// Everything `/ta show` needs about one activity: its fields, people, dated notes formatted
// `MM/DD/YY: text` (R14) in date order, the current plan stage (R11), the tracking gate (R12) and
// the deliveries still waiting for a summary with their R1 due dates.
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import {
  activities,
  activityCollaboratingCenters,
  activityCollaboratingStaff,
  activityOtherCollaborators,
  activityRequesters,
  centers,
  deliveries,
  feedback,
  goalCategories,
  goalStrategicAreas,
  goals,
  noTaMonths,
  otherCollaboratorOptions,
  planDescriptions,
  requesters,
  responseNotes,
  staff,
  states,
} from '../../db/schema.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { Calendar } from '../rules/calendar.js';
import { formatNoteDate, type IsoDate } from '../rules/dates.js';
import {
  type ChosenPlanStage,
  currentPlanStage,
  PLAN_STAGE_LABELS,
  type PlanStage,
} from '../rules/plan-stages.js';
import { DELIVERY_METHOD_LABELS } from '../rules/schemas.js';
import { type SummaryTimeliness, summaryTimeliness } from '../rules/timeliness.js';
import { type TrackingGate, trackingGate } from '../rules/tracking-gate.js';
import { type ServiceContext, today } from './context.js';
import type { ActivityRow } from './permissions.js';

type DeliveryRow = typeof deliveries.$inferSelect;

/** A dated note as shown (R14): `line` is `MM/DD/YY: text`. */
export interface DatedNote {
  id: number;
  date: IsoDate;
  text: string;
  line: string;
  author?: string;
}

export interface PlanNote extends DatedNote {
  stage: PlanStage;
  stageLabel: string;
}

export interface PendingDelivery {
  deliveryId: number;
  startDate: IsoDate;
  endDate: IsoDate;
  methods: string[];
  due: IsoDate;
  timeliness: SummaryTimeliness;
}

export interface DeliveryView {
  deliveryId: number;
  startDate: IsoDate;
  endDate: IsoDate;
  methods: string[];
  methodLabels: string[];
  due: IsoDate;
  summary: string | null;
  summaryDate: IsoDate | null;
  summaryWarnings: string[];
  /** R14: who wrote the summary. */
  author?: string;
}

export interface PersonRef {
  id: number;
  name: string;
  title: string;
  email: string;
}

export interface CenterRef {
  id: number;
  code: string;
  name: string;
}

export interface ActivityDetail {
  activity: ActivityRow;
  state: { code: string; name: string; region: number };
  goal: { id: number; title: string; categoryCode: string; categoryName: string; status: 'open' | 'closed' };
  strategicArea: { id: number; name: string };
  primaryCenter: CenterRef;
  primaryStaff: PersonRef & { slackUserId: string | null; teamsUserId: string | null };
  collaboratingCenters: CenterRef[];
  collaboratingStaff: PersonRef[];
  otherCollaborators: { code: string; label: string }[];
  requesters: (PersonRef & { isCcdfAdministrator: boolean; isCcdfStaff: boolean })[];
  currentStage: ChosenPlanStage | undefined;
  tracking: TrackingGate;
  planNotes: PlanNote[];
  summaries: (DatedNote & { deliveryId: number })[];
  feedback: (DatedNote & { fromName: string; fromTitle: string })[];
  responseNotes: DatedNote[];
  deliveries: DeliveryView[];
  pendingDeliveries: PendingDelivery[];
  /** R4: months marked "no TA", as YYYY-MM. */
  noTaMonths: string[];
}

const line = (date: IsoDate, text: string) => `${formatNoteDate(date)}: ${text}`;
const byDateThenId = <T extends { date: IsoDate; id: number }>(a: T, b: T) =>
  a.date.localeCompare(b.date) || a.id - b.id;

/** Dated notes as shown (R14): each gets its `MM/DD/YY: …` line; oldest first, ties by id. */
function withLines<T extends { id: number; date: IsoDate; text: string }>(
  notes: T[],
  shown: (note: T) => string = (n) => n.text,
): (T & { line: string })[] {
  return notes.map((n) => ({ ...n, line: line(n.date, shown(n)) })).sort(byDateThenId);
}

/** A delivery still waiting for its summary: its R1 due date and where that stands today. */
export function pendingDelivery(
  calendar: Calendar,
  today: IsoDate,
  d: Pick<DeliveryRow, 'id' | 'startDate' | 'endDate' | 'methods' | 'dueDate'>,
): PendingDelivery {
  return {
    deliveryId: d.id,
    startDate: d.startDate,
    endDate: d.endDate,
    methods: d.methods,
    due: d.dueDate,
    timeliness: summaryTimeliness(calendar, d.dueDate, today),
  };
}

/** Staff names by id, for the authors of notes (R14). */
async function staffNames(db: ServiceContext['db'], ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(inArray(staff.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const authorOf = (names: Map<number, string>, id: number | null): { author?: string } => {
  const name = id === null ? undefined : names.get(id);
  return name ? { author: name } : {};
};

export async function getActivityDetail(
  ctx: ServiceContext,
  activityId: number,
): Promise<Result<ActivityDetail>> {
  const db = ctx.db;
  // The activity and its one-to-one references in one round trip (a turn stays within 12 statements).
  const [head] = await db
    .select({
      activity: activities,
      state: { code: states.code, name: states.name, region: states.region },
      goal: {
        id: goals.id,
        title: goals.title,
        categoryCode: goals.categoryCode,
        categoryName: goalCategories.name,
        status: goals.status,
      },
      area: { id: goalStrategicAreas.id, name: goalStrategicAreas.name },
      primaryCenter: { id: centers.id, code: centers.code, name: centers.name },
      primaryStaff: {
        id: staff.id,
        name: staff.name,
        title: staff.title,
        email: staff.email,
        slackUserId: staff.slackUserId,
        teamsUserId: staff.teamsUserId,
      },
      // R4 months marked "no TA", folded in here so `/ta show` stays within 12 statements.
      noTaMonths: sql<
        string[]
      >`coalesce((select array_agg(to_char(${noTaMonths.month}, 'YYYY-MM') order by ${noTaMonths.month}) from ${noTaMonths} where ${noTaMonths.activityId} = ${activities.id}), '{}')`,
    })
    .from(activities)
    .innerJoin(states, eq(states.code, activities.stateCode))
    .innerJoin(goals, eq(goals.id, activities.goalId))
    .innerJoin(goalCategories, eq(goalCategories.code, goals.categoryCode))
    .innerJoin(goalStrategicAreas, eq(goalStrategicAreas.id, activities.strategicAreaId))
    .innerJoin(centers, eq(centers.id, activities.primaryCenterId))
    .innerJoin(staff, eq(staff.id, activities.primaryStaffId))
    .where(eq(activities.id, activityId));
  if (!head)
    return fail(
      ErrorCode.NotFound,
      `TA request #${activityId} does not exist. Check the number with /ta mine or /ta find.`,
    );
  const { activity, state, goal, area, primaryCenter, primaryStaff } = head;
  const noTa = head.noTaMonths;

  const collaboratingCenters = await db
    .select({ id: centers.id, code: centers.code, name: centers.name })
    .from(activityCollaboratingCenters)
    .innerJoin(centers, eq(centers.id, activityCollaboratingCenters.centerId))
    .where(eq(activityCollaboratingCenters.activityId, activityId))
    .orderBy(asc(centers.code));
  const collaboratingStaff = await db
    .select({ id: staff.id, name: staff.name, title: staff.title, email: staff.email })
    .from(activityCollaboratingStaff)
    .innerJoin(staff, eq(staff.id, activityCollaboratingStaff.staffId))
    .where(eq(activityCollaboratingStaff.activityId, activityId))
    .orderBy(asc(staff.name));
  const otherCollaborators = await db
    .select({ code: otherCollaboratorOptions.code, label: otherCollaboratorOptions.label })
    .from(activityOtherCollaborators)
    .innerJoin(
      otherCollaboratorOptions,
      eq(otherCollaboratorOptions.code, activityOtherCollaborators.collaboratorCode),
    )
    .where(eq(activityOtherCollaborators.activityId, activityId));
  const requesterRows = await db
    .select({
      id: requesters.id,
      name: requesters.name,
      title: requesters.title,
      email: requesters.email,
      isCcdfAdministrator: requesters.isCcdfAdministrator,
      isCcdfStaff: requesters.isCcdfStaff,
    })
    .from(activityRequesters)
    .innerJoin(requesters, eq(requesters.id, activityRequesters.requesterId))
    .where(eq(activityRequesters.activityId, activityId))
    .orderBy(asc(requesters.name));

  const planRows = await db
    .select({
      id: planDescriptions.id,
      stage: planDescriptions.stage,
      date: planDescriptions.noteDate,
      text: planDescriptions.text,
      author: staff.name,
    })
    .from(planDescriptions)
    .leftJoin(staff, eq(staff.id, planDescriptions.authorStaffId))
    .where(eq(planDescriptions.activityId, activityId))
    .orderBy(asc(planDescriptions.id));
  const currentStage = currentPlanStage(planRows.map((p) => p.stage));
  const planNotes: PlanNote[] = withLines(
    planRows.map((p) => ({
      id: p.id,
      date: p.date,
      text: p.text,
      stage: p.stage,
      stageLabel: PLAN_STAGE_LABELS[p.stage],
      ...(p.author ? { author: p.author } : {}),
    })),
  );

  const deliveryRows = await db
    .select()
    .from(deliveries)
    .where(eq(deliveries.activityId, activityId))
    .orderBy(asc(deliveries.endDate), asc(deliveries.id));
  const feedbackRows = await db
    .select()
    .from(feedback)
    .where(eq(feedback.activityId, activityId))
    .orderBy(asc(feedback.id));
  // R14: authors of summaries (written with the delivery or after it) and of entered feedback.
  const authorName = await staffNames(db, [
    ...deliveryRows.map((d) => d.summaryAuthorStaffId ?? d.createdByStaffId),
    ...feedbackRows.map((f) => f.enteredByStaffId),
  ]);
  const now = today(ctx);
  const summaries = withLines(
    deliveryRows
      .filter((d) => d.summary !== null && d.summaryDate !== null)
      .map((d) => ({
        id: d.id,
        deliveryId: d.id,
        date: d.summaryDate!,
        text: d.summary!,
        ...authorOf(authorName, d.summaryAuthorStaffId ?? d.createdByStaffId),
      })),
  );
  const pendingDeliveries: PendingDelivery[] = deliveryRows
    .filter((d) => d.summary === null)
    .map((d) => pendingDelivery(ctx.calendar, now, d))
    .sort((a, b) => a.due.localeCompare(b.due) || a.deliveryId - b.deliveryId);

  const responseRows = await db
    .select({
      id: responseNotes.id,
      date: responseNotes.noteDate,
      text: responseNotes.text,
      author: staff.name,
    })
    .from(responseNotes)
    .innerJoin(staff, eq(staff.id, responseNotes.authorStaffId))
    .where(eq(responseNotes.activityId, activityId));

  return ok({
    activity,
    state,
    goal,
    strategicArea: area,
    primaryCenter,
    primaryStaff,
    collaboratingCenters,
    collaboratingStaff,
    otherCollaborators,
    requesters: requesterRows,
    currentStage,
    tracking: trackingGate(activity.activityStatus, currentStage),
    planNotes,
    summaries,
    feedback: withLines(
      feedbackRows.map((f) => ({
        id: f.id,
        date: f.noteDate,
        text: f.text,
        fromName: f.fromName,
        fromTitle: f.fromTitle,
        ...authorOf(authorName, f.enteredByStaffId),
      })),
      // The Quick Guide's form: MM/DD/YY: received from NAME, TITLE: "…"
      (f) => `received from ${f.fromName}, ${f.fromTitle}: “${f.text}”`,
    ),
    responseNotes: withLines(
      responseRows.map((r) => ({ id: r.id, date: r.date, text: r.text, author: r.author })),
    ),
    deliveries: deliveryRows.map((d) => ({
      ...(d.summary === null ? {} : authorOf(authorName, d.summaryAuthorStaffId ?? d.createdByStaffId)),
      deliveryId: d.id,
      startDate: d.startDate,
      endDate: d.endDate,
      methods: d.methods,
      methodLabels: d.methods.map((m) => DELIVERY_METHOD_LABELS[m] ?? m),
      due: d.dueDate,
      summary: d.summary,
      summaryDate: d.summaryDate,
      summaryWarnings: d.summaryWarnings ?? [],
    })),
    pendingDeliveries,
    noTaMonths: noTa,
  });
}

/** Deliveries with a summary on exactly these dates: what a likely-duplicate check compares (R16). */
export async function summarizedDeliveriesOn(
  ctx: ServiceContext,
  activityId: number,
  startDate: IsoDate,
  endDate: IsoDate,
): Promise<{ id: number; startDate: IsoDate; endDate: IsoDate; methods: string[]; summary: string }[]> {
  const rows = await ctx.db
    .select({
      id: deliveries.id,
      startDate: deliveries.startDate,
      endDate: deliveries.endDate,
      methods: deliveries.methods,
      summary: deliveries.summary,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.activityId, activityId),
        eq(deliveries.startDate, startDate),
        eq(deliveries.endDate, endDate),
        isNotNull(deliveries.summary),
      ),
    );
  return rows.map((r) => ({ ...r, summary: r.summary ?? '' }));
}
