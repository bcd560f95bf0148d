// `/ta export` and `/ta report` through the dialog engine and the console channel: the path of the
// file written is shown, the CSV and PNG are there, bad criteria and forbidden scopes are answered.
import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { startConsole } from '../adapters/console/console.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

async function open(userEmail?: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const engine = createDialogEngine({ ctx: t.ctx, idleMinutes: 30 });
  const session = await startConsole({ engine, ctx: t.ctx, input, output, userEmail, seedIfEmpty: true });
  return {
    session,
    screen: () => text,
    clear: () => {
      text = '';
    },
  };
}

const writtenPath = (screen: string) => /written to (\S+)/.exec(screen)?.[1];

describe('data out on the console', () => {
  it('R24 /ta export writes the CSV of the /ta find criteria and shows its path', async () => {
    const { session, screen, clear } = await open();
    await session.type('/ta export');
    expect(screen()).toMatch(/Which activities should I export\?/);
    clear();
    await session.type('/ta export state:MD');
    expect(screen()).toMatch(/Exported 3 TA activities \(state:MD\) as tat-export-2026-11-23\.csv/);
    const path = writtenPath(screen());
    expect(path && existsSync(path)).toBe(true);
    const rows = parse(readFileSync(path!), { bom: true }) as string[][];
    expect(rows.slice(1).map((r) => r[1])).toEqual(['Maryland (MD)', 'Maryland (MD)', 'Maryland (MD)']);
    clear();
    await session.type('/ta export state:MD bogus');
    expect(screen()).toMatch(/! I don't understand "bogus"/);
    expect(writtenPath(screen())).toBeUndefined();
    clear();
    await session.type('/ta export state:GU region:5');
    expect(screen()).toMatch(/nothing to export/);
  });

  it('R3 /ta report shows the short text and writes the chart PNG; R25 a provider cannot see the program', async () => {
    const { session, screen, clear } = await open();
    await session.type('/ta report 2026-11');
    expect(screen()).toMatch(/Monthly review, November 2026: ECQA \(primary center\)/);
    expect(screen()).toMatch(/Summaries due this month \(R1\): 0 on time, 0 late, 0 missing, 1 not yet due/);
    const path = writtenPath(screen());
    expect(path).toMatch(/tat-report-2026-11\.png$/);
    expect([...readFileSync(path!).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    clear();
    await session.type('/ta report 2026-11 program');
    expect(screen()).toMatch(/! Only TAT administrators can report on the whole program/);
  });
});
