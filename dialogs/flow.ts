// What a dialog is made of. A dialog flow is a list of steps, each asking one prompt and turning the
// answer into values (or an error message that makes the engine ask again); then a preview, a
// confirm, and a commit that calls one service. A one-shot command answers in a single reply.
import type { Result, TatError } from '../src/errors.js';
import type { StaffNotifier } from '../src/reminders/notify.js';
import type { IsoDate } from '../src/rules/dates.js';
import type { Actor, ServiceContext } from '../src/services/context.js';
import type { StaffRow } from '../src/services/permissions.js';
import type { Action, AnswerSource, Choice, Preview, Prompt, ReplyFile, Speaker } from './types.js';

export type Answer = string | string[];
export type Values = Record<string, unknown>;
export type StaffActor = Extract<Actor, { kind: 'staff' }>;

/** Sends the requesters of an activity a feedback request in their channel (e.g. a Slack DM). */
export type FeedbackRequester = (activityId: number) => Promise<{ sent: number; unreachable: string[] }>;

/** Everything a step may use: services context, who is talking, their clock and zone. */
export interface FlowEnv {
  ctx: ServiceContext;
  actor: StaffActor;
  me: StaffRow;
  speaker: Speaker;
  now: Date;
  /** The user's IANA time zone (staff profile): for their own reminders (snooze). */
  timeZone: string;
  /** Today in the PROGRAM time zone (R0): the date the services judge record dates by. */
  today: IsoDate;
  /**
   * Reads shared within one turn (several steps, the preview and the prompt may need the same
   * list); cleared before a commit writes. Keys name the read, e.g. `mine`, `detail:12`.
   */
  memo<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Where the engine can message requesters (Slack); absent on the console. */
  feedbackRequester?: FeedbackRequester;
  /** Messages a staff person in their chat channel (R9 reassignment); absent without channels. */
  notifyStaff?: StaffNotifier;
}

/**
 * How record dates (delivery, date opened, completion, feedback) are read: relative words ("today",
 * "yesterday", "last Tuesday") resolve against the program date and zone, as the services check
 * them (R0), so what the dialog accepts the save accepts too, wherever the user is.
 */
export const recordDates = (env: FlowEnv): { now: Date; timeZone: string; today: IsoDate } => ({
  now: env.now,
  timeZone: env.ctx.calendar.timeZone,
  today: env.today,
});

export type Accepted = { ok: true; set: Values; note?: string } | { ok: false; error: string };

export interface Step {
  /** The value this step fills; also the `edit <field>` name. */
  field: string;
  /** Label in previews and in "you had answered …" lists. */
  label: string;
  /** Whether the step is asked at all, given earlier answers (default: yes). */
  applies?(v: Values, env: FlowEnv): boolean;
  /** Answers the step without asking when the answer is clear (e.g. the only matching activity). */
  auto?(v: Values, env: FlowEnv): Promise<{ set: Values; note?: string } | undefined>;
  prompt(v: Values, env: FlowEnv): Promise<Prompt> | Prompt;
  /** `source`: typed as a message (a number may be a list position) or picked (always a value). */
  accept(answer: Answer, v: Values, env: FlowEnv, source: AnswerSource): Promise<Accepted> | Accepted;
  /** Later fields that no longer hold once this one changes (asked again). */
  resets?: string[];
}

export interface Outcome {
  messages: string[];
  recordId?: number;
  actions?: Action[];
}

/** What starting a command produced: a finished answer, or a dialog with pre-filled values. */
export type Start =
  | {
      kind: 'reply';
      messages: string[];
      error?: string;
      actions?: Action[];
      recordId?: number;
      files?: ReplyFile[];
    }
  | { kind: 'dialog'; values: Values; answered?: string[]; messages?: string[] };

export interface OneShot {
  kind: 'oneshot';
  name: string;
  run(args: string, env: FlowEnv): Promise<Start & { kind: 'reply' }>;
}

export type ConfirmHandled =
  | { ok: true; set: Values; commit: boolean; note?: string }
  | { ok: false; error: string };

export interface Flow {
  kind: 'dialog';
  name: string;
  /** What the dialog does, for help ("Log TA delivered"). */
  title: string;
  start(args: string, env: FlowEnv): Promise<Start>;
  steps: Step[];
  preview(v: Values, env: FlowEnv): Promise<Preview>;
  /** Extra answers offered on the preview besides Save and Cancel (e.g. "use the suggested rewrite"). */
  confirmChoices?(v: Values): Choice[];
  /** Whether plain Save is offered (default yes); not when it could only fail again (an R22 duplicate). */
  offersSave?(v: Values): boolean;
  onConfirmChoice?(value: string, v: Values, env: FlowEnv): Promise<ConfirmHandled>;
  commit(v: Values, env: FlowEnv): Promise<Result<Outcome>>;
  /** Keeps what a failed commit taught (e.g. the R22 duplicate) so the preview can offer a way out. */
  onCommitError?(error: TatError, v: Values): Values | undefined;
  /** The answer a failed commit is about, asked again (e.g. the R8 approver); else the preview stays. */
  fieldForError?(error: TatError, v: Values): string | undefined;
}

export type Handler = Flow | OneShot;

export const ok = (set: Values = {}, note?: string): Accepted =>
  note === undefined ? { ok: true, set } : { ok: true, set, note };
export const retry = (error: string): Accepted => ({ ok: false, error });
/** A command's answer that is only an error (nothing done). */
export const errorReply = (error: string): Start & { kind: 'reply' } => ({
  kind: 'reply',
  messages: [],
  error,
});

/** The answer as one string (button arrays joined). */
export const answerText = (a: Answer): string => (Array.isArray(a) ? a.join(', ') : a).trim();
