// Shared by the commands: the environment (through loadConfig), the program calendar (R0) and the
// configured database.
// The database modules load only in the commands that open it: `tat due` never pays for them.
import type { DbHandle } from '../../../db/client.js';
import { type Config, ConfigError, loadConfig } from '../../config.js';
import { type Calendar, createCalendar } from '../../rules/calendar.js';
import { type CliIo, EXIT_FAILED } from './types.js';

export type Loaded = { ok: true; config: Config; calendar: Calendar } | { ok: false; exitCode: number };

/** Reads the configuration; a bad environment is reported on stderr (exit 1). */
export function loadCliConfig(io: CliIo): Loaded {
  try {
    const config = loadConfig(io.env);
    const calendar = createCalendar({
      timeZone: config.TAT_TIMEZONE,
      extraClosures: config.TAT_CLOSURE_DAYS,
    });
    return { ok: true, config, calendar };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`${err.message}\n`);
    return { ok: false, exitCode: EXIT_FAILED };
  }
}

/** Opens the configured database (applying migrations); an unreachable one is reported on stderr. */
export async function openCliDb(config: Config, io: CliIo, command?: string): Promise<DbHandle | undefined> {
  const [{ DatabaseUnreachableError, openDb }, { DataDirLockedError }] = await Promise.all([
    import('../../../db/client.js'),
    import('../../../db/data-dir-lock.js'),
  ]);
  try {
    return await openDb({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      maxConnections: 2,
      ...(command ? { command: `tat ${command}` } : {}),
    });
  } catch (err) {
    if (!(err instanceof DatabaseUnreachableError) && !(err instanceof DataDirLockedError)) throw err;
    io.stderr.write(`${err.message}\n`);
    return undefined;
  }
}
