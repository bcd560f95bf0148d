// Where a dialog stands: its persisted data, and moving between steps (the first unanswered step,
// automatic answers, back/edit bookkeeping, resets of later answers when an earlier one changes).
import type { Flow, FlowEnv, Step, Values } from './flow.js';

export const STEP_PREVIEW = '@preview';
export const STEP_SAVING = '@saving';
export const STEP_EXPIRED = '@expired';
export const STEP_SWITCH = '@switch';

/** Persisted per-dialog data. */
export interface DialogData {
  values: Values;
  /** Fields answered (or auto-answered), in order; `back` pops the last one the user answered. */
  done: string[];
  /** Fields answered without asking. */
  auto: string[];
  /** A field the user asked to edit: asked even if it could be answered automatically. */
  force?: string;
  /** For STEP_SWITCH: the command waiting for a yes, and the step to return to on no. */
  pendingCommand?: string;
  returnStep?: string;
  /** For STEP_EXPIRED: the step the dialog was on. */
  expiredStep?: string;
  /** For STEP_EXPIRED: text typed after the expiry, offered as the answer on resume. */
  pendingAnswer?: string;
}

export function emptyData(values: Values = {}, answered: string[] = []): DialogData {
  return { values, done: [...answered], auto: [] };
}

export function asData(raw: Record<string, unknown>): DialogData {
  const d = raw as Partial<DialogData>;
  return {
    ...(d as DialogData),
    values: d.values ?? {},
    done: d.done ?? [],
    auto: d.auto ?? [],
  };
}

export const stepOf = (flow: Flow, field: string): Step | undefined =>
  flow.steps.find((s) => s.field === field);

/** Moves to the first unanswered step, answering automatic ones on the way; notes say what was assumed. */
export async function advance(flow: Flow, data: DialogData, env: FlowEnv, notes: string[]): Promise<string> {
  for (const step of flow.steps) {
    if (step.applies && !step.applies(data.values, env)) continue;
    if (data.done.includes(step.field)) continue;
    if (step.auto && data.force !== step.field) {
      const auto = await step.auto(data.values, env);
      if (auto) {
        Object.assign(data.values, auto.set);
        data.done.push(step.field);
        data.auto.push(step.field);
        if (auto.note) notes.push(auto.note);
        continue;
      }
    }
    return step.field;
  }
  return STEP_PREVIEW;
}

export function forget(data: DialogData, field: string) {
  data.done = data.done.filter((f) => f !== field);
  data.auto = data.auto.filter((f) => f !== field);
}

/** Forgets an answer and asks it next, even where it could be answered automatically (back, edit). */
export function askAgain(data: DialogData, field: string) {
  forget(data, field);
  data.force = field;
}

export function applyAnswer(flow: Flow, step: Step, data: DialogData, set: Values) {
  const before = JSON.stringify(data.values[step.field]);
  Object.assign(data.values, set);
  if (!data.done.includes(step.field)) data.done.push(step.field);
  data.auto = data.auto.filter((f) => f !== step.field);
  if (data.force === step.field) delete data.force;
  if (before !== undefined && before !== JSON.stringify(data.values[step.field])) {
    for (const field of step.resets ?? []) {
      forget(data, field);
      delete data.values[field];
      const dependent = stepOf(flow, field);
      for (const f of dependent?.resets ?? []) forget(data, f);
    }
  }
}

/** The answered fields, by the name `edit <field>` accepts (the label, lower-case). */
export function editableFields(flow: Flow, data: DialogData, env: FlowEnv): string[] {
  return flow.steps
    .filter((s) => data.done.includes(s.field) && (!s.applies || s.applies(data.values, env)))
    .map((s) => s.label.toLowerCase());
}

/** The labels of the answered fields, for "you had answered …" messages. */
export function answeredSummary(flow: Flow, data: DialogData): string {
  const labels = flow.steps.filter((s) => data.done.includes(s.field)).map((s) => s.label);
  return labels.length ? labels.join(', ') : 'nothing yet';
}
