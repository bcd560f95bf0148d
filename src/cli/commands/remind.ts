// `tat remind --dry-run [--at <instant>]`: who would be nudged about what at an instant (default now),
// planned exactly like the scheduler's sweep, without claiming or sending anything.
import { zoneOffsetMinutes } from '../../rules/dates.js';
import type { ServiceContext } from '../../services/context.js';
import { loadCliConfig, openCliDb } from './config.js';
import {
  type CliIo,
  type Command,
  EXIT_FAILED,
  EXIT_OK,
  printUsage,
  usageError,
  wantsHelp,
} from './types.js';

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads `2026-11-25T15:00:00Z`, `2026-11-25T10:00-05:00`, or a local `2026-11-25T10:00` / `2026-11-25`
 * (in the program time zone; a date alone means 12:00 there). Undefined if it is not an instant.
 */
export function parseInstant(text: string, timeZone: string): Date | undefined {
  const m = INSTANT.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h = '12', mi = '00', s = '00', zone] = m.slice(1, 8) as (string | undefined)[];
  if (zone) {
    const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) return undefined;
  // Wall-clock time in the zone → instant: subtract the zone's offset (checked twice around DST).
  let instant = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  instant = wall - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** The report itself, for any service context (the command opens the configured database). */
export async function printDryRun(ctx: ServiceContext, at: Date, io: CliIo, dueSoonBusinessDays: number) {
  const { dryRunReminders } = await import('../../reminders/dry-run.js');
  const lines = await dryRunReminders(ctx, at, { reminders: { dueSoonBusinessDays } });
  io.stdout.write(`${lines.join('\n')}\n`);
}

export const remindCommand: Command = {
  name: 'remind',
  usage: 'tat remind --dry-run [--at <YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]>]',
  summary:
    'Print who would be nudged about what now, or at the instant given (local times are in TAT_TIMEZONE), without sending anything.',
  async run(args, io) {
    if (wantsHelp(args)) return printUsage(io, this);
    let dryRun = false;
    let atText: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--dry-run') dryRun = true;
      else if (a === '--at') {
        atText = args[++i];
        if (atText === undefined)
          return usageError(io, this, '--at needs an instant, e.g. 2026-11-25T15:00:00Z');
      } else if (a.startsWith('--at=')) atText = a.slice(5);
      else return usageError(io, this, `unknown argument "${a}"`);
    }
    if (!dryRun) {
      return usageError(
        io,
        this,
        'only --dry-run is available here; the running bot sends the reminders itself',
      );
    }
    const loaded = loadCliConfig(io);
    if (!loaded.ok) return loaded.exitCode;
    const at = atText === undefined ? new Date() : parseInstant(atText, loaded.calendar.timeZone);
    if (!at) {
      return usageError(
        io,
        this,
        `"${atText}" is not an instant; write it like 2026-11-25T15:00:00Z, 2026-11-25T10:00-05:00 or 2026-11-25T10:00 (${loaded.calendar.timeZone})`,
      );
    }
    const handle = await openCliDb(loaded.config, io, 'remind --dry-run');
    if (!handle) return EXIT_FAILED;
    try {
      const ctx: ServiceContext = { db: handle.db, calendar: loaded.calendar, now: () => at };
      await printDryRun(ctx, at, io, loaded.config.REMINDER_DUE_SOON_BUSINESS_DAYS);
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
