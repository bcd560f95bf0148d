// The pieces the real-process benchmarks share: a free loopback port, the bot or the bare Bolt app
// spawned as production runs it (`npm start`'s node arguments; Slack settings pointing at the fake
// Slack), waiting for its first GET /healthz 200, and stopping it with SIGTERM as Docker would.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** node's arguments in `npm start` (`exec node <flags> dist/src/main.js`), read from package.json. */
export function npmStartArgs(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.replace(/^exec\s+node\s+/, '').split(/\s+/);
}

export const BENCH_SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

export const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });

export interface SlackProcessOptions {
  root: string;
  which: 'tat' | 'bare';
  port: number;
  botToken: string;
  apiUrl: string;
  /** More environment (the bot's database: DATABASE_URL or DATA_DIR). */
  env?: Record<string, string | undefined>;
}

/**
 * TAT Bot (`dist/src/main.js` with `npm start`'s arguments, reminders off, warnings only) or the bare
 * Bolt app (bench/support/bare-bolt-app.mjs, with the same node flags), on Slack over HTTP.
 */
export function spawnSlackProcess(o: SlackProcessOptions): ChildProcess {
  const startArgs = npmStartArgs(o.root);
  const args =
    o.which === 'tat'
      ? startArgs
      : [
          ...startArgs.filter((a) => a.startsWith('--')),
          join(o.root, 'bench', 'support', 'bare-bolt-app.mjs'),
        ];
  return spawn(process.execPath, args, {
    cwd: o.root,
    env: {
      ...process.env,
      SLACK_BOT_TOKEN: o.botToken,
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: o.apiUrl,
      SLACK_APP_TOKEN: '',
      TEAMS_APP_ID: '',
      TEAMS_APP_PASSWORD: '',
      PORT: String(o.port),
      // A sweep landing mid-run would measure the scheduler, not the commands.
      REMINDERS_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ...o.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Resolves at the first GET /healthz 200; throws if the process exits first or takes over a minute. */
export async function waitHealthy(child: ChildProcess, port: number, what: string): Promise<void> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited with ${child.exitCode} before it was healthy`);
    if (performance.now() - started > 60_000) throw new Error(`${what} did not become healthy in 60 s`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** SIGTERM, then wait for the exit. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
