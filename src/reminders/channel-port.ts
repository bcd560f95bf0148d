// The one port every channel (console, Slack, Teams) implements to deliver nudges. The message type
// lives here because src/ must not import dialogs/ or adapters/; adapters render it their own way.
import type { staff } from '../../db/schema.js';

export type ChannelName = 'slack' | 'teams' | 'console';

/** The recipient as the staff table holds them (adapters read slackUserId, teamsUserId, email…). */
export type ReminderStaff = typeof staff.$inferSelect;

export const NUDGE_KINDS = [
  'summary_due_soon',
  'summary_due',
  'summary_overdue',
  'summary_overdue_escalation',
  'monthly_notes',
  'monthly_review',
] as const;
export type NudgeKind = (typeof NUDGE_KINDS)[number];

/**
 * A message carries one nudge kind, or a daily digest combining several (reminderMode 'digest'), or
 * a one-off notice (R9: "you are now the primary staff").
 */
export type NudgeMessageKind = NudgeKind | 'daily_digest' | 'reassigned';

export interface NudgeItemView {
  activityId: number;
  /** e.g. `TA request #42 (CA) — Quality rating and improvement systems` */
  label: string;
  /** e.g. `Delivered 11/20/26; summary due 11/30/26 (in 2 business days)` */
  detail: string;
}

export interface NudgeButton {
  label: string;
  /** A command routed back as a turn by the dialogs: `log 42`, `no-ta 42 2026-11`, `snooze 42`. */
  command: string;
  style?: 'primary' | 'danger';
}

export interface NudgeMessage {
  kind: NudgeMessageKind;
  /** Plain text with *bold* and line breaks; complete on its own for channels without buttons. */
  text: string;
  items: NudgeItemView[];
  buttons: NudgeButton[];
  /**
   * The reminder_ledger ids this message delivers. A channel that can store them with the message
   * (Slack message metadata) lets a later sweep see that a send it never recorded did arrive.
   */
  ledgerIds?: number[];
}

export type SendResult = { ok: true } | { ok: false; retryAfterMs?: number; error: string };

export interface ChannelPort {
  readonly channel: ChannelName;
  /** Whether this channel can reach the person now (e.g. Slack needs their slackUserId). */
  canReach(staff: ReminderStaff): boolean;
  /** Never throws for expected failures: a 429 returns `retryAfterMs`. */
  send(staff: ReminderStaff, message: NudgeMessage): Promise<SendResult>;
  /**
   * Which of these ledger ids already reached the person (posted by a process that died before it
   * recorded the send). Asked before re-sending a taken-over claim; channels that cannot look
   * (Teams, the console) leave it out, and there a crash between send and record may repeat a nudge.
   */
  findDelivered?(staff: ReminderStaff, ledgerIds: number[]): Promise<Set<number>>;
}
