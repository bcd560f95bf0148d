// App Home: my open activities, summaries overdue and due this week (each with a Log button), and
// recent requester feedback on my activities. Reads only; the rules stay in the services.
import { and, desc, eq, gte, inArray, or } from 'drizzle-orm';
import { activities, activityCollaboratingStaff, feedback } from '../../db/schema.js';
import { addDays, dayOfWeek, formatNoteDate, type IsoDate, isWeekend } from '../../src/rules/dates.js';
import { type ServiceContext, today } from '../../src/services/context.js';
import { listMyOpenActivities, type MyActivity } from '../../src/services/list-my-activities.js';
import { ACTION, type Block, button, context, section } from './blocks.js';

const MAX_ACTIVITIES = 20;
const MAX_DUE = 15;
const FEEDBACK_DAYS = 30;

export interface HomeFeedback {
  activityId: number;
  fromName: string;
  fromTitle: string;
  noteDate: string;
  text: string;
}

export interface HomeData {
  today: IsoDate;
  activities: MyActivity[];
  feedback: HomeFeedback[];
}

export async function loadHome(ctx: ServiceContext, staffId: number): Promise<HomeData> {
  const day = today(ctx);
  const mine = await listMyOpenActivities(ctx, staffId);
  const collab = ctx.db
    .select({ id: activityCollaboratingStaff.activityId })
    .from(activityCollaboratingStaff)
    .where(eq(activityCollaboratingStaff.staffId, staffId));
  const recent = await ctx.db
    .select({
      activityId: feedback.activityId,
      fromName: feedback.fromName,
      fromTitle: feedback.fromTitle,
      noteDate: feedback.noteDate,
      text: feedback.text,
    })
    .from(feedback)
    .innerJoin(activities, eq(activities.id, feedback.activityId))
    .where(
      and(
        gte(feedback.noteDate, addDays(day, -FEEDBACK_DAYS)),
        or(eq(activities.primaryStaffId, staffId), inArray(activities.id, collab)),
      ),
    )
    .orderBy(desc(feedback.createdAt), desc(feedback.id))
    .limit(5);
  return { today: day, activities: mine, feedback: recent };
}

/** Sunday ending the week of `day` (weeks run Monday–Sunday). */
function endOfWeek(day: IsoDate): IsoDate {
  return addDays(day, (7 - dayOfWeek(day)) % 7);
}

const title = (a: Pick<MyActivity, 'activityId' | 'stateCode' | 'focus'>) =>
  `TA request #${a.activityId} (${a.stateCode}) — ${a.focus}`;

export function renderHome(data: HomeData): Block {
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: 'TAT Bot' } }];
  blocks.push(context(`Today is ${formatNoteDate(data.today)}. Type \`/ta help\` anywhere for commands.`));

  // On a Saturday or Sunday "this week" is the work week ahead, not the day or two left.
  const weekend = isWeekend(data.today);
  const weekEnd = endOfWeek(weekend ? addDays(data.today, dayOfWeek(data.today) === 6 ? 2 : 1) : data.today);
  const week = weekend ? 'the coming week' : 'this week';
  const due = data.activities.flatMap((a) =>
    a.pending.filter((p) => p.timeliness === 'overdue' || p.due <= weekEnd).map((p) => ({ a, p })),
  );
  blocks.push({ type: 'divider' }, section(`*Summaries overdue or due ${week}*`));
  if (due.length === 0) blocks.push(context(`Nothing due ${week}. :white_check_mark:`));
  for (const { a, p } of due.slice(0, MAX_DUE)) {
    const when =
      p.startDate === p.endDate
        ? formatNoteDate(p.endDate)
        : `${formatNoteDate(p.startDate)}–${formatNoteDate(p.endDate)}`;
    const state =
      p.timeliness === 'overdue'
        ? ':red_circle: *overdue*'
        : p.timeliness === 'due_today'
          ? ':large_orange_circle: *due today*'
          : 'due';
    blocks.push(
      section(
        `${title(a)}\nDelivered ${when}; summary ${state} ${formatNoteDate(p.due)}`,
        button('Log', `${ACTION.command}:home-log-${p.deliveryId}`, `log ${a.activityId}`, 'primary'),
      ),
    );
  }
  if (due.length > MAX_DUE)
    blocks.push(context(`…and ${due.length - MAX_DUE} more: \`/ta mine\` lists them all.`));

  blocks.push({ type: 'divider' }, section('*My open activities*'));
  if (data.activities.length === 0) blocks.push(context('No open activities. Start one with `/ta new`.'));
  for (const a of data.activities.slice(0, MAX_ACTIVITIES)) {
    const status = a.activityStatus.replace(/_/g, ' ');
    const next = a.nextDue ? `; next summary due ${formatNoteDate(a.nextDue)}` : '';
    blocks.push(
      section(
        `${title(a)}\n${a.role === 'primary' ? 'Primary' : 'Collaborating'} · ${status}${next}`,
        a.trackingOpen
          ? button('Log', `${ACTION.command}:home-act-${a.activityId}`, `log ${a.activityId}`)
          : undefined,
      ),
    );
  }
  if (data.activities.length > MAX_ACTIVITIES)
    blocks.push(
      context(`…and ${data.activities.length - MAX_ACTIVITIES} more: \`/ta mine\` lists them all.`),
    );

  blocks.push({ type: 'divider' }, section('*Recent requester feedback*'));
  if (data.feedback.length === 0) blocks.push(context(`No feedback in the last ${FEEDBACK_DAYS} days.`));
  for (const f of data.feedback) {
    blocks.push(
      section(
        `${formatNoteDate(f.noteDate)}: ${f.text}\n— ${f.fromName}, ${f.fromTitle} (TA request #${f.activityId})`,
      ),
    );
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
