// The words that work at any question of a dialog: cancel (nothing saved), help, back (the previous
// answer asked again) and edit <field> (an earlier answer asked again). `resume` is in expiry.ts.
import { askAgain, editableFields } from './dialog-data.js';
import { type ActiveTurn, conflictReply, moveOn, renderCurrent, stay } from './engine-core.js';
import { endReply } from './reply.js';
import { deleteDialog } from './state-store.js';
import type { Reply } from './types.js';

export const CANCEL_WORDS = new Set(['cancel', 'stop', 'quit', 'abort', 'never mind', 'nevermind']);
const GLOBAL_HELP =
  'Type *back* to change the previous answer, *cancel* to stop (nothing is saved), *edit <field>* to change an earlier answer, or */ta help* for all commands.';

/** Ends the dialog without saving anything. */
export async function cancelDialog(t: ActiveTurn): Promise<Reply> {
  if (!(await deleteDialog(t.core.ctx.db, t.key, t.row.version))) return conflictReply(t.core, t.key, t.env);
  return endReply(t.flow.name, t.row.version + 1, [`Cancelled /ta ${t.flow.name}. Nothing was saved.`], {
    outcome: 'cancelled',
  });
}

/** What the dialog is, the current question's hint, and the words above. */
export async function helpReply(t: ActiveTurn): Promise<Reply> {
  const reply = await renderCurrent(t, []);
  const hint = reply.prompt?.hint;
  reply.messages = [`You are in /ta ${t.flow.name} (${t.flow.title}).`, ...(hint ? [hint] : []), GLOBAL_HELP];
  return reply;
}

/** Asks the last answer the user typed again (automatic answers are skipped over). */
export async function goBack(t: ActiveTurn): Promise<Reply> {
  const { data } = t;
  const asked = data.done.filter((f) => !data.auto.includes(f));
  const last = asked.at(-1);
  if (!last) {
    return stay(t, ['This is the first question; there is nothing to go back to. Type *cancel* to stop.']);
  }
  askAgain(data, last);
  return moveOn(t, []);
}

/** Asks an answered field again, found by its field name or label (or the start of one). */
export async function editField(t: ActiveTurn, wanted: string): Promise<Reply> {
  const { flow, data, env } = t;
  const w = wanted.trim().toLowerCase();
  const candidates = flow.steps.filter((s) => !s.applies || s.applies(data.values, env));
  const step =
    candidates.find((s) => s.field.toLowerCase() === w || s.label.toLowerCase() === w) ??
    candidates.find((s) => s.field.toLowerCase().startsWith(w) || s.label.toLowerCase().startsWith(w));
  if (!step || !data.done.includes(step.field)) {
    const fields = editableFields(flow, data, env);
    return stay(t, [], {
      error: step
        ? `${step.label} is not answered yet; it will be asked in turn.`
        : `There is no field "${wanted}". You can edit: ${fields.join(', ') || 'nothing yet'}.`,
    });
  }
  askAgain(data, step.field);
  return moveOn(t, []);
}
