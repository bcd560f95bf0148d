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
  /** The next page of a long answer: the value is `<page> <command>`, the command run again. */
  more: 'tat_more',
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

/**
 * THE one escape for Slack mrkdwn: every text the bot sends as mrkdwn (blocks and a message's top-level
 * `text`) goes through it, so nothing typed by anyone (a requester name, a summary) can become a
 * mention (`<!channel>`, `<@U…>`) or a disguised link (`<https://…|label>`). Slack needs only &, < and
 * > escaped; *bold* and `code` pass through.
 */
export function mrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A question in bold; a *bold* word inside it would close the bold early, so its marks go. */
export const bold = (text: string) => `*${text.replace(/\*/g, '')}*`;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const plainText = (text: string, max = 75) => ({
  type: 'plain_text',
  text: clip(text, max),
  emoji: true,
});

const SECTION_MAX = 3000;

const escapedSection = (escaped: string, accessory?: Block): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: escaped },
  ...(accessory ? { accessory } : {}),
});

export function section(text: string, accessory?: Block): Block {
  return escapedSection(clip(mrkdwn(text), SECTION_MAX), accessory);
}

/**
 * Long text becomes several sections of at most 3000 characters each. The text is escaped first and
 * then cut (at a line break or space when there is one nearby, never inside `&amp;`), so no
 * character is lost however many &, < and > it holds.
 */
export function sections(text: string): Block[] {
  const out: Block[] = [];
  let rest = mrkdwn(text);
  while (rest.length > 0) {
    let cut = rest.length <= SECTION_MAX ? rest.length : SECTION_MAX;
    if (cut < rest.length) {
      const entity = rest.lastIndexOf('&', cut - 1);
      if (entity > cut - 5 && !rest.slice(entity, cut).includes(';')) cut = entity;
      const space = Math.max(rest.lastIndexOf('\n', cut - 1), rest.lastIndexOf(' ', cut - 1));
      if (space > cut - 200) cut = space + 1;
    }
    out.push(escapedSection(rest.slice(0, cut)));
    rest = rest.slice(cut);
  }
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
