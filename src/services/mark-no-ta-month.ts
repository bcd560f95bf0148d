// R4 No TA, no summary: the primary staff (or another editor) says no TA was delivered on an
// activity during a month, which ends that month's nudges. Refused if a delivery exists in the month.
import { and, eq, gte, lte } from 'drizzle-orm';
import { deliveries, noTaMonths } from '../../db/schema.js';
import { ErrorCode, type Result } from '../errors.js';
import { formatNoteDate, lastDayOfMonth } from '../rules/dates.js';
import { MarkNoTaMonthInput, parseInput } from '../rules/schemas.js';
import { refuse, requireOpen, unwrap } from './activity-common.js';
import { type Actor, type ServiceContext, today, writeAudit } from './context.js';
import { requireActivityEditor } from './permissions.js';
import { inTransaction } from './transaction.js';

export interface MarkNoTaMonthResult {
  activityId: number;
  month: string;
  /** It was already marked; nothing changed. */
  alreadyMarked: boolean;
}

export async function markNoTaMonth(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<MarkNoTaMonthResult>> {
  const parsed = parseInput(MarkNoTaMonthInput, input);
  if (!parsed.ok) return parsed;
  const { activityId, month } = parsed.value;
  const first = `${month}-01`;
  const last = lastDayOfMonth(first);

  return inTransaction(ctx, async (tx) => {
    const { activity, staff: me } = unwrap(await requireActivityEditor(tx, actor, activityId));
    requireOpen(activity, 'mark a month without TA');
    if (first > today(ctx))
      refuse(ErrorCode.InvalidInput, `${month} has not started yet; mark a month once it has begun.`);
    if (last < activity.dateOpened)
      refuse(
        ErrorCode.InvalidInput,
        `TA request #${activity.id} was opened on ${formatNoteDate(activity.dateOpened)}, after ${month}.`,
      );
    const inMonth = await tx
      .select({ id: deliveries.id, endDate: deliveries.endDate })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.activityId, activity.id),
          lte(deliveries.startDate, last),
          gte(deliveries.endDate, first),
        ),
      );
    if (inMonth.length)
      refuse(
        ErrorCode.InvalidInput,
        `TA was delivered on TA request #${activity.id} in ${month} (${inMonth.map((d) => formatNoteDate(d.endDate)).join(', ')}), so the month needs a summary instead of a "no TA" mark.`,
        { deliveryIds: inMonth.map((d) => d.id) },
      );
    const inserted = await tx
      .insert(noTaMonths)
      .values({ activityId: activity.id, month: first, markedByStaffId: me.id })
      .onConflictDoNothing()
      .returning({ month: noTaMonths.month });
    if (inserted.length === 0) return { activityId: activity.id, month, alreadyMarked: true };
    await writeAudit(tx, ctx, actor, {
      action: 'no_ta_month.mark',
      entity: 'activity',
      entityId: activity.id,
      changes: { month: first },
    });
    return { activityId: activity.id, month, alreadyMarked: false };
  });
}
