// Demo TA activities: every plan stage (initial, intermediate, final, archived final + new final),
// every activity status and completion status, and deliveries whose summaries are summarized on time,
// summarized late, pending on time, due soon and overdue relative to "today"; feedback, response
// notes and a no-TA month mark. Dates are relative to today so the demo always looks current.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  activities,
  activityCollaboratingCenters,
  activityCollaboratingStaff,
  activityOtherCollaborators,
  activityRequesters,
  deliveries,
  feedback,
  noTaMonths,
  planDescriptions,
  responseNotes,
} from '../../db/schema.js';
import type { Calendar } from '../rules/calendar.js';
import { addDays, firstDayOfMonth, type IsoDate } from '../rules/dates.js';
import { isLateEntry, type SummaryTimeliness, summaryDue, summaryTimeliness } from '../rules/timeliness.js';
import type { DemoGoals } from './demo-goals.js';
import type { DemoPeople } from './demo-people.js';

type ActivityRow = typeof activities.$inferSelect;
type PlanStage = (typeof planDescriptions.$inferSelect)['stage'];

interface DeliverySeed {
  /** The last day of the delivery. */
  endDate: IsoDate;
  days?: number;
  methods: string[];
  /** Summarized two business days after delivery (by the due date), or `late`: 3 business days after it. */
  summary?: { text: string; late?: boolean };
}

interface ActivitySeed {
  key: string;
  goal: string;
  area: string;
  focus: string;
  otherFocusNotes?: string;
  openedDaysAgo: number;
  /** Business days after opening that the request was entered (R2: more than 3 is late). */
  enteredAfter?: number;
  priority: ActivityRow['priority'];
  primary: string;
  collaborators?: string[];
  collaboratingCenters?: string[];
  otherCollaborators?: string[];
  otherCollaboratorDetails?: string;
  requesters: string[];
  activityType: ActivityRow['activityType'];
  activityStatus: ActivityRow['activityStatus'];
  outcomePlan: string;
  /** Plan notes in order, days ago; a later final archives an earlier one (R11). */
  plans: { stage: Exclude<PlanStage, 'archived_final'>; daysAgo: number; text: string }[];
  deliveries?: DeliverySeed[];
  completion?: { status: 'closed' | 'cancelled'; daysAgo: number; outcomeReport?: string };
  feedback?: { requester: string; daysAgo: number; text: string }[];
  responseNotes?: { author: string; daysAgo: number; text: string }[];
  noTaThisMonth?: boolean;
  indirectApprovedBy?: string;
}

/** The first day of an event of `days` business days ending on `end`. */
function firstDayOf(calendar: Calendar, end: IsoDate, days: number): IsoDate {
  let d = end;
  for (let left = days - 1; left > 0; left--) {
    d = addDays(d, -1);
    while (!calendar.isBusinessDay(d)) d = addDays(d, -1);
  }
  return d;
}

/** The latest business day on or before `date`. */
function businessDayOnOrBefore(calendar: Calendar, date: IsoDate): IsoDate {
  let d = date;
  while (!calendar.isBusinessDay(d)) d = addDays(d, -1);
  return d;
}

/**
 * The most recent day, at least `minDaysAgo` before today, whose summary would stand at one of `wanted`
 * today: business days first, then any day (on the 1st of a month after a holiday nothing earlier is
 * still pending), then whatever is closest — any date works, the demo just shows less variety.
 */
function deliveredSoThat(
  calendar: Calendar,
  today: IsoDate,
  wanted: SummaryTimeliness[],
  minDaysAgo = 0,
): IsoDate {
  const standing = (d: IsoDate) => summaryTimeliness(calendar, summaryDue(calendar, d).due, today);
  for (const businessDaysOnly of [true, false]) {
    for (const status of wanted) {
      for (let k = minDaysAgo; k <= 45; k++) {
        const d = addDays(today, -k);
        if (businessDaysOnly && !calendar.isBusinessDay(d)) continue;
        if (standing(d) === status) return d;
      }
    }
  }
  return addDays(today, -minDaysAgo);
}

function activitySeeds(calendar: Calendar, today: IsoDate): ActivitySeed[] {
  const ago = (days: number) => businessDayOnOrBefore(calendar, addDays(today, -days));
  return [
    {
      key: 'mdQrisPlanning',
      goal: 'mdQuality',
      area: 'Quality rating and improvement system (QRIS)',
      focus: 'QRIS strategic planning',
      openedDaysAgo: 12,
      priority: 'high',
      primary: 'provider',
      requesters: ['ccdfAdministratorMd'],
      activityType: 'tailored',
      activityStatus: 'planning_in_progress',
      outcomePlan:
        'State will adopt a revised QRIS strategic plan with infant and toddler tiers by June of next year.',
      plans: [
        {
          stage: 'initial',
          daysAgo: 10,
          text: 'SCBC to facilitate two planning sessions with the Lead Agency QRIS workgroup; ECQA to share peer State tier models.',
        },
      ],
    },
    {
      key: 'guMonitoring',
      goal: 'guHealth',
      area: 'Monitoring and enforcement',
      focus: 'Monitoring system design',
      openedDaysAgo: 40,
      enteredAfter: 6,
      priority: 'medium',
      primary: 'guamProvider',
      requesters: ['ccdfAdministratorGu'],
      activityType: 'targeted',
      activityStatus: 'on_hold',
      outcomePlan:
        'Territory will adopt a differential monitoring protocol for all licensed centers by next fall.',
      plans: [
        {
          stage: 'initial',
          daysAgo: 38,
          text: 'NCHBHS to review the current monitoring checklist and propose a differential monitoring approach.',
        },
        {
          stage: 'intermediate',
          daysAgo: 30,
          text: 'NCHBHS to provide a draft protocol and two remote consultations with licensing staff.',
        },
      ],
      responseNotes: [
        {
          author: 'guamProvider',
          daysAgo: 20,
          text: 'Territory asked to pause until the new licensing supervisor starts. NCHBHS will follow up next quarter.',
        },
      ],
    },
    {
      key: 'txContinuity',
      goal: 'txSubsidy',
      area: 'Continuity of care',
      focus: 'Continuity-of-care policy',
      openedDaysAgo: 100,
      priority: 'high',
      primary: 'provider',
      collaborators: ['subsidyProvider'],
      collaboratingCenters: ['NCSIA'],
      otherCollaborators: ['consultant'],
      otherCollaboratorDetails: 'Jamie Ford, Policy Consultant, Ford Policy Group (on behalf of NCSIA).',
      requesters: ['ccdfAdministratorTx'],
      activityType: 'tailored',
      activityStatus: 'approved',
      outcomePlan:
        'State will revise its absence-day and redetermination policies to support 12-month continuity by next spring.',
      plans: [
        { stage: 'initial', daysAgo: 99, text: 'SCBC to gather peer State continuity-of-care policies.' },
        {
          stage: 'intermediate',
          daysAgo: 95,
          text: 'ECQA and NCSIA to compare absence-day policies and draft options for the Lead Agency.',
        },
        {
          stage: 'final',
          daysAgo: 90,
          text: 'ECQA to provide a policy options memo and two remote consultations; NCSIA to model cost impacts.',
        },
      ],
      deliveries: [
        {
          endDate: ago(60),
          methods: ['remote', 'information_product'],
          summary: {
            text: 'State received a policy options memo on absence days and a remote consultation from ECQA in collaboration with NCSIA.',
          },
        },
        {
          endDate: deliveredSoThat(calendar, today, ['due_soon', 'due_today']),
          methods: ['remote', 'data_analysis'],
        },
      ],
      feedback: [
        {
          requester: 'ccdfAdministratorTx',
          daysAgo: 40,
          text: 'Thanks! This is exactly the kind of information we were looking for.',
        },
      ],
      responseNotes: [
        {
          author: 'provider',
          daysAgo: 62,
          text: 'Held planning call with NCSIA on the cost model. ECQA drafted the memo outline.',
        },
        {
          author: 'subsidyProvider',
          daysAgo: 3,
          text: 'NCSIA shared cost-impact estimates with ECQA for the next consultation.',
        },
      ],
    },
    {
      key: 'vtCredential',
      goal: 'vtWorkforce',
      area: 'Credentials and career pathways',
      focus: 'Director credential',
      openedDaysAgo: 150,
      priority: 'medium',
      primary: 'workforceProvider',
      collaborators: ['specialist'],
      collaboratingCenters: ['SCBC'],
      requesters: ['ccdfAdministratorVt'],
      activityType: 'targeted',
      activityStatus: 'approved',
      outcomePlan:
        'State will launch a national director credential and have at least 150 professionals enrolled.',
      plans: [
        {
          stage: 'initial',
          daysAgo: 148,
          text: 'NCECW to share director credential models from peer States.',
        },
        {
          stage: 'final',
          daysAgo: 140,
          text: 'NCECW to facilitate three workgroup meetings on credential competencies.',
        },
        {
          stage: 'final',
          daysAgo: 70,
          text: 'NCECW to facilitate the credential workgroup and review the draft application process; SCBC to support rollout planning.',
        },
      ],
      deliveries: [
        {
          endDate: ago(55),
          methods: ['meeting_facilitation'],
          summary: {
            text: 'State workgroup received a facilitated session from NCECW on director credential competencies.',
            late: true,
          },
        },
        {
          endDate: deliveredSoThat(calendar, today, ['overdue'], 20),
          days: 2,
          methods: ['onsite', 'training'],
        },
      ],
      responseNotes: [
        {
          author: 'workforceProvider',
          daysAgo: 71,
          text: 'Plan revised with the State and RPM: rollout planning added, previous final plan archived.',
        },
      ],
    },
    {
      key: 'mdFraud',
      goal: 'mdIntegrity',
      area: 'Fraud prevention and improper payments',
      focus: 'Fraud prevention policies',
      openedDaysAgo: 80,
      priority: 'high',
      primary: 'subsidyProvider',
      collaborators: ['provider'],
      collaboratingCenters: ['ECQA'],
      requesters: ['ccdfStaffMd', 'rpmRegion3'],
      activityType: 'universal',
      activityStatus: 'approved',
      outcomePlan:
        'State will adopt revised payment integrity procedures and reduce its improper payment rate below 3 percent.',
      plans: [
        {
          stage: 'final',
          daysAgo: 75,
          text: "NCSIA to provide a detailed review of the State's payment policies and propose changes to enhance fraud prevention.",
        },
      ],
      deliveries: [
        {
          endDate: ago(40),
          methods: ['webinar'],
          summary: {
            text: 'State staff participated in an NCSIA webinar on payment integrity practices.',
          },
        },
        {
          endDate: deliveredSoThat(calendar, today, ['on_time', 'due_soon', 'due_today']),
          days: 2,
          methods: ['onsite', 'meeting_facilitation'],
        },
      ],
    },
    {
      key: 'txJobSearch',
      goal: 'txSubsidy',
      area: 'Continuity of care',
      focus: 'Other',
      otherFocusNotes: 'Job search eligibility period for parents who lose employment.',
      openedDaysAgo: 50,
      priority: 'low',
      primary: 'subsidyProvider',
      requesters: ['ccdfAdministratorTx'],
      activityType: 'universal',
      activityStatus: 'denied',
      outcomePlan: 'State will extend the job search period to three months in its next CCDF Plan amendment.',
      plans: [
        { stage: 'initial', daysAgo: 49, text: 'NCSIA to provide a brief on job search period options.' },
      ],
    },
    {
      key: 'guEmergency',
      goal: 'guHealth',
      area: 'Emergency preparedness plans',
      focus: 'Emergency preparedness and response plan review',
      openedDaysAgo: 120,
      priority: 'high',
      primary: 'guamProvider',
      collaborators: ['workforceProvider'],
      collaboratingCenters: ['NCECW'],
      otherCollaborators: ['regional_office'],
      requesters: ['ccdfAdministratorGu'],
      activityType: 'targeted',
      activityStatus: 'approved',
      outcomePlan:
        'Territory will publish an updated emergency preparedness and response plan for child care.',
      plans: [
        {
          stage: 'final',
          daysAgo: 110,
          text: 'NCHBHS to review and provide feedback on the territory-wide Emergency Preparedness and Response Plan.',
        },
      ],
      deliveries: [
        {
          endDate: ago(60),
          methods: ['remote', 'email'],
          summary: {
            text: 'Territory received written feedback and a remote review session from NCHBHS on its emergency plan.',
          },
        },
      ],
      completion: {
        status: 'closed',
        daysAgo: 20,
        outcomeReport: 'Territory published its updated emergency preparedness and response plan.',
      },
      feedback: [
        {
          requester: 'ccdfAdministratorGu',
          daysAgo: 18,
          text: 'This will be so helpful as we train providers on the new plan.',
        },
      ],
      responseNotes: [
        {
          author: 'guamProvider',
          daysAgo: 21,
          text: 'Closing: plan published; Territory asked for no further TA.',
        },
      ],
    },
    {
      key: 'vtDataCancelled',
      goal: 'vtData',
      area: 'Integrated data systems',
      focus: 'Early childhood integrated data system',
      openedDaysAgo: 90,
      priority: 'low',
      primary: 'workforceProvider',
      requesters: ['ccdfAdministratorVt'],
      activityType: 'tailored',
      activityStatus: 'planning_in_progress',
      outcomePlan: 'State will design a linked data system across licensing, subsidy and QRIS.',
      plans: [
        {
          stage: 'initial',
          daysAgo: 88,
          text: 'SCBC to convene data leads from licensing, subsidy and QRIS.',
        },
      ],
      completion: { status: 'cancelled', daysAgo: 60 },
    },
    {
      key: 'mdInfantToddler',
      goal: 'mdQuality',
      area: 'Infant and toddler quality',
      focus: 'Infant and toddler quality initiatives',
      openedDaysAgo: 70,
      priority: 'medium',
      primary: 'provider',
      collaborators: ['specialist'],
      collaboratingCenters: ['SCBC'],
      requesters: ['indirectRequesterMd'],
      indirectApprovedBy: 'Morgan Ellis',
      activityType: 'targeted',
      activityStatus: 'approved',
      outcomePlan: 'State will fund 20 infant and toddler specialists through contracts by next summer.',
      plans: [
        {
          stage: 'initial',
          daysAgo: 69,
          text: 'ECQA to share infant and toddler specialist network models.',
        },
        {
          stage: 'final',
          daysAgo: 60,
          text: 'ECQA to provide two remote consultations on contract design for infant and toddler specialists.',
        },
      ],
      deliveries: [
        {
          endDate: ago(45),
          methods: ['remote'],
          summary: {
            text: 'State received a remote consultation from ECQA on infant and toddler specialist contracts.',
          },
        },
      ],
      noTaThisMonth: true,
      responseNotes: [
        {
          author: 'provider',
          daysAgo: 1,
          text: 'No TA this month: the State is drafting the contract language; ECQA will review it next month.',
        },
      ],
    },
  ];
}

/** 17:00 UTC (midday in the Americas) of a date, for entry instants. */
const at = (date: IsoDate) => new Date(`${date}T17:00:00Z`);

export interface DemoCounts {
  activities: number;
  deliveries: number;
  feedback: number;
  responseNotes: number;
}

export async function insertDemoActivities(
  db: DbOrTx,
  calendar: Calendar,
  today: IsoDate,
  people: DemoPeople,
  goalSet: DemoGoals,
  centerIds: Record<string, number>,
): Promise<DemoCounts> {
  const counts: DemoCounts = { activities: 0, deliveries: 0, feedback: 0, responseNotes: 0 };
  for (const s of activitySeeds(calendar, today)) {
    const primary = people.staff[s.primary]!;
    const goal = goalSet.goals[s.goal]!;
    const dateOpened = businessDayOnOrBefore(calendar, addDays(today, -s.openedDaysAgo));
    const entered = calendar.addBusinessDays(dateOpened, s.enteredAfter ?? 1);
    const [activity] = await db
      .insert(activities)
      .values({
        stateCode: goal.stateCode,
        goalId: goal.id,
        strategicAreaId: goalSet.areas[`${s.goal}/${s.area}`]!.id,
        focus: s.focus,
        otherFocusNotes: s.otherFocusNotes ?? null,
        dateOpened,
        enteredAt: at(entered),
        enteredLate: isLateEntry(calendar, dateOpened, entered),
        priority: s.priority,
        primaryCenterId: primary.centerId,
        primaryStaffId: primary.id,
        otherCollaboratorDetails: s.otherCollaboratorDetails ?? null,
        activityType: s.activityType,
        activityStatus: s.activityStatus,
        outcomePlan: s.outcomePlan,
        indirectRequest: s.indirectApprovedBy !== undefined,
        indirectApprovedBy: s.indirectApprovedBy ?? null,
        indirectApprovedAt: s.indirectApprovedBy ? at(addDays(dateOpened, 2)) : null,
        createdByStaffId: primary.id,
        createdAt: at(entered),
        updatedAt: at(entered),
      })
      .returning();
    const id = activity!.id;
    counts.activities++;
    await db
      .insert(activityRequesters)
      .values(s.requesters.map((key) => ({ activityId: id, requesterId: people.requesters[key]!.id })));
    if (s.collaborators?.length)
      await db
        .insert(activityCollaboratingStaff)
        .values(s.collaborators.map((key) => ({ activityId: id, staffId: people.staff[key]!.id })));
    if (s.collaboratingCenters?.length)
      await db
        .insert(activityCollaboratingCenters)
        .values(s.collaboratingCenters.map((code) => ({ activityId: id, centerId: centerIds[code]! })));
    if (s.otherCollaborators?.length)
      await db
        .insert(activityOtherCollaborators)
        .values(s.otherCollaborators.map((collaboratorCode) => ({ activityId: id, collaboratorCode })));
    await insertPlans(db, id, primary.id, s.plans, today);
    for (const d of s.deliveries ?? []) {
      await insertDelivery(db, calendar, id, primary.id, d);
      counts.deliveries++;
    }
    if (s.completion) {
      const completionDate = addDays(today, -s.completion.daysAgo);
      await db
        .update(activities)
        .set({
          completionStatus: s.completion.status,
          completionDate,
          outcomeReport: s.completion.outcomeReport ?? null,
          feedbackRequestedAt: s.completion.status === 'closed' ? at(addDays(completionDate, -3)) : null,
        })
        .where(eq(activities.id, id));
    }
    for (const f of s.feedback ?? []) {
      const requester = people.requesters[f.requester]!;
      await db.insert(feedback).values({
        activityId: id,
        requesterId: requester.id,
        fromName: requester.name,
        fromTitle: requester.title,
        noteDate: addDays(today, -f.daysAgo),
        text: f.text,
        enteredByStaffId: primary.id,
      });
      counts.feedback++;
    }
    for (const n of s.responseNotes ?? []) {
      const noteDate = addDays(today, -n.daysAgo);
      await db.insert(responseNotes).values({
        activityId: id,
        noteDate,
        text: n.text,
        authorStaffId: people.staff[n.author]!.id,
        createdAt: at(noteDate),
      });
      counts.responseNotes++;
    }
    if (s.noTaThisMonth) {
      await db
        .insert(noTaMonths)
        .values({ activityId: id, month: firstDayOfMonth(today), markedByStaffId: primary.id });
    }
  }
  return counts;
}

/** A delivery due per R1 from its last day; a summary entered promptly (by the due date) or late. */
async function insertDelivery(
  db: DbOrTx,
  calendar: Calendar,
  activityId: number,
  staffId: number,
  d: DeliverySeed,
): Promise<void> {
  const due = summaryDue(calendar, d.endDate).due;
  const promptly = [calendar.addBusinessDays(d.endDate, 2), due].sort()[0]!;
  const summaryDate = d.summary ? (d.summary.late ? calendar.addBusinessDays(due, 3) : promptly) : null;
  await db.insert(deliveries).values({
    activityId,
    startDate: firstDayOf(calendar, d.endDate, d.days ?? 1),
    endDate: d.endDate,
    methods: d.methods,
    dueDate: due,
    summary: d.summary?.text ?? null,
    summaryDate,
    summaryEnteredAt: summaryDate ? at(summaryDate) : null,
    createdByStaffId: staffId,
    createdAt: at(d.endDate),
  });
}

/** R11: a later final plan archives the earlier one, as the service does. */
async function insertPlans(
  db: DbOrTx,
  activityId: number,
  authorStaffId: number,
  plans: ActivitySeed['plans'],
  today: IsoDate,
): Promise<void> {
  const finals = plans.filter((p) => p.stage === 'final').length;
  let finalsSeen = 0;
  for (const p of plans) {
    let stage: PlanStage = p.stage;
    if (p.stage === 'final' && ++finalsSeen < finals) stage = 'archived_final';
    const noteDate = addDays(today, -p.daysAgo);
    await db
      .insert(planDescriptions)
      .values({ activityId, stage, noteDate, text: p.text, authorStaffId, createdAt: at(noteDate) });
  }
}
