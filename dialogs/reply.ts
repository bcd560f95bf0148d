// Turns where a dialog stands into a Reply: the step's prompt, the preview with its confirm, the
// "switch to another command?" question, or the end of a dialog.
import { type DialogData, editableFields, STEP_PREVIEW, STEP_SWITCH, stepOf } from './dialog-data.js';
import type { Flow, FlowEnv } from './flow.js';
import type { Choice, Prompt, Reply } from './types.js';

export function confirmPrompt(flow: Flow, data: DialogData, env: FlowEnv): Prompt {
  const choices: Choice[] = [
    ...(flow.offersSave?.(data.values) === false ? [] : [{ value: 'yes', label: 'Save' }]),
    ...(flow.confirmChoices?.(data.values) ?? []),
    { value: 'cancel', label: 'Cancel' },
  ];
  return {
    kind: 'confirm',
    field: 'confirm',
    text: 'Save this? Answer *yes*, pick an option, or type *edit <field>* to change something.',
    choices,
    hint: `Fields you can edit: ${editableFields(flow, data, env).join(', ')}.`,
  };
}

export async function render(
  flow: Flow,
  stored: { step: string; data: DialogData; version: number },
  env: FlowEnv,
  messages: string[],
  extra: Partial<Reply> = {},
): Promise<Reply> {
  const dialog = { name: flow.name, step: stored.step, version: stored.version };
  if (stored.step === STEP_PREVIEW) {
    const preview = await flow.preview(stored.data.values, env);
    return { messages, ...extra, preview, prompt: confirmPrompt(flow, stored.data, env), dialog };
  }
  if (stored.step === STEP_SWITCH) {
    return {
      messages,
      ...extra,
      prompt: {
        kind: 'confirm',
        field: 'switch',
        text: `You are in the middle of /ta ${flow.name}. Drop it and start \`${stored.data.pendingCommand}\`? (yes / no)`,
        choices: [
          { value: 'yes', label: `Yes, start ${stored.data.pendingCommand}` },
          { value: 'no', label: `No, go on with /ta ${flow.name}` },
        ],
      },
      dialog,
    };
  }
  const step = stepOf(flow, stored.step);
  if (!step) return { messages, ...extra, dialog };
  const prompt = await step.prompt(stored.data.values, env);
  return { messages, ...extra, prompt, dialog };
}

export function endReply(
  name: string,
  version: number,
  messages: string[],
  done: Reply['done'],
  extra: Partial<Reply> = {},
): Reply {
  return { messages, ...extra, ...(done ? { done } : {}), dialog: { name, step: 'done', version } };
}
