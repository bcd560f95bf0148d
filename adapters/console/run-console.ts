// Entry script for the console channel on its own: opens the database (DATABASE_URL, or embedded
// PGlite under DATA_DIR; `memory:` for a throw-away one), loads reference data, seeds the demo on
// first run, and talks over stdin/stdout until the input ends. src/main.ts composes the same pieces.
import { openDb } from '../../db/client.js';
import { loadReferenceData } from '../../db/reference/load.js';
import { createDialogEngine } from '../../dialogs/engine.js';
import { loadConfig } from '../../src/config.js';
import { createCalendar } from '../../src/rules/calendar.js';
import type { ServiceContext } from '../../src/services/context.js';
import { startConsole } from './console.js';

const config = loadConfig(process.env);
const handle = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await loadReferenceData(handle.db);
  const ctx: ServiceContext = {
    db: handle.db,
    calendar: createCalendar({ timeZone: config.TAT_TIMEZONE, extraClosures: config.TAT_CLOSURE_DAYS }),
    now: () => new Date(),
  };
  const engine = createDialogEngine({ ctx, idleMinutes: config.DIALOG_IDLE_MINUTES });
  const session = await startConsole({
    engine,
    ctx,
    input: process.stdin,
    output: process.stdout,
    userEmail: config.CONSOLE_USER_EMAIL,
    seedIfEmpty: true,
  });
  await session.done;
} finally {
  await handle.close();
}
