// Commands: starting one (a one-shot answers at once; a dialog is saved at its first question), a
// command typed while a dialog is active (read-only ones answer at once, a new dialog asks first),
// and the answer to that "drop this dialog and start the other?" question.

import { MAX_COMMAND_TEXT, tooLongMessage } from '../src/rules/text-limits.js';
import { DIALOG_VERBS, helpText, type ParsedInput, parseInput, type Verb } from './commands.js';
import {
  advance,
  answeredSummary,
  type DialogData,
  emptyData,
  STEP_PREVIEW,
  STEP_SWITCH,
} from './dialog-data.js';
import { helpReply } from './dialog-words.js';
import {
  type ActiveTurn,
  conflictReply,
  type EngineCore,
  goTo,
  renderCurrent,
  saveDialog,
  stay,
} from './engine-core.js';
import type { FlowEnv } from './flow.js';
import { parseYesNo } from './parse/choice.js';
import { endReply, render } from './reply.js';
import { type DialogKey, deleteDialog, type StoredDialog } from './state-store.js';
import type { Reply } from './types.js';

/** Runs a command; `row` is the dialog it replaces, if any. `pre` comes before its messages. */
export async function runCommand(
  core: EngineCore,
  key: DialogKey,
  row: StoredDialog | undefined,
  verb: Verb,
  args: string,
  env: FlowEnv,
  pre: string[],
): Promise<Reply> {
  const handler = core.handlers[verb];
  if (!handler) return endReply(verb, 0, [...pre, `/ta ${verb} is not available here yet.`], undefined);
  // What follows the verb may become a draft kept in the dialog (`/ta log <summary>`): bounded first.
  if (args.length > MAX_COMMAND_TEXT) {
    const error = tooLongMessage(`The text after /ta ${verb}`, MAX_COMMAND_TEXT, args.length);
    return endReply(verb, 0, [...pre, error], undefined, { error });
  }
  if (handler.kind === 'oneshot') {
    const out = await handler.run(args, env);
    return endReply(verb, 0, [...pre, ...out.messages], undefined, {
      ...(out.error ? { error: out.error } : {}),
      ...(out.actions ? { actions: out.actions } : {}),
      ...(out.files ? { files: out.files } : {}),
    });
  }
  const start = await handler.start(args, env);
  if (start.kind === 'reply') {
    // The dialog ended before it began (nothing to pick from, or everything done in one go).
    if (row) await deleteDialog(core.ctx.db, key, row.version);
    return endReply(
      verb,
      0,
      [...pre, ...start.messages],
      start.recordId ? { outcome: 'completed', recordId: start.recordId } : undefined,
      {
        ...(start.error ? { error: start.error } : {}),
        ...(start.actions ? { actions: start.actions } : {}),
      },
    );
  }
  const data = emptyData(start.values, start.answered);
  const notes: string[] = [];
  const step = await advance(handler, data, env, notes);
  const version = await saveDialog(core, key, row, handler.name, step, data);
  if (version === false) return conflictReply(core, key, env);
  return render(handler, { step, data, version }, env, [...pre, ...notes, ...(start.messages ?? [])]);
}

/** A command typed while a dialog is active: read-only ones answer at once, dialogs ask first. */
export async function commandDuringDialog(
  t: ActiveTurn,
  parsed: Extract<ParsedInput, { kind: 'command' }>,
): Promise<Reply> {
  const { core, key, row, flow, data, env } = t;
  if (parsed.verb === 'help' && !parsed.args) return helpReply(t);
  if (!DIALOG_VERBS.has(parsed.verb)) {
    const side = await runCommand(core, key, undefined, parsed.verb, parsed.args, env, []);
    const back = await renderCurrent(t, [...side.messages, `(You are still in /ta ${flow.name}.)`]);
    return {
      ...back,
      ...(side.error ? { error: side.error } : {}),
      ...(side.actions ? { actions: side.actions } : {}),
      ...(side.files ? { files: side.files } : {}),
    };
  }
  if (parsed.verb === flow.name && !parsed.args) {
    return renderCurrent(t, [`You are already in /ta ${flow.name}; here is where we are:`]);
  }
  const next: DialogData = {
    ...data,
    pendingCommand: `/ta ${parsed.verb}${parsed.args ? ` ${parsed.args}` : ''}`,
    returnStep: row.step === STEP_SWITCH ? (data.returnStep ?? STEP_PREVIEW) : row.step,
  };
  return goTo({ ...t, data: next }, STEP_SWITCH, [`So far you answered: ${answeredSummary(flow, data)}.`]);
}

/** Yes drops the dialog and starts the command waiting; no goes back to where the dialog was. */
export async function answerSwitch(t: ActiveTurn, text: string): Promise<Reply> {
  const { core, key, row, flow, data, env } = t;
  const yes = parseYesNo(text) ?? (/^1$/.test(text) ? true : /^2$/.test(text) ? false : undefined);
  if (yes === undefined) {
    return stay(t, [], { error: 'Please answer yes (start the new command) or no (go on with this one).' });
  }
  const pending = data.pendingCommand ?? '';
  const returnStep = data.returnStep ?? STEP_PREVIEW;
  delete data.pendingCommand;
  delete data.returnStep;
  if (!yes) return goTo(t, returnStep, [`OK, back to /ta ${flow.name}.`]);
  const parsed = parseInput(pending, { bare: true });
  if (parsed.kind !== 'command') return endReply(flow.name, row.version, [helpText()], undefined);
  return runCommand(core, key, row, parsed.verb, parsed.args, env, [`Dropped /ta ${flow.name}.`]);
}
