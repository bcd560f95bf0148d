// What the dialog engine's parts share: the options, the flows by name, versioned writes of the
// dialog row (a write that lost a race answers politely instead), and the two ways an answer ends:
// stay on the same question, or save and move to the next one.
import type { StaffNotifier } from '../src/reminders/notify.js';
import type { ServiceContext } from '../src/services/context.js';
import type { Verb } from './commands.js';
import { advance, asData, type DialogData, STEP_EXPIRED } from './dialog-data.js';
import type { FeedbackRequester, Flow, FlowEnv, Handler } from './flow.js';
import { endReply, render } from './reply.js';
import {
  type DialogKey,
  insertDialog,
  loadDialog,
  type StoredDialog,
  touchDialog,
  updateDialog,
} from './state-store.js';
import type { Reply, Speaker } from './types.js';

export interface DialogEngineOptions {
  ctx: ServiceContext;
  /** Idle minutes before a dialog expires. */
  idleMinutes: number;
  /** The verbs' handlers (default: every dialog in dialogs/flows). */
  handlers?: Partial<Record<Verb, Handler>>;
  /** How long an expired dialog's answers are kept for `resume` (minutes, default 24 h). */
  keepExpiredMinutes?: number;
  /** A save still marked in progress after this many seconds is treated as interrupted. */
  savingStaleSeconds?: number;
  /** Messages an activity's requesters asking for feedback (Slack); without it, `ask-feedback` lists whom to contact. */
  feedbackRequester?: FeedbackRequester;
  /** Messages a staff person in their channel (R9: the new primary staff is told). */
  staffNotifier?: StaffNotifier;
}

/** The options resolved once per engine. */
export interface EngineCore {
  ctx: ServiceContext;
  handlers: Partial<Record<Verb, Handler>>;
  idleMinutes: number;
  idleMs: number;
  keepExpiredMs: number;
  savingStaleMs: number;
  feedbackRequester: FeedbackRequester | undefined;
  staffNotifier: StaffNotifier | undefined;
}

/** Resolves the options; `defaults` are the handlers used when the options name none. */
export function createEngineCore(
  options: DialogEngineOptions,
  defaults: Partial<Record<Verb, Handler>>,
): EngineCore {
  return {
    ctx: options.ctx,
    handlers: options.handlers ?? defaults,
    idleMinutes: options.idleMinutes,
    idleMs: options.idleMinutes * 60_000,
    keepExpiredMs: (options.keepExpiredMinutes ?? 24 * 60) * 60_000,
    savingStaleMs: (options.savingStaleSeconds ?? 120) * 1000,
    feedbackRequester: options.feedbackRequester,
    staffNotifier: options.staffNotifier,
  };
}

/** The dialog flow registered under a name (undefined for one-shot commands and unknown names). */
export function flowOf(core: EngineCore, name: string): Flow | undefined {
  const h = core.handlers[name as Verb];
  return h?.kind === 'dialog' ? h : undefined;
}

export const keyOf = (s: Speaker): DialogKey => ({
  channel: s.channel,
  workspace: s.workspace,
  conversation: s.conversation,
  userKey: s.userKey,
});

/** "Now", and the idle deadline counted from it. */
function times(core: EngineCore) {
  const at = core.ctx.now();
  return { updatedAt: at, expiresAt: new Date(at.getTime() + core.idleMs) };
}

/** Writes the new step/data over the version read (or a new row); false when the race was lost. */
export async function saveDialog(
  core: EngineCore,
  key: DialogKey,
  row: StoredDialog | undefined,
  name: string,
  step: string,
  data: DialogData,
): Promise<number | false> {
  const write = { dialog: name, step, data: data as unknown as Record<string, unknown>, ...times(core) };
  return row ? updateDialog(core.ctx.db, key, row.version, write) : insertDialog(core.ctx.db, key, write);
}

/** After a lost race: where the dialog stands now, as the winning turn left it. */
export async function conflictReply(core: EngineCore, key: DialogKey, env: FlowEnv): Promise<Reply> {
  const now = await loadDialog(core.ctx.db, key);
  const flow = now ? flowOf(core, now.dialog) : undefined;
  const lead = 'Two messages arrived at once; I kept the first one.';
  if (!now || !flow || now.step === STEP_EXPIRED) {
    return endReply(
      now?.dialog ?? 'none',
      now?.version ?? 0,
      [lead, 'That dialog has already ended.'],
      undefined,
    );
  }
  return render(flow, { step: now.step, data: asData(now.data), version: now.version }, env, [
    `${lead} Here is where we are now:`,
  ]);
}

/** One turn on an active dialog: its row as read, its flow, its data (changed as answers land). */
export interface ActiveTurn {
  core: EngineCore;
  key: DialogKey;
  row: StoredDialog;
  flow: Flow;
  data: DialogData;
  env: FlowEnv;
}

/** Shows where the dialog stands, changing nothing. */
export function renderCurrent(t: ActiveTurn, messages: string[], extra: Partial<Reply> = {}): Promise<Reply> {
  return render(t.flow, { step: t.row.step, data: t.data, version: t.row.version }, t.env, messages, extra);
}

/** Extends the idle deadline without a new version (help, a refused answer). */
export async function touch(t: ActiveTurn): Promise<void> {
  const { updatedAt, expiresAt } = times(t.core);
  await touchDialog(t.core.ctx.db, t.key, t.row.version, updatedAt, expiresAt);
}

/** Asks the same question again (the idle deadline extended), with messages or an error. */
export async function stay(t: ActiveTurn, messages: string[], extra: Partial<Reply> = {}): Promise<Reply> {
  await touch(t);
  return renderCurrent(t, messages, extra);
}

/** Saves the dialog at `step` and shows that step. */
export async function goTo(
  t: ActiveTurn,
  step: string,
  messages: string[],
  extra: Partial<Reply> = {},
): Promise<Reply> {
  const version = await saveDialog(t.core, t.key, t.row, t.flow.name, step, t.data);
  if (version === false) return conflictReply(t.core, t.key, t.env);
  return render(t.flow, { step, data: t.data, version }, t.env, messages, extra);
}

/** Moves on to the first unanswered step (answering automatic ones), saves and asks it. */
export async function moveOn(t: ActiveTurn, notes: string[]): Promise<Reply> {
  const step = await advance(t.flow, t.data, t.env, notes);
  return goTo(t, step, notes);
}
