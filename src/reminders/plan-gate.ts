// The gates every nudge passes before it is due now: the recipient is active and has not opted out,
// it is a business day (R0) and inside working hours where they are, and they have not snoozed it.
// A snooze that ended today moves the nudge's slot to that day, so it comes again once.
import type { Calendar } from '../rules/calendar.js';
import type { IsoDate } from '../rules/dates.js';
import type { ReminderStaff } from './channel-port.js';
import type { PlannedItem, PlanningSnapshot, SkippedItem } from './plan-types.js';
import type { LocalClock } from './plan-window.js';
import { zoneClock } from './plan-window.js';

export interface PlanContext {
  calendar: Calendar;
  staffById: Map<number, ReminderStaff>;
  /** State code → ids of the specialists covering it. */
  specialistsByState: Map<string, number[]>;
  clockOf: (timeZone: string) => LocalClock;
  snoozes: Map<string, IsoDate>;
  items: PlannedItem[];
  skipped: SkippedItem[];
}

export function createPlanContext(snapshot: PlanningSnapshot, at: Date, calendar: Calendar): PlanContext {
  const specialistsByState = new Map<string, number[]>();
  for (const [staffId, states] of snapshot.specialistStates) {
    for (const s of states) specialistsByState.set(s, [...(specialistsByState.get(s) ?? []), staffId]);
  }
  return {
    calendar,
    staffById: new Map(snapshot.staff.map((s) => [s.id, s])),
    specialistsByState,
    clockOf: zoneClock(at),
    snoozes: new Map(snapshot.snoozes.map((z) => [`${z.staffId}:${z.activityId}`, z.until])),
    items: [],
    skipped: [],
  };
}

/** Adds the item to the plan if every gate lets it through, else records why not. */
export function admit(ctx: PlanContext, item: PlannedItem, recipient: ReminderStaff, clock: LocalClock): void {
  const skip = (reason: SkippedItem['reason']): void => {
    ctx.skipped.push({ item, reason });
  };
  if (recipient.reminderMode === 'off') return skip('opted_out');
  if (!ctx.calendar.isBusinessDay(clock.date)) return skip('not_business_day');
  if (clock.minute < recipient.workStartMinute || clock.minute >= recipient.workEndMinute) {
    return skip('outside_hours');
  }
  if (item.activityId !== null) {
    const until = ctx.snoozes.get(`${recipient.id}:${item.activityId}`);
    if (until !== undefined && until > clock.date) return skip('snoozed');
    if (until !== undefined && until > item.slot) item.slot = until;
  }
  ctx.items.push(item);
}
