// A dialog Reply as a Slack message (ephemeral reply to /ta, or a DM): text, preview, and the prompt
// as buttons, selects, a datepicker, a users picker or an Enter-to-send text box. The message is
// replaced in place as the dialog advances (response_url / chat.update).
import type { Preview, Prompt, Reply } from '../../dialogs/types.js';
import {
  ACTION,
  type Block,
  blockId,
  bold,
  button,
  clip,
  context,
  editableFields,
  initialOptions,
  isIsoDay,
  mrkdwn,
  option,
  plainText,
  section,
  sections,
} from './blocks.js';

const MAX_BUTTONS = 5;
const MAX_OPTIONS = 100;
const MAX_CHECKBOXES = 10;
/** Slack refuses a text input whose initial_value is longer. */
export const MAX_INITIAL = 3000;

export type SlackMessage = {
  text: string;
  blocks: Block[];
};

/** Which page of a long answer to show, and the command that produced it (run again for "More"). */
export interface Paging {
  command: string;
  page?: number;
}

export function renderMessage(reply: Reply, paging?: Paging): SlackMessage {
  const version = reply.dialog?.version;
  const blocks: Block[] = [];
  for (const m of reply.messages) blocks.push(...sections(m));
  if (reply.preview) blocks.push(...renderPreview(reply.preview, previewEdits(reply), version));
  if (reply.error) blocks.push(section(`:warning: ${reply.error}`));
  if (reply.prompt) blocks.push(...renderPrompt(reply.prompt, version));
  if (reply.prompt) {
    const nav = [button('Back', `${ACTION.nav}:back`, 'back')];
    // A preview offers Cancel among its own choices already.
    if (!reply.prompt.choices?.some((c) => c.value === 'cancel'))
      nav.push(button('Cancel', `${ACTION.nav}:cancel`, 'cancel', 'danger'));
    blocks.push({
      type: 'actions',
      block_id: blockId({ version, field: '_nav', part: 'main' }),
      elements: nav,
    });
  }
  blocks.push(...commandButtons(reply));
  // A question keeps its last blocks (they hold it); a long answer is paged from the top.
  return {
    text: fallbackText(reply),
    blocks: reply.prompt ? clampBlocks(blocks, MAX_BLOCKS) : pageOf(blocks, paging),
  };
}

/** Slack shows at most 50 blocks in a message. */
const MAX_BLOCKS = 50;

/** One page of a long answer: its blocks in order, and a More button when more follow. */
export function pageOf(blocks: Block[], paging: Paging | undefined, max = MAX_BLOCKS): Block[] {
  if (blocks.length <= max) return blocks;
  const size = max - 1;
  const pages = Math.ceil(blocks.length / size);
  const page = Math.min(Math.max(paging?.page ?? 0, 0), pages - 1);
  const shown = blocks.slice(page * size, (page + 1) * size);
  if (page === pages - 1) return shown;
  const next = paging
    ? {
        type: 'actions',
        elements: [
          button(`More (page ${page + 2} of ${pages})`, ACTION.more, `${page + 1} ${paging.command}`),
        ],
      }
    : context(`…${blocks.length - (page + 1) * size} more lines not shown.`);
  return [...shown, next];
}

/** Notification text (and what screen readers get) for a reply. */
export function fallbackText(reply: Reply): string {
  const parts = [...reply.messages, reply.error ? `⚠ ${reply.error}` : '', reply.prompt?.text ?? ''];
  return clip(mrkdwn(parts.filter(Boolean).join('\n') || 'TAT Bot'), 3000);
}

/** Which preview fields get an Edit button: only while the preview waits for its confirm. */
export function previewEdits(reply: Reply): Set<string> | undefined {
  if (!reply.preview || reply.prompt?.kind !== 'confirm') return undefined;
  return editableFields(reply.prompt.hint) ?? new Set(reply.preview.fields.map((f) => f.field));
}

/** The preview's fields, each with an Edit button when editable (its block id carries the version). */
export function renderPreview(
  preview: Preview,
  editable: Set<string> | undefined,
  version: number | undefined,
): Block[] {
  const blocks: Block[] = [section(bold(preview.title))];
  for (const f of preview.fields) {
    const text = `${bold(f.label)}\n${f.value || '—'}`;
    if (!editable?.has(f.field)) {
      blocks.push(section(text));
      continue;
    }
    const edit = button('Edit', `${ACTION.nav}:edit:${f.field}`, `edit ${f.field}`);
    blocks.push({
      ...section(text, edit),
      block_id: blockId({ version, field: `edit-${f.field}`, part: 'main' }),
    });
  }
  for (const w of preview.warnings ?? []) blocks.push(context(`:warning: ${w}`));
  return blocks;
}

function renderPrompt(prompt: Prompt, version: number | undefined): Block[] {
  const main = blockId({ version, field: prompt.field, part: 'main' });
  const text = blockId({ version, field: prompt.field, part: 'text' });
  const question = section(bold(prompt.text));
  const hint = prompt.hint ? [context(prompt.hint)] : [];
  const choices = prompt.choices ?? [];
  switch (prompt.kind) {
    case 'choice':
    case 'confirm': {
      const list = choices.length
        ? choices
        : [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ];
      if (list.length <= MAX_BUTTONS) {
        const buttons = list.map((c, i) =>
          button(
            c.label,
            `${ACTION.answer}:${i}`,
            c.value,
            i === 0 && prompt.kind === 'confirm' ? 'primary' : undefined,
          ),
        );
        return [question, ...hint, { type: 'actions', block_id: main, elements: buttons }];
      }
      const select = staticSelect(prompt, ACTION.answer, 'static_select');
      const blocks = [question, ...hint, { type: 'actions', block_id: main, elements: [select] }];
      // Past Slack's 100 options, typing finds the rest.
      if (list.length > MAX_OPTIONS) blocks.push(textInput(text, 'Or type it', prompt));
      return blocks;
    }
    case 'multi_choice': {
      const element =
        choices.length <= MAX_CHECKBOXES
          ? {
              type: 'checkboxes',
              action_id: ACTION.pick,
              options: choices.map(option),
              ...withInitial(initialOptions(choices, prompt.defaultValue), 'initial_options'),
            }
          : staticSelect(prompt, ACTION.pick, 'multi_static_select');
      return [
        question,
        ...hint,
        { type: 'actions', block_id: main, elements: [element] },
        continueRow(prompt, version),
      ];
    }
    case 'person': {
      // Picking among listed people may name several: their picks count when "Continue" is pressed.
      if (prompt.choices?.length) {
        return [
          question,
          ...hint,
          { type: 'actions', block_id: main, elements: [personPicker(prompt, ACTION.pick)] },
          textInput(text, 'Or type names or e-mails, separated by commas', prompt),
          continueRow(prompt, version),
        ];
      }
      return [
        question,
        ...hint,
        {
          type: 'actions',
          block_id: main,
          elements: [personPicker(prompt, ACTION.answer), ...useDefault(prompt)],
        },
        textInput(text, 'Or type a name or e-mail', prompt),
      ];
    }
    case 'date': {
      const picker = {
        type: 'datepicker',
        action_id: ACTION.answer,
        placeholder: plainText('Pick a day'),
        ...(isIsoDay(prompt.defaultValue) ? { initial_date: prompt.defaultValue } : {}),
      };
      return [
        question,
        ...hint,
        { type: 'actions', block_id: main, elements: [picker, ...useDefault(prompt)] },
        textInput(text, 'Or type it: yesterday, last Tuesday, 11/18, Nov 3-4', prompt),
      ];
    }
    case 'form':
      return [
        question,
        ...hint,
        ...(prompt.fields ?? []).flatMap((f) => formField(f, version)),
        continueRow(prompt, version),
      ];
    default: {
      const form = JSON.stringify({
        f: prompt.field,
        t: clip(prompt.text, 600),
        d: typeof prompt.defaultValue === 'string' ? clip(prompt.defaultValue, 1000) : undefined,
        v: version,
      });
      const extra = [
        ...(typeof prompt.defaultValue === 'string'
          ? [button('Use this text', `${ACTION.answer}:keep`, 'ok')]
          : []),
        ...(prompt.optional ? [button('Skip', `${ACTION.answer}:skip`, 'skip')] : []),
        button('Write it in a form', ACTION.modal, form),
      ];
      return [
        question,
        ...hint,
        textInput(text, 'Type your answer and press Enter', prompt),
        { type: 'actions', block_id: main, elements: extra },
      ];
    }
  }
}

/** One field of a form prompt inside a message (values are read when "Continue" is pressed). */
function formField(field: Prompt, version: number | undefined): Block[] {
  const id = blockId({ version, field: field.field, part: 'main' });
  const label = plainText(field.text, 2000);
  const element = (() => {
    switch (field.kind) {
      case 'choice':
      case 'confirm':
        return staticSelect(field, ACTION.pick, 'static_select');
      case 'multi_choice':
        return staticSelect(field, ACTION.pick, 'multi_static_select');
      case 'person':
        return personPicker(field, ACTION.pick);
      case 'date':
        return {
          type: 'datepicker',
          action_id: ACTION.pick,
          ...(isIsoDay(field.defaultValue) ? { initial_date: field.defaultValue } : {}),
        };
      default:
        return {
          type: 'plain_text_input',
          action_id: ACTION.pick,
          ...(typeof field.defaultValue === 'string'
            ? { initial_value: field.defaultValue.slice(0, MAX_INITIAL) }
            : {}),
        };
    }
  })();
  return [{ type: 'input', block_id: id, label, element, optional: Boolean(field.optional) }];
}

/** "Continue": sends what is picked or typed in the message (its block id carries the version). */
function continueRow(prompt: Prompt, version: number | undefined): Block {
  return {
    type: 'actions',
    block_id: blockId({ version, field: '_continue', part: 'main' }),
    elements: [button('Continue', ACTION.submit, prompt.field, 'primary')],
  };
}

/** "Use today" / "Use me": answers a date or person question with its default in one click. */
function useDefault(prompt: Prompt): Block[] {
  const d = prompt.defaultValue;
  return typeof d === 'string' && d ? [button(`Use ${d}`, `${ACTION.answer}:default`, d)] : [];
}

export function staticSelect(
  prompt: Prompt,
  actionId: string,
  type: 'static_select' | 'multi_static_select',
): Block {
  const choices = (prompt.choices ?? []).slice(0, MAX_OPTIONS);
  const initial = initialOptions(choices, prompt.defaultValue);
  return {
    type,
    action_id: actionId,
    placeholder: plainText(type === 'static_select' ? 'Choose one' : 'Choose any', 150),
    options: choices.map(option),
    ...(type === 'static_select'
      ? withInitial(initial.slice(0, 1), 'initial_option', true)
      : withInitial(initial, 'initial_options')),
  };
}

/**
 * Listed people (e.g. a State's requesters) in a multi-select, since a question may name several;
 * otherwise staff among Slack users, requesters from TAT's list (searched as you type).
 */
export function personPicker(prompt: Prompt, actionId: string): Block {
  if (prompt.choices?.length) return staticSelect(prompt, actionId, 'multi_static_select');
  if (prompt.personPool === 'requesters')
    return {
      type: 'external_select',
      action_id: actionId,
      placeholder: plainText('Search requesters by name or e-mail', 150),
      min_query_length: 2,
    };
  return { type: 'users_select', action_id: actionId, placeholder: plainText('Pick a person', 150) };
}

function textInput(id: string, placeholder: string, prompt: Prompt): Block {
  const initial =
    typeof prompt.defaultValue === 'string' && prompt.kind === 'text' ? prompt.defaultValue : undefined;
  return {
    type: 'input',
    block_id: id,
    dispatch_action: true,
    label: plainText(prompt.kind === 'text' ? 'Your answer' : 'Or type it', 2000),
    element: {
      type: 'plain_text_input',
      action_id: ACTION.text,
      placeholder: plainText(placeholder, 150),
      ...(initial ? { initial_value: initial.slice(0, MAX_INITIAL) } : {}),
      dispatch_action_config: { trigger_actions_on: ['on_enter_pressed'] },
    },
    optional: prompt.kind !== 'text',
  };
}

/** A reply's actions (Log summary, Open…) as buttons, five to a row; each runs its command. */
export function commandButtons(reply: Pick<Reply, 'actions'>): Block[] {
  const buttons = (reply.actions ?? []).map((a, i) =>
    button(a.label, `${ACTION.command}:${i}:${a.id}`.slice(0, 255), a.command, a.style),
  );
  const rows: Block[] = [];
  for (let i = 0; i < buttons.length; i += 5)
    rows.push({ type: 'actions', elements: buttons.slice(i, i + 5) });
  return rows;
}

function withInitial(options: Block[], key: 'initial_option' | 'initial_options', single = false): Block {
  if (options.length === 0) return {};
  return { [key]: single ? options[0] : options };
}

/** Slack allows 50 blocks in a message (100 in a view): keep the last ones, they hold the question. */
export function clampBlocks(blocks: Block[], max: number): Block[] {
  if (blocks.length <= max) return blocks;
  return [context(`(${blocks.length - max + 1} earlier lines not shown)`), ...blocks.slice(-(max - 1))];
}
