// Demo goals (R21): one or two per demo State, with strategic areas, notes, and one closed goal
// whose only activity was cancelled.
import type { DbOrTx } from '../../db/client.js';
import { goalNotes, type goalStrategicAreas, type goals } from '../../db/schema.js';
import { addDays, type IsoDate } from '../rules/dates.js';
import { insertGoal } from '../services/insert-goal.js';
import type { DemoPeople } from './demo-people.js';

type GoalRow = typeof goals.$inferSelect;
type AreaRow = typeof goalStrategicAreas.$inferSelect;

interface GoalSeed {
  key: string;
  stateCode: string;
  categoryCode: string;
  relatedCategoryCode?: string;
  title: string;
  readiness: GoalRow['readiness'];
  startDaysAgo: number;
  areas: { name: string; notes?: string }[];
  notes?: { daysAgo: number; text: string }[];
}

const GOALS: GoalSeed[] = [
  {
    key: 'mdQuality',
    stateCode: 'MD',
    categoryCode: 'quality_improvement',
    relatedCategoryCode: 'workforce',
    title:
      'Maryland will revise its QRIS to reward infant and toddler quality and tie it to workforce supports.',
    readiness: 'somewhat',
    startDaysAgo: 200,
    areas: [
      {
        name: 'Quality rating and improvement system (QRIS)',
        notes: 'Revise tier standards and validation approach.',
      },
      { name: 'Infant and toddler quality' },
    ],
    notes: [
      {
        daysAgo: 90,
        text: 'State no longer wants to work on school-age standards and will focus on infant/toddler tiers. Goal updated to reflect this change.',
      },
    ],
  },
  {
    key: 'mdIntegrity',
    stateCode: 'MD',
    categoryCode: 'program_integrity',
    title: 'Maryland will reduce improper payments in its subsidy program below 3 percent.',
    readiness: 'most',
    startDaysAgo: 160,
    areas: [{ name: 'Fraud prevention and improper payments' }],
  },
  {
    key: 'guHealth',
    stateCode: 'GU',
    categoryCode: 'health_safety',
    title: 'Guam will strengthen licensing monitoring and emergency preparedness for all licensed programs.',
    readiness: 'least',
    startDaysAgo: 220,
    areas: [
      { name: 'Monitoring and enforcement', notes: 'Monitoring visit protocol and inspector training.' },
      { name: 'Emergency preparedness plans' },
    ],
  },
  {
    key: 'txSubsidy',
    stateCode: 'TX',
    categoryCode: 'financial_assistance',
    relatedCategoryCode: 'equal_access',
    title: 'Texas will improve continuity of care for families receiving child care assistance.',
    readiness: 'most',
    startDaysAgo: 180,
    areas: [
      {
        name: 'Continuity of care',
        notes: 'Absence days, redetermination period and authorization of care.',
      },
    ],
  },
  {
    key: 'vtWorkforce',
    stateCode: 'VT',
    categoryCode: 'workforce',
    title: 'Vermont will launch a director credential with at least 150 professionals enrolled.',
    readiness: 'somewhat',
    startDaysAgo: 240,
    areas: [{ name: 'Credentials and career pathways' }],
  },
  {
    key: 'vtData',
    stateCode: 'VT',
    categoryCode: 'cross_systems',
    title: 'Vermont will link early childhood data across licensing, subsidy and QRIS.',
    readiness: 'least',
    startDaysAgo: 300,
    areas: [{ name: 'Integrated data systems' }],
  },
];

export interface DemoGoals {
  goals: Record<string, GoalRow>;
  /** Strategic areas by "goalKey/area name". */
  areas: Record<string, AreaRow>;
}

export async function insertDemoGoals(db: DbOrTx, people: DemoPeople, today: IsoDate): Promise<DemoGoals> {
  const out: DemoGoals = { goals: {}, areas: {} };
  const author = people.staff.specialist!.id;
  for (const g of GOALS) {
    const { goal, strategicAreas } = await insertGoal(
      db,
      { ...g, startDate: addDays(today, -g.startDaysAgo), createdByStaffId: author },
      g.areas,
    );
    out.goals[g.key] = goal;
    for (const area of strategicAreas) out.areas[`${g.key}/${area.name}`] = area;
    for (const n of g.notes ?? []) {
      await db.insert(goalNotes).values({
        goalId: goal.id,
        kind: 'update',
        noteDate: addDays(today, -n.daysAgo),
        text: n.text,
        authorStaffId: author,
      });
    }
  }
  return out;
}
