// Scale out: three bot processes on one PostgreSQL behind a round-robin HTTP proxy, as on a platform
// load balancer. A dialog started on one process continues on another, a Slack retry reaching a
// second process is acted on once, and a day's sweeps run by all three send every nudge once.
// Needs a real server (TEST_DATABASE_URL); PGlite is one process only (docs/deploy.md).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDb } from '../db/client.js';
import { loadReferenceData } from '../db/reference/load.js';
import { reminderLedger } from '../db/schema.js';
import { dmOf, type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { eventEnvelope, SIGNING_SECRET } from './support/slack-harness.js';
import { SlackRequester } from './support/slack-signing.js';
import { createScratchDatabase } from './support/test-db.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = process.env.TEST_DATABASE_URL;

interface Bot {
  proc: ChildProcess;
  out: string;
  err: string;
  port: number;
}

function startBot(url: string, fake: FakeSlack): Promise<Bot> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'test/scale-out.child.ts'),
      url,
      fake.botToken,
      SIGNING_SECRET,
      fake.apiUrl,
    ],
    { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const bot: Bot = { proc, out: '', err: '', port: 0 };
  proc.stderr!.on('data', (c: Buffer) => (bot.err += c.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (c: Buffer) => {
      bot.out += c.toString();
      const m = /listening (\d+)/.exec(bot.out);
      if (m && !bot.port) {
        bot.port = Number(m[1]);
        resolve(bot);
      }
    });
    proc.on('exit', (code) => reject(new Error(`bot exited ${code}: ${bot.err}`)));
  });
}

/** Forwards each request to the next process in turn. */
async function startRoundRobin(ports: number[]): Promise<{ server: Server; url: string; hits: number[] }> {
  let next = 0;
  const hits: number[] = [];
  const server = createServer((req, res) => {
    const port = ports[next++ % ports.length]!;
    hits.push(port);
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.runIf(base)('three bot processes, one PostgreSQL, a round-robin proxy', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let handle: DbHandle;
  let fake: FakeSlack;
  let bots: Bot[] = [];
  let proxy: Awaited<ReturnType<typeof startRoundRobin>>;
  let slack: SlackRequester;

  beforeAll(async () => {
    scratch = await createScratchDatabase(base!);
    handle = await openDb({ databaseUrl: scratch.url, maxConnections: 4 });
    await loadReferenceData(handle.db);
    fake = await startFakeSlack();
    bots = await Promise.all([0, 1, 2].map(() => startBot(scratch.url, fake)));
    proxy = await startRoundRobin(bots.map((b) => b.port));
    slack = new SlackRequester(proxy.url, SIGNING_SECRET);
  }, 180_000);

  afterAll(async () => {
    for (const b of bots) b.proc.stdin!.write('stop\n');
    await Promise.all(
      bots.map((b) => new Promise((r) => (b.proc.exitCode === null ? b.proc.on('exit', r) : r(null)))),
    );
    await new Promise((r) => proxy?.server.close(r));
    await fake?.close();
    await handle?.close();
    await scratch?.drop();
  }, 60_000);

  it('a dialog started on one process continues on another; a retried event is acted on once', async () => {
    const me = await createStaff(handle.db, { name: 'Robin Reyes', states: ['MD'], slackUserId: 'U0SCALE' });
    fake.addUser({ id: 'U0SCALE', email: me.email });
    await createActivity(handle.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    const dm = (text: string, id?: string) =>
      eventEnvelope(
        { teamId: fake.teamId, fake } as never,
        {
          type: 'message',
          channel_type: 'im',
          channel: 'D0SCALE',
          user: 'U0SCALE',
          text,
          ts: `${Date.now() / 1000}`,
        },
        id,
      );
    const posts = () => fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'D0SCALE');

    const first = proxy.hits.length;
    expect((await slack.event(dm('log held a call with MD yesterday'))).status).toBe(200);
    await waitFor(() => posts().length === 1, 'the first prompt');
    expect((await slack.event(dm('cancel'))).status).toBe(200);
    await waitFor(() => posts().length === 2, 'the answer to cancel');
    expect(new Set(proxy.hits.slice(first)).size).toBe(2); // two different processes
    expect(String(posts()[1]!.args.text)).toContain('Cancelled /ta log. Nothing was saved.');

    const retried = dm('help', `EvSCALE${Date.now()}`);
    expect((await slack.event(retried)).status).toBe(200);
    expect((await slack.event(retried, { retryNum: 1 })).status).toBe(200);
    await waitFor(
      () => bots.some((b) => b.err.includes('slack: repeated event ignored')),
      'the retry ignored',
    );
    await waitFor(() => posts().length === 3, 'one answer to help');
    expect(posts()).toHaveLength(3);
  }, 120_000);

  it('R1 a day of sweeps by all three processes sends every nudge once', async () => {
    const alice = await createStaff(handle.db, { name: 'Alice Able', slackUserId: 'U0NUDGE3' });
    for (const end of ['2026-11-02', '2026-11-03']) {
      const activity = await createActivity(handle.db, { primaryStaff: alice, tracking: true });
      await createDelivery(handle.db, { activityId: activity.id, endDate: end });
    }
    const nudges = () => fake.callsOf('chat.postMessage').filter((c) => c.args.channel === dmOf('U0NUDGE3'));
    // Friday 11/13, every 15 minutes from 08:00 to 18:00 New York time, all three at each instant.
    for (let minutes = 13 * 60; minutes <= 23 * 60; minutes += 15) {
      const at = new Date(Date.UTC(2026, 10, 13, 0, minutes)).toISOString();
      const before = bots.map((b) => b.out.split(`swept ${at}`).length);
      for (const b of bots) b.proc.stdin!.write(`sweep ${at}\n`);
      await waitFor(
        () => bots.every((b, i) => b.out.split(`swept ${at}`).length > before[i]!),
        `the sweeps at ${at}`,
      );
    }
    const rows = await handle.db.select().from(reminderLedger);
    const mine = rows.filter((r) => r.recipientStaffId === alice.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.status === 'sent')).toBe(true);
    expect(nudges()).toHaveLength(new Set(mine.map((r) => (r.payload as { message: string }).message)).size);
    const ledgerIds = nudges().flatMap(
      (c) => (c.args.metadata as { event_payload: { ledger_ids: number[] } }).event_payload.ledger_ids,
    );
    expect(ledgerIds.sort()).toEqual(mine.map((r) => r.id).sort());
  }, 240_000);
});
