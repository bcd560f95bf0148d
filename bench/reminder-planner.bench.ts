// Reminder planner: one sweep's planning (the one snapshot query, planning, the ledger lookup and
// composing — everything but claiming and sending) over 10k and 100k activities with 10 deliveries
// each, on the local PostgreSQL, at three instants: an ordinary day, a month-end day (missing
// monthly notes for every approved open activity) and the first business day (R3 review digests of
// every State, the heaviest sweep of the month). October's reviews count as sent on 11/02.
// Target: ≤ 1 s and ≤ 200 MB RSS at 100k activities / 1M deliveries. Bounded by TIME_LIMIT_MS.
//   npx tsx bench/reminder-planner.bench.ts
//   BENCH_REMINDER_SIZES=10000,100000,1000000 npx tsx bench/reminder-planner.bench.ts
//   BENCH_DATABASE_URL=postgres://user@host:5432/db (server to create the scratch database on)
// The process opens PostgreSQL directly rather than through db/client.ts, which also loads PGlite
// (about +48 MB RSS) — a module a PostgreSQL deployment's planner does not use.
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Db } from '../db/client.js';
import { loadReferenceData } from '../db/reference/load.js';
import * as schema from '../db/schema.js';
import { loadLedgerState } from '../src/reminders/ledger.js';
import { composeMessages } from '../src/reminders/plan-compose.js';
import { planNudges } from '../src/reminders/plan-nudges.js';
import { DEFAULT_REMINDER_OPTIONS } from '../src/reminders/plan-types.js';
import { snapshotWindow } from '../src/reminders/plan-window.js';
import { loadPlanningSnapshot, planningSnapshotQuery } from '../src/reminders/snapshot.js';
import { sqlRows } from '../src/reminders/sql-rows.js';
import { createCalendar } from '../src/rules/calendar.js';
import { seedActivities, seedBase } from './reminder-bench-seed.js';

const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const SIZES = (process.env.BENCH_REMINDER_SIZES ?? '10000,100000').split(',').map(Number);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 20 * 60_000);
const RUNS = 3;
const TARGET_MS = 1000;
const TARGET_RSS_MB = 200;
const INSTANTS = [
  { label: 'ordinary day (Wed 11/18)', at: new Date('2026-11-18T15:00:00Z') },
  { label: 'month-end notes (Tue 11/24)', at: new Date('2026-11-24T15:00:00Z') },
  { label: 'review day (Tue 12/01)', at: new Date('2026-12-01T15:00:00Z') },
];

const started = performance.now();
const calendar = createCalendar();
const name = `tat_bench_reminders_${process.pid}_${randomBytes(3).toString('hex')}`;
const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(BASE_URL);
url.pathname = `/${name}`;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

let failed = false;
try {
  const client = postgres(url.toString(), { max: 2, onnotice: () => {} });
  const handle = { db: drizzle(client, { schema }) as unknown as Db, close: () => client.end() };
  const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), '..', 'db', 'migrations');
  await migrate(handle.db as never, { migrationsFolder });
  await loadReferenceData(handle.db);
  const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await seedBase(raw, Math.max(...SIZES));
  const baselineRss = rssMb();
  console.log(
    `scratch database ${name}; runs per instant: ${RUNS} (cold, then best warm); RSS before planning: ${baselineRss} MB peak, ${Math.round(process.memoryUsage().rss / 1048576)} MB now`,
  );
  console.log(
    'activities  deliveries  instant                        cold ms  warm ms  (query/plan/ledger)  messages  items  peak RSS MB',
  );
  let seeded = 0;
  for (const size of SIZES) {
    if (performance.now() - started > TIME_LIMIT_MS) {
      console.log(`${size}: skipped, time limit of ${TIME_LIMIT_MS / 60_000} min reached`);
      break;
    }
    const seedStart = performance.now();
    await seedActivities(raw, seeded, size);
    seeded = size;
    await raw`analyze`;
    const [{ n }] = await raw<{ n: string }[]>`select count(*)::text as n from deliveries`;
    // Steady state: October's review digests went out on 11/02 (the review day measures November's).
    await raw`insert into reminder_ledger (recipient_staff_id, subject, kind, slot, status, claimed_at, sent_at, attempts)
      select id, 'review:2026-10', 'monthly_review', '2026-11-02', 'sent', '2026-11-02T15:00:00Z', '2026-11-02T15:00:00Z', 1
      from staff where role = 'specialist' on conflict do nothing`;
    const seedMs = Math.round(performance.now() - seedStart);
    for (const { label, at } of INSTANTS) {
      const times: number[] = [];
      let parts = '';
      let messages = 0;
      let items = 0;
      for (let run = 0; run < RUNS; run++) {
        const t0 = performance.now();
        const snapshot = await loadPlanningSnapshot(
          handle.db,
          snapshotWindow(calendar, at, DEFAULT_REMINDER_OPTIONS),
        );
        const t1 = performance.now();
        const plan = planNudges(snapshot, at, calendar);
        const t2 = performance.now();
        const ledger = await loadLedgerState(handle.db, plan.items, at);
        const composed = composeMessages(plan, ledger, new Map(snapshot.staff.map((s) => [s.id, s])));
        const t3 = performance.now();
        times.push(t3 - t0);
        parts = `${Math.round(t1 - t0)}/${Math.round(t2 - t1)}/${Math.round(t3 - t2)}`;
        messages = composed.messages.length;
        items = plan.items.length;
      }
      const cold = Math.round(times[0]!);
      const warm = Math.round(Math.min(...times.slice(1)));
      if (size === 100_000 && (warm > TARGET_MS || rssMb() > TARGET_RSS_MB)) failed = true;
      console.log(
        `${String(size).padStart(10)}  ${n.padStart(10)}  ${label.padEnd(29)} ${String(cold).padStart(8)} ${String(warm).padStart(8)}  ${parts.padStart(19)}  ${String(messages).padStart(8)} ${String(items).padStart(6)}  ${String(rssMb()).padStart(11)}`,
      );
    }
    console.log(
      `            (seeding ${size - (SIZES[SIZES.indexOf(size) - 1] ?? 0)} activities took ${seedMs} ms)`,
    );
  }
  // Which indexes the one query uses (ordinary day, largest size seeded).
  const window = snapshotWindow(calendar, INSTANTS[0]!.at, DEFAULT_REMINDER_OPTIONS);
  const plan = await sqlRows<{ 'QUERY PLAN': unknown }>(
    handle.db,
    sql`explain (format json) ${planningSnapshotQuery(window)}`,
  );
  const used = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['Index Name'] === 'string') used.add(n['Index Name']);
    for (const v of Object.values(n)) if (Array.isArray(v)) v.forEach(walk);
    if (n.Plan) walk(n.Plan);
  };
  const planJson = plan[0]!['QUERY PLAN'];
  (typeof planJson === 'string' ? (JSON.parse(planJson) as unknown[]) : (planJson as unknown[])).forEach(
    walk,
  );
  console.log(`indexes used by the snapshot query: ${[...used].sort().join(', ')}`);
  console.log(
    `target at 100k activities / 1M deliveries (warm): ≤ ${TARGET_MS} ms and ≤ ${TARGET_RSS_MB} MB peak RSS — ${failed ? 'MISSED' : 'met'}` +
      ` (RSS before planning ${baselineRss} MB, so planning added at most ${rssMb() - baselineRss} MB)`,
  );
  await raw.end();
  await handle.close();
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
console.log(`total ${Math.round((performance.now() - started) / 1000)} s`);
process.exit(failed ? 1 : 0);
