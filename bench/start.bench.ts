// Start-up as a deployer meets it: the time from spawning the process to the first `GET /healthz` 200
// with Slack settings, and the peak RSS, TAT Bot (compiled, `dist/src/main.js` as `npm start` runs it)
// vs a bare Bolt app with the same receiver, side by side in one run (rounds alternate). TAT Bot runs
// on embedded PGlite: once on a fresh DATA_DIR, then on the existing one; with DATABASE_URL set, on
// that server. Targets: existing folder ≤ 3 s, peak RSS ≤ 350 MB fresh and ≤ 250 MB existing.
//   npm run build && npx tsx bench/start.bench.ts
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { freePort, spawnSlackProcess, stopProcess, waitHealthy } from './support/bot-process.js';

const ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 3);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const fake = await startFakeSlack();
const dataDir = mkdtempSync(join(tmpdir(), 'tat-start-bench-'));

function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function timeToHealthy(which: 'bare' | 'tat'): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnSlackProcess({
    root,
    which,
    port,
    botToken: fake.botToken,
    apiUrl: fake.apiUrl,
    env: { DATA_DIR: dataDir },
  });
  try {
    await waitHealthy(child, port, which);
    const ms = performance.now() - started;
    // Let start-up's background work (WASM tier-up, first queries) settle before reading the peak.
    await new Promise((r) => setTimeout(r, 1000));
    return { ms, rss: peakRssMb(child) };
  } finally {
    await stopProcess(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const bare: { ms: number; rss: number }[] = [];
const tat: { ms: number; rss: number }[] = [];
const fresh = await timeToHealthy('tat');
for (let i = 0; i < ROUNDS; i++) {
  bare.push(await timeToHealthy('bare'));
  tat.push(await timeToHealthy('tat'));
}
const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const b = { ms: median(bare.map((x) => x.ms)), rss: median(bare.map((x) => x.rss)) };
const t = { ms: median(tat.map((x) => x.ms)), rss: median(tat.map((x) => x.rss)) };
console.log(
  `start to first /healthz 200 with Slack settings, ${kind}, median of ${ROUNDS}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
);
console.log(`  bare Bolt app          : ${b.ms.toFixed(0).padStart(6)} ms  peak RSS ${b.rss} MB`);
console.log(
  `  TAT Bot, existing data : ${t.ms.toFixed(0).padStart(6)} ms  peak RSS ${t.rss} MB  (${(t.ms / b.ms).toFixed(1)}× bare time, ${(t.rss / b.rss).toFixed(1)}× bare RSS)`,
);
console.log(
  `  TAT Bot, fresh DATA_DIR: ${fresh.ms.toFixed(0).padStart(6)} ms  peak RSS ${fresh.rss} MB  (one run)`,
);
const met = kind === 'postgres' || (t.ms <= 3000 && t.rss <= 250 && fresh.rss <= 350);
console.log(
  kind === 'pglite'
    ? `goal existing ≤ 3 s and ≤ 250 MB, fresh ≤ 350 MB: ${met ? 'met' : 'NOT met'}`
    : '(the time and memory goals are for the embedded database)',
);
rmSync(dataDir, { recursive: true, force: true });
await fake.close();
process.exit(met ? 0 : 1);
