// One bot process of test/scale-out.test.ts: the Slack channel over HTTP on an ephemeral port (the
// same adapters main.ts wires), sharing one PostgreSQL with its siblings. Reminder sweeps run when
// the test writes `sweep <ISO instant>` on stdin (so a "day" is a list of instants, not hours).
import { createInterface } from 'node:readline';
import { createSlackApp } from '../adapters/slack/create-slack-app.js';
import { openDb } from '../db/client.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { createLogger } from '../src/logger.js';
import { runSweep } from '../src/reminders/sweep.js';
import { createCalendar } from '../src/rules/calendar.js';
import type { ServiceContext } from '../src/services/context.js';

const [databaseUrl, botToken, signingSecret, apiUrl] = process.argv.slice(2);
if (!databaseUrl || !botToken || !signingSecret || !apiUrl)
  throw new Error('usage: <db> <token> <secret> <api>');
const handle = await openDb({ databaseUrl, maxConnections: 4 });
const ctx: ServiceContext = { db: handle.db, calendar: createCalendar(), now: () => new Date() };
const slack = createSlackApp({
  config: { botToken, signingSecret, apiUrl, port: 0, host: '127.0.0.1' },
  engine: createDialogEngine({ ctx, idleMinutes: 30 }),
  ctx,
  dbHandle: handle,
  logger: createLogger('info'),
});
await slack.start();
process.stdout.write(`listening ${slack.listeningPort()}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const [verb, arg] = line.trim().split(' ');
  if (verb === 'sweep' && arg) {
    const at = new Date(arg);
    const summary = await runSweep({ ...ctx, now: () => at }, [slack.port], at, {
      minIntervalMs: { slack: 0 },
    });
    process.stdout.write(`swept ${arg} ${summary.sent}\n`);
  } else if (verb === 'stop') break;
}
await slack.stop();
await handle.close();
process.exit(0);
