// Data out: the R24 CSV export and the R3 monthly report over 100k activities (10 deliveries each,
// 1M deliveries; bench/reminder-bench-seed.ts) on the local PostgreSQL, in a scratch database.
// Each measurement runs in a fresh child process so its peak RSS is the export's own.
//   export: the real `tat export --out file.csv` process (compiled: `npm run bench` builds first)
//           over every activity, spawn to exit; rows/s and peak RSS, side by side with the same
//           chunked reads alone (records assembled, no CSV), so the cost of the rest shows as a ratio.
//   report: the program-wide figures for one month (~90k deliveries ending in it), cold and warm,
//           and the chart render.
// Targets: export ≥ 20,000 rows/s with peak RSS ≤ 200 MB; report ≤ 2 s.
//   npx tsx bench/data-out.bench.ts
//   BENCH_DATA_OUT_SIZE=20000 BENCH_DATABASE_URL=postgres://user@host:5432/db npx tsx bench/data-out.bench.ts
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../db/client.js';
import * as schema from '../db/schema.js';
import { createCalendar } from '../src/rules/calendar.js';
import type { ServiceContext } from '../src/services/context.js';

const here = dirname(fileURLToPath(import.meta.url));
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const SIZE = Number(process.env.BENCH_DATA_OUT_SIZE ?? 100_000);
const TARGET_ROWS_PER_S = 20_000;
const TARGET_RSS_MB = 200;
const TARGET_REPORT_MS = 2000;
const NOW = new Date('2026-11-25T15:00:00Z');
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function context(url: string) {
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const ctx: ServiceContext = {
    db: drizzle(client, { schema }) as unknown as Db,
    calendar: createCalendar(),
    now: () => NOW,
  };
  return { ctx, close: () => client.end() };
}

/** Child (tsx): the export's database reads alone — the same chunk statements in the same snapshot. */
async function measureBareReads(url: string) {
  const { EXPORT_SETTINGS, exportRecordChunks } = await import('../src/services/export-records.js');
  const { SearchCriteria } = await import('../src/services/search-activities.js');
  const { ctx, close } = context(url);
  const rssBefore = rssMb();
  const t0 = performance.now();
  let rows = 0;
  await ctx.db.transaction(
    async (tx) => {
      await tx.execute(EXPORT_SETTINGS);
      for await (const page of exportRecordChunks(tx, SearchCriteria.parse({}), ctx.calendar.timeZone))
        rows += page.length;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const ms = performance.now() - t0;
  await close();
  return { rows, ms: Math.round(ms), bytes: 0, rssBefore, peakRss: rssMb() };
}

/**
 * The real command, as an operator runs it: `tat export --out file.csv` (compiled, `npm run build`)
 * in its own process, timed from spawn to exit (start-up included); peak RSS from bench/support/peak-rss.mjs.
 */
function measureCliExport(url: string, as: string) {
  const path = join(tmpdir(), `tat-bench-export-${process.pid}.csv`);
  const t0 = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      join(here, 'support', 'peak-rss.mjs'),
      join(here, '..', 'bin', 'tat.js'),
      'export',
      '--out',
      path,
      '--as',
      as,
    ],
    { encoding: 'utf8', env: { ...process.env, DATABASE_URL: url } },
  );
  const ms = performance.now() - t0;
  const rows = Number(/Exported (\d+) TA activities/.exec(run.stdout)?.[1]);
  const peakKb = Number(/peak-rss-kb (\d+)/.exec(run.stderr)?.[1]);
  if (run.status !== 0 || !rows) throw new Error(`tat export failed: ${run.stdout}${run.stderr}`);
  const bytes = statSync(path).size;
  rmSync(path, { force: true });
  return { rows, ms: Math.round(ms), bytes, rssBefore: 0, peakRss: Math.round(peakKb / 1024) };
}

/** Child: the month's program figures three times (1 cold + 2 warm), then the chart once. */
async function measureReport(url: string, month: string) {
  const { loadReportInput } = await import('../src/services/monthly-report.js');
  const { reportFigures } = await import('../src/rules/report-figures.js');
  const { ctx, close } = context(url);
  const times: number[] = [];
  let figures: ReturnType<typeof reportFigures> | undefined;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    figures = reportFigures(await loadReportInput(ctx, { kind: 'program' }, 'the whole program', month));
    times.push(performance.now() - t0);
  }
  const { renderReportChart } = await import('../src/reports/report-chart.js');
  const c0 = performance.now();
  const chart = await renderReportChart(figures!);
  const chartMs = performance.now() - c0;
  await close();
  return {
    cold: Math.round(times[0]!),
    warm: Math.round(Math.min(...times.slice(1))),
    chartMs: Math.round(chartMs),
    chart: `${chart.width}×${chart.height}`,
    deliveries: figures!.deliveredTotals.at(-1),
    summaries: figures!.summaries,
    peakRss: rssMb(),
  };
}

function child<T>(args: string[]): T {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{')) throw new Error(`measuring child failed: ${run.stderr}`);
  return JSON.parse(last) as T;
}

async function main(): Promise<boolean> {
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const { loadReferenceData } = await import('../db/reference/load.js');
  const { seedActivities, seedBase } = await import('./reminder-bench-seed.js');
  const started = performance.now();
  const name = `tat_bench_data_out_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  let met = true;
  try {
    const { ctx, close } = context(url.toString());
    await migrate(ctx.db as never, { migrationsFolder: join(here, '..', 'db', 'migrations') });
    await loadReferenceData(ctx.db);
    const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await seedBase(raw);
    const seedStart = performance.now();
    await seedActivities(raw, 0, SIZE);
    await raw`analyze`;
    const [counts] = await raw<
      { a: string; d: string }[]
    >`select (select count(*) from activities)::text as a,
      (select count(*) from deliveries)::text as d`;
    console.log(
      `scratch database ${name}: ${counts!.a} activities, ${counts!.d} deliveries (seeded in ${Math.round(performance.now() - seedStart)} ms)`,
    );

    type Exported = ReturnType<typeof measureCliExport>;
    const [exporter] = await raw<{ email: string }[]>`select email from staff order by id limit 1`;
    const full = measureCliExport(url.toString(), exporter!.email);
    const bare = child<Exported>(['--export-bare', url.toString()]);
    const rate = (m: Exported) => Math.round(m.rows / (m.ms / 1000));
    console.log(
      'export of every activity (fresh process each)   rows      ms   rows/s      MB  RSS MB (start → peak)',
    );
    for (const [label, m] of [
      ['`tat export --out` (the real process)', full],
      ['the same chunk reads alone (no CSV)', bare],
    ] as const) {
      console.log(
        `  ${label.padEnd(44)} ${String(m.rows).padStart(6)} ${String(m.ms).padStart(7)} ${String(rate(m)).padStart(8)} ${(m.bytes / 1e6).toFixed(1).padStart(7)}  ${m.rssBefore ? `${m.rssBefore} → ` : '(whole process) '}${m.peakRss}`,
      );
    }
    console.log(
      `  the whole command (start-up, reads, CSV, file) takes ×${(full.ms / bare.ms).toFixed(2)} the database reads alone (both measured now, on the same load)`,
    );
    const exportMet = rate(full) >= TARGET_ROWS_PER_S && full.peakRss <= TARGET_RSS_MB;
    console.log(
      `  target ≥ ${TARGET_ROWS_PER_S} rows/s and ≤ ${TARGET_RSS_MB} MB peak RSS — ${exportMet ? 'met' : 'MISSED'} (machine load average now ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
    );
    if (!exportMet) met = false;

    for (const month of ['2026-10', '2026-11']) {
      const r = child<Awaited<ReturnType<typeof measureReport>>>(['--report', url.toString(), month]);
      console.log(
        `report ${month}, whole program: ${r.deliveries} deliveries in the month; cold ${r.cold} ms, warm ${r.warm} ms; chart ${r.chart} in ${r.chartMs} ms (incl. loading Vega and resvg); peak RSS ${r.peakRss} MB; summaries ${JSON.stringify(r.summaries)}`,
      );
      console.log(
        `  target ≤ ${TARGET_REPORT_MS} ms warm — ${r.warm <= TARGET_REPORT_MS ? 'met' : 'MISSED'}`,
      );
      if (r.warm > TARGET_REPORT_MS) met = false;
    }
    const [plan] = await raw.unsafe(
      `explain (format text) select count(*) from deliveries d join activities a on a.id = d.activity_id
       where d.end_date >= '2026-11-01' and d.end_date <= '2026-11-30'`,
    );
    console.log(`month read plan: ${String(Object.values(plan ?? {})[0])}`);
    await ctx.db.execute(sql`select 1`);
    await raw.end();
    await close();
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  console.log(
    `targets: export ≥ ${TARGET_ROWS_PER_S} rows/s and ≤ ${TARGET_RSS_MB} MB peak RSS; report ≤ ${TARGET_REPORT_MS} ms (warm) — ${met ? 'met' : 'MISSED'}`,
  );
  console.log(`total ${Math.round((performance.now() - started) / 1000)} s`);
  return met;
}

if (process.argv[2] === '--export-bare') {
  console.log(JSON.stringify(await measureBareReads(process.argv[3]!)));
  process.exit(0);
} else if (process.argv[2] === '--report') {
  console.log(JSON.stringify(await measureReport(process.argv[3]!, process.argv[4]!)));
  process.exit(0);
} else {
  process.exit((await main()) ? 0 : 1);
}
