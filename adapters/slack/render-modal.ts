// A dialog Reply as a modal page. Each answer is submitted with the modal's button; the next page
// replaces this one (response_action: update), a refused answer is shown on its field
// (response_action: errors) with the user's input left in place.
import type { Prompt, PromptKind, Reply } from '../../dialogs/types.js';
import {
  ACTION,
  type Block,
  blockId,
  button,
  context,
  initialOptions,
  isIsoDay,
  option,
  plainText,
  section,
  sections,
  VIEW_CALLBACK,
} from './blocks.js';
import {
  clampBlocks,
  commandButtons,
  personPicker,
  previewEdits,
  renderPreview,
  staticSelect,
} from './render-message.js';

/** What a modal remembers between submissions (private_metadata, ≤ 3000 chars). */
export interface ModalMeta {
  /** The conversation key the dialog state lives under. */
  c: string;
  /** Dialog name (for the title). */
  d?: string;
  /** Where to post the outcome when the dialog ends (the /ta command's response_url). */
  r?: string;
  /** The dialog version this page answers. */
  v?: number;
  /** The prompt on this page: field and kind. */
  f?: string;
  k?: PromptKind;
  /** Set when the modal answers a question of a chat message: the reply updates that message (r). */
  m?: 1;
  /** What the submit button answers when the page has no input (a preview's "Save"). */
  y?: string;
}

const TITLES: Record<string, string> = {
  new: 'New TA request',
  edit: 'Change TA activity',
  reassign: 'Reassign TA activity',
  close: 'Close TA activity',
  log: 'Log TA delivered',
  plan: 'Plan description',
  status: 'Activity status',
  note: 'Response note',
};

export function modalTitle(dialog: string | undefined): string {
  return (dialog && TITLES[dialog]) || 'TAT Bot';
}

function base(meta: ModalMeta, blocks: Block[], buttons: { submit?: string; close: string }): Block {
  return {
    type: 'modal',
    callback_id: VIEW_CALLBACK,
    notify_on_close: true,
    title: plainText(modalTitle(meta.d), 24),
    close: plainText(buttons.close, 24),
    ...(buttons.submit ? { submit: plainText(buttons.submit, 24) } : {}),
    private_metadata: JSON.stringify(meta),
    blocks: clampBlocks(blocks, 100),
  };
}

/** Shown the instant the modal opens, before any database work. */
export function loadingModal(meta: ModalMeta): Block {
  return base(meta, [section(':hourglass_flowing_sand: One moment…')], { close: 'Cancel' });
}

/**
 * `keep` holds what the user submitted on the page before: a refused answer asked again on a new
 * page is pre-filled with it, so nothing typed is lost.
 */
export function renderModal(
  reply: Reply,
  meta: Omit<ModalMeta, 'v' | 'f' | 'k' | 'y'>,
  keep: Record<string, string | string[]> = {},
): Block {
  const prompt = reply.prompt;
  const version = reply.dialog?.version;
  const confirm = prompt?.kind === 'confirm' ? confirmChoices(prompt) : undefined;
  const full: ModalMeta = {
    ...meta,
    ...(reply.dialog?.name ? { d: reply.dialog.name } : {}),
    ...(version !== undefined ? { v: version } : {}),
    ...(prompt ? { f: prompt.field, k: prompt.kind } : {}),
    ...(confirm && confirm.length <= 1 ? { y: confirm[0]?.value ?? 'yes' } : {}),
  };
  const blocks: Block[] = [];
  for (const m of reply.messages) blocks.push(...sections(m));
  if (reply.preview) blocks.push(...renderPreview(reply.preview, previewEdits(reply), version));
  if (reply.error) blocks.push(section(`:warning: ${reply.error}`));
  if (!prompt) {
    blocks.push(...commandButtons(reply));
    if (blocks.length === 0) blocks.push(section('Done.'));
    return base(full, blocks, { close: 'Close' });
  }
  if (prompt.kind === 'form') {
    if (prompt.text) blocks.push(section(prompt.text));
    for (const f of prompt.fields ?? []) blocks.push(...inputBlocks(f, version, keep[f.field]));
  } else {
    blocks.push(...inputBlocks(prompt, version, keep[prompt.field]));
  }
  blocks.push({
    type: 'actions',
    block_id: blockId({ version, field: '_nav', part: 'main' }),
    elements: [button('Back', `${ACTION.nav}:back`, 'back')],
  });
  const submit = full.y !== undefined ? (confirm?.[0]?.label ?? 'Confirm') : 'Next';
  return base(full, blocks, { submit, close: 'Cancel' });
}

/** A confirm's choices as modal options: Cancel is the modal's own close button. */
function confirmChoices(prompt: Prompt) {
  return (prompt.choices ?? []).filter((c) => c.value !== 'cancel');
}

/**
 * The input block(s) for one question. Dates and people also get a free-text box. `kept` is what
 * the user submitted for it before (a refused answer shown again): it wins over the default.
 */
export function inputBlocks(prompt: Prompt, version: number | undefined, kept?: string | string[]): Block[] {
  const main = blockId({ version, field: prompt.field, part: 'main' });
  const textId = blockId({ version, field: prompt.field, part: 'text' });
  const label = plainText(prompt.text, 2000);
  const initial = kept ?? prompt.defaultValue;
  // A default only words can say ("today", "me") applies when the question is left empty.
  const wordDefault =
    typeof prompt.defaultValue === 'string' &&
    prompt.defaultValue &&
    !isIsoDay(prompt.defaultValue) &&
    (prompt.kind === 'date' || prompt.kind === 'person')
      ? `Leave empty for “${prompt.defaultValue}”.`
      : undefined;
  const hintText = [prompt.hint, wordDefault].filter(Boolean).join(' ');
  const hint = hintText ? { hint: plainText(hintText, 2000) } : {};
  const typed = typeof kept === 'string' && kept && !isIsoDay(kept) ? kept : undefined;
  const optional = Boolean(prompt.optional);
  const input = (element: Block, extra: Block = {}): Block => ({
    type: 'input',
    block_id: main,
    label,
    element,
    optional,
    ...hint,
    ...extra,
  });
  const choices = prompt.choices ?? [];
  switch (prompt.kind) {
    case 'choice':
      if (choices.length <= 10)
        return [
          input({
            type: 'radio_buttons',
            action_id: ACTION.pick,
            options: choices.map(option),
            ...one(initialOptions(choices, initial)),
          }),
        ];
      return [
        input(
          staticSelect(
            { ...prompt, ...(initial ? { defaultValue: initial } : {}) },
            ACTION.pick,
            'static_select',
          ),
        ),
        ...(choices.length > 100 ? [freeText(textId, 'Or type it', typed)] : []),
      ];
    case 'confirm': {
      // With one choice the submit button is the answer ("Save"); with more (e.g. use the suggested
      // rewrite, or add to the existing activity), the user picks one.
      const offered = confirmChoices(prompt);
      if (offered.length <= 1) return [context(prompt.text)];
      return [
        input({
          type: 'radio_buttons',
          action_id: ACTION.pick,
          options: offered.slice(0, 10).map(option),
          initial_option: option(offered[0]!),
        }),
      ];
    }
    case 'multi_choice':
      return [
        input(
          choices.length <= 10
            ? {
                type: 'checkboxes',
                action_id: ACTION.pick,
                options: choices.map(option),
                ...many(initialOptions(choices, initial)),
              }
            : staticSelect(
                { ...prompt, ...(initial ? { defaultValue: initial } : {}) },
                ACTION.pick,
                'multi_static_select',
              ),
        ),
      ];
    case 'person': {
      const listed = Boolean(choices.length);
      const picker = personPicker(
        { ...prompt, ...(listed && kept ? { defaultValue: kept } : {}) },
        ACTION.pick,
      );
      return [
        input(picker, { optional: true }),
        freeText(
          textId,
          listed ? 'Or type names or e-mails, separated by commas' : 'Or type a name or e-mail',
          listed ? undefined : typed,
        ),
      ];
    }
    case 'date':
      return [
        input(
          {
            type: 'datepicker',
            action_id: ACTION.pick,
            ...(isIsoDay(initial) ? { initial_date: initial } : {}),
          },
          { optional: true },
        ),
        freeText(textId, 'Or type it: yesterday, 11/18, Nov 3-4 (a range goes here)', typed),
      ];
    default:
      return [
        input({
          type: 'plain_text_input',
          action_id: ACTION.pick,
          multiline: true,
          ...(typeof initial === 'string' && initial ? { initial_value: initial.slice(0, 3000) } : {}),
        }),
      ];
  }
}

/** An optional "or type it" box (dates as words or ranges, people by name or e-mail). */
function freeText(id: string, label: string, initial: string | undefined): Block {
  return {
    type: 'input',
    block_id: id,
    label: plainText(label, 2000),
    element: {
      type: 'plain_text_input',
      action_id: ACTION.text,
      ...(initial ? { initial_value: initial.slice(0, 3000) } : {}),
    },
    optional: true,
  };
}

const one = (options: Block[]): Block => (options.length ? { initial_option: options[0] } : {});
const many = (options: Block[]): Block => (options.length ? { initial_options: options } : {});

/** One text question of a chat message in a modal (more room to write); its answer moves the message on. */
export function questionModal(prompt: Prompt, version: number | undefined, meta: ModalMeta): Block {
  const full: ModalMeta = {
    ...meta,
    f: prompt.field,
    k: prompt.kind,
    ...(version !== undefined ? { v: version } : {}),
  };
  return base(full, inputBlocks(prompt, version), { submit: 'Send', close: 'Back' });
}

export function parseMeta(raw: string | undefined): ModalMeta | undefined {
  try {
    const meta = JSON.parse(raw ?? '') as ModalMeta;
    return typeof meta?.c === 'string' ? meta : undefined;
  } catch {
    return undefined;
  }
}

/** The part of the metadata that carries over to the next page (the page fills in the rest). */
export const metaBase = (m: ModalMeta): Omit<ModalMeta, 'v' | 'f' | 'k' | 'y'> => ({
  c: m.c,
  ...(m.d ? { d: m.d } : {}),
  ...(m.r ? { r: m.r } : {}),
  ...(m.m ? { m: m.m } : {}),
});
