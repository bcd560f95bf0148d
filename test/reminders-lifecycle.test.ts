// Nudges that follow an activity's life: the due-soon nudge counts the business days really left
// (R1, R0), and missing-monthly-note nudges go only where TA can be logged (R4 with R12).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { planDescriptions } from '../db/schema.js';
import { createRecordingPort } from '../src/reminders/recording-port.js';
import { runSweep } from '../src/reminders/sweep.js';
import { createActivity, createDelivery, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

describe('R1 due soon', () => {
  it.each([
    // Delivered 11/02, due 11/17: the nudge opens Fri 11/13 (2 business days left) …
    ['2026-11-13T15:00:00Z', 'in 2 business days'],
    // … and a catch-up on Mon 11/16 (the first sweep after a down weekend) says 1.
    ['2026-11-16T15:00:00Z', 'in 1 business day.'],
  ])('R0 R1 at %s the due-soon nudge says "%s"', async (at, words) => {
    const alice = await createStaff(t.handle.db, { name: 'Alice Able' });
    const activity = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    await createDelivery(t.handle.db, { activityId: activity.id, endDate: '2026-11-02' });
    const port = createRecordingPort('console');
    await runSweep(t.ctx, [port], new Date(at));
    const sent = port.sent().filter((s) => s.message.kind === 'summary_due_soon');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message.text).toContain(words);
  });
});

describe('R4 with R12 monthly notes', () => {
  it('R4 R12 an approved activity without a final plan gets no missing-monthly-note nudge', async () => {
    const alice = await createStaff(t.handle.db, { name: 'Alice Able' });
    const tracked = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    const noFinal = await createActivity(t.handle.db, {
      primaryStaff: alice,
      activityStatus: 'approved',
    });
    await t.handle.db.insert(planDescriptions).values({
      activityId: noFinal.id,
      stage: 'initial',
      noteDate: '2026-11-02',
      text: 'Initial plan: a kickoff call.',
      authorStaffId: alice.id,
    });
    // A final plan archived by a restart of planning (R11) no longer counts either.
    const restarted = await createActivity(t.handle.db, { primaryStaff: alice, tracking: true });
    await t.handle.db
      .update(planDescriptions)
      .set({ stage: 'archived_final' })
      .where(eq(planDescriptions.activityId, restarted.id));
    const port = createRecordingPort('console');
    await runSweep(t.ctx, [port], new Date('2026-11-24T15:00:00Z'));
    const monthly = port.sent().filter((s) => s.message.kind === 'monthly_notes');
    expect(monthly).toHaveLength(1);
    expect(monthly[0]!.message.items.map((i) => i.activityId)).toEqual([tracked.id]);
  });
});
