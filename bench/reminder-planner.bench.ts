// Reminder planner: one sweep's planning (planSweep: the snapshot, planning, the ledger lookup and
// composing — everything but claiming and sending) over 10k and 100k activities with 10 deliveries
// each, on the local PostgreSQL, at three instants: an ordinary day, a month-end day (missing
// monthly notes for every approved open activity) and the first business day (R3 review digests of
// every State, the heaviest sweep of the month). October's reviews count as sent on 11/02.
// Each (size, instant) is planned in a fresh process running the compiled planner with the bot's
// node flags (`npm run bench` builds dist/ first): once cold (its peak RSS is taken right after that
// run), then twice more for the warm time. The figure to read across machines is the ratio: ms per million deliveries held.
// Targets (warm, peak RSS): ≤ 500 ms at 100k activities / 1M deliveries; ≤ 2 s at 1M / 10M; ≤ 200 MB.
//   npm run bench -- reminder-planner
//   BENCH_REMINDER_SIZES=10000,100000,1000000 npm run bench -- reminder-planner   (1M: ~8 min to seed)
//   BENCH_DATABASE_URL=postgres://user@host:5432/db (server to create the scratch database on)
//   BENCH_REMINDER_DATABASE=postgres://…/db  measure a database seeded earlier (no seeding, no drop)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../db/client.js';
import * as schema from '../db/schema.js';
import { DEFAULT_REMINDER_OPTIONS } from '../src/reminders/plan-types.js';
import { snapshotWindow } from '../src/reminders/plan-window.js';
import { explainSnapshot } from '../src/reminders/snapshot.js';
import { createCalendar } from '../src/rules/calendar.js';
import { npmStartArgs } from './support/bot-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const SIZES = (process.env.BENCH_REMINDER_SIZES ?? '10000,100000').split(',').map(Number);
const EXISTING = process.env.BENCH_REMINDER_DATABASE;
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_MS ?? 20 * 60_000);
// Issue 13: warm planning ≤ 500 ms at 100k activities / 1M deliveries, ≤ 2 s at 1M / 10M; ≤ 200 MB.
const TARGET_MS: Record<number, number> = { 100000: 500, 1000000: 2000 };
const TARGET_RSS_MB = 200;
const INSTANTS = [
  { label: 'ordinary day (Wed 11/18)', at: '2026-11-18T15:00:00Z' },
  { label: 'month-end notes (Tue 11/24)', at: '2026-11-24T15:00:00Z' },
  { label: 'review day (Tue 12/01)', at: '2026-12-01T15:00:00Z' },
];
const calendar = createCalendar();

function connect(url: string) {
  const client = postgres(url, { max: 2, onnotice: () => {} });
  return { db: drizzle(client, { schema }) as unknown as Db, close: () => client.end() };
}

interface Measured {
  cold: number;
  warm: number;
  messages: number;
  items: number;
  rssBefore: number;
  /** Peak RSS of the process once the first (cold) planning is done, and after the warm ones. */
  peakRss: number;
  peakRssAfterWarm: number;
}

/** Node's flags as `npm start` runs the bot (its heap settings decide the peak RSS). */
const BOT_NODE_FLAGS = npmStartArgs(join(here, '..')).filter((a) => a.startsWith('--'));

/** One (size, instant) in a fresh process running the compiled planner (bench/support/planner-child.mjs). */
function runChild(url: string, at: string): Measured {
  const child = spawnSync(
    process.execPath,
    [...BOT_NODE_FLAGS, join(here, 'support', 'planner-child.mjs'), url, at],
    { encoding: 'utf8' },
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
  const url = new URL(EXISTING ?? BASE_URL);
  if (!EXISTING) {
    await admin.unsafe(`create database ${name}`);
    url.pathname = `/${name}`;
  }
  let met = true;
  try {
    const handle = connect(url.toString());
    const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
    if (!EXISTING) {
      await migrate(handle.db as never, { migrationsFolder: join(here, '..', 'db', 'migrations') });
      await loadReferenceData(handle.db);
      await seedBase(raw);
      // Steady state: October's review digests went out on 11/02 (the review day measures November's).
      await raw`insert into reminder_ledger (recipient_staff_id, subject, kind, slot, status, claimed_at, sent_at, attempts)
        select id, 'review:2026-10', 'monthly_review', '2026-11-02', 'sent', '2026-11-02T15:00:00Z', '2026-11-02T15:00:00Z', 1
        from staff where role = 'specialist'`;
    }
    console.log(
      `${EXISTING ? 'database' : 'scratch database'} ${url.pathname.slice(1)}; each row: a fresh process, 1 cold + 2 warm runs; RSS at the cold run`,
    );
    console.log(
      'activities  deliveries  instant                        cold ms  warm ms  ms per 1M deliveries  messages   items  RSS MB (start → cold → warm)  target',
    );
    let seeded = 0;
    for (const wanted of EXISTING ? [0] : SIZES) {
      if (performance.now() - started > TIME_LIMIT_MS) {
        console.log(`${wanted}: skipped, the time limit of ${TIME_LIMIT_MS / 60_000} min was reached`);
        break;
      }
      const seedStart = performance.now();
      if (!EXISTING) {
        await seedActivities(raw, seeded, wanted);
        // What autovacuum does after a bulk load: the visibility map lets the planner's reads stay
        // in the indexes (index-only scans).
        await raw`vacuum analyze`;
      }
      const seedMs = Math.round(performance.now() - seedStart);
      const [count] = await raw<{ a: string; d: string }[]>`select
        (select count(*) from activities)::text as a, (select count(*) from deliveries)::text as d`;
      const size = Number(count!.a);
      const target = TARGET_MS[size];
      for (const { label, at } of INSTANTS) {
        const m = runChild(url.toString(), at);
        const ok = target === undefined || (m.warm <= target && m.peakRssAfterWarm <= TARGET_RSS_MB);
        if (!ok) met = false;
        const perMillion = Math.round(m.warm / (Number(count!.d) / 1e6));
        console.log(
          `${String(size).padStart(10)}  ${count!.d.padStart(10)}  ${label.padEnd(29)} ${String(m.cold).padStart(8)} ${String(m.warm).padStart(8)}  ${String(perMillion).padStart(20)}  ${String(m.messages).padStart(8)} ${String(m.items).padStart(7)}  ${`${m.rssBefore} → ${m.peakRss} → ${m.peakRssAfterWarm}`.padEnd(28)}  ${target === undefined ? '' : `≤ ${target} ms, ≤ ${TARGET_RSS_MB} MB: ${ok ? 'met' : 'MISSED'}`}`,
        );
      }
      if (!EXISTING) console.log(`            (seeding ${size - seeded} activities took ${seedMs} ms)`);
      seeded = size;
    }
    // The month-end and review-day statements, explained as planned in the sweep: in a transaction
    // with the snapshot's settings.
    const used = new Set<string>();
    let sortNodes = 0;
    const plans = await handle.db.transaction(async (tx) => {
      const explained: unknown[] = [];
      for (const { at } of INSTANTS.slice(1)) {
        const window = snapshotWindow(calendar, new Date(at), DEFAULT_REMINDER_OPTIONS);
        explained.push(...(await explainSnapshot(tx, window)));
      }
      return explained;
    });
    for (const parsed of plans) {
      indexesIn(parsed, used);
      const text = JSON.stringify(parsed);
      if (text.includes('"Node Type":"Sort"') || text.includes('"Node Type":"WindowAgg"')) sortNodes++;
    }
    console.log(
      `indexes read by the snapshot (month end, review day): ${[...used].sort().join(', ')}; statements with a sort or window: ${sortNodes}`,
    );
    console.log(
      `targets (warm, peak RSS after the warm runs): ≤ 500 ms at 100k / 1M, ≤ 2 s at 1M / 10M, ≤ ${TARGET_RSS_MB} MB — ${met ? 'met' : 'MISSED'}`,
    );
    await raw.end();
    await handle.close();
  } finally {
    if (!EXISTING) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  console.log(`total ${Math.round((performance.now() - started) / 1000)} s`);
  return met;
}

process.exit((await main()) ? 0 : 1);
