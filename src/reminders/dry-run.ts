// `tat remind --dry-run`: who would be nudged about what at an instant, and what is held back and
// why — planned exactly like a sweep, but nothing is claimed or sent.
import type { ServiceContext } from '../services/context.js';
import { planSweep, type SweepOptions, type SweepPlan } from './sweep.js';

export async function dryRunReminders(
  ctx: ServiceContext,
  at: Date,
  options: SweepOptions = {},
): Promise<string[]> {
  return describeSweepPlan(await planSweep(ctx, at, options));
}

export function describeSweepPlan(plan: SweepPlan): string[] {
  const lines = [`Reminders at ${plan.at.toISOString()}: ${plan.messages.length} message(s) would be sent.`];
  for (const m of plan.messages) {
    const who = `${m.recipient.name} <${m.recipient.email}> (#${m.recipient.id}, ${m.recipient.timeZone})`;
    lines.push(`→ ${who}: ${m.kind}, ${m.items.length} item(s)`);
    for (const item of m.items) {
      lines.push(`    ${item.kind} ${item.subject} slot ${item.slot}: ${item.words().headline}`);
    }
  }
  if (plan.skipped.length > 0) {
    const counts = new Map<string, number>();
    for (const s of plan.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
    lines.push(
      `Held back: ${[...counts].map(([reason, n]) => `${n} ${reason.replaceAll('_', ' ')}`).join(', ')}.`,
    );
    for (const s of plan.skipped.slice(0, 50)) {
      lines.push(
        `    ${s.reason}: #${s.item.recipientStaffId} ${s.item.kind} ${s.item.subject} slot ${s.item.slot}`,
      );
    }
    if (plan.skipped.length > 50) lines.push(`    …and ${plan.skipped.length - 50} more.`);
  }
  return lines;
}
