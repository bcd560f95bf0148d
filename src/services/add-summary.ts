// Write (or revise) the summary of TA delivered for an existing delivery (R12 gate, R14 date,
// R15 coaching: warnings are stored with the summary and returned, never a refusal).
import { eq } from 'drizzle-orm';
import { activities, deliveries } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { AddSummaryInput, DELIVERY_METHOD_LABELS, parseInput } from '../rules/schemas.js';
import { type CoachWarning, coachSummary } from '../rules/summary-coaching.js';
import {
  coachingPeople,
  noteDateOrToday,
  refuse,
  requireOpen,
  requireTracking,
  unwrap,
} from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface AddSummaryResult {
  deliveryId: number;
  activityId: number;
  /** The summary came after its R1 due date. */
  late: boolean;
  warnings: CoachWarning[];
  suggestion?: string;
}

export async function addSummary(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<AddSummaryResult>> {
  const parsed = parseInput(AddSummaryInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;

  return inTransaction(ctx, async (tx) => {
    const [delivery] = await tx.select().from(deliveries).where(eq(deliveries.id, v.deliveryId));
    if (!delivery)
      refuse(
        ErrorCode.NotFound,
        `Delivery ${v.deliveryId} does not exist; see the pending deliveries with /ta mine.`,
      );
    const { activity, staff: me } = unwrap(await requireActivityEditor(tx, actor, delivery.activityId));
    requireOpen(activity, 'add a summary');
    await requireTracking(tx, activity, 'add a summary');
    if (delivery.summary !== null && !v.replace)
      refuse(
        ErrorCode.InvalidInput,
        `The delivery of ${delivery.endDate} already has a summary ("${delivery.summary}"). Confirm you want to replace it to revise it.`,
        { existingSummary: delivery.summary },
      );
    const noteDate = noteDateOrToday(ctx, v.noteDate);
    const coaching = coachSummary(v.summary, {
      people: await coachingPeople(tx, activity),
      methods: delivery.methods.map((m) => DELIVERY_METHOD_LABELS[m] ?? m),
    });
    await tx
      .update(deliveries)
      .set({
        summary: v.summary,
        summaryDate: noteDate,
        summaryEnteredAt: ctx.now(),
        summaryWarnings: coaching.warnings.map((w) => w.message),
        summaryAuthorStaffId: me.id, // R14: the author of a summary written after the delivery
      })
      .where(eq(deliveries.id, delivery.id));
    await tx.update(activities).set({ updatedAt: ctx.now() }).where(eq(activities.id, activity.id));
    await writeAudit(tx, ctx, actor, {
      action: delivery.summary === null ? 'summary.add' : 'summary.replace',
      entity: 'delivery',
      entityId: delivery.id,
      changes: {
        activityId: activity.id,
        summary: { from: delivery.summary, to: v.summary },
        summaryDate: noteDate,
        summaryWarnings: coaching.warnings.map((w) => w.code),
      },
    });
    return {
      deliveryId: delivery.id,
      activityId: activity.id,
      late: today(ctx) > delivery.dueDate,
      warnings: coaching.warnings,
      ...(coaching.suggestion ? { suggestion: coaching.suggestion } : {}),
    };
  });
}
