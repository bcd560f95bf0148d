// The gates every nudge passes before it is due now: the recipient is active and has not opted out,
// it is a business day (R0) and inside working hours where they are, and they have not snoozed it.
// A snooze that ended today moves the nudge's slot to that day, so it comes again once.
import type { Calendar } from '../rules/calendar.js';
import type { IsoDate } from '../rules/dates.js';
import type { ReminderStaff } from './channel-port.js';
import type {
  NudgeRef,
  NudgeWords,
  PlannedItem,
  SkippedItem,
  SkipReason,
  SnapshotBase,
  UnreachableStaff,
} from './plan-types.js';
import type { LocalClock } from './plan-window.js';
import { zoneClock } from './plan-window.js';

export interface PlanContext {
  calendar: Calendar;
  staffById: Map<number, ReminderStaff>;
  /** State code → ids of the specialists covering it. */
  specialistsByState: Map<string, number[]>;
  clockOf: (timeZone: string) => LocalClock;
  snoozes: Map<string, IsoDate>;
  /** Per recipient: why nothing can go to them now (opt-out, R0, hours), or null. */
  recipientGate: Map<number, SkipReason | null>;
  items: PlannedItem[];
  skipped: SkippedItem[];
}

export function createPlanContext(snapshot: SnapshotBase, at: Date, calendar: Calendar): PlanContext {
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
    recipientGate: new Map(),
    items: [],
    skipped: [],
  };
}

function gateRecipient(ctx: PlanContext, recipient: ReminderStaff, clock: LocalClock): SkipReason | null {
  let verdict = ctx.recipientGate.get(recipient.id);
  if (verdict === undefined) {
    verdict =
      recipient.reminderMode === 'off'
        ? 'opted_out'
        : !ctx.calendar.isBusinessDay(clock.date)
          ? 'not_business_day'
          : clock.minute < recipient.workStartMinute || clock.minute >= recipient.workEndMinute
            ? 'outside_hours'
            : null;
    ctx.recipientGate.set(recipient.id, verdict);
  }
  return verdict;
}

/** Active staff no nudge can reach now (opted out, R0, outside hours), with why. */
export function unreachableStaff(ctx: PlanContext): UnreachableStaff[] {
  const held: UnreachableStaff[] = [];
  for (const s of ctx.staffById.values()) {
    const reason = gateRecipient(ctx, s, ctx.clockOf(s.timeZone));
    if (reason) held.push({ staffId: s.id, reason: reason as UnreachableStaff['reason'] });
  }
  return held;
}

/**
 * A nudge in the plan. Its words are built only when a message is rendered, by a function shared by
 * every nudge of its kind from the data it keeps (planning 1M activities holds ~140k of these: no
 * closure per nudge).
 */
class PlannedNudge<D> implements PlannedItem {
  constructor(
    readonly recipientStaffId: number,
    readonly kind: PlannedItem['kind'],
    readonly subject: string,
    readonly slot: IsoDate,
    readonly activityId: number | null,
    private readonly build: (data: D) => NudgeWords,
    private readonly data: D,
  ) {}

  words(): NudgeWords {
    return this.build(this.data);
  }
}

/**
 * Whether the nudge passes every gate now: its slot (a snooze that ended today moves it), or null
 * after recording why it is held back.
 */
export function admittedSlot(
  ctx: PlanContext,
  ref: NudgeRef,
  recipient: ReminderStaff | undefined,
  clock: LocalClock,
): IsoDate | null {
  const reason = recipient ? gateRecipient(ctx, recipient, clock) : 'no_recipient';
  if (reason) {
    ctx.skipped.push({ item: ref, reason });
    return null;
  }
  let slot = ref.slot;
  if (ref.activityId !== null) {
    const until = ctx.snoozes.get(`${ref.recipientStaffId}:${ref.activityId}`);
    if (until !== undefined && until > clock.date) {
      ctx.skipped.push({ item: ref, reason: 'snoozed' });
      return null;
    }
    if (until !== undefined && until > slot) slot = until;
  }
  return slot;
}

/**
 * Adds the nudge to the plan if every gate lets it through, else records why not. Its words are
 * built from `data` by `build` when a message is rendered. Returns whether it was admitted.
 */
export function admit<D>(
  ctx: PlanContext,
  ref: NudgeRef,
  recipient: ReminderStaff | undefined,
  clock: LocalClock,
  build: (data: D) => NudgeWords,
  data: D,
): boolean {
  const slot = admittedSlot(ctx, ref, recipient, clock);
  if (slot === null) return false;
  ctx.items.push(
    new PlannedNudge(ref.recipientStaffId, ref.kind, ref.subject, slot, ref.activityId, build, data),
  );
  return true;
}
