// "Snooze until tomorrow": no nudges about an activity for this person until a date (default: their
// next business day). On that day the nudge that is still due comes back once.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { reminderSnoozes } from '../../db/schema.js';
import { ErrorCode, fail, type Result } from '../errors.js';
import { addDays, dateInZone, type IsoDate, isIsoDate } from '../rules/dates.js';
import { type Actor, type ServiceContext, writeAudit } from '../services/context.js';
import { requireActivityEditor } from '../services/permissions.js';
import { inTransaction, rollback } from '../services/transaction.js';

/** Longest snooze, so a nudge is never silenced for good by accident. */
export const MAX_SNOOZE_DAYS = 31;

const SnoozeInput = z.object({
  activityId: z.coerce
    .number({ error: 'must be a TA request number such as 42' })
    .int('must be a whole TA request number such as 42')
    .positive('must be a TA request number such as 42'),
  until: z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD, e.g. 2026-11-25').optional(),
});

export interface SnoozeResult {
  activityId: number;
  staffId: number;
  /** Nudges about the activity resume on this date. */
  until: IsoDate;
}

export async function snoozeActivity(
  ctx: ServiceContext,
  actor: Actor,
  input: unknown,
): Promise<Result<SnoozeResult>> {
  const parsed = SnoozeInput.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.map(String).join('.') || 'input'} ${i.message}`,
    );
    return fail(ErrorCode.InvalidInput, `Could not snooze the reminders: ${problems.join('; ')}.`, {
      fields: parsed.error.issues.map((i) => i.path.map(String).join('.')),
    });
  }
  const { activityId } = parsed.data;
  return inTransaction(ctx, async (tx) => {
    const access = await requireActivityEditor(tx, actor, activityId);
    if (!access.ok) rollback(access.error);
    const { staff } = access.value;
    const today = dateInZone(ctx.now(), staff.timeZone);
    const until = parsed.data.until ?? ctx.calendar.addBusinessDays(today, 1);
    if (until <= today || until > addDays(today, MAX_SNOOZE_DAYS)) {
      rollback({
        code: ErrorCode.InvalidInput,
        message: `Could not snooze the reminders: the date must be after today (${today}) and at most ${MAX_SNOOZE_DAYS} days ahead (${addDays(today, MAX_SNOOZE_DAYS)}).`,
        details: { fields: ['until'] },
      });
    }
    await tx
      .insert(reminderSnoozes)
      .values({ staffId: staff.id, activityId, until })
      .onConflictDoUpdate({
        target: [reminderSnoozes.staffId, reminderSnoozes.activityId],
        set: { until: sql`excluded.until` },
      });
    await writeAudit(tx, ctx, actor, {
      action: 'snooze_reminders',
      entity: 'activity',
      entityId: activityId,
      changes: { staffId: staff.id, until },
    });
    return { activityId, staffId: staff.id, until };
  });
}
