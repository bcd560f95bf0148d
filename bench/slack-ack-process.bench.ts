// Slash-command ack latency as Slack meets it: the real bot process (compiled `dist/src/main.js`, as
// `npm start` runs it) against a bare Bolt app process that acks and posts one line, side by side in one run, both
// answering signed `/ta mine` commands over HTTP from a fake Slack on 127.0.0.1. Every command has
// its own trigger_id and response_url, and TAT Bot does its real work after each ack (identity, dialog
// engine, database, the response_url post) while the next commands of the burst arrive. Rounds
// alternate between the two processes; each round fires CONCURRENCY commands at once and times each
// until its HTTP response (the ack). After each round its post-ack work is drained (every reply
// received) before the next round, so one process's leftovers never slow the other's acks.
// Runs on embedded PGlite (a fresh DATA_DIR) and, with BENCH_DATABASE_URL or the default local
// server reachable, on a scratch PostgreSQL database. Goal: TAT Bot p99 ≤ 1.5 × bare p99 on both.
//   npm run bench -- slack-ack-process
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
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

const CONCURRENCY = 50;
const ROUNDS = Number(process.env.BENCH_ACK_ROUNDS ?? 8);
const WARMUP_ROUNDS = 2;
const USERS = 10;
const GOAL_RATIO = 1.5;
const TIME_LIMIT_MS = 240_000;
const SECRET = BENCH_SIGNING_SECRET;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

const timer = setTimeout(() => {
  console.error(`slack-ack-process bench: gave up after ${TIME_LIMIT_MS / 1000} s`);
  process.exit(2);
}, TIME_LIMIT_MS);
timer.unref();

const fake = await startFakeSlack();

/** Staff on Slack, each with open activities and pending summaries, so `/ta mine` has work. */
async function seed(databaseUrl: string | undefined, dataDir: string | undefined, tag: string) {
  const db = await openDb({ databaseUrl, dataDir, command: 'slack-ack-process bench (seeding)' });
  await loadReferenceData(db.db);
  const users = await seedSlackStaff(db.db, fake, { count: USERS, tag });
  await db.close();
  return users;
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function measure(kind: 'pglite' | 'postgres'): Promise<boolean> {
  const tag = `${kind.slice(0, 2)}${Date.now().toString(36)}`;
  const scratch = kind === 'postgres' ? await createScratchDatabase(PG_URL) : undefined;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'tat-ack-bench-')) : undefined;
  const users = await seed(scratch?.url, dataDir, tag);
  const [tatPort, barePort] = [await freePort(), await freePort()];
  const spawnOf = (which: 'tat' | 'bare', port: number) =>
    spawnSlackProcess({
      root,
      which,
      port,
      botToken: fake.botToken,
      apiUrl: fake.apiUrl,
      env: scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir, DATABASE_URL: '' },
    });
  const tat = spawnOf('tat', tatPort);
  const bare = spawnOf('bare', barePort);
  try {
    await Promise.all([waitHealthy(tat, tatPort, 'TAT Bot'), waitHealthy(bare, barePort, 'bare Bolt')]);
    const targets = {
      tat: new SlackRequester(`http://127.0.0.1:${tatPort}`, SECRET),
      bare: new SlackRequester(`http://127.0.0.1:${barePort}`, SECRET),
    };
    let seq = 0;
    const round = async (which: keyof typeof targets) => {
      const before = fake.responses.length;
      const latencies = await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, i) => {
          seq++;
          const started = performance.now();
          const res = await targets[which].command({
            team_id: fake.teamId,
            channel_id: `C0ACK${seq % 7}`,
            user_id: users[i % USERS]!,
            command: '/ta',
            text: 'mine',
            response_url: fake.responseUrl(),
            trigger_id: `${seq}.${Date.now()}.${which}`,
          });
          if (res.status !== 200) throw new Error(`${which}: HTTP ${res.status}`);
          return performance.now() - started;
        }),
      );
      // Both post a reply after each ack; all of a round's replies arrive before the next round.
      await fake.waitFor(() => fake.responses.length >= before + CONCURRENCY, 'replies', 30_000);
      return latencies;
    };
    const samples = { tat: [] as number[], bare: [] as number[] };
    for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
      const order: (keyof typeof targets)[] = r % 2 === 0 ? ['tat', 'bare'] : ['bare', 'tat'];
      for (const which of order) {
        const got = await round(which);
        if (r >= WARMUP_ROUNDS) samples[which].push(...got);
      }
    }
    const line = (label: string, v: number[]) =>
      `  ${label}: n=${v.length}  p50 ${pct(v, 50).toFixed(1)} ms  p99 ${pct(v, 99).toFixed(1)} ms  max ${Math.max(...v).toFixed(1)} ms`;
    const ratio = pct(samples.tat, 99) / pct(samples.bare, 99);
    console.log(
      `ack latency of the real processes, ${kind}, ${CONCURRENCY} concurrent signed /ta mine per round, ${ROUNDS} rounds each; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
    );
    console.log(line('bare Bolt process', samples.bare));
    console.log(line('TAT Bot (npm start)', samples.tat));
    const met = ratio <= GOAL_RATIO && Math.max(...samples.tat) < 3000;
    console.log(
      `  p99 ratio TAT/bare: ${ratio.toFixed(2)} (goal ≤ ${GOAL_RATIO}); every ack < 3 s — ${met ? 'met' : 'MISSED'}`,
    );
    return met;
  } finally {
    await Promise.all([stopProcess(tat), stopProcess(bare)]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

const probe = postgres(PG_URL, { max: 1, onnotice: () => {}, connect_timeout: 3 });
const reachable = await probe`select 1`.then(
  () => true,
  () => false,
);
await probe.end();
// BENCH_ACK_DATABASES=postgres (or pglite) measures one only.
const wanted = (process.env.BENCH_ACK_DATABASES ?? 'pglite,postgres').split(',');
const results: boolean[] = [];
if (wanted.includes('pglite')) results.push(await measure('pglite'));
if (wanted.includes('postgres') && reachable) results.push(await measure('postgres'));
if (!reachable) console.log(`(PostgreSQL at ${new URL(PG_URL).host} not reachable: measured on PGlite only)`);
await fake.close();
process.exit(results.every(Boolean) ? 0 : 1);
