// "Summary coming due" nudges (R1): before the due date, on it, then overdue every few business days,
// copying the State's specialist once the primary staff has had enough overdue nudges.
import type { Calendar } from '../rules/calendar.js';
import type { IsoDate } from '../rules/dates.js';
import { admit, type PlanContext } from './plan-gate.js';
import type { DueDeliveryRow, NudgeWords, ReminderOptions } from './plan-types.js';
import { currentStage, type SummaryStage, summaryStages } from './plan-window.js';
import { activityLabel, fmt, logButton, ordinal, snoozeButton } from './render.js';

export function planSummaryNudges(
  ctx: PlanContext,
  rows: readonly DueDeliveryRow[],
  options: ReminderOptions,
) {
  const stagesByDue = new Map<IsoDate, SummaryStage[]>();
  const stagesFor = (due: IsoDate) => {
    let stages = stagesByDue.get(due);
    if (!stages) {
      stages = summaryStages(ctx.calendar, due, options);
      stagesByDue.set(due, stages);
    }
    return stages;
  };
  for (const row of rows) {
    const primary = ctx.staffById.get(row.primaryStaffId);
    const clock = ctx.clockOf(primary?.timeZone ?? ctx.calendar.timeZone);
    const stage = currentStage(stagesFor(row.dueDate), clock.date);
    if (!stage) continue;
    const ref = {
      recipientStaffId: row.primaryStaffId,
      kind: stage.kind,
      subject: `delivery:${row.deliveryId}`,
      slot: stage.start,
      activityId: row.activityId,
    };
    admit(ctx, ref, primary, clock, dueWords, {
      calendar: ctx.calendar,
      row,
      stage,
      today: clock.date,
      options,
    });
    if (stage.overdueNumber > options.escalateAfterOverdueNudges) escalate(ctx, row, options, stagesFor);
  }
}

function escalate(
  ctx: PlanContext,
  row: DueDeliveryRow,
  options: ReminderOptions,
  stagesFor: (due: IsoDate) => SummaryStage[],
) {
  for (const specialistId of ctx.specialistsByState.get(row.stateCode) ?? []) {
    if (specialistId === row.primaryStaffId) continue;
    const specialist = ctx.staffById.get(specialistId);
    if (!specialist) continue;
    const clock = ctx.clockOf(specialist.timeZone);
    // Judged on the specialist's own date: their day may differ from the primary staff's.
    const stage = currentStage(stagesFor(row.dueDate), clock.date);
    if (!stage || stage.overdueNumber <= options.escalateAfterOverdueNudges) continue;
    const ref = {
      recipientStaffId: specialistId,
      kind: 'summary_overdue_escalation' as const,
      subject: `delivery:${row.deliveryId}`,
      slot: stage.start,
      activityId: row.activityId,
    };
    const primaryName = ctx.staffById.get(row.primaryStaffId)?.name ?? `staff #${row.primaryStaffId}`;
    admit(ctx, ref, specialist, clock, escalationWords, { row, stage, primaryName });
  }
}

interface DueData {
  calendar: Calendar;
  row: DueDeliveryRow;
  stage: SummaryStage;
  today: IsoDate;
  options: ReminderOptions;
}

function dueWords({ calendar, row, stage, today, options }: DueData): NudgeWords {
  return {
    headline: headline(calendar, row, stage, today, options),
    lines: [line(row, `Delivered ${fmt(row.endDate)}; summary due ${fmt(row.dueDate)}`)],
    buttons: [logButton(row.activityId), snoozeButton(row.activityId)],
  };
}

function escalationWords(data: {
  row: DueDeliveryRow;
  stage: SummaryStage;
  primaryName: string;
}): NudgeWords {
  const { row, stage, primaryName } = data;
  return {
    headline: `Overdue summary in ${row.stateCode}: ${primaryName} has had ${stage.overdueNumber - 1} overdue reminders for TA request #${row.activityId}; the summary was due ${fmt(row.dueDate)}.`,
    lines: [
      line(row, `Delivered ${fmt(row.endDate)}; primary staff ${primaryName}; due ${fmt(row.dueDate)}`),
    ],
    buttons: [logButton(row.activityId), snoozeButton(row.activityId)],
  };
}

const line = (row: DueDeliveryRow, detail: string) => ({
  activityId: row.activityId,
  label: activityLabel(row.activityId, row.stateCode, row.focus),
  detail,
});

function headline(
  calendar: Calendar,
  row: DueDeliveryRow,
  stage: SummaryStage,
  today: IsoDate,
  options: ReminderOptions,
): string {
  const what = `The summary of TA delivered for TA request #${row.activityId}`;
  const due = fmt(row.dueDate);
  if (stage.kind === 'summary_due_soon') {
    // The business days really left (a catch-up after a holiday is sent closer to the due date).
    const left = calendar.businessDaysAfter(today, row.dueDate);
    return `${what} is due ${due}, in ${left} business day${left === 1 ? '' : 's'}.`;
  }
  if (stage.kind === 'summary_due') {
    return row.dueDate === today
      ? `${what} is due today (${due}).`
      : `${what} is due ${due}; today is the last business day before it.`;
  }
  return `${what} is overdue: it was due ${due} (${ordinal(stage.overdueNumber)} of ${options.maxOverdueNudges} reminders).`;
}
