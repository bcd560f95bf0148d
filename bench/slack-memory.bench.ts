// Memory under load: the RSS of the real bot process (started as `npm start` starts it, on a scratch
// PostgreSQL database, against the fake Slack Web API on 127.0.0.1) through 10,000 signed `/ta mine`
// slash commands, each acked and then answered through its response_url, vs a bare Bolt app that
// acks and posts one line (bench/support/bare-bolt-app.mjs), same node flags, same load, one run.
// The load is a closed loop, as people wait for an answer: at most CONCURRENCY commands sent and not
// yet answered (an open loop outruns the work after the acks and measures that queue, not the
// process's memory). The bench prints how many were acked but not yet answered at each checkpoint.
// RSS (VmRSS) is read idle after start, after 1,000, 5,000 and 10,000 commands (each once every reply
// has arrived) and again once the process is idle (no CPU used for a second); VmHWM is the peak.
// Target: TAT Bot ≤ 250 MB after 10,000 and no growth from 5,000 to 10,000 (≤ 5 %).
//   npm run build && npx tsx bench/slack-memory.bench.ts
//   BENCH_DATABASE_URL=postgres://user@host:5432/db (server to create the scratch database on)
//   BENCH_MEMORY_COMMANDS=10000 BENCH_MEMORY_CONCURRENCY=20
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../db/client.js';
import { loadReferenceData } from '../db/reference/load.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { SlackRequester } from '../test/support/slack-signing.js';
import { createScratchDatabase } from '../test/support/test-db.js';
import {
  BENCH_SIGNING_SECRET,
  freePort,
  spawnSlackProcess,
  stopProcess,
  waitHealthy,
} from './support/bot-process.js';
import { seedSlackStaff } from './support/slack-staff.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const COMMANDS = Number(process.env.BENCH_MEMORY_COMMANDS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_MEMORY_CONCURRENCY ?? 20);
const CHECKPOINTS = [1_000, 5_000, 10_000].filter((n) => n < COMMANDS).concat(COMMANDS);
const USERS = 10;
const ACTIVITIES_PER_USER = 3;
const TARGET_MB = 250;
const MAX_GROWTH = 0.05;
const TIME_LIMIT_MS = 5 * 60_000;
const SECRET = BENCH_SIGNING_SECRET;

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});
const timer = setTimeout(() => {
  console.error(`slack-memory bench: gave up after ${TIME_LIMIT_MS / 1000} s`);
  process.exit(2);
}, TIME_LIMIT_MS);
timer.unref();

/** VmRSS and VmHWM of a live process, in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** User + system CPU time of a process, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Waits until the process used no CPU for a whole second (timers, GC and post-ack work done). */
async function idle(pid: number, limitMs = 30_000): Promise<void> {
  const until = Date.now() + limitMs;
  let last = cpuTicks(pid);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuTicks(pid);
    if (now === last || Date.now() > until) return;
    last = now;
  }
}

interface Run {
  label: string;
  /** MB at each checkpoint: 0 (idle after start), CHECKPOINTS…, then idle after the load. */
  rss: Map<string, number>;
  hwm: number;
  seconds: number;
  /** At each checkpoint, commands acked but not yet answered when its last one was acked. */
  backlog: Map<string, number>;
}

const fake = await startFakeSlack();
const scratch = await createScratchDatabase(BASE_URL);
let met = false;
try {
  // ~10 staff on Slack, each with a few open activities with deliveries, so `/ta mine` lists work.
  const seed = await openDb({ databaseUrl: scratch.url, maxConnections: 2 });
  await loadReferenceData(seed.db);
  const users = await seedSlackStaff(seed.db, fake, {
    count: USERS,
    tag: 'mem',
    activitiesEach: ACTIVITIES_PER_USER,
  });
  await seed.close();

  async function measure(which: 'bare' | 'tat'): Promise<Run> {
    const port = await freePort();
    const child = spawnSlackProcess({
      root,
      which,
      port,
      botToken: fake.botToken,
      apiUrl: fake.apiUrl,
      env: { DATABASE_URL: scratch.url },
    });
    children.add(child);
    const pid = child.pid!;
    try {
      await waitHealthy(child, port, which);
      await idle(pid);
      const rss = new Map<string, number>([['idle after start', memoryOf(pid).rss]]);
      const requester = new SlackRequester(`http://127.0.0.1:${port}`, SECRET);
      const firstReply = fake.responses.length;
      const loadStarted = performance.now();
      let sent = 0;
      const backlog = new Map<string, number>();
      for (const checkpoint of CHECKPOINTS) {
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (sent < checkpoint) {
              // Closed loop, as people wait for an answer: at most CONCURRENCY commands sent and not
              // yet answered (an open loop outruns the bot and measures its queue, not its memory).
              const n = ++sent;
              await fake.whenResponses(firstReply + n - CONCURRENCY);
              const res = await requester.command({
                token: 'deprecated-verification-token',
                team_id: fake.teamId,
                team_domain: 'tat',
                channel_id: `C0MEM${n % 7}`,
                channel_name: 'general',
                user_id: users[n % USERS]!,
                user_name: `bench${n % USERS}`,
                command: '/ta',
                text: 'mine',
                api_app_id: 'A0TAT',
                response_url: fake.responseUrl(),
                trigger_id: `${n}.${which}.${randomBytes(6).toString('hex')}`,
              });
              if (res.status !== 200) throw new Error(`${which}: HTTP ${res.status} ${res.body}`);
            }
          }),
        );
        backlog.set(checkpoint.toLocaleString('en-US'), sent - (fake.responses.length - firstReply));
        // The work after the acks is done when every reply has reached its response_url.
        await fake.waitFor(
          () => fake.responses.length - firstReply >= checkpoint,
          `${which}: ${checkpoint} replies`,
          60_000,
        );
        rss.set(checkpoint.toLocaleString('en-US'), memoryOf(pid).rss);
      }
      const seconds = (performance.now() - loadStarted) / 1000;
      await idle(pid);
      const after = memoryOf(pid);
      rss.set('idle after load', after.rss);
      if (which === 'tat') {
        // Every reply was the real listing, not an apology.
        const replies = fake.responses.slice(firstReply).map((r) => JSON.stringify(r.body));
        const wrong = replies.find((r) => !r.includes(`Your open activities (${ACTIVITIES_PER_USER})`));
        if (wrong) throw new Error(`TAT Bot replied something else than the listing: ${wrong.slice(0, 300)}`);
      }
      return { label: which === 'bare' ? 'bare Bolt app' : 'TAT Bot', rss, hwm: after.hwm, seconds, backlog };
    } finally {
      await stopProcess(child);
      children.delete(child);
    }
  }

  const bare = await measure('bare');
  const tat = await measure('tat');
  const mb = (x: number) => `${x.toFixed(0).padStart(4)} MB`;
  console.log(
    `slack memory under load: ${COMMANDS.toLocaleString('en-US')} signed /ta mine, at most ${CONCURRENCY} waiting for their answer, each answered through response_url; postgres, loopback; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
  );
  console.log(
    `  RSS (VmRSS)          bare Bolt app   TAT Bot   TAT/bare   acked, not yet answered (bare / TAT)`,
  );
  for (const [point, ours] of tat.rss) {
    const base = bare.rss.get(point)!;
    const waiting = tat.backlog.has(point) ? `   ${bare.backlog.get(point)} / ${tat.backlog.get(point)}` : '';
    console.log(
      `  ${point.padEnd(18)}   ${mb(base)}     ${mb(ours)}   ${(ours / base).toFixed(2)}×${waiting}`,
    );
  }
  console.log(
    `  peak (VmHWM)         ${mb(bare.hwm)}     ${mb(tat.hwm)}   ${(tat.hwm / bare.hwm).toFixed(2)}×`,
  );
  console.log(
    `  load time            ${bare.seconds.toFixed(1).padStart(5)} s      ${tat.seconds.toFixed(1).padStart(5)} s  ${(tat.seconds / bare.seconds).toFixed(2)}×`,
  );
  const end = COMMANDS.toLocaleString('en-US');
  const growthOf = (run: Run) => {
    const mid = run.rss.get('5,000');
    return mid === undefined ? 0 : (run.rss.get(end)! - mid) / mid;
  };
  const last = tat.rss.get(end)!;
  const growth = growthOf(tat);
  met = last <= TARGET_MB && growth <= MAX_GROWTH;
  if (tat.rss.has('5,000'))
    console.log(
      `  growth 5,000→${end}   ${(growthOf(bare) * 100).toFixed(1).padStart(5)} %       ${(growth * 100).toFixed(1).padStart(5)} %`,
    );
  console.log(
    `target ≤ ${TARGET_MB} MB after 10,000 and no growth 5,000→10,000 (≤ ${MAX_GROWTH * 100}%): ${met ? 'met' : 'NOT met'}`,
  );
} finally {
  await fake.close();
  await scratch.drop();
}
process.exit(met ? 0 : 1);
