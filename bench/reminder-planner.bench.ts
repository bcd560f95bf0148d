// Reminder planner: one sweep's planning (the one snapshot query, planning, the ledger lookup and
// composing — everything but claiming and sending) over 10k and 100k activities with 10 deliveries
// each, on the local PostgreSQL, at three instants: an ordinary day, a month-end day (missing
// monthly notes for every approved open activity) and the first business day (R3 review digests of
// every State, the heaviest sweep of the month). October's reviews count as sent on 11/02.
// Each (size, instant) is planned in a fresh child process that loads only what planning needs: once
// cold (its peak RSS is taken right after that run), then twice more for the warm time.
// Target: ≤ 1 s and ≤ 200 MB RSS at 100k activities / 1M deliveries.
//   npx tsx bench/reminder-planner.bench.ts
//   BENCH_REMINDER_SIZES=10000,100000,1000000 npx tsx bench/reminder-planner.bench.ts
//   BENCH_DATABASE_URL=postgres://user@host:5432/db (server to create the scratch database on)
// Each measurement runs in a fresh child process, so its peak RSS is the planner's own.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/client.js';
import * as schema from '../db/schema.js';
import { loadLedgerState } from '../src/reminders/ledger.js';
import { composeMessages } from '../src/reminders/plan-compose.js';
import { planNudges } from '../src/reminders/plan-nudges.js';
import { DEFAULT_REMINDER_OPTIONS } from '../src/reminders/plan-types.js';
import { snapshotWindow } from '../src/reminders/plan-window.js';
import { loadPlanningSnapshot, planningSnapshotQuery } from '../src/reminders/snapshot.js';
import { createCalendar } from '../src/rules/calendar.js';

const here = dirname(fileURLToPath(import.meta.url));
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const SIZES = (process.env.BENCH_REMINDER_SIZES ?? '10000,100000').split(',').map(Number);
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 20 * 60_000);
const TARGET_MS = 1000;
const TARGET_RSS_MB = 200;
const INSTANTS = [
  { label: 'ordinary day (Wed 11/18)', at: '2026-11-18T15:00:00Z' },
  { label: 'month-end notes (Tue 11/24)', at: '2026-11-24T15:00:00Z' },
  { label: 'review day (Tue 12/01)', at: '2026-12-01T15:00:00Z' },
];
const calendar = createCalendar();
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function connect(url: string) {
  const client = postgres(url, { max: 2, onnotice: () => {} });
  return { db: drizzle(client, { schema }) as unknown as Db, close: () => client.end() };
}

interface Measured {
  cold: number;
  warm: number;
  parts: string;
  messages: number;
  items: number;
  rssBefore: number;
  /** Peak RSS of the process once the first (cold) planning is done. */
  peakRss: number;
}

/** Child: plan one sweep at `at` three times; report times and this process's peak RSS. */
async function measure(url: string, at: Date): Promise<Measured> {
  const handle = connect(url);
  await handle.db.execute(sql`select 1`);
  const rssBefore = rssMb();
  const times: number[] = [];
  let parts = '';
  let messages = 0;
  let items = 0;
  let peakRss = 0;
  for (let run = 0; run < 3; run++) {
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
    if (run === 0) peakRss = rssMb();
  }
  await handle.close();
  const warm = Math.min(...times.slice(1));
  return {
    cold: Math.round(times[0]!),
    warm: Math.round(warm),
    parts,
    messages,
    items,
    rssBefore,
    peakRss,
  };
}

function runChild(url: string, at: string): Measured {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', url, at],
    {
      encoding: 'utf8',
    },
  );
  const last = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !last.startsWith('{')) throw new Error(`measuring child failed: ${child.stderr}`);
  return JSON.parse(last) as Measured;
}

/** The index names a plan uses, from EXPLAIN (FORMAT JSON). */
function indexesIn(plan: unknown, used = new Set<string>()): Set<string> {
  if (Array.isArray(plan)) for (const p of plan) indexesIn(p, used);
  else if (plan && typeof plan === 'object') {
    for (const [key, value] of Object.entries(plan)) {
      if (key === 'Index Name' && typeof value === 'string') used.add(value);
      else indexesIn(value, used);
    }
  }
  return used;
}

async function main(): Promise<boolean> {
  // Seeding modules stay out of the measuring children.
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const { loadReferenceData } = await import('../db/reference/load.js');
  const { seedActivities, seedBase } = await import('./reminder-bench-seed.js');
  const started = performance.now();
  const name = `tat_bench_reminders_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  let met = true;
  try {
    const handle = connect(url.toString());
    await migrate(handle.db as never, { migrationsFolder: join(here, '..', 'db', 'migrations') });
    await loadReferenceData(handle.db);
    const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await seedBase(raw);
    // Steady state: October's review digests went out on 11/02 (the review day measures November's).
    await raw`insert into reminder_ledger (recipient_staff_id, subject, kind, slot, status, claimed_at, sent_at, attempts)
      select id, 'review:2026-10', 'monthly_review', '2026-11-02', 'sent', '2026-11-02T15:00:00Z', '2026-11-02T15:00:00Z', 1
      from staff where role = 'specialist'`;
    console.log(
      `scratch database ${name}; each row: a fresh process, 1 cold + 2 warm runs; RSS at the cold run`,
    );
    console.log(
      'activities  deliveries  instant                        cold ms  warm ms  query/plan/ledger ms  messages   items  RSS MB (start → peak)',
    );
    let seeded = 0;
    for (const size of SIZES) {
      if (performance.now() - started > TIME_LIMIT_MS) {
        console.log(`${size}: skipped, the time limit of ${TIME_LIMIT_MS / 60_000} min was reached`);
        break;
      }
      const seedStart = performance.now();
      await seedActivities(raw, seeded, size);
      await raw`analyze`;
      const seedMs = Math.round(performance.now() - seedStart);
      const [count] = await raw<{ n: string }[]>`select count(*)::text as n from deliveries`;
      for (const { label, at } of INSTANTS) {
        const m = runChild(url.toString(), at);
        if (size === 100_000 && (m.warm > TARGET_MS || m.peakRss > TARGET_RSS_MB)) met = false;
        console.log(
          `${String(size).padStart(10)}  ${count!.n.padStart(10)}  ${label.padEnd(29)} ${String(m.cold).padStart(8)} ${String(m.warm).padStart(8)}  ${m.parts.padStart(20)}  ${String(m.messages).padStart(8)} ${String(m.items).padStart(7)}  ${m.rssBefore} → ${m.peakRss}`,
        );
      }
      console.log(`            (seeding ${size - seeded} activities took ${seedMs} ms)`);
      seeded = size;
    }
    const window = snapshotWindow(calendar, new Date(INSTANTS[1]!.at), DEFAULT_REMINDER_OPTIONS);
    const [explained] = await queryRows<{ 'QUERY PLAN': unknown }>(
      handle.db,
      sql`explain (format json) ${planningSnapshotQuery(window)}`,
    );
    const plan = explained!['QUERY PLAN'];
    const used = indexesIn(typeof plan === 'string' ? JSON.parse(plan) : plan);
    console.log(`indexes used by the snapshot query (month-end day): ${[...used].sort().join(', ')}`);
    console.log(
      `target at 100k activities / 1M deliveries (warm): ≤ ${TARGET_MS} ms and ≤ ${TARGET_RSS_MB} MB peak RSS — ${met ? 'met' : 'MISSED'}`,
    );
    await raw.end();
    await handle.close();
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  console.log(`total ${Math.round((performance.now() - started) / 1000)} s`);
  return met;
}

if (process.argv[2] === '--measure') {
  const result = await measure(process.argv[3]!, new Date(process.argv[4]!));
  console.log(JSON.stringify(result));
  process.exit(0);
} else {
  process.exit((await main()) ? 0 : 1);
}
