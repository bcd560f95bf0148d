// The answer to a dialog's preview: yes saves (through the flow's commit, claimed first so a double
// "yes" saves once), no explains how to change something, and a flow's own choices (e.g. "use the
// suggested rewrite") change values and either save or go back to the steps.
import type { TatError } from '../src/errors.js';
import { advance, askAgain, editableFields, STEP_PREVIEW, STEP_SAVING, stepOf } from './dialog-data.js';
import { cancelDialog } from './dialog-words.js';
import { type ActiveTurn, conflictReply, goTo, moveOn, saveDialog, stay } from './engine-core.js';
import type { Answer } from './flow.js';
import { matchChoice, parseYesNo } from './parse/choice.js';
import { confirmPrompt, endReply } from './reply.js';
import { deleteDialog, type StoredDialog } from './state-store.js';
import { clearTurnReads } from './turn-env.js';
import type { AnswerSource, Reply } from './types.js';

export async function answerPreview(t: ActiveTurn, answer: Answer, source: AnswerSource): Promise<Reply> {
  const { flow, data, env } = t;
  const text = (Array.isArray(answer) ? answer[0] : answer)?.trim() ?? '';
  const prompt = confirmPrompt(flow, data, env);
  const yes = parseYesNo(text);
  const saveOffered = prompt.choices?.some((c) => c.value === 'yes') ?? true;
  let choice: string | undefined = yes === true && saveOffered ? 'yes' : undefined;
  if (yes === false) {
    return stay(t, [
      `Nothing is saved yet. Type *edit <field>* to change something (${editableFields(flow, data, env).join(', ')}), or *cancel*.`,
    ]);
  }
  if (!choice) {
    const m = matchChoice(text, prompt.choices ?? [], source);
    if (!m.ok) return stay(t, [], { error: m.error });
    choice = m.value.value;
  }
  if (choice === 'cancel') return cancelDialog(t);
  const notes: string[] = [];
  if (choice !== 'yes') {
    const handled = await flow.onConfirmChoice?.(choice, data.values, env);
    if (!handled?.ok) {
      return stay(t, [], {
        error: handled && !handled.ok ? handled.error : `"${text}" is not one of the choices.`,
      });
    }
    Object.assign(data.values, handled.set);
    if (handled.note) notes.push(handled.note);
    if (!handled.commit) return moveOn(t, notes);
  }
  return commit(t, notes);
}

/** Claims the save (version bump) before calling the service, so a double "yes" saves once. */
async function commit(t: ActiveTurn, notes: string[]): Promise<Reply> {
  const { core, key, row, flow, data, env } = t;
  const claimed = await saveDialog(core, key, row, flow.name, STEP_SAVING, data);
  if (claimed === false) return conflictReply(core, key, env);
  let error: TatError;
  clearTurnReads(env);
  try {
    const result = await flow.commit(data.values, env);
    if (result.ok) {
      await deleteDialog(core.ctx.db, key, claimed);
      const out = result.value;
      return endReply(
        flow.name,
        claimed + 1,
        [...notes, ...out.messages],
        out.recordId !== undefined
          ? { outcome: 'completed', recordId: out.recordId }
          : { outcome: 'completed' },
        out.actions ? { actions: out.actions } : {},
      );
    }
    error = result.error;
  } catch (err) {
    error = {
      code: 'unavailable',
      message: `Something went wrong while saving (${(err as Error).message}). Nothing you typed is lost; try *yes* again in a moment.`,
    };
  }
  clearTurnReads(env);
  const learned = flow.onCommitError?.(error, data.values);
  if (learned) Object.assign(data.values, learned);
  // A failure about one answer asks that answer again; otherwise back to the preview.
  let step = STEP_PREVIEW;
  const reask = flow.fieldForError?.(error, data.values);
  if (reask && stepOf(flow, reask)) {
    askAgain(data, reask);
    step = await advance(flow, data, env, notes);
  }
  const saved: StoredDialog = { ...row, step: STEP_SAVING, version: claimed };
  return goTo({ ...t, row: saved }, step, notes, { error: error.message });
}
