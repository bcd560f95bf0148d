// `tat remind --dry-run`: who would be nudged about what at an instant, and what is held back and
// why — planned exactly like a sweep, but nothing is claimed or sent.
import { inArray } from 'drizzle-orm';
import { staff } from '../../db/schema.js';
import type { ServiceContext } from '../services/context.js';
import { planSweep, type SweepOptions, type SweepPlan } from './sweep.js';

/** Staff as an operator knows them: "Name <e-mail>", by staff id. */
export type PeopleById = ReadonlyMap<number, string>;

export async function dryRunReminders(
  ctx: ServiceContext,
  at: Date,
  options: SweepOptions = {},
): Promise<string[]> {
  const plan = await planSweep(ctx, at, options);
  const ids = [
    ...new Set([
      ...plan.skipped.map((s) => s.item.recipientStaffId),
      ...plan.unreachable.map((u) => u.staffId),
    ]),
  ];
  const rows = ids.length
    ? await ctx.db
        .select({ id: staff.id, name: staff.name, email: staff.email })
        .from(staff)
        .where(inArray(staff.id, ids))
    : [];
  return describeSweepPlan(plan, new Map(rows.map((r) => [r.id, `${r.name} <${r.email}>`])));
}

/** The plan as lines; people are named (name and e-mail), never by their internal staff id. */
export function describeSweepPlan(plan: SweepPlan, people: PeopleById = new Map()): string[] {
  const lines = [`Reminders at ${plan.at.toISOString()}: ${plan.messages.length} message(s) would be sent.`];
  for (const m of plan.messages) {
    const who = `${m.recipient.name} <${m.recipient.email}> (${m.recipient.timeZone})`;
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
        `    ${s.reason}: ${people.get(s.item.recipientStaffId) ?? 'a person no longer on record'} ${s.item.kind} ${s.item.subject} slot ${s.item.slot}`,
      );
    }
    if (plan.skipped.length > 50) lines.push(`    …and ${plan.skipped.length - 50} more.`);
  }
  if (plan.unreachable.length > 0) {
    const counts = new Map<string, number>();
    for (const u of plan.unreachable) counts.set(u.reason, (counts.get(u.reason) ?? 0) + 1);
    lines.push(
      `Not reachable now (their reminders are planned once they can be reached): ${[...counts].map(([reason, n]) => `${n} ${reason.replaceAll('_', ' ')}`).join(', ')}.`,
    );
    for (const u of plan.unreachable.slice(0, 50)) {
      lines.push(`    ${u.reason}: ${people.get(u.staffId) ?? 'a person no longer on record'}`);
    }
    if (plan.unreachable.length > 50) lines.push(`    …and ${plan.unreachable.length - 50} more.`);
  }
  return lines;
}
