// The node flags `npm start` runs the bot with. Under load the bot allocates ~0.5 MB per slash command
// (mostly Drizzle building SQL), nearly all of it garbage at once; with V8's default heap growing
// factor (up to 4× what survived the last full GC on a machine with memory to spare) the process sat
// at 440 MB after 10,000 `/ta mine` and kept growing, with ~35 MB live. bench/slack-memory.bench.ts
// measures it; this holds the flags that keep it near 160 MB without capping the heap.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } })
  .scripts.start;
const match = /^exec node((?:\s+--[a-z-]+(?:=\S+)?)*)\s+dist\/src\/main\.js$/.exec(start);
const flags = match?.[1]?.trim().split(/\s+/) ?? [];
const value = (name: string) => flags.find((f) => f.startsWith(`${name}=`))?.split('=')[1];

describe('npm start node flags', () => {
  it('execs node on the compiled dist/src/main.js with flags only', () => {
    expect(match, start).not.toBeNull();
  });

  it('lets the old space grow by at most 100 % after a full GC (V8 default: up to 300 %)', () => {
    const percent = Number(value('--heap-growing-percent'));
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThanOrEqual(100);
  });

  it('keeps the small young generation and sets no heap cap that real load could hit', () => {
    expect(Number(value('--max-semi-space-size'))).toBeLessThanOrEqual(8);
    expect(value('--max-old-space-size')).toBeUndefined();
  });

  it('uses flags this node accepts (a node upgrade dropping one would stop `npm start`)', () => {
    const run = spawnSync(process.execPath, [...flags, '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
