// Reference data files: validated when read, loaded idempotently, strategic area and focus lists synced.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  loadReferenceData,
  loadReferenceDataIfChanged,
  readReferenceData,
  referenceDataHash,
} from '../db/reference/load.js';
import { focusOptions, referenceDataLoads, strategicAreaOptions } from '../db/schema.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

describe('reference data', () => {
  it('R5 R21 every goal category has a strategic area list and a TA focus list ending with "Other"', () => {
    const ref = readReferenceData();
    const codes = ref.goalCategories.map((c) => c.code);
    expect(Object.keys(ref.strategicAreas).sort()).toEqual([...codes].sort());
    expect(Object.keys(ref.focusOptions).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(ref.strategicAreas[code]!.at(-1)).toBe('Other');
      expect(ref.focusOptions[code]!.at(-1)).toBe('Other');
    }
  });

  it('R16 lists every delivery method of the rule', () => {
    expect(readReferenceData().deliveryMethods.map((m) => m.code)).toEqual([
      'onsite',
      'remote',
      'phone',
      'email',
      'peer_to_peer',
      'webinar',
      'training',
      'information_product',
      'data_analysis',
      'meeting_facilitation',
      'other',
    ]);
  });

  it('a reload removes options no longer in the files and keeps the listed ones', async () => {
    await t.ctx.db.insert(strategicAreaOptions).values({ categoryCode: 'workforce', name: 'Retired option' });
    await t.ctx.db.insert(focusOptions).values({ categoryCode: 'workforce', name: 'Retired focus' });
    const before = await t.ctx.db.select().from(strategicAreaOptions);
    await loadReferenceData(t.ctx.db);
    const after = await t.ctx.db.select().from(strategicAreaOptions);
    expect(after).toHaveLength(before.length - 1);
    expect(after.some((o) => o.name === 'Retired option')).toBe(false);
    const retired = await t.ctx.db
      .select()
      .from(focusOptions)
      .where(and(eq(focusOptions.categoryCode, 'workforce'), eq(focusOptions.name, 'Retired focus')));
    expect(retired).toEqual([]);
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
    expect(ids(after)).toEqual(ids(before.filter((o) => o.name !== 'Retired option')));
  });

  it('a start skips the sync while the files are unchanged, and reloads once they change', async () => {
    await loadReferenceData(t.ctx.db);
    expect(await t.ctx.db.select({ hash: referenceDataLoads.contentHash }).from(referenceDataLoads)).toEqual([
      { hash: referenceDataHash() },
    ]);
    await t.ctx.db.insert(focusOptions).values({ categoryCode: 'workforce', name: 'Retired focus' });
    const retired = () =>
      t.ctx.db
        .select()
        .from(focusOptions)
        .where(and(eq(focusOptions.categoryCode, 'workforce'), eq(focusOptions.name, 'Retired focus')));
    expect(await loadReferenceDataIfChanged(t.ctx.db)).toBe(false);
    expect(await retired()).toHaveLength(1);
    // As if a file had been edited since the last load: the stored hash no longer matches.
    await t.ctx.db.update(referenceDataLoads).set({ contentHash: 'edited' });
    expect(await loadReferenceDataIfChanged(t.ctx.db)).toBe(true);
    expect(await retired()).toEqual([]);
    expect(await loadReferenceDataIfChanged(t.ctx.db)).toBe(false);
  });
});
