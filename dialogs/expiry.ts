// Idle dialogs: a dialog found past its deadline is marked expired (nothing was saved) but keeps its
// answers for a while so `resume` can pick it up where it stood; starting another dialog drops it.
import { answerDuringDialog } from './answer-dialog.js';
import { DIALOG_VERBS, parseInput } from './commands.js';
import {
  answeredSummary,
  asData,
  type DialogData,
  STEP_EXPIRED,
  STEP_PREVIEW,
  stepOf,
} from './dialog-data.js';
import { conflictReply, type EngineCore, flowOf, goTo, saveDialog } from './engine-core.js';
import type { Flow, FlowEnv } from './flow.js';
import { looksLikeTaDelivered } from './parse/plain-sentence.js';
import { endReply } from './reply.js';
import { type DialogKey, deleteDialog, type StoredDialog, updateDialog } from './state-store.js';
import type { Reply, Turn } from './types.js';

/** The dialog row as this turn should see it, and what to tell the user first. */
export interface Settled {
  row: StoredDialog | undefined;
  /** The dialog expired with this turn (the user has not heard yet). */
  expiredNow: boolean;
  pre: string[];
}

/**
 * Expires the loaded dialog if its deadline passed: an expired one already kept long enough is
 * deleted; an active one becomes expired, with a message saying so. A lost race gives a Reply.
 */
export async function settleExpiry(
  core: EngineCore,
  key: DialogKey,
  loaded: StoredDialog | undefined,
  turn: Turn,
  env: FlowEnv,
): Promise<Settled | { reply: Reply }> {
  const now = core.ctx.now();
  if (!loaded || loaded.expiresAt > now) return { row: loaded, expiredNow: false, pre: [] };
  if (loaded.step === STEP_EXPIRED) {
    await deleteDialog(core.ctx.db, key, loaded.version);
    return { row: undefined, expiredNow: false, pre: [] };
  }
  const flow = flowOf(core, loaded.dialog);
  const data: DialogData = { ...asData(loaded.data), expiredStep: loaded.step };
  const write = {
    dialog: loaded.dialog,
    step: STEP_EXPIRED,
    data: data as unknown as Record<string, unknown>,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + core.keepExpiredMs),
  };
  const version = await updateDialog(core.ctx.db, key, loaded.version, write);
  if (version === false) return { reply: await conflictReply(core, key, env) };
  // Starting another dialog replaces the expired one; anything else keeps it for `resume`.
  const said = turn.command ?? turn.text ?? '';
  const next = parseInput(said, { bare: true });
  const startsLog =
    turn.command === undefined && next.kind === 'unknown' && !next.explicit && loaded.dialog !== 'log'
      ? looksLikeTaDelivered(said, env)
      : false;
  const replaced = (next.kind === 'command' && DIALOG_VERBS.has(next.verb)) || startsLog;
  const answers = flow && data.done.length ? answeredSummary(flow, data) : undefined;
  const notice =
    `Your /ta ${loaded.dialog} dialog expired after ${core.idleMinutes} minutes without an answer. Nothing was saved to TAT.` +
    (answers
      ? replaced
        ? ` Your answers (${answers}) were dropped.`
        : ` I kept your answers (${answers}): type *resume* to pick up where you left off.`
      : '');
  return { row: { ...loaded, ...write, version }, expiredNow: true, pre: [notice] };
}

/** The question an expired dialog was waiting on, as it was asked. */
async function expiredQuestion(flow: Flow, data: DialogData, env: FlowEnv): Promise<string> {
  const step = data.expiredStep ? stepOf(flow, data.expiredStep) : undefined;
  if (!step) return 'Save this?';
  return (await step.prompt(data.values, env)).text;
}

/**
 * Text typed to an expired dialog was meant as its answer: keep it and offer to resume with it, so
 * nothing typed is lost (also after a restart: the dialog lives in the database).
 */
export async function offerResume(
  core: EngineCore,
  key: DialogKey,
  row: StoredDialog,
  text: string,
  env: FlowEnv,
  pre: string[],
  expiredNow: boolean,
): Promise<Reply> {
  const flow = flowOf(core, row.dialog);
  const data: DialogData = { ...asData(row.data), pendingAnswer: text };
  if (!flow)
    return endReply(row.dialog, row.version, [...pre, 'That dialog can no longer be resumed.'], undefined);
  const { version: read, ...kept } = row;
  const version = await updateDialog(core.ctx.db, key, read, {
    ...kept,
    data: data as unknown as Record<string, unknown>,
  });
  if (version === false) return conflictReply(core, key, env);
  const question = await expiredQuestion(flow, data, env);
  return {
    messages: pre,
    prompt: {
      kind: 'confirm',
      field: 'resume',
      text: `Resume /ta ${flow.name} with “${text}” as the answer to “${question}”? (yes / no)`,
      choices: [
        { value: 'yes', label: `Yes, resume /ta ${flow.name}` },
        { value: 'no', label: 'No, drop it' },
      ],
    },
    ...(expiredNow ? { done: { outcome: 'expired' as const } } : {}),
    dialog: { name: flow.name, step: STEP_EXPIRED, version },
  };
}

/** No (or cancel) to an expired dialog: it is dropped. */
export async function dropExpired(
  core: EngineCore,
  key: DialogKey,
  row: StoredDialog,
  env: FlowEnv,
): Promise<Reply> {
  if (!(await deleteDialog(core.ctx.db, key, row.version))) return conflictReply(core, key, env);
  return endReply(row.dialog, row.version + 1, [`Dropped /ta ${row.dialog}. Nothing was saved.`], {
    outcome: 'cancelled',
  });
}

/**
 * `resume` on an expired dialog: back to the step it was on. `withTyped` (a yes to the offer): the
 * text kept from after the expiry is then given as that step's answer.
 */
export async function resumeExpired(
  core: EngineCore,
  key: DialogKey,
  row: StoredDialog,
  env: FlowEnv,
  withTyped = false,
): Promise<Reply> {
  const flow = flowOf(core, row.dialog);
  const data = asData(row.data);
  const step = data.expiredStep ?? STEP_PREVIEW;
  const typed = data.pendingAnswer;
  delete data.expiredStep;
  delete data.pendingAnswer;
  if (!flow) return endReply(row.dialog, row.version, ['That dialog can no longer be resumed.'], undefined);
  const lead = `Resuming /ta ${flow.name}.`;
  const t = { core, key, row, flow, data, env };
  if (!withTyped || typed === undefined) return goTo(t, step, [lead]);
  const version = await saveDialog(core, key, row, flow.name, step, data);
  if (version === false) return conflictReply(core, key, env);
  const reply = await answerDuringDialog({ ...t, row: { ...row, step, version } }, typed, 'typed');
  return { ...reply, messages: [lead, ...reply.messages] };
}
