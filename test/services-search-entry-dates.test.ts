// R24: the response-note date range of a search is the notes' entry date (when they were written),
// not the date a note is about; days are read in the program time zone (R0), as for summaries.
import { expect, it } from 'vitest';
import { responseNotes } from '../db/schema.js';
import { searchActivities } from '../src/services/search-activities.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

it('R24 R0 response notes are found by the day they were entered, not by their note date', async () => {
  const me = await createStaff(t.ctx.db, { states: ['MD'] });
  const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD' });
  await t.ctx.db.insert(responseNotes).values({
    activityId: a.id,
    noteDate: '2026-10-15', // about a call in October …
    text: 'The State asked for a follow-up.',
    authorStaffId: me.id,
    createdAt: new Date('2026-11-03T03:30:00Z'), // … entered 11/02 22:30 in New York
  });
  const find = async (from: string, to: string) => {
    const r = await searchActivities(
      t.ctx,
      { kind: 'staff', staffId: me.id, channel: 'console' },
      { responseNotes: { from, to } },
    );
    if (!r.ok) throw new Error(r.error.message);
    return r.value.map((hit) => hit.id);
  };
  expect(await find('2026-11-02', '2026-11-02')).toEqual([a.id]);
  expect(await find('2026-10-01', '2026-10-31')).toEqual([]);
  expect(await find('2026-11-03', '2026-11-30')).toEqual([]);
});
