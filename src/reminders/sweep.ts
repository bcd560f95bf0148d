// One reminder sweep at instant `at`: read the snapshot (one query), plan, check the ledger, compose,
// then claim and send each message exactly once. `planSweep` stops before claiming (dry run).
import type { ServiceContext } from '../services/context.js';
import type { ChannelPort, ReminderStaff } from './channel-port.js';
import { type DeliveryOptions, deliverMessages, type ReminderLogger } from './deliver.js';
import { loadLedgerState } from './ledger.js';
import { composeMessages, DEFAULT_STALE_CLAIM_MS, type PlannedMessage } from './plan-compose.js';
import { createNudgePlanner } from './plan-nudges.js';
import {
  DEFAULT_REMINDER_OPTIONS,
  type ReminderOptions,
  type SkippedItem,
  type SkipReason,
  type UnreachableStaff,
} from './plan-types.js';
import { snapshotWindow } from './plan-window.js';
import { createChannelRouter } from './router.js';
import { streamPlanningSnapshot } from './snapshot.js';

export interface SweepOptions extends Partial<Omit<DeliveryOptions, 'minIntervalMs' | 'now'>> {
  reminders?: Partial<ReminderOptions>;
  minIntervalMs?: Partial<DeliveryOptions['minIntervalMs']>;
}

export interface SweepPlan {
  at: Date;
  /** Items due now that passed every gate. */
  planned: number;
  messages: PlannedMessage[];
  skipped: SkippedItem[];
  /** Active staff nothing can reach now: their nudges are not planned until they can be. */
  unreachable: UnreachableStaff[];
}

export interface SweepSummary {
  at: Date;
  /** Nudge items due now that passed the gates (business day, hours, snooze, opt-out). */
  planned: number;
  /** Items this process claimed in the ledger. */
  claimed: number;
  /** Messages delivered. */
  sent: number;
  /** Messages whose send failed; recorded with a next attempt time. */
  failed: number;
  /** Items not sent now, with `skippedByReason` saying why. */
  skipped: number;
  skippedByReason: Partial<Record<SkipReason, number>>;
  /** People nothing can reach now (their nudges wait, unplanned), by why. */
  unreachableByReason: Partial<Record<UnreachableStaff['reason'], number>>;
}

const silentLogger: ReminderLogger = { info() {}, warn() {}, error() {} };

export function reminderOptions(options: SweepOptions = {}): ReminderOptions {
  return { ...DEFAULT_REMINDER_OPTIONS, ...options.reminders };
}

/** Everything up to (not including) claiming: what would be sent at `at`, and what is held back. */
export async function planSweep(
  ctx: ServiceContext,
  at: Date,
  options: SweepOptions = {},
): Promise<SweepPlan> {
  const reminders = reminderOptions(options);
  // The big parts of the snapshot arrive in batches, each planned and dropped.
  let planner: ReturnType<typeof createNudgePlanner> | undefined;
  let staff: ReminderStaff[] = [];
  let unreachable: UnreachableStaff[] = [];
  await streamPlanningSnapshot(ctx.db, snapshotWindow(ctx.calendar, at, reminders), {
    base(base) {
      staff = base.staff;
      planner = createNudgePlanner(base, at, ctx.calendar, reminders);
      // Only the rows of people a nudge can reach now are read and planned.
      const reach = planner.reach();
      unreachable = reach.unreachable;
      return reach.filter;
    },
    due: (rows) => planner!.addDue(rows),
    monthly: (rows) => planner!.addMonthly(rows),
  });
  const plan = planner!.finish();
  const ledger = await loadLedgerState(ctx.db, plan.items, at);
  const staffById = new Map(staff.map((s) => [s.id, s]));
  const composed = composeMessages(plan, ledger, staffById, {
    staleClaimMs: options.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS,
  });
  return {
    at,
    planned: plan.items.length,
    messages: composed.messages,
    skipped: [...plan.skipped, ...composed.skipped],
    unreachable,
  };
}

export async function runSweep(
  ctx: ServiceContext,
  ports: readonly ChannelPort[],
  at: Date,
  options: SweepOptions = {},
): Promise<SweepSummary> {
  // Claims are stamped with `at` plus the sweep's elapsed monotonic time: the real claim instant in
  // production, yet on the same clock as `at` (the daily cap and the ledger reads compare with it),
  // so sweeps at a given instant (the tests' fixed clock) stay consistent.
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  const startedAt = monotonicNow();
  const plan = await planSweep(ctx, at, options);
  const tally = await deliverMessages(ctx.db, createChannelRouter(ports), plan.messages, at, {
    staleClaimMs: options.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS,
    minIntervalMs: { slack: 1100, teams: 1000, console: 0, ...options.minIntervalMs },
    maxInlineRetryMs: options.maxInlineRetryMs ?? 30_000,
    maxInlineRetries: options.maxInlineRetries ?? 3,
    concurrency: options.concurrency ?? 8,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    monotonicNow,
    now: () => new Date(at.getTime() + (monotonicNow() - startedAt)),
    logger: options.logger ?? silentLogger,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const skipped = [...plan.skipped, ...tally.skipped];
  const skippedByReason: SweepSummary['skippedByReason'] = {};
  for (const s of skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;
  const unreachableByReason: SweepSummary['unreachableByReason'] = {};
  for (const u of plan.unreachable) unreachableByReason[u.reason] = (unreachableByReason[u.reason] ?? 0) + 1;
  return {
    at,
    planned: plan.planned,
    claimed: tally.claimed,
    sent: tally.sent,
    failed: tally.failed,
    skipped: skipped.length,
    skippedByReason,
    unreachableByReason,
  };
}
