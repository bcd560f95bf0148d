// Runs a sweep on a cron schedule (node-cron v4, `noOverlap` so a slow sweep is never doubled) and
// once at start, so nudges missed while the process was down go out the same business day.
// `stop()` lets the running sweep finish the message it is on, then stops the task.
import cron from 'node-cron';
import type { ServiceContext } from '../services/context.js';
import type { ChannelPort } from './channel-port.js';
import type { ReminderLogger } from './deliver.js';
import { runSweep, type SweepOptions, type SweepSummary } from './sweep.js';

export interface ReminderSchedulerOptions {
  ctx: ServiceContext;
  ports: readonly ChannelPort[];
  /** e.g. `*\/15 * * * *` (REMINDER_CRON). */
  cronExpression: string;
  /** Zone the cron expression is read in (TAT_TIMEZONE). */
  timeZone: string;
  logger: ReminderLogger;
  sweep?: Omit<SweepOptions, 'logger' | 'signal'>;
  /** Sweep right away at start (default true). */
  runOnStart?: boolean;
}

export interface ReminderScheduler {
  /** Runs one sweep now (skipped, returning undefined, if one is already running). */
  runNow(): Promise<SweepSummary | undefined>;
  /** Stops scheduling, lets the current sweep finish its current message (at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export function startReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const { ctx, ports, logger } = options;
  if (!cron.validate(options.cronExpression)) {
    throw new Error(
      `REMINDER_CRON "${options.cronExpression}" is not a valid cron expression (e.g. */15 * * * *).`,
    );
  }
  const abort = new AbortController();
  let running: Promise<SweepSummary | undefined> | undefined;

  const sweep = (): Promise<SweepSummary | undefined> => {
    if (running || abort.signal.aborted) return Promise.resolve(undefined);
    running = runSweep(ctx, ports, ctx.now(), { ...options.sweep, logger, signal: abort.signal })
      .then((summary) => {
        if (summary.claimed > 0 || summary.failed > 0) {
          logger.info('reminders: sweep done', { ...summary, at: summary.at.toISOString() });
        }
        return summary;
      })
      .catch((err: unknown) => {
        logger.error('reminders: sweep failed', { error: (err as Error)?.message ?? String(err) });
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const task = cron.schedule(options.cronExpression, () => sweep(), {
    timezone: options.timeZone,
    noOverlap: true,
    name: 'tat-reminders',
  });
  if (options.runOnStart ?? true) void sweep();

  return {
    runNow: sweep,
    async stop(timeoutMs = 10_000) {
      abort.abort();
      await task.stop();
      const current = running;
      if (current) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([current, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
      }
      await task.destroy();
    },
  };
}
