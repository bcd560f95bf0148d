// Small Block Kit builders and the id scheme shared by the renderers and the answer parser.
// Every interactive block carries `tat|<dialog version>|<field>|<part>` as its block_id, so a click
// tells us which question it answers and against which dialog version (stale clicks are caught).
import type { Choice } from '../../dialogs/types.js';

export type Block = Record<string, unknown>;

export const ACTION = {
  /** The element's value is the answer (button, select, datepicker, users_select). */
  answer: 'tat_answer',
  /** A text input that submits on Enter. */
  text: 'tat_text',
  /** Selections that only count when "Continue" is pressed. */
  pick: 'tat_pick',
  /** "Continue": read every input of the message. */
  submit: 'tat_submit',
  /** Back, cancel, edit <field>: the value is typed as a turn. */
  nav: 'tat_nav',
  /** A Reply action or App Home button: the value is a command. */
  command: 'tat_cmd',
  /** Opens the current text question in a modal (more room to write). */
  modal: 'tat_modal',
} as const;

export const VIEW_CALLBACK = 'tat_dialog';

export interface BlockRef {
  version: number | undefined;
  field: string;
  part: 'main' | 'text';
}

export function blockId(ref: BlockRef): string {
  return `tat|${ref.version ?? '-'}|${ref.field}|${ref.part}`;
}

export function parseBlockId(id: string | undefined): BlockRef | undefined {
  const m = /^tat\|(-|\d+)\|([^|]+)\|(main|text)$/.exec(id ?? '');
  if (!m) return undefined;
  return { version: m[1] === '-' ? undefined : Number(m[1]), field: m[2]!, part: m[3] as BlockRef['part'] };
}

/** Escapes text for mrkdwn (Slack needs &, <, > escaped; *bold* and `code` pass through). */
export function mrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const plainText = (text: string, max = 75) => ({
  type: 'plain_text',
  text: clip(text, max),
  emoji: true,
});

export function section(text: string, accessory?: Block): Block {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: clip(mrkdwn(text), 3000) },
    ...(accessory ? { accessory } : {}),
  };
}

/** Long text becomes several sections (3000 characters each). */
export function sections(text: string): Block[] {
  const out: Block[] = [];
  for (let rest = text; rest.length > 0; rest = rest.slice(2900)) out.push(section(rest.slice(0, 2900)));
  return out;
}

export function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn(text), 3000) }] };
}

export function button(label: string, actionId: string, value: string, style?: 'primary' | 'danger'): Block {
  return {
    type: 'button',
    text: plainText(label),
    action_id: actionId,
    value: clip(value, 2000),
    ...(style ? { style } : {}),
  };
}

export function option(choice: Choice): Block {
  return {
    text: plainText(choice.label),
    value: choice.value.slice(0, 150),
    ...(choice.description ? { description: plainText(choice.description) } : {}),
  };
}

/** Initial option(s) among `choices` for a default value (given as choice values or labels). */
export function initialOptions(choices: Choice[], defaultValue: string | string[] | undefined): Block[] {
  const wanted = new Set(
    (Array.isArray(defaultValue) ? defaultValue : defaultValue ? [defaultValue] : []).map((d) =>
      d.toLowerCase(),
    ),
  );
  return choices
    .filter((c) => wanted.has(c.value.toLowerCase()) || wanted.has(c.label.toLowerCase()))
    .map(option);
}

/** The fields a preview lets the user edit, as the confirm prompt's hint lists them (else all). */
export function editableFields(hint: string | undefined): Set<string> | undefined {
  const m = /Fields you can edit: ([^.]*)\./.exec(hint ?? '');
  return m ? new Set(m[1]!.split(',').map((f) => f.trim())) : undefined;
}

export function isIsoDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}
