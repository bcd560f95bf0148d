// R11 Add a plan description note. A new final plan archives the current one; after a final plan,
// planning may restart at initial or intermediate (the final plan is archived) or go straight to final.
import { and, eq } from 'drizzle-orm';
import { activities, planDescriptions } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { type ChosenPlanStage, planTransition } from '../rules/plan-stages.js';
import { AddPlanDescriptionInput, parseInput } from '../rules/schemas.js';
import { coachNoteNames } from '../rules/summary-coaching.js';
import { trackingGate } from '../rules/tracking-gate.js';
import {
  coachingPeople,
  currentStage,
  noteDateOrToday,
  refuse,
  requireOpen,
  unwrap,
} from './activity-common.js';
import { type Actor, type ServiceContext, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface AddPlanDescriptionResult {
  planDescriptionId: number;
  stage: ChosenPlanStage;
  /** The final plan that this note archived, if any. */
  archivedFinalId?: number;
  /** R12: whether deliveries can now be recorded. */
  trackingOpen: boolean;
  /** R15 coaching of the description's wording (people by role, actions credited to centers). */
  warnings: string[];
}

export async function addPlanDescription(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<AddPlanDescriptionResult>> {
  const parsed = parseInput(AddPlanDescriptionInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const { activity, staff: me } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    requireOpen(activity, 'change its plan');
    const noteDate = noteDateOrToday(ctx, v.noteDate);
    const current = await currentStage(tx, activity.id);
    const step = planTransition(current, v.stage);
    if (!step.ok) refuse(ErrorCode.InvalidTransition, step.reason, { currentStage: current ?? null });

    let archivedFinalId: number | undefined;
    if (step.archivesFinal) {
      const [archived] = await tx
        .update(planDescriptions)
        .set({ stage: 'archived_final' })
        .where(and(eq(planDescriptions.activityId, activity.id), eq(planDescriptions.stage, 'final')))
        .returning({ id: planDescriptions.id });
      archivedFinalId = archived?.id;
    }
    const [row] = await tx
      .insert(planDescriptions)
      .values({ activityId: activity.id, stage: v.stage, noteDate, text: v.text, authorStaffId: me.id })
      .returning({ id: planDescriptions.id });
    await tx.update(activities).set({ updatedAt: ctx.now() }).where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: 'plan_description.add',
      entity: 'activity',
      entityId: activity.id,
      changes: {
        planDescriptionId: row!.id,
        stage: { from: current ?? null, to: v.stage },
        noteDate,
        text: v.text,
        ...(archivedFinalId ? { archivedFinalId } : {}),
      },
    });
    // R15: the role-not-name advice, coached, never refused.
    const warnings = coachNoteNames(v.text, await coachingPeople(tx, activity)).map((w) => w.message);
    return {
      warnings,
      planDescriptionId: row!.id,
      stage: v.stage,
      ...(archivedFinalId ? { archivedFinalId } : {}),
      trackingOpen: trackingGate(activity.activityStatus, v.stage).ok,
    };
  });
}
