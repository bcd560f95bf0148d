// `tat export` and `tat report`: the /ta find criteria read by the CLI (R24), the CSV written whole to
// --out or streamed to stdout, the report text and PNG (R3), and R25 (who, and what they may see).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTat } from '../src/cli/run.js';
import { DEMO } from '../src/seed/demo.js';
import { createScratchDatabase } from './support/test-db.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dir = mkdtempSync(join(tmpdir(), 'tat-cli-data-out-'));
let env: Record<string, string> = {};
let drop: (() => Promise<void>) | undefined;

function cleanEnv(): Record<string, string | undefined> {
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'TAT_TIMEZONE', 'TAT_CLOSURE_DAYS', 'CONSOLE_USER_EMAIL'])
    delete base[name];
  return { ...base, ...env };
}

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runTat(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: cleanEnv(),
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const scratch = await createScratchDatabase(base);
    env = { DATABASE_URL: scratch.url };
    drop = scratch.drop;
  } else env = { DATA_DIR: join(dir, 'data') };
  expect((await run(['seed', '--demo'])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('tat export and tat report', { timeout: 120_000 }, () => {
  it('R24 `tat export state:MD --out` writes the CSV of the /ta find criteria', async () => {
    const out = join(dir, 'md.csv');
    const done = await run(['export', 'state:MD', 'completion:open', '--out', out, '--as', DEMO.specialist]);
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toMatch(/^Exported \d+ TA activities to .*md\.csv\n$/);
    const rows = parse(readFileSync(out), { bom: true }) as string[][];
    expect(rows[0]!.slice(0, 3)).toEqual(['TA request #', 'State/Territory', 'Region']);
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows.slice(1)) expect([r[1], r[28]]).toEqual(['Maryland (MD)', 'Open']);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('R24 R25 refuses unknown criteria, a missing --as, and an unknown person, writing nothing', async () => {
    const out = join(dir, 'bad.csv');
    const cases: [string[], RegExp][] = [
      [['export', 'state:MD', 'bogus', '--out', out, '--as', DEMO.specialist], /I don't understand "bogus"/],
      [['export', 'type:nonsense', '--out', out, '--as', DEMO.specialist], /Activity type must be one of/],
      [['export', '--out', out], /--as <staff e-mail>/],
      [['export', '--as', 'nobody@example.org'], /no active staff person has the e-mail/],
      [['export', '--out'], /--out needs a value/],
    ];
    for (const [args, message] of cases) {
      const done = await run(args);
      expect(done.code, args.join(' ')).toBe(2);
      expect(done.stderr, args.join(' ')).toMatch(message);
    }
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });

  it('R3 `tat report --month --out` prints the figures and writes the PNG; R25 a provider cannot see the program', async () => {
    const png = join(dir, 'report.png');
    const done = await run(['report', '--month', '2026-11', '--out', png, '--as', DEMO.admin]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^Monthly review, November 2026: the whole program \(as of /);
    expect(done.stdout).toMatch(/Summaries due this month \(R1\): \d+ on time/);
    expect(done.stdout).toMatch(/Chart \(1200×\d+ PNG\) written to .*report\.png/);
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const refused = await run(['report', '--month', '2026-11', 'program', '--as', DEMO.provider]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Only TAT administrators can report on the whole program/);
  });

  it('R24 `tat export` streams the CSV to stdout from a real process', async () => {
    const child = await new Promise<{ code: number; stdout: Buffer; stderr: string }>((done) => {
      execFile(
        process.execPath,
        [join(root, 'bin/tat.js'), 'export', 'state:GU', '--as', DEMO.admin],
        { cwd: root, env: cleanEnv(), timeout: 120_000, encoding: 'buffer' },
        (err, stdout, stderr) =>
          done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr: stderr.toString() }),
      );
    });
    expect(child.code).toBe(0);
    expect(child.stderr).toMatch(/Exported \d+ TA activities\./);
    const rows = parse(child.stdout, { bom: true }) as string[][];
    expect([...child.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set(['Guam (GU)']));
  });
});
