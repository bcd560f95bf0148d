// The composition root as an operator meets it: a process that starts, reports bad settings clearly,
// and stops gracefully on SIGTERM (reminder scheduler first, then channels, then the database).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFakeSlack } from './support/fake-slack.js';
import { commandFields } from './support/slack-harness.js';
import { SlackRequester } from './support/slack-signing.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function startMain(env: Record<string, string>, script = 'dist/src/main.js') {
  // The bot runs compiled, as `npm start` does; a TypeScript helper script runs through tsx.
  const args = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      TEAMS_APP_ID: '',
      TEAMS_APP_PASSWORD: '',
      CONSOLE_USER_EMAIL: '',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const io = { out: '', err: '' };
  child.stdout.on('data', (c: Buffer) => {
    io.out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    io.err += c.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, io, exited };
}

/** Every live process below `pid` (read from /proc), to tell whether anything was left orphaned. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf)
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for the bot');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start (dist/src/main.js, compiled from src/main.ts)', () => {
  it('stops gracefully on SIGTERM with the reminder scheduler running', async () => {
    const bot = startMain({ DATABASE_URL: 'memory:', REMINDERS_ENABLED: 'true', REMINDER_CRON: '* * * * *' });
    await waitFor(() => bot.io.out.includes('Signed in as'));
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.io.err).not.toMatch(/Error/);
  }, 90_000);

  it.runIf(process.platform === 'linux')(
    'SIGTERM to the `npm start` process stops the compiled bot within 10 s, leaving no process behind',
    async () => {
      const child = spawn('npm', ['start', '--silent'], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: 'memory:',
          REMINDERS_ENABLED: 'true',
          SLACK_BOT_TOKEN: '',
          SLACK_SIGNING_SECRET: '',
          TEAMS_APP_ID: '',
          TEAMS_APP_PASSWORD: '',
          CONSOLE_USER_EMAIL: '',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      await waitFor(() => out.includes('Signed in as'));
      const below = descendants(child.pid!);
      // npm execs the script, so the bot is compiled JavaScript run by node, not tsx.
      expect(below.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8'))).toContainEqual(
        expect.stringContaining('dist/src/main.js'),
      );
      const sent = Date.now();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - sent).toBeLessThan(10_000);
      await waitFor(() => below.every((pid) => !alive(pid)), 2_000);
    },
    90_000,
  );

  it('names each wrong setting and exits 2', async () => {
    const bot = startMain({ DATABASE_URL: 'memory:', TAT_TIMEZONE: 'Nowhere/Land' });
    expect(await bot.exited).toBe(2);
    expect(bot.io.err).toContain('TAT_TIMEZONE: must be an IANA time zone');
  }, 60_000);

  it.each([
    ['REMINDER_CRON', 'every 15 minutes', /REMINDER_CRON: must be a cron expression/],
    ['REMINDER_CRON', '61 * * * *', /REMINDER_CRON: must be a cron expression/],
    ['DIALOG_IDLE_MINUTES', 'half an hour', /DIALOG_IDLE_MINUTES: must be a whole number of minutes/],
    ['REMINDERS_ENABLED', 'yes', /REMINDERS_ENABLED: must be true or false/],
  ])(
    'a bad %s (%s) is one line naming it, with no stack trace, and exit 2',
    async (name, value, line) => {
      const bot = startMain({ DATABASE_URL: 'memory:', [name]: value });
      expect(await bot.exited).toBe(2);
      expect(bot.io.err).toMatch(line);
      expect(bot.io.err).not.toMatch(/\n\s+at /);
      expect(bot.io.err.trim().split('\n')).toHaveLength(2);
    },
    60_000,
  );

  it('says which database it could not reach, without its password, and exits 1', async () => {
    const bot = startMain({ DATABASE_URL: 'postgres://tat:hunter2@127.0.0.1:1/tat' });
    expect(await bot.exited).toBe(1);
    expect(bot.io.err).toContain('Cannot reach the database at postgres://tat:***@127.0.0.1:1/tat');
    expect(bot.io.err).not.toContain('hunter2');
  }, 60_000);

  it('says in one line that the Slack Web API is unreachable, and exits 1', async () => {
    const bot = startMain({
      DATABASE_URL: 'memory:',
      REMINDERS_ENABLED: 'false',
      SLACK_BOT_TOKEN: 'xoxb-test-unreachable',
      SLACK_SIGNING_SECRET: 'test-secret',
      SLACK_API_URL: 'http://127.0.0.1:1/api/',
      PORT: '0',
      LOG_LEVEL: 'error',
    });
    expect(await bot.exited).toBe(1);
    expect(bot.io.err).toMatch(
      /^TAT Bot could not start: Could not reach the Slack Web API at http:\/\/127\.0\.0\.1:1\/api\/ \(.+\)\. Check the network/m,
    );
    expect(bot.io.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(bot.io.err).not.toContain('xoxb-test-unreachable');
  }, 60_000);

  it('a stray rejection or exception is logged with an incident id and the process keeps serving', async () => {
    const child = startMain({}, 'test/process-guards.child.ts');
    expect(await child.exited).toBe(0);
    expect(child.io.out).toContain('still serving');
    const lines = child.io.err
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.message)).toEqual([
      'unhandled rejection (kept serving)',
      'uncaught exception (kept serving)',
    ]);
    for (const l of lines) expect(l.ref).toMatch(/^TAT-[0-9A-F]{6}$/);
  }, 60_000);
});

/** The port a started bot logged for `message` (JSON log lines on stderr). */
function loggedPort(err: string, message: string): number | undefined {
  for (const line of err.split('\n')) {
    if (!line.includes(message)) continue;
    const port = (JSON.parse(line) as { port?: unknown }).port;
    if (typeof port === 'number') return port;
  }
  return undefined;
}

describe('one HTTP server for every channel (PORT), Teams alone only on an explicit TEAMS_PORT', () => {
  const SECRET = 'main-test-signing-secret';
  const channels = (apiUrl: string, botToken: string) => ({
    DATABASE_URL: 'memory:',
    REMINDERS_ENABLED: 'false',
    LOG_LEVEL: 'info',
    PORT: '0',
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    TEAMS_APP_ID: '00000000-0000-4000-8000-00000000b07a',
    TEAMS_APP_PASSWORD: 'test-password',
  });
  const teamsPost = (port: number) =>
    fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A well-formed activity with no token: refused 401 (a malformed one is refused 400 first).
      body: JSON.stringify({
        type: 'message',
        text: 'help',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        from: { id: '29:someone' },
        recipient: { id: '28:bot' },
        conversation: { id: 'a:conversation' },
      }),
    });

  it('serves a signed Slack command, Teams activities and /healthz on PORT', async () => {
    const fake = await startFakeSlack();
    const bot = startMain(channels(fake.apiUrl, fake.botToken));
    try {
      await waitFor(
        () => loggedPort(bot.io.err, 'http: listening') !== undefined || bot.child.exitCode !== null,
      );
      const port = loggedPort(bot.io.err, 'http: listening')!;
      expect(port).toBeGreaterThan(0);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'reachable' });
      const slack = new SlackRequester(`http://127.0.0.1:${port}`, SECRET);
      const ack = await slack.command(commandFields({ teamId: fake.teamId, fake }, 'U0NEW', 'help'));
      expect(ack.status).toBe(200);
      await fake.waitFor(() => fake.responses[0], 'the reply through response_url');
      // Teams answers on the same port: an activity without a Bot Framework token is refused (401).
      expect((await teamsPost(port)).status).toBe(401);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      bot.child.kill('SIGKILL');
      await fake.close();
    }
  }, 90_000);

  it('with TEAMS_PORT set, Teams listens on its own port and PORT keeps Slack and /healthz', async () => {
    const fake = await startFakeSlack();
    const bot = startMain({ ...channels(fake.apiUrl, fake.botToken), TEAMS_PORT: '0' });
    try {
      await waitFor(
        () => loggedPort(bot.io.err, 'http: listening') !== undefined || bot.child.exitCode !== null,
      );
      const port = loggedPort(bot.io.err, 'http: listening')!;
      const teamsPort = loggedPort(bot.io.err, 'teams: channel started')!;
      expect(teamsPort).toBeGreaterThan(0);
      expect(teamsPort).not.toBe(port);
      expect((await teamsPost(teamsPort)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${teamsPort}/healthz`)).status).toBe(200);
      expect((await teamsPost(port)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      bot.child.kill('SIGKILL');
      await fake.close();
    }
  }, 90_000);
});
