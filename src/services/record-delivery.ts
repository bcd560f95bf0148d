// Record TA delivered (R12 gate, R16 methods, R1 due date, R15 coaching). A delivery may come
// with its summary; otherwise the summary is due by R1 from the last day of delivery.
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { activities, deliveries, noTaMonths } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { firstDayOfMonth, formatNoteDate, lastDayOfMonth } from '../rules/dates.js';
import { DELIVERY_METHOD_LABELS, parseInput, RecordDeliveryInput } from '../rules/schemas.js';
import { type CoachWarning, coachSummary } from '../rules/summary-coaching.js';
import {
  type SummaryDue,
  type SummaryTimeliness,
  summaryDue,
  summaryTimeliness,
} from '../rules/timeliness.js';
import { coachingPeople, refuse, requireOpen, requireTracking, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

/** Where a delivery's summary stands: pending (by R1 timeliness) or written on time / late. */
export type DeliveryTimeliness = SummaryTimeliness | 'summarized_on_time' | 'summarized_late';

export interface RecordDeliveryResult {
  deliveryId: number;
  due: SummaryDue;
  timeliness: DeliveryTimeliness;
  /** R15 coaching of the summary, if one was given (saved anyway). */
  warnings: CoachWarning[];
  suggestion?: string;
  /** R4: a "no TA this month" mark that this delivery contradicted, now removed. */
  removedNoTaMonth?: string;
}

export async function recordDelivery(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<RecordDeliveryResult>> {
  const parsed = parseInput(RecordDeliveryInput, input);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  const endDate = v.endDate ?? v.startDate;

  return inTransaction(ctx, async (tx) => {
    const { activity, staff: me } = unwrap(await requireActivityEditor(tx, actor, v.activityId));
    requireOpen(activity, 'record a delivery');
    await requireTracking(tx, activity, 'record a delivery');
    const now = today(ctx);
    if (endDate > now)
      refuse(
        ErrorCode.InvalidInput,
        `${formatNoteDate(endDate)} is in the future. Record TA only once it is delivered; planning goes in a response note.`,
      );
    if (v.startDate < activity.dateOpened)
      refuse(
        ErrorCode.InvalidInput,
        `${formatNoteDate(v.startDate)} is before the request was opened (${formatNoteDate(activity.dateOpened)}); check the delivery date or the date opened.`,
      );

    const due = summaryDue(ctx.calendar, endDate);
    let warnings: CoachWarning[] = [];
    let suggestion: string | undefined;
    if (v.summary) {
      const coaching = coachSummary(v.summary, {
        people: await coachingPeople(tx, activity),
        methods: v.methods.map((m) => DELIVERY_METHOD_LABELS[m] ?? m),
      });
      warnings = coaching.warnings;
      suggestion = coaching.suggestion;
    }
    // The delivery, R4's stale "no TA" marks and the activity's updated_at in one statement (three
    // data-modifying CTEs: PostgreSQL runs each once), so a dialog turn stays within 12 round trips.
    const inserted = tx.$with('inserted').as(
      tx
        .insert(deliveries)
        .values({
          activityId: activity.id,
          startDate: v.startDate,
          endDate,
          methods: v.methods,
          dueDate: due.due,
          summary: v.summary ?? null,
          summaryDate: v.summary ? now : null,
          summaryEnteredAt: v.summary ? ctx.now() : null,
          summaryWarnings: v.summary ? warnings.map((w) => w.message) : null,
          summaryAuthorStaffId: v.summary ? me.id : null,
          createdByStaffId: me.id,
        })
        .returning({ id: deliveries.id }),
    );
    // R4: TA was delivered this month after all, so a "no TA" mark for it no longer holds.
    const unmarked = tx.$with('unmarked').as(
      tx
        .delete(noTaMonths)
        .where(
          and(
            eq(noTaMonths.activityId, activity.id),
            gte(noTaMonths.month, firstDayOfMonth(v.startDate)),
            lte(noTaMonths.month, lastDayOfMonth(endDate)),
          ),
        )
        .returning({ month: noTaMonths.month }),
    );
    const touched = tx
      .$with('touched')
      .as(
        tx
          .update(activities)
          .set({ updatedAt: ctx.now() })
          .where(eq(activities.id, activity.id))
          .returning({ id: activities.id }),
      );
    const written = await tx
      .with(inserted, unmarked, touched)
      .select({ id: inserted.id, month: unmarked.month })
      .from(inserted)
      .leftJoin(unmarked, sql`true`);
    const row = written[0];
    const removed = written.flatMap((w) => (w.month ? [{ month: w.month }] : []));
    const removedNoTaMonth = removed[0]?.month.slice(0, 7);

    await writeAudit(tx, ctx, actor, {
      action: 'delivery.record',
      entity: 'delivery',
      entityId: row!.id,
      changes: {
        activityId: activity.id,
        startDate: v.startDate,
        endDate,
        methods: v.methods,
        dueDate: due.due,
        ...(v.summary ? { summary: v.summary, summaryWarnings: warnings.map((w) => w.code) } : {}),
        ...(removed.length ? { removedNoTaMonths: removed.map((r) => r.month) } : {}),
      },
    });
    const timeliness: DeliveryTimeliness = v.summary
      ? now > due.due
        ? 'summarized_late'
        : 'summarized_on_time'
      : summaryTimeliness(ctx.calendar, due.due, now);
    return {
      deliveryId: row!.id,
      due,
      timeliness,
      warnings,
      ...(suggestion ? { suggestion } : {}),
      ...(removedNoTaMonth ? { removedNoTaMonth } : {}),
    };
  });
}
