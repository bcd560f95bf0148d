// Demo staff and requesters: four States in four regions, every staff role, staff in four time zones
// (one in Guam), each State's CCDF Administrator, CCDF staff, an indirect partner, a regional
// contact (the RPM) and one requester still waiting for approval (R7).
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { centers, requesters, staff, staffStates } from '../../db/schema.js';

/** E-mails of the demo people, for tests, the console channel and the README. */
export const DEMO = {
  /** The console channel signs in as the first provider: Pat. */
  provider: 'pat.provider@tatbot.example',
  subsidyProvider: 'lee.provider@tatbot.example',
  guamProvider: 'kai.provider@tatbot.example',
  workforceProvider: 'riley.provider@tatbot.example',
  specialist: 'sam.specialist@tatbot.example',
  guamSpecialist: 'gina.specialist@tatbot.example',
  texasSpecialist: 'terry.specialist@tatbot.example',
  admin: 'ada.admin@tatbot.example',
  ccdfAdministratorMd: 'morgan.ellis@md.example.gov',
  ccdfStaffMd: 'jordan.blake@md.example.gov',
  indirectRequesterMd: 'casey.nguyen@md.example.gov',
  ccdfAdministratorGu: 'maria.cruz@gu.example.gov',
  ccdfAdministratorTx: 'alex.rivera@tx.example.gov',
  ccdfAdministratorVt: 'robin.hale@vt.example.gov',
  rpmRegion3: 'dana.whitfield@acf.example.gov',
  pendingRequester: 'taylor.brooks@tx.example.gov',
} as const;

export const DEMO_STATES = ['MD', 'GU', 'TX', 'VT'] as const;

type StaffRow = typeof staff.$inferSelect;
type RequesterRow = typeof requesters.$inferSelect;

interface StaffSeed {
  key: keyof typeof DEMO;
  name: string;
  title: string;
  center: string;
  role: StaffRow['role'];
  timeZone: string;
  states: string[];
  workStartMinute?: number;
  workEndMinute?: number;
  reminderMode?: StaffRow['reminderMode'];
}

// Order matters: Pat is the first provider inserted.
const STAFF: StaffSeed[] = [
  {
    key: 'provider',
    name: 'Pat Provider',
    title: 'Quality Initiatives Lead',
    center: 'ECQA',
    role: 'provider',
    timeZone: 'America/New_York',
    states: ['MD', 'TX', 'VT'],
  },
  {
    key: 'subsidyProvider',
    name: 'Lee Okafor',
    title: 'Subsidy Policy Consultant',
    center: 'NCSIA',
    role: 'provider',
    timeZone: 'America/Chicago',
    states: ['TX', 'MD'],
    reminderMode: 'digest',
  },
  {
    key: 'guamProvider',
    name: 'Kai Santos',
    title: 'Health and Safety TA Specialist',
    center: 'NCHBHS',
    role: 'provider',
    timeZone: 'Pacific/Guam',
    states: ['GU'],
    workStartMinute: 480,
    workEndMinute: 1020,
  },
  {
    key: 'workforceProvider',
    name: 'Riley Chen',
    title: 'Workforce Systems Specialist',
    center: 'NCECW',
    role: 'provider',
    timeZone: 'America/Denver',
    states: ['VT', 'GU'],
  },
  {
    key: 'specialist',
    name: 'Sam Specialist',
    title: 'State Systems Specialist',
    center: 'SCBC',
    role: 'specialist',
    timeZone: 'America/New_York',
    states: ['MD', 'VT'],
  },
  {
    key: 'guamSpecialist',
    name: 'Gina Reyes',
    title: 'State Systems Specialist',
    center: 'SCBC',
    role: 'specialist',
    timeZone: 'Pacific/Guam',
    states: ['GU'],
  },
  {
    key: 'texasSpecialist',
    name: 'Terry Alvarez',
    title: 'State Systems Specialist',
    center: 'SCBC',
    role: 'specialist',
    timeZone: 'America/Chicago',
    states: ['TX'],
  },
  {
    key: 'admin',
    name: 'Ada Admin',
    title: 'TAT Administrator',
    center: 'SCBC',
    role: 'admin',
    timeZone: 'America/New_York',
    states: [],
  },
];

interface RequesterSeed {
  key: keyof typeof DEMO;
  name: string;
  title: string;
  stateCode: string | null;
  region: number;
  isCcdfAdministrator?: boolean;
  isCcdfStaff?: boolean;
  /** The Regional Program Manager of `region` (R7/R8 approver). */
  isRpm?: boolean;
  /** Who approved (R7); none = pending. */
  approvedBy?: { name: string; role: 'ccdf_administrator' | 'rpm'; daysAgo: number };
}

const REQUESTERS: RequesterSeed[] = [
  {
    key: 'ccdfAdministratorMd',
    name: 'Morgan Ellis',
    title: 'CCDF Administrator',
    stateCode: 'MD',
    region: 3,
    isCcdfAdministrator: true,
    isCcdfStaff: true,
    approvedBy: { name: 'Dana Whitfield', role: 'rpm', daysAgo: 300 },
  },
  {
    key: 'ccdfStaffMd',
    name: 'Jordan Blake',
    title: 'Subsidy Policy Manager',
    stateCode: 'MD',
    region: 3,
    isCcdfStaff: true,
    approvedBy: { name: 'Morgan Ellis', role: 'ccdf_administrator', daysAgo: 200 },
  },
  {
    key: 'indirectRequesterMd',
    name: 'Casey Nguyen',
    title: 'Early Childhood Advisory Council Director',
    stateCode: 'MD',
    region: 3,
    approvedBy: { name: 'Morgan Ellis', role: 'ccdf_administrator', daysAgo: 120 },
  },
  {
    key: 'rpmRegion3',
    name: 'Dana Whitfield',
    title: 'Regional Program Manager, Region III',
    stateCode: null,
    region: 3,
    isRpm: true,
    approvedBy: { name: 'Dana Whitfield', role: 'rpm', daysAgo: 400 },
  },
  {
    key: 'ccdfAdministratorGu',
    name: 'Maria Cruz',
    title: 'CCDF Administrator',
    stateCode: 'GU',
    region: 9,
    isCcdfAdministrator: true,
    isCcdfStaff: true,
    approvedBy: { name: 'Luis Ortega', role: 'rpm', daysAgo: 300 },
  },
  {
    key: 'ccdfAdministratorTx',
    name: 'Alex Rivera',
    title: 'CCDF Administrator',
    stateCode: 'TX',
    region: 6,
    isCcdfAdministrator: true,
    isCcdfStaff: true,
    approvedBy: { name: 'Janet Cole', role: 'rpm', daysAgo: 300 },
  },
  {
    key: 'pendingRequester',
    name: 'Taylor Brooks',
    title: 'Licensing Program Manager',
    stateCode: 'TX',
    region: 6,
  },
  {
    key: 'ccdfAdministratorVt',
    name: 'Robin Hale',
    title: 'CCDF Administrator',
    stateCode: 'VT',
    region: 1,
    isCcdfAdministrator: true,
    isCcdfStaff: true,
    approvedBy: { name: 'Chris Dunn', role: 'rpm', daysAgo: 300 },
  },
];

export interface DemoPeople {
  staff: Record<string, StaffRow>;
  requesters: Record<string, RequesterRow>;
}

export async function insertDemoPeople(db: DbOrTx, now: Date): Promise<DemoPeople> {
  const centerRows = await db.select().from(centers);
  const centerId = (code: string) => {
    const row = centerRows.find((c) => c.code === code);
    if (!row) throw new Error(`Reference data is missing center ${code}: run \`tat migrate\` first.`);
    return row.id;
  };
  const people: DemoPeople = { staff: {}, requesters: {} };
  for (const s of STAFF) {
    const [row] = await db
      .insert(staff)
      .values({
        name: s.name,
        title: s.title,
        email: DEMO[s.key],
        centerId: centerId(s.center),
        role: s.role,
        timeZone: s.timeZone,
        preferredChannel: 'console',
        ...(s.workStartMinute === undefined ? {} : { workStartMinute: s.workStartMinute }),
        ...(s.workEndMinute === undefined ? {} : { workEndMinute: s.workEndMinute }),
        ...(s.reminderMode ? { reminderMode: s.reminderMode } : {}),
      })
      .returning();
    if (s.states.length > 0)
      await db.insert(staffStates).values(s.states.map((stateCode) => ({ staffId: row!.id, stateCode })));
    people.staff[s.key] = row!;
  }
  const day = 86_400_000;
  for (const r of REQUESTERS) {
    const approval = r.approvedBy
      ? {
          approvalStatus: 'approved' as const,
          approvedBy: r.approvedBy.name,
          approvedByRole: r.approvedBy.role,
          approvedAt: new Date(now.getTime() - r.approvedBy.daysAgo * day),
        }
      : { approvalStatus: 'pending' as const, proposedByStaffId: people.staff.provider!.id };
    const [row] = await db
      .insert(requesters)
      .values({
        name: r.name,
        email: DEMO[r.key],
        title: r.title,
        stateCode: r.stateCode,
        region: r.region,
        isCcdfAdministrator: r.isCcdfAdministrator ?? false,
        isCcdfStaff: r.isCcdfStaff ?? false,
        isRpm: r.isRpm ?? false,
        ...approval,
      })
      .returning();
    people.requesters[r.key] = row!;
  }
  return people;
}

export async function demoAlreadySeeded(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: staff.id }).from(staff).where(eq(staff.email, DEMO.provider));
  return rows.length > 0;
}
