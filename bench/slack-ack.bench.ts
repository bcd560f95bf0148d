// Slash-command ack latency: TAT Bot's Slack app vs a bare Bolt app (same receiver settings, same
// command, ack only), side by side in one run, both against the fake Slack Web API on 127.0.0.1.
// Rounds alternate between the two apps; each round fires CONCURRENCY signed `/ta mine` requests at
// once and times each until its HTTP response (the ack) arrives. TAT Bot then does the real work
// after the ack (identity, dialog engine, database, response_url post) while later requests arrive.
// Goal: TAT Bot p99 ≤ 1.5 × bare p99. Bounded: ROUNDS × CONCURRENCY requests per app, TIME_LIMIT_MS.
//   npx tsx bench/slack-ack.bench.ts            (PGlite in memory)
//   DATABASE_URL=postgres://… npx tsx bench/slack-ack.bench.ts
import { App } from '@slack/bolt';
import { createSlackApp } from '../adapters/slack/create-slack-app.js';
import { webClientOptions } from '../adapters/slack/slack-api.js';
import { openDb } from '../db/client.js';
import { loadReferenceData } from '../db/reference/load.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { helpCommand } from '../dialogs/flows/help.js';
import { mineCommand } from '../dialogs/flows/mine.js';
import { silentLogger } from '../src/logger.js';
import { createCalendar } from '../src/rules/calendar.js';
import type { ServiceContext } from '../src/services/context.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { SlackRequester } from '../test/support/slack-signing.js';
import { BENCH_SIGNING_SECRET } from './support/bot-process.js';
import { seedSlackStaff } from './support/slack-staff.js';

const CONCURRENCY = 50;
const ROUNDS = 8;
const WARMUP_ROUNDS = 2;
const USERS = 10;
const TIME_LIMIT_MS = 90_000;
const GOAL_RATIO = 1.5;
const SECRET = BENCH_SIGNING_SECRET;

const deadline = Date.now() + TIME_LIMIT_MS;
const timer = setTimeout(() => {
  console.error(`slack-ack bench: gave up after ${TIME_LIMIT_MS / 1000} s`);
  process.exit(2);
}, TIME_LIMIT_MS);
timer.unref();

const fake = await startFakeSlack();
const db = await openDb({ databaseUrl: process.env.DATABASE_URL ?? 'memory:' });
await loadReferenceData(db.db);
const ctx: ServiceContext = { db: db.db, calendar: createCalendar(), now: () => new Date() };

// Staff on Slack, each with a few open activities and pending summaries, so `/ta mine` has work.
const users = await seedSlackStaff(db.db, fake, { count: USERS, tag: Date.now().toString(36) });

const ours = createSlackApp({
  config: { botToken: fake.botToken, signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0, host: '127.0.0.1' },
  engine: createDialogEngine({ ctx, idleMinutes: 30, handlers: { help: helpCommand, mine: mineCommand } }),
  ctx,
  dbHandle: db,
  logger: silentLogger,
});
await ours.start();

// The bare app: the same receiver settings (HTTPReceiver, /slack/events, processBeforeResponse off),
// the same client options, and a /ta listener that only acks.
const bare = new App({
  token: fake.botToken,
  signingSecret: SECRET,
  endpoints: '/slack/events',
  processBeforeResponse: false,
  deferInitialization: true,
  logLevel: undefined,
  logger: {
    debug() {},
    info() {},
    warn() {},
    error() {},
    setLevel() {},
    getLevel: () => 'error' as never,
    setName() {},
  },
  clientOptions: webClientOptions(fake.apiUrl, undefined),
});
bare.command('/ta', async ({ ack }) => {
  await ack();
});
await bare.init();
const bareServer = (await bare.start({ port: 0, host: '127.0.0.1' })) as unknown as {
  address(): { port: number };
};

const targets = {
  tat: new SlackRequester(`http://127.0.0.1:${ours.listeningPort()}`, SECRET),
  bare: new SlackRequester(`http://127.0.0.1:${bareServer.address().port}`, SECRET),
};

let seq = 0;
function fields(user: string): Record<string, string> {
  seq++;
  return {
    team_id: fake.teamId,
    channel_id: `C0BENCH${seq % 7}`,
    user_id: user,
    command: '/ta',
    text: 'mine',
    response_url: fake.responseUrl(),
    trigger_id: `${seq}.${Date.now()}.bench`,
  };
}

async function round(which: keyof typeof targets): Promise<number[]> {
  const before = fake.responses.length;
  const latencies = await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, i) => {
      const started = performance.now();
      const res = await targets[which].command(fields(users[i % USERS]!));
      if (res.status !== 200) throw new Error(`${which}: HTTP ${res.status}`);
      return performance.now() - started;
    }),
  );
  // Let TAT Bot finish the work after its acks, so rounds do not overlap.
  if (which === 'tat')
    await fake.waitFor(() => fake.responses.length >= before + CONCURRENCY, 'replies', 30_000);
  return latencies;
}

const samples = { tat: [] as number[], bare: [] as number[] };
for (let r = 0; r < WARMUP_ROUNDS + ROUNDS; r++) {
  if (Date.now() > deadline) break;
  const order: (keyof typeof targets)[] = r % 2 === 0 ? ['tat', 'bare'] : ['bare', 'tat'];
  for (const which of order) {
    const got = await round(which);
    if (r >= WARMUP_ROUNDS) samples[which].push(...got);
  }
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const stats = (v: number[]) => ({ n: v.length, p50: pct(v, 50), p99: pct(v, 99), max: Math.max(...v) });
const tat = stats(samples.tat);
const base = stats(samples.bare);
const ratio = tat.p99 / base.p99;

console.log(`slack ack latency, ${CONCURRENCY} concurrent signed /ta commands, ${db.kind}, loopback:`);
console.log(
  `  bare Bolt app : n=${base.n}  p50 ${fmt(base.p50)}  p99 ${fmt(base.p99)}  max ${fmt(base.max)}`,
);
console.log(`  TAT Bot app   : n=${tat.n}  p50 ${fmt(tat.p50)}  p99 ${fmt(tat.p99)}  max ${fmt(tat.max)}`);
console.log(
  `  p99 ratio TAT/bare: ${ratio.toFixed(2)} (goal ≤ ${GOAL_RATIO}) → ${ratio <= GOAL_RATIO ? 'met' : 'MISSED'}; all acks < 3 s: ${tat.max < 3000 && base.max < 3000 ? 'yes' : 'NO'}`,
);

await ours.stop();
await bare.stop();
await fake.close();
await db.close();
