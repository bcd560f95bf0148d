// The composition root as an operator meets it: a process that starts, reports bad settings clearly,
// and stops gracefully on SIGTERM (reminder scheduler first, then channels, then the database).
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function startMain(env: Record<string, string>, script = 'src/main.ts') {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
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

async function waitFor(check: () => boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for the bot');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm start (src/main.ts)', () => {
  it('stops gracefully on SIGTERM with the reminder scheduler running', async () => {
    const bot = startMain({ DATABASE_URL: 'memory:', REMINDERS_ENABLED: 'true', REMINDER_CRON: '* * * * *' });
    await waitFor(() => bot.io.out.includes('Signed in as'));
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.io.err).not.toMatch(/Error/);
  }, 90_000);

  it('names each wrong setting and exits 2', async () => {
    const bot = startMain({ DATABASE_URL: 'memory:', TAT_TIMEZONE: 'Nowhere/Land' });
    expect(await bot.exited).toBe(2);
    expect(bot.io.err).toContain('TAT_TIMEZONE: must be an IANA time zone');
  }, 60_000);

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
