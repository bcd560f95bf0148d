// Upgrading a program that already has deliveries: migration 0012 builds activity_summary_months
// from them (the month-end planner reads it instead of the deliveries), and its triggers keep it
// from then on. Run on embedded PGlite: the database stopped at migration 0011, data written, then
// the rest of the migrations applied as a start would.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../db/client.js';
import { loadReferenceData } from '../db/reference/load.js';
import * as schema from '../db/schema.js';
import { activitySummaryMonths } from '../db/schema.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';

const before = mkdtempSync(join(tmpdir(), 'tat-migrations-0011-'));
afterAll(() => rmSync(before, { recursive: true, force: true }));

/** The migrations folder as it was up to `lastTag` (the journal cut after it). */
function migrationsUpTo(lastTag: string): string {
  cpSync(migrationsFolder, before, { recursive: true });
  const journalPath = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  expect(last).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return before;
}

describe('upgrading to the summary markers (migration 0012)', () => {
  it('R4 builds a marker for each month with a summary already recorded, then the triggers keep them', async () => {
    const client = new PGlite();
    const db = drizzle(client, { schema });
    try {
      await migrate(db, { migrationsFolder: migrationsUpTo('0011_planner-covering') });
      await loadReferenceData(db as never);
      const alice = await createStaff(db as never, { name: 'Alice Able' });
      const a = await createActivity(db as never, { primaryStaff: alice, tracking: true });
      const b = await createActivity(db as never, { primaryStaff: alice, tracking: true });
      await createDelivery(db as never, { activityId: a.id, endDate: '2026-11-03', summary: 'Held a call.' });
      await createDelivery(db as never, { activityId: a.id, endDate: '2026-11-20', summary: 'Held a call.' });
      await createDelivery(db as never, { activityId: a.id, endDate: '2026-10-06' });
      await createDelivery(db as never, { activityId: b.id, endDate: '2026-09-14', summary: 'Held a call.' });

      await migrate(db, { migrationsFolder });
      const markers = async () =>
        (await db.select().from(activitySummaryMonths)).map((m) => `${m.activityId} ${m.month}`).sort();
      expect(await markers()).toEqual([`${a.id} 2026-11-01`, `${b.id} 2026-09-01`].sort());

      await createDelivery(db as never, { activityId: b.id, endDate: '2026-10-01', summary: 'Held a call.' });
      expect(await markers()).toEqual(
        [`${a.id} 2026-11-01`, `${b.id} 2026-09-01`, `${b.id} 2026-10-01`].sort(),
      );
    } finally {
      await client.close();
    }
  });
});
