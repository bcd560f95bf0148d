// An answer to an active dialog: the dialog words first (cancel, help, back, edit), then, by where
// the dialog stands, the switch question, an interrupted save, the preview, or the current step
// (one typed answer, or a whole form whose fields are accepted in step order).
import { applyAnswer, askAgain, STEP_PREVIEW, STEP_SAVING, STEP_SWITCH, stepOf } from './dialog-data.js';
import { CANCEL_WORDS, cancelDialog, editField, goBack, helpReply } from './dialog-words.js';
import { type ActiveTurn, goTo, moveOn, renderCurrent, stay, touch } from './engine-core.js';
import type { Answer } from './flow.js';
import { answerPreview } from './preview-answers.js';
import { answerSwitch } from './run-command.js';
import type { AnswerSource, Reply } from './types.js';

export async function answerDuringDialog(
  t: ActiveTurn,
  answer: Answer | Record<string, Answer>,
  source: AnswerSource,
): Promise<Reply> {
  const { core, row, flow, data, env } = t;
  const text = typeof answer === 'string' ? answer.trim() : undefined;
  const lower = text?.toLowerCase();

  if (lower !== undefined && CANCEL_WORDS.has(lower)) return cancelDialog(t);
  if (lower === 'help' || lower === '?') {
    await touch(t);
    return helpReply(t);
  }
  if (row.step === STEP_SWITCH) return answerSwitch(t, text ?? '');
  if (row.step === STEP_SAVING) {
    if (core.ctx.now().getTime() - row.updatedAt.getTime() < core.savingStaleMs) {
      return renderCurrent(t, ['I am still saving your previous answer; one moment, then try again.']);
    }
    return goTo(t, STEP_PREVIEW, [
      'Your last save was interrupted and may not have finished. Check /ta mine before saving again.',
    ]);
  }
  if (lower === 'back') return goBack(t);
  const edit = lower ? /^(?:edit|change)\s+(.+)$/.exec(lower) : null;
  if (edit) return editField(t, edit[1]!);

  if (typeof answer !== 'string' && !Array.isArray(answer)) return applyForm(t, answer);
  if (row.step === STEP_PREVIEW) return answerPreview(t, answer, source);

  const step = stepOf(flow, row.step);
  // The flow changed under a persisted dialog (a new release): start the step search again.
  if (!step) return moveOn(t, []);
  const accepted = await step.accept(answer, data.values, env, source);
  if (!accepted.ok) return stay(t, [], { error: accepted.error });
  applyAnswer(flow, step, data, accepted.set);
  return moveOn(t, accepted.note ? [accepted.note] : []);
}

/** A form (several fields at once, from a modal or card): each field is accepted in step order, as picked. */
async function applyForm(t: ActiveTurn, form: Record<string, Answer>): Promise<Reply> {
  const { flow, data, env } = t;
  const notes: string[] = [];
  for (const step of flow.steps) {
    if (!(step.field in form)) continue;
    if (step.applies && !step.applies(data.values, env)) continue;
    const accepted = await step.accept(form[step.field]!, data.values, env, 'picked');
    if (!accepted.ok) {
      // Keep what was accepted so far, and ask the refused field on its own.
      askAgain(data, step.field);
      return goTo(t, step.field, notes, { error: accepted.error });
    }
    applyAnswer(flow, step, data, accepted.set);
    if (accepted.note) notes.push(accepted.note);
  }
  return moveOn(t, notes);
}
