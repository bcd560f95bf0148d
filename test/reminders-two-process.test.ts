// Exactly once with two real scheduler processes sweeping the same PostgreSQL database at the same
// instant: every nudge is sent by exactly one of them. Needs a real server (TEST_DATABASE_URL).
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.js';
import { reminderLedger } from '../db/schema.js';
import type { SweepSummary } from '../src/reminders/sweep.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = join(root, 'test', 'reminders-two-process.child.ts');

function startChild(
  url: string,
  at: string,
): { proc: ChildProcess; ready: Promise<void>; done: Promise<SweepSummary> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, url, at], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  proc.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('ready\n')) readyResolve();
  });
  proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<SweepSummary>((resolve, reject) => {
    proc.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as SweepSummary);
      else reject(new Error(`child exited ${code}: ${err || out}`));
    });
  });
  return { proc, ready, done };
}

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))('two scheduler processes, one PostgreSQL', () => {
  const t = useTestDb();

  it('R1 every nudge is sent exactly once when two processes sweep at the same instant', {
    timeout: 120_000,
  }, async () => {
    const db = t.handle.db;
    const people = 30;
    for (let i = 0; i < people; i++) {
      const staff = await createStaff(db, {
        name: `Provider ${i}`,
        reminderMode: i % 10 === 0 ? 'digest' : 'separate',
      });
      for (const endDate of ['2026-11-02', '2026-11-02']) {
        const activity = await createActivity(db, { primaryStaff: staff, tracking: true });
        await createDelivery(db, { activityId: activity.id, endDate }); // due soon on 2026-11-13
      }
    }
    await db.execute(
      sql`create table test_sends (pid int not null, staff_id int not null, kind text not null, items text not null)`,
    );
    const at = '2026-11-13T15:00:00.000Z';
    const children = [startChild(t.url, at), startChild(t.url, at)];
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.proc.stdin!.end('go\n');
    const summaries = await Promise.all(children.map((c) => c.done));

    const sends = await queryRows<{ staff_id: number; kind: string; items: string; pid: number }>(
      db,
      sql`select staff_id, kind, items, pid from test_sends`,
    );
    const digestPeople = people / 10;
    const expectedMessages = (people - digestPeople) * 2 + digestPeople;
    expect(sends).toHaveLength(expectedMessages);
    // No activity was nudged twice to the same person.
    const nudged = sends.flatMap((s) => (JSON.parse(s.items) as number[]).map((id) => `${s.staff_id}:${id}`));
    expect(new Set(nudged).size).toBe(people * 2);
    expect(nudged).toHaveLength(people * 2);
    expect(summaries.reduce((n, s) => n + s.sent, 0)).toBe(expectedMessages);
    expect(summaries.reduce((n, s) => n + s.claimed, 0)).toBe(people * 2);
    const rows = await db.select().from(reminderLedger);
    expect(rows).toHaveLength(people * 2);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
