// `tat seed --demo`: a small, realistic data set inserted directly (not through the services) but valid
// under every rule. Idempotent: nothing happens if the demo staff already exist. Reference data must be
// loaded first (`tat migrate`).
import type { Db } from '../../db/client.js';
import { auditLog, centers } from '../../db/schema.js';
import { type Calendar, createCalendar } from '../rules/calendar.js';
import { dateInZone } from '../rules/dates.js';
import { type DemoCounts, insertDemoActivities } from './demo-activities.js';
import { insertDemoGoals } from './demo-goals.js';
import { demoAlreadySeeded, insertDemoPeople } from './demo-people.js';

export { DEMO, DEMO_STATES } from './demo-people.js';

export interface SeedDemoOptions {
  /** "Now": deliveries are placed so their summaries are on time, due soon and overdue relative to it. */
  now: Date;
  /** The program calendar (default: federal holidays, America/New_York). */
  calendar?: Calendar;
}

export interface SeedDemoResult {
  seeded: boolean;
  counts: DemoCounts & { staff: number; requesters: number; goals: number };
}

const NOTHING: SeedDemoResult['counts'] = {
  staff: 0,
  requesters: 0,
  goals: 0,
  activities: 0,
  deliveries: 0,
  feedback: 0,
  responseNotes: 0,
};

export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<SeedDemoResult> {
  const calendar = options.calendar ?? createCalendar();
  const today = dateInZone(options.now, calendar.timeZone);
  return db.transaction(async (tx) => {
    if (await demoAlreadySeeded(tx)) return { seeded: false, counts: NOTHING };
    const people = await insertDemoPeople(tx, options.now);
    const goalSet = await insertDemoGoals(tx, people, today);
    const centerIds = Object.fromEntries((await tx.select().from(centers)).map((c) => [c.code, c.id]));
    const activityCounts = await insertDemoActivities(tx, calendar, today, people, goalSet, centerIds);
    const counts = {
      staff: Object.keys(people.staff).length,
      requesters: Object.keys(people.requesters).length,
      goals: Object.keys(goalSet.goals).length,
      ...activityCounts,
    };
    await tx.insert(auditLog).values({
      at: options.now,
      channel: 'cli',
      action: 'seed_demo',
      entity: 'database',
      entityId: 'demo',
      changes: counts,
    });
    return { seeded: true, counts };
  });
}
