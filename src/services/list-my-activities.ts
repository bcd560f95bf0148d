// `/ta mine`: the open activities where a staff person is primary or collaborating, each with its
// deliveries still waiting for a summary, their R1 due dates and where they stand today.
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { activities, activityCollaboratingStaff, deliveries, planDescriptions } from '../../db/schema.js';
import { type ChosenPlanStage, currentPlanStage } from '../rules/plan-stages.js';
import type { SummaryTimeliness } from '../rules/timeliness.js';
import { type ActivityStatus, trackingGate } from '../rules/tracking-gate.js';
import { type ServiceContext, today } from './context.js';
import { type PendingDelivery, pendingDelivery } from './get-activity.js';

export interface MyActivity {
  activityId: number;
  stateCode: string;
  focus: string;
  otherFocusNotes: string | null;
  role: 'primary' | 'collaborator';
  activityStatus: ActivityStatus;
  currentStage: ChosenPlanStage | undefined;
  trackingOpen: boolean;
  dateOpened: string;
  pending: PendingDelivery[];
  /** The earliest due date among pending summaries, if any. */
  nextDue?: string;
  /** The worst timeliness among pending summaries, if any. */
  worst?: SummaryTimeliness;
}

const SEVERITY: Record<SummaryTimeliness, number> = { overdue: 3, due_today: 2, due_soon: 1, on_time: 0 };

export async function listMyOpenActivities(ctx: ServiceContext, staffId: number): Promise<MyActivity[]> {
  const db = ctx.db;
  const collabIds = db
    .select({ id: activityCollaboratingStaff.activityId })
    .from(activityCollaboratingStaff)
    .where(eq(activityCollaboratingStaff.staffId, staffId));
  const rows = await db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.completionStatus, 'open'),
        or(eq(activities.primaryStaffId, staffId), inArray(activities.id, collabIds)),
      ),
    )
    .orderBy(asc(activities.id));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const pendingRows = await db
    .select()
    .from(deliveries)
    .where(and(inArray(deliveries.activityId, ids), isNull(deliveries.summary)))
    .orderBy(asc(deliveries.dueDate), asc(deliveries.id));
  const stageRows = await db
    .select({ activityId: planDescriptions.activityId, stage: planDescriptions.stage })
    .from(planDescriptions)
    .where(inArray(planDescriptions.activityId, ids))
    .orderBy(asc(planDescriptions.id));
  const now = today(ctx);

  const list = rows.map((a): MyActivity => {
    const stage = currentPlanStage(stageRows.filter((s) => s.activityId === a.id).map((s) => s.stage));
    const pending = pendingRows
      .filter((d) => d.activityId === a.id)
      .map((d) => pendingDelivery(ctx.calendar, now, d));
    const worst = pending.reduce<SummaryTimeliness | undefined>(
      (w, p) => (w === undefined || SEVERITY[p.timeliness] > SEVERITY[w] ? p.timeliness : w),
      undefined,
    );
    return {
      activityId: a.id,
      stateCode: a.stateCode,
      focus: a.focus,
      otherFocusNotes: a.otherFocusNotes,
      role: a.primaryStaffId === staffId ? 'primary' : 'collaborator',
      activityStatus: a.activityStatus,
      currentStage: stage,
      trackingOpen: trackingGate(a.activityStatus, stage).ok,
      dateOpened: a.dateOpened,
      pending,
      ...(pending[0] ? { nextDue: pending[0].due } : {}),
      ...(worst ? { worst } : {}),
    };
  });
  // Most urgent first: activities with the earliest pending due date, then the rest by number.
  return list.sort(
    (a, b) => (a.nextDue ?? '9999').localeCompare(b.nextDue ?? '9999') || a.activityId - b.activityId,
  );
}
