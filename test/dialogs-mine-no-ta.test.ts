// `/ta mine` names what R12 really misses; `/ta no-ta` reads months as people write them (R4).
// Today is Monday 11/23/26 (the test clock).
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { noTaMonths } from '../db/schema.js';
import { parseMonth } from '../dialogs/parse/dates.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

describe('/ta mine', () => {
  it('R12 an approved activity without a final plan says the plan is missing, not approval', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD'] });
    const approved = await createActivity(t.ctx.db, {
      primaryStaff: me,
      stateCode: 'MD',
      activityStatus: 'approved',
    });
    const [reply] = await converse(engineFor(t.ctx), speakerFor(me), [['/ta mine', { prompt: null }]]);
    const text = reply!.messages.join('\n');
    expect(text).toMatch(
      /not open for tracking yet \(R12\): there is no plan description yet; add a final plan/,
    );
    expect(text).toContain(`/ta plan ${approved.id}`);
    expect(text).not.toMatch(/needs approval/);
  });

  it('R12 an activity in planning with a final plan says only approval is missing', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD'] });
    const a = await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    await t.ctx.db.execute(`update activities set activity_status = 'on_hold' where id = ${a.id}`);
    const [reply] = await converse(engineFor(t.ctx), speakerFor(me), [['/ta mine', { prompt: null }]]);
    const text = reply!.messages.join('\n');
    expect(text).toMatch(/status is on hold; it must be approved/);
    expect(text).not.toMatch(/add a final plan/);
  });
});

describe('/ta no-ta months', () => {
  it.each([
    ['2026-10', '2026-10'],
    ['October', '2026-10'],
    ['oct', '2026-10'],
    ['9 October', undefined],
    ['October 2025', '2025-10'],
    ['last month', '2026-10'],
    ['this month', '2026-11'],
    ['December', '2025-12'],
    ['10/2026', '2026-10'],
  ])('R4 reads "%s" as %s (a month without a year is the most recent one)', (text, month) => {
    const r = parseMonth(text, '2026-11-23');
    if (month) expect(r).toEqual({ ok: true, month });
    else expect(r.ok).toBe(false);
  });

  it('R4 /ta no-ta 9 October and /ta no-ta 9 last month mark October', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD'] });
    const a = await createActivity(t.ctx.db, {
      primaryStaff: me,
      stateCode: 'MD',
      tracking: true,
      dateOpened: '2026-09-01',
    });
    const engine = engineFor(t.ctx);
    await converse(engine, speakerFor(me), [
      [`/ta no-ta ${a.id} October`, { messages: /no TA was delivered on #\d+ in 2026-10/ }],
      [`/ta no-ta ${a.id} last month`, { messages: /already marked as no TA in 2026-10/ }],
      [
        `/ta no-ta ${a.id} Septembre`,
        { error: /could not read a month in "Septembre".*October.*last month/ },
      ],
    ]);
    const rows = await t.ctx.db
      .select()
      .from(noTaMonths)
      .where(and(eq(noTaMonths.activityId, a.id), eq(noTaMonths.month, '2026-10-01')));
    expect(rows).toHaveLength(1);
  });
});
