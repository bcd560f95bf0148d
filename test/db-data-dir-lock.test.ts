// One process per embedded-database folder: the bot (`npm start`) holds DATA_DIR; a second bot or a
// `tat` command beside it refuses at once, naming the holder; a lock left by a killed process is
// taken over; a folder whose indexes disagree with its rows is explained, not a stack trace.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/client.js';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from '../db/data-dir-lock.js';
import { loadReferenceDataOrRepair } from '../db/reference/load.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tat-lock-'));
  dirs.push(d);
  return d;
}

function env(dataDir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, REMINDERS_ENABLED: 'false' };
  for (const k of [
    'DATABASE_URL',
    'SLACK_BOT_TOKEN',
    'SLACK_SIGNING_SECRET',
    'TEAMS_APP_ID',
    'CONSOLE_USER_EMAIL',
  ])
    delete e[k];
  return e;
}

/** `npm start` on the console channel, kept running while its stdin is open. */
function startBot(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: env(dataDir),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const io = { out: '', err: '' };
  child.stdout!.on('data', (c: Buffer) => {
    io.out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    io.err += c.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return { child, io, exited };
}

async function waitFor(check: () => boolean, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function tat(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, 'bin/tat.js'), ...args],
      { cwd: root, env: env(dataDir), timeout: 120_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('one process per DATA_DIR (child processes)', () => {
  it('a second bot and `tat migrate` beside a running bot refuse, naming it; the folder stays usable', async () => {
    const dataDir = tempDir();
    const bot = startBot(dataDir);
    await waitFor(() => bot.io.out.includes('Signed in as'));
    const pid = String(bot.child.pid);

    const migrate = await tat(['migrate'], dataDir);
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain(`in use by another TAT Bot process (pid ${pid}, "src/main.ts", since `);
    expect(migrate.stderr).toContain('set DATABASE_URL');
    expect(migrate.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const second = startBot(dataDir);
    expect(await second.exited).toBe(1);
    expect(second.io.err).toContain(`pid ${pid}`);

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const after = await tat(['migrate'], dataDir);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    const again = startBot(dataDir);
    await waitFor(() => again.io.out.includes('Signed in as'));
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 240_000);

  it('a lock left by a killed bot is taken over by the next start', async () => {
    const dataDir = tempDir();
    const bot = startBot(dataDir);
    await waitFor(() => bot.io.out.includes('Signed in as'));
    bot.child.kill('SIGKILL');
    await bot.exited;
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(bot.child.pid);
    const migrate = await tat(['migrate'], dataDir);
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
  }, 240_000);
});

describe('the lock file (in process)', () => {
  it('is exclusive within a process too, and released on close', () => {
    const dataDir = tempDir();
    const lock = acquireDataDirLock(dataDir, { command: 'test' });
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    lock.release();
    acquireDataDirLock(dataDir).release();
  });

  it('takes over a half-written lock', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, LOCK_FILE), '{"pid":');
    const lock = acquireDataDirLock(dataDir, { command: 'test' });
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('explains a folder whose unique index disagrees with the reference data', async () => {
    const handle = await openDb({ databaseUrl: 'memory:' });
    try {
      // Two States per region violate this index: the load fails with a unique violation.
      await handle.db.execute(sql`delete from states`);
      await handle.db.execute(sql`create unique index damaged_one_state_per_region on states (region)`);
      await expect(loadReferenceDataOrRepair(handle.db)).rejects.toThrow(
        /could not be prepared: duplicate key in "damaged_one_state_per_region".*npx tat migrate/,
      );
    } finally {
      await handle.close();
    }
  }, 60_000);
});
