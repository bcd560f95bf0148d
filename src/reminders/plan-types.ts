// Types shared by the pure planning steps: the snapshot the one query returns, what is due for
// whom, and why something due was held back.
import type { IsoDate } from '../rules/dates.js';
import type { NudgeButton, NudgeItemView, NudgeKind, ReminderStaff } from './channel-port.js';

export interface ReminderOptions {
  /** "Summary coming due" goes this many business days before the R1 due date (default 2). */
  dueSoonBusinessDays: number;
  /** Missing monthly notes go this many business days before month end (default 3). */
  monthlyNotesBusinessDays: number;
  /** Overdue nudges: every `overdueEveryBusinessDays` (2), at most `maxOverdueNudges` (3). */
  overdueEveryBusinessDays: number;
  maxOverdueNudges: number;
  /** The specialist is copied from this overdue nudge on (2 → with the 3rd, i.e. after the 2nd). */
  escalateAfterOverdueNudges: number;
}

export const DEFAULT_REMINDER_OPTIONS: ReminderOptions = {
  dueSoonBusinessDays: 2,
  monthlyNotesBusinessDays: 3,
  overdueEveryBusinessDays: 2,
  maxOverdueNudges: 3,
  escalateAfterOverdueNudges: 2,
};

/** What the snapshot query must cover at an instant (computed from the calendar, see plan-window). */
export interface SnapshotWindow {
  /**
   * Unsummarized deliveries with due dates in [dueFrom, dueTo]. The range covers every due date of
   * an open notes month (R1 puts a delivery's due date in the month it ended), so the due rows also
   * say which activities have a delivery of that month still unsummarized.
   */
  dueFrom: IsoDate;
  dueTo: IsoDate;
  /** Due rows up to this due date may copy the State's specialist (escalation), whoever the primary. */
  escalationDueTo: IsoDate;
  /** First days of months whose missing-notes window is open somewhere on Earth at the instant. */
  notesMonths: IsoDate[];
  /** First days of the months under review whose review window is open somewhere. */
  reviewMonths: IsoDate[];
  /** Snoozes ending on or after this date matter. */
  snoozesFrom: IsoDate;
  /** Program time zone (late summaries are judged on program dates). */
  programTimeZone: string;
}

export interface DueDeliveryRow {
  deliveryId: number;
  activityId: number;
  endDate: IsoDate;
  dueDate: IsoDate;
  primaryStaffId: number;
  stateCode: string;
  focus: string;
}

/** An approved open activity with no summary for `month` and no "no TA" mark (R4). */
export interface MonthlyMissingRow {
  month: IsoDate;
  activityId: number;
  primaryStaffId: number;
  stateCode: string;
  focus: string;
  /** End dates of the month's deliveries still without a summary (empty: no TA logged at all). */
  unsummarized: readonly IsoDate[];
}

export const REVIEW_PROBLEMS = [
  'missing_summary',
  'late_summary',
  'late_entry',
  'closed_incomplete',
  'no_final_plan',
  'summary_warnings',
] as const;
export type ReviewProblem = (typeof REVIEW_PROBLEMS)[number];

/** One incomplete record of a State for the R3 monthly review of `month`. */
export interface ReviewRow {
  month: IsoDate;
  stateCode: string;
  problem: ReviewProblem;
  activityId: number;
  deliveryId: number | null;
  focus: string;
  /** The date the problem is about (delivery end date, date opened, completion date). */
  date: IsoDate | null;
  /** A second date: the due date, the summary's or the request's entry date. */
  date2: IsoDate | null;
  /** closed_incomplete: what is missing; summary_warnings: the warnings. */
  note: string | null;
  /** How many incomplete records the State has for the month (the snapshot carries the first few). */
  stateTotal: number;
}

export interface SnoozeRow {
  staffId: number;
  activityId: number;
  until: IsoDate;
}

export interface PlanningSnapshot {
  window: SnapshotWindow;
  /** Active staff only. */
  staff: ReminderStaff[];
  /** Specialists' States: specialist id → State codes. */
  specialistStates: Map<number, string[]>;
  due: DueDeliveryRow[];
  monthlyMissing: MonthlyMissingRow[];
  /** Specialists whose review of `month` has not been sent yet. */
  reviewRecipients: { staffId: number; month: IsoDate }[];
  review: ReviewRow[];
  snoozes: SnoozeRow[];
}

/**
 * What the big parts may leave out: the rows of primary staff nothing can reach now (opted out, not
 * a business day or outside working hours where they are), and for each notes month the people whose
 * notes window is not open. Rows due on or before `escalationDueTo` are read whoever the primary is.
 */
export interface PartsFilter {
  dueExcluded: number[];
  notesExcluded: Map<IsoDate, number[]>;
}

/** Someone no nudge can reach at the sweep's instant, and why; their nudges are not planned. */
export interface UnreachableStaff {
  staffId: number;
  reason: Extract<SkipReason, 'opted_out' | 'not_business_day' | 'outside_hours'>;
}

/** The snapshot without its two big parts (which the sweep streams to planning in batches). */
export type SnapshotBase = Omit<PlanningSnapshot, 'due' | 'monthlyMissing'>;

/** One nudge for one person; the ledger key is (recipientStaffId, subject, kind, slot). */
export interface PlannedItem {
  recipientStaffId: number;
  kind: NudgeKind;
  /** `delivery:123`, `activity:42`, `review:2026-10`. */
  subject: string;
  /** The business day the nudge belongs to (its start, or the day a snooze ended). */
  slot: IsoDate;
  activityId: number | null;
  /** Builds the words when a message is rendered (planning 100k activities must stay lean). */
  words(): NudgeWords;
}

export interface NudgeWords {
  /** One line for a separate message. */
  headline: string;
  lines: NudgeItemView[];
  /** Lines not carried (a long review digest); the message says how many more there are. */
  moreLines?: number;
  buttons: NudgeButton[];
}

export type SkipReason =
  | 'opted_out'
  | 'not_business_day'
  | 'outside_hours'
  | 'snoozed'
  | 'no_recipient'
  | 'already_sent'
  | 'in_flight'
  | 'backoff'
  | 'cap'
  | 'no_channel';

/** Just what identifies a nudge (what a held-back nudge keeps: building its words costs memory). */
export type NudgeRef = Pick<PlannedItem, 'recipientStaffId' | 'kind' | 'subject' | 'slot' | 'activityId'>;

export interface SkippedItem {
  item: NudgeRef;
  reason: SkipReason;
}

export interface PlanResult {
  at: Date;
  /** Due now and deliverable now (business day, working hours, not snoozed, not opted out). */
  items: PlannedItem[];
  /** Due today but held back by a gate; they come again at a later sweep if still due. */
  skipped: SkippedItem[];
}

export const itemKey = (i: Pick<PlannedItem, 'recipientStaffId' | 'subject' | 'kind' | 'slot'>) =>
  `${i.recipientStaffId}|${i.subject}|${i.kind}|${i.slot}`;
