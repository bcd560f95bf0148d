// Child process of test/reminders-two-process.test.ts: waits for "go" on stdin, runs one sweep at the
// given instant against the given database, records each send in test_sends, prints the summary.
import { sql } from 'drizzle-orm';
import { openDb } from '../db/client.js';
import type { ChannelPort } from '../src/reminders/channel-port.js';
import { runSweep } from '../src/reminders/sweep.js';
import { createCalendar } from '../src/rules/calendar.js';

const [databaseUrl, atIso] = process.argv.slice(2);
if (!databaseUrl || !atIso) throw new Error('usage: reminders-two-process.child.ts <databaseUrl> <atIso>');
const at = new Date(atIso);
const handle = await openDb({ databaseUrl, maxConnections: 4 });

const port: ChannelPort = {
  channel: 'console',
  canReach: () => true,
  async send(staff, message) {
    // A little latency widens the window in which the other process could double-send.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const items = JSON.stringify(message.items.map((i) => i.activityId));
    await handle.db.execute(
      sql`insert into test_sends (pid, staff_id, kind, items) values (${process.pid}, ${staff.id}, ${message.kind}, ${items})`,
    );
    return { ok: true };
  },
};

process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const summary = await runSweep({ db: handle.db, calendar: createCalendar(), now: () => at }, [port], at, {
  concurrency: 4,
});
process.stdout.write(`${JSON.stringify(summary)}\n`);
await handle.close();
process.exit(0);
