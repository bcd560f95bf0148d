// `tat remind --dry-run [--at …]`: argument handling, instants in the program time zone, and the
// report of who would be nudged (nothing claimed).
import { describe, expect, it } from 'vitest';
import { reminderLedger } from '../db/schema.js';
import { parseInstant, printDryRun, remindCommand } from '../src/cli/commands/remind.js';
import type { CliIo } from '../src/cli/commands/types.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const streams: CliIo = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: { DATABASE_URL: 'memory:', ...env },
  };
  return { streams, out: () => out.join(''), err: () => err.join('') };
}

describe('tat remind', () => {
  it.each([
    [['--at', '2026-11-25T15:00:00Z'], 'only --dry-run'],
    [['--dry-run', '--at'], '--at needs an instant'],
    [['--dry-run', '--at', 'tomorrow'], 'is not an instant'],
    [['--dry-run', '--at', '2026-02-30T10:00'], 'is not an instant'],
    [['--dry-run', '--now'], 'unknown argument "--now"'],
  ])('refuses %j with a reason and the usage (exit 2)', async (args, message) => {
    const x = io();
    expect(await remindCommand.run(args, x.streams)).toBe(2);
    expect(x.err()).toContain(message);
    expect(x.err()).toContain('Usage: tat remind --dry-run');
  });

  it.each([
    ['2026-11-25T15:00:00Z', '2026-11-25T15:00:00.000Z'],
    ['2026-11-25T10:00-05:00', '2026-11-25T15:00:00.000Z'],
    ['2026-11-25T10:00+0000', '2026-11-25T10:00:00.000Z'],
    ['2026-11-25T10:00', '2026-11-25T15:00:00.000Z'], // EST
    ['2026-07-01T10:00', '2026-07-01T14:00:00.000Z'], // EDT
    ['2026-03-08T12:00', '2026-03-08T16:00:00.000Z'], // the day DST starts
    ['2026-11-25', '2026-11-25T17:00:00.000Z'], // noon there
  ])('R0 reads %s in the program time zone as %s', (text, iso) => {
    expect(parseInstant(text, 'America/New_York')?.toISOString()).toBe(iso);
  });

  it('runs against the configured database and reports an empty plan', async () => {
    const x = io();
    expect(await remindCommand.run(['--dry-run', '--at', '2026-11-13T15:00:00Z'], x.streams)).toBe(0);
    expect(x.out()).toContain('Reminders at 2026-11-13T15:00:00.000Z: 0 message(s) would be sent.');
  });

  it('R1 prints who would be nudged about what, and claims nothing', async () => {
    const alice = await createStaff(t.handle.db, { name: 'Alice Able', email: 'alice@example.org' });
    const activity = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    const delivery = await createDelivery(t.handle.db, { activityId: activity.id, endDate: '2026-11-02' });
    const x = io();
    await printDryRun(t.ctx, new Date('2026-11-13T15:00:00Z'), x.streams, 2);
    expect(x.out()).toContain('1 message(s) would be sent');
    expect(x.out()).toContain('Alice Able <alice@example.org>');
    expect(x.out()).toContain(`summary_due_soon delivery:${delivery.id} slot 2026-11-13`);
    const y = io();
    await printDryRun(t.ctx, new Date('2026-11-13T15:00:00Z'), y.streams, 3);
    expect(y.out()).toContain(`summary_due_soon delivery:${delivery.id} slot 2026-11-12`); // 3 business days
    expect(await t.handle.db.select().from(reminderLedger)).toEqual([]);
  });

  it('R1 names people (name and e-mail) in every line, never internal staff ids', async () => {
    const alice = await createStaff(t.handle.db, { name: 'Alice Able', email: 'alice@example.org' });
    const activity = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    await createDelivery(t.handle.db, { activityId: activity.id, endDate: '2026-11-02' });
    for (const at of ['2026-11-13T15:00:00Z', '2026-11-13T11:00:00Z']) {
      const x = io();
      await printDryRun(t.ctx, new Date(at), x.streams, 2);
      const people = x
        .out()
        .split('\n')
        .filter((l) => l.includes('Alice'));
      expect(people.length, at).toBeGreaterThan(0);
      expect(x.out(), at).toContain('Alice Able <alice@example.org>');
      // (#<n> is an activity's TA request number in the headlines; a staff id would follow the name or the reason.)
      expect(x.out(), at).not.toContain(`(#${alice.id},`);
      expect(x.out(), at).not.toMatch(new RegExp(`: #${alice.id} \\w+ delivery:`));
    }
  });
});
