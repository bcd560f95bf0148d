// One measured reminder planning (bench/reminder-planner.bench.ts): the compiled planSweep — the
// snapshot, planning, the ledger and composing, everything a sweep does before claiming — three
// times in this fresh process (1 cold + 2 warm), as the bot runs it. Prints one JSON line.
//   node bench/support/planner-child.mjs <database url> <instant>
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

const dist = new URL('../../dist/', import.meta.url);
const schema = await import(new URL('db/schema.js', dist).href);
const { planSweep } = await import(new URL('src/reminders/sweep.js', dist).href);
const { createCalendar } = await import(new URL('src/rules/calendar.js', dist).href);

const [url, instant] = process.argv.slice(2);
const at = new Date(instant);
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const client = postgres(url, { max: 2, onnotice: () => {} });
const ctx = { db: drizzle(client, { schema }), calendar: createCalendar(), now: () => at };
await client`select 1`;
const rssBefore = rssMb();
const times = [];
let counts;
let peakRss = 0;
/** One planning; only its counts outlive it (as in the bot, where a sweep's plan is dropped when sent). */
async function planOnce() {
  const t0 = performance.now();
  const plan = await planSweep(ctx, at);
  times.push(performance.now() - t0);
  return { messages: plan.messages.length, items: plan.planned };
}
for (let run = 0; run < 3; run++) {
  counts = await planOnce();
  if (run === 0) peakRss = rssMb();
}
await client.end();
console.log(
  JSON.stringify({
    cold: Math.round(times[0]),
    warm: Math.round(Math.min(...times.slice(1))),
    ...counts,
    rssBefore,
    peakRss,
    peakRssAfterWarm: rssMb(),
  }),
);
