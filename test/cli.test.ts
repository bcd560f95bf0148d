// The `tat` CLI as users run it (`node bin/tat.js …` in a child process), plus the argument checks
// in-process through runTat. `seed --demo` goes to a temporary PGlite directory, or to a scratch
// PostgreSQL database when TEST_DATABASE_URL is set, and the demo records are then found by search.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '../db/client.js';
import { runTat } from '../src/cli/run.js';
import { createCalendar } from '../src/rules/calendar.js';
import { DEMO } from '../src/seed/demo.js';
import { findStaffByEmail } from '../src/services/lookups.js';
import { searchActivities } from '../src/services/search-activities.js';
import { createScratchDatabase } from './support/test-db.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const CONFIG_VARS = ['DATABASE_URL', 'DATA_DIR', 'TAT_TIMEZONE', 'TAT_CLOSURE_DAYS'];

/** The environment without any TAT settings of the machine running the tests, plus `extra`. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const name of CONFIG_VARS) delete env[name];
  return { ...env, ...extra };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function tat(args: string[], extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [...nodeArgs, join(root, 'bin/tat.js'), ...args],
      { cwd: root, env: cleanEnv(extraEnv), timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** runTat in this process, capturing its output. */
async function runInProcess(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runTat(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: cleanEnv(env),
  });
  return { code, stdout, stderr };
}

// Child processes start tsx and PGlite: give them time on a busy machine.
describe('tat due and tat holidays (child process)', { timeout: 120_000 }, () => {
  it('R1 `tat due 2026-11-20` prints the due date and why, exactly', async () => {
    const run = await tat(['due', '2026-11-20']);
    expect(run).toEqual({
      code: 0,
      stdout: '2026-11-20 -> due 2026-11-30 (end of month; 10th business day is 2026-12-07)\n',
      stderr: '',
    });
  });

  it('R1 `tat due` runs the compiled CLI and loads no database module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tat-imports-'));
    try {
      const log = join(dir, 'imports.log');
      const run = await tat(['due', '2026-11-20'], { IMPORT_LOG: log }, [
        '--import',
        join(root, 'test/support/log-imports.mjs'),
      ]);
      expect(run.code).toBe(0);
      const loaded = readFileSync(log, 'utf8').split('\n');
      expect(loaded).toContainEqual(expect.stringContaining('/dist/src/cli/tat.js'));
      expect(
        loaded.filter((url) => /pglite|postgres|drizzle-orm|\/db\/client|\/src\/services\//.test(url)),
      ).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('R0 `tat holidays 2027` lists the observed holidays, incl. 2027-12-24 and 2027-12-31', async () => {
    const run = await tat(['holidays', '2027']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d{2}-\d{2} \S.*$/);
    expect(lines.map((l) => l.slice(0, 10))).toEqual(
      createCalendar()
        .holidays(2027)
        .map((h) => h.date),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^2027-12-24 Christmas Day/));
    expect(lines).toContainEqual(expect.stringMatching(/^2027-12-31 New Year's Day/));
  });

  it('exits 2 with the problem and the usage on bad arguments', async () => {
    const run = await tat(['due', '2026-02-30']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('"2026-02-30" is not a date; write dates as YYYY-MM-DD');
    expect(run.stderr).toContain('Usage: tat due <YYYY-MM-DD>');
  });
});

describe('tat arguments (in process)', () => {
  it.each([
    [['due'], /give the date the TA was delivered/],
    [['due', '20-11-2026'], /is not a date/],
    [['holidays'], /give exactly one year/],
    [['holidays', '27'], /"27" is not a year/],
    [['holidays', '2026', '2027'], /give exactly one year/],
    [['seed'], /add --demo/],
    [['seed', '--demmo'], /unknown argument "--demmo"/],
    [['migrate', 'now'], /unexpected argument "now"/],
    [['help', 'nope'], /there is no command "nope"/],
  ])('tat %j exits 2 with a clear message and the usage', async (args, message) => {
    const run = await runInProcess(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Usage: tat /);
  });

  it.each([
    ['hollidays', 'holidays'],
    ['migrat', 'migrate'],
    ['dew', 'due'],
  ])('an unknown command %s suggests %s', async (typo, suggestion) => {
    const run = await runInProcess([typo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Did you mean \`tat ${suggestion}\`?`);
  });

  it('no command shows the help on stderr and exits 2; `tat help` lists every command', async () => {
    const none = await runInProcess([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: tat <command>');
    const help = await runInProcess(['help']);
    expect(help.code).toBe(0);
    for (const name of ['migrate', 'seed', 'due', 'holidays', 'help'])
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect((await runInProcess(['due', '--help'])).stdout).toContain('Usage: tat due');
  });

  it('R0 R1 honours TAT_CLOSURE_DAYS and reports a bad configuration', async () => {
    const closed = await runInProcess(['due', '2026-12-14'], { TAT_CLOSURE_DAYS: '2026-12-24' });
    expect(closed.stdout).toBe('2026-12-14 -> due 2026-12-30 (10th business day; month ends 2026-12-31)\n');
    const bad = await runInProcess(['due', '2026-12-14'], { TAT_TIMEZONE: 'Mars/Olympus_Mons' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/misconfigured[\s\S]*TAT_TIMEZONE/);
  });

  it('says clearly when the database cannot be reached, hiding the password', async () => {
    const run = await runInProcess(['migrate'], {
      DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /Cannot reach the database at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/,
    );
    expect(run.stderr).not.toContain('secret');
  });
});

describe('tat migrate and tat seed --demo (child process)', () => {
  it('migrates an in-memory database and reports what it loaded', async () => {
    const run = await tat(['migrate'], { DATABASE_URL: 'memory:' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Database: in-memory PGlite/m);
    expect(run.stdout).toMatch(/^Migrations: up to date/m);
    expect(run.stdout).toMatch(/^Reference data: 56 States and Territories, \d+ centers, 9 goal categories/m);
  }, 120_000);

  it('R24 after `tat seed --demo` the search service finds the demo records; seeding again changes nothing', async () => {
    const base = process.env.TEST_DATABASE_URL;
    const scratch = base ? await createScratchDatabase(base) : undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'tat-cli-'));
    const env: Record<string, string> = scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir };
    try {
      const first = await tat(['seed', '--demo'], env);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Demo data: \d+ staff, \d+ requesters, \d+ goals, \d+ TA activities/m);
      const second = await tat(['seed', '--demo'], env);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('Demo data: already seeded; nothing changed.');

      const handle = await openDb({ databaseUrl: scratch?.url, dataDir });
      try {
        const ctx = { db: handle.db, calendar: createCalendar(), now: () => new Date() };
        const pat = await findStaffByEmail(handle.db, DEMO.provider);
        expect(pat?.role).toBe('provider');
        const result = await searchActivities(
          ctx,
          { kind: 'staff', staffId: pat!.id, channel: 'cli' },
          {
            stateCode: 'MD',
          },
        );
        expect(result.ok && result.value.length).toBeGreaterThan(0);
        const mine = await searchActivities(
          ctx,
          { kind: 'staff', staffId: pat!.id, channel: 'cli' },
          {
            staffId: pat!.id,
            region: 3,
          },
        );
        expect(mine.ok && mine.value.every((h) => h.stateCode === 'MD')).toBe(true);
      } finally {
        await handle.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await scratch?.drop();
    }
  }, 240_000);
});

describe('tat import (child process)', () => {
  it('R26 imports the example files; a file with bad rows writes nothing, lists each line and exits 1', async () => {
    const base = process.env.TEST_DATABASE_URL;
    const scratch = base ? await createScratchDatabase(base) : undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'tat-cli-'));
    const env: Record<string, string> = scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir };
    try {
      const staff = await tat(['import', 'staff', 'examples/staff.csv'], env);
      expect(staff.stderr).toBe('');
      expect(staff.code).toBe(0);
      expect(staff.stdout).toMatch(/^Imported staff: 5 added, 0 updated, 0 deactivated, 0 unchanged\.$/m);
      const bad = join(dataDir, 'bad-staff.csv');
      writeFileSync(
        bad,
        'name,email,title,center,role,states\n"Núñez, José",jose@x.org,"Lead,\nSubsidy",SCBC,boss,MD\nOk Person,not-mail,T,SCBC,provider,MD\n',
      );
      const refused = await tat(['import', 'staff', bad, '--dry-run'], env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        'bad-staff.csv:2: role: "boss" is not accepted; use provider, specialist or admin\n' +
          'bad-staff.csv:4: email: not an e-mail address; write it like name@agency.gov\n' +
          'Nothing imported: 2 problems to fix in bad-staff.csv, then run the import again.\n',
      );
      const again = await tat(['import', 'staff', 'examples/staff.csv', '--dry-run'], env);
      expect(again.stdout).toMatch(
        /^Dry run \(nothing written\): would import staff: 0 added, 0 updated, 0 deactivated, 5 unchanged\.$/m,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await scratch?.drop();
    }
  }, 240_000);

  it.each([
    [['import'], /say what to import: staff, contacts, goals/],
    [['import', 'people', 'x.csv'], /say what to import/],
    [['import', 'staff'], /give the CSV file to import/],
    [['import', 'staff', 'a.csv', '--force'], /unknown option "--force"/],
  ])('tat %j exits 2 with a clear message and the usage', async (args, message) => {
    const run = await runInProcess(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Usage: tat import/);
  });
});
