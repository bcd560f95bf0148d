// Plain insert helpers for tests: each takes a db (or transaction) and optional overrides and
// returns the inserted row(s). They bypass the services on purpose, so a test can set up any state.
// Reference data (states, centers, categories, focus options) comes from useTestDb.
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  activities,
  activityCollaboratingStaff,
  activityRequesters,
  centers,
  deliveries,
  focusOptions,
  goalStrategicAreas,
  goals,
  planDescriptions,
  requesters,
  staff,
  staffStates,
  strategicAreaOptions,
} from '../../db/schema.js';
import { createCalendar } from '../../src/rules/calendar.js';
import { summaryDue } from '../../src/rules/timeliness.js';

export type StaffFixture = typeof staff.$inferSelect;
export type RequesterFixture = typeof requesters.$inferSelect;
export type GoalFixture = typeof goals.$inferSelect;
export type AreaFixture = typeof goalStrategicAreas.$inferSelect;
export type ActivityFixture = typeof activities.$inferSelect;
export type DeliveryFixture = typeof deliveries.$inferSelect;

let seq = 0;
/** A short unique suffix so e-mails and names never collide inside one test database. */
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

export async function centerIdByCode(db: DbOrTx, code: string): Promise<number> {
  const [row] = await db.select({ id: centers.id }).from(centers).where(eq(centers.code, code));
  if (!row) throw new Error(`fixtures: no center with code ${code}`);
  return row.id;
}

export interface StaffOverrides extends Partial<Omit<typeof staff.$inferInsert, 'centerId'>> {
  /** Center code from db/reference/centers.json (default SCBC). */
  centerCode?: string;
  centerId?: number;
  /** States covered (default ['CA']). */
  states?: string[];
}

export async function createStaff(db: DbOrTx, overrides: StaffOverrides = {}): Promise<StaffFixture> {
  const { centerCode, centerId, states, ...rest } = overrides;
  const id = next();
  const [row] = await db
    .insert(staff)
    .values({
      name: `Staff ${id}`,
      title: 'TA Specialist',
      email: `staff-${id}@example.org`,
      role: 'provider',
      ...rest,
      centerId: centerId ?? (await centerIdByCode(db, centerCode ?? 'SCBC')),
    })
    .returning();
  const covered = states ?? ['CA'];
  if (covered.length > 0) {
    await db.insert(staffStates).values(covered.map((stateCode) => ({ staffId: row!.id, stateCode })));
  }
  return row!;
}

export interface RequesterOverrides extends Partial<typeof requesters.$inferInsert> {
  /** Default true: approved by the CCDF Administrator. */
  approved?: boolean;
}

export async function createRequester(
  db: DbOrTx,
  overrides: RequesterOverrides = {},
): Promise<RequesterFixture> {
  const { approved = true, ...rest } = overrides;
  const id = next();
  const approval = approved
    ? {
        approvalStatus: 'approved' as const,
        approvedBy: 'Pat Director',
        approvedByRole: 'ccdf_administrator' as const,
        approvedAt: new Date('2026-01-05T15:00:00Z'),
      }
    : { approvalStatus: 'pending' as const };
  const [row] = await db
    .insert(requesters)
    .values({
      name: `Requester ${id}`,
      email: `requester-${id}@state.example.gov`,
      title: 'Child Care Program Manager',
      stateCode: 'CA',
      ...approval,
      ...rest,
    })
    .returning();
  return row!;
}

export interface GoalOverrides {
  stateCode?: string;
  categoryCode?: string;
  /** Strategic area name (default: the first option of the category). */
  areaName?: string;
  title?: string;
  readiness?: 'least' | 'somewhat' | 'most';
  startDate?: string;
}

export async function createGoal(
  db: DbOrTx,
  overrides: GoalOverrides = {},
): Promise<{ goal: GoalFixture; area: AreaFixture }> {
  const categoryCode = overrides.categoryCode ?? 'quality_improvement';
  let areaName = overrides.areaName;
  if (!areaName) {
    const [option] = await db
      .select({ name: strategicAreaOptions.name })
      .from(strategicAreaOptions)
      .where(eq(strategicAreaOptions.categoryCode, categoryCode))
      .orderBy(asc(strategicAreaOptions.id))
      .limit(1);
    areaName = option?.name ?? 'Other';
  }
  const [goal] = await db
    .insert(goals)
    .values({
      stateCode: overrides.stateCode ?? 'CA',
      categoryCode,
      title: overrides.title ?? `Goal ${next()}`,
      readiness: overrides.readiness ?? 'somewhat',
      startDate: overrides.startDate ?? '2026-01-15',
    })
    .returning();
  const [area] = await db.insert(goalStrategicAreas).values({ goalId: goal!.id, name: areaName }).returning();
  return { goal: goal!, area: area! };
}

/** The first focus option (not "Other") of a goal category. */
export async function firstFocus(db: DbOrTx, categoryCode: string): Promise<string> {
  const rows = await db
    .select({ name: focusOptions.name })
    .from(focusOptions)
    .where(eq(focusOptions.categoryCode, categoryCode))
    .orderBy(asc(focusOptions.id));
  const pick = rows.find((r) => r.name !== 'Other');
  if (!pick) throw new Error(`fixtures: no focus options for ${categoryCode}`);
  return pick.name;
}

export interface ActivityOverrides
  extends Partial<Omit<typeof activities.$inferInsert, 'primaryStaffId' | 'goalId' | 'strategicAreaId'>> {
  primaryStaff: StaffFixture;
  goal?: GoalFixture;
  area?: AreaFixture;
  /** If true: status approved and a current final plan note, so R12 lets deliveries through. */
  tracking?: boolean;
  /** Default: one new approved requester of the State. */
  requesters?: RequesterFixture[];
  collaboratingStaffIds?: number[];
}

export async function createActivity(db: DbOrTx, overrides: ActivityOverrides): Promise<ActivityFixture> {
  const {
    primaryStaff,
    goal: givenGoal,
    area: givenArea,
    tracking = false,
    requesters: givenRequesters,
    collaboratingStaffIds = [],
    ...rest
  } = overrides;
  const stateCode = rest.stateCode ?? givenGoal?.stateCode ?? 'CA';
  let goal = givenGoal;
  let area = givenArea;
  if (!goal) ({ goal, area } = await createGoal(db, { stateCode }));
  if (!area) {
    const [existing] = await db
      .select()
      .from(goalStrategicAreas)
      .where(eq(goalStrategicAreas.goalId, goal.id))
      .limit(1);
    area =
      existing ??
      (await db.insert(goalStrategicAreas).values({ goalId: goal.id, name: 'Other' }).returning())[0]!;
  }
  const dateOpened = rest.dateOpened ?? '2026-11-02';
  const [row] = await db
    .insert(activities)
    .values({
      focus: rest.focus ?? (await firstFocus(db, goal.categoryCode)),
      enteredAt: new Date(`${dateOpened}T15:00:00Z`),
      priority: 'medium',
      primaryCenterId: primaryStaff.centerId,
      activityType: 'targeted',
      outcomePlan: 'The State will adopt a revised QRIS framework with measurable tiers by June 2027.',
      createdByStaffId: primaryStaff.id,
      ...(tracking ? { activityStatus: 'approved' as const } : {}),
      ...rest,
      stateCode,
      dateOpened,
      goalId: goal.id,
      strategicAreaId: area.id,
      primaryStaffId: primaryStaff.id,
    })
    .returning();
  const activity = row!;
  const reqs = givenRequesters ?? [await createRequester(db, { stateCode })];
  if (reqs.length > 0) {
    await db
      .insert(activityRequesters)
      .values(reqs.map((r) => ({ activityId: activity.id, requesterId: r.id })));
  }
  if (collaboratingStaffIds.length > 0) {
    await db
      .insert(activityCollaboratingStaff)
      .values(collaboratingStaffIds.map((staffId) => ({ activityId: activity.id, staffId })));
  }
  if (tracking) {
    await db.insert(planDescriptions).values({
      activityId: activity.id,
      stage: 'final',
      noteDate: dateOpened,
      text: 'Final plan: two facilitated sessions with the QRIS workgroup.',
      authorStaffId: primaryStaff.id,
    });
  }
  return activity;
}

export interface DeliveryOverrides extends Partial<Omit<typeof deliveries.$inferInsert, 'activityId'>> {
  activityId: number;
  endDate: string;
}

const fixtureCalendar = createCalendar();

/** Inserts a delivery; its due date follows R1 from endDate unless given. A summary gets dated too. */
export async function createDelivery(db: DbOrTx, overrides: DeliveryOverrides): Promise<DeliveryFixture> {
  const { activityId, endDate, ...rest } = overrides;
  const summarized = rest.summary
    ? {
        summaryDate: rest.summaryDate ?? endDate,
        summaryEnteredAt: rest.summaryEnteredAt ?? new Date(`${endDate}T18:00:00Z`),
      }
    : {};
  const [row] = await db
    .insert(deliveries)
    .values({
      startDate: rest.startDate ?? endDate,
      methods: ['remote'],
      dueDate: summaryDue(fixtureCalendar, endDate).due,
      ...rest,
      ...summarized,
      activityId,
      endDate,
    })
    .returning();
  return row!;
}

/** The collaborating staff ids of an activity (handy in assertions). */
export async function collaboratorIds(db: DbOrTx, activityId: number): Promise<number[]> {
  const rows = await db
    .select({ id: activityCollaboratingStaff.staffId })
    .from(activityCollaboratingStaff)
    .where(and(eq(activityCollaboratingStaff.activityId, activityId)));
  return rows.map((r) => r.id);
}
