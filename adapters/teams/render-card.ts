// A dialog Reply as a Teams message: the messages as markdown text, plus one Adaptive Card (schema
// 1.5, what Teams renders) for the preview, the prompt's inputs and the command buttons. Every
// Action.Submit carries a small `tat` envelope (see submit.ts) so a click comes back as a Turn.
import type { Action, Preview, Prompt, Reply } from '../../dialogs/types.js';
import type { NudgeMessage } from '../../src/reminders/channel-port.js';

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
}

/** The envelope in every Action.Submit's data; input values arrive next to it, keyed by input id. */
export type SubmitData =
  | { tat: 'answer'; field: string; kind: string; v?: number; value?: string; multi?: string[] }
  | { tat: 'nav'; text: string; v?: number }
  | { tat: 'command'; command: string };

/** Input ids: `in:<field>` for the main input, `tx:<field>` for the "or type it" box. */
export const inputId = (field: string) => `in:${field}`;
export const typedId = (field: string) => `tx:${field}`;

/** Teams shows at most six actions on a card; more go in its overflow menu (mode: secondary). */
const MAX_ACTIONS = 6;
const MAX_TEXT = 3000;

export interface TeamsMessage {
  text: string;
  card?: AdaptiveCard;
}

const ESCAPES: Record<string, string> = { '<': '&lt;', '[': '\\[', ']': '\\]', '\\': '\\\\' };

/**
 * THE one escape for Teams text (message text, card TextBlocks and facts): nothing typed by anyone can
 * become a tag or `<at>` mention (`<` escaped) or a disguised link (`[label](url)`: brackets escaped).
 * The dialogs write Slack-style *bold*, which Teams writes **bold**; a line's leading spaces become
 * no-break spaces, so an indented line is not a code block.
 */
export const markdown = (text: string) =>
  text
    .replace(/[<[\]\\]/g, (c) => ESCAPES[c]!)
    .replace(/(^|[^*\w])\*([^*\n]+)\*(?=[^*\w]|$)/g, '$1**$2**')
    .replace(/^ +/gm, (spaces) => '\u00a0'.repeat(spaces.length))
    .replace(/\n/g, '\n\n');

const clip = (text: string, max = MAX_TEXT) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function renderReply(reply: Reply): TeamsMessage {
  const parts = [...reply.messages];
  if (reply.error) parts.push(`⚠️ ${reply.error}`);
  const text = clip(markdown(parts.join('\n') || (reply.prompt ? '' : 'OK')));
  const body: CardElement[] = [];
  const actions: CardElement[] = [];
  const version = reply.dialog?.version;
  if (reply.preview) body.push(...renderPreview(reply.preview));
  if (reply.prompt) {
    const navs = [nav('Back', 'back', version)];
    if (!reply.prompt.choices?.some((c) => c.value === 'cancel')) navs.push(nav('Cancel', 'cancel', version));
    const prompt = renderPrompt(reply.prompt, version, MAX_ACTIONS - navs.length);
    body.push(...prompt.body);
    actions.push(...prompt.actions, ...navs);
  }
  actions.push(...(reply.actions ?? []).map(commandButton));
  if (body.length === 0 && actions.length === 0) return { text };
  return { text: text || markdown(reply.prompt?.text ?? ''), card: card(body, actions) };
}

export function renderNudge(message: NudgeMessage): TeamsMessage {
  const actions = message.buttons.map((b, i) =>
    commandButton({
      id: `nudge-${i}`,
      label: b.label,
      command: b.command,
      ...(b.style ? { style: b.style } : {}),
    }),
  );
  const text = clip(markdown(message.text));
  return actions.length
    ? { text, card: card([hintBlock('Type **help** to see what else I can do.')], actions) }
    : { text };
}

function card(body: CardElement[], actions: CardElement[]): AdaptiveCard {
  // Past six, the rest go in the card's overflow menu (Teams would otherwise drop them).
  for (const extra of actions.slice(MAX_ACTIONS)) extra.mode = 'secondary';
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: body.length ? body : [hintBlock(' ')],
    ...(actions.length ? { actions } : {}),
  };
}

function renderPreview(preview: Preview): CardElement[] {
  const blocks: CardElement[] = [
    { type: 'TextBlock', text: markdown(preview.title), weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'FactSet',
      facts: preview.fields.map((f) => ({
        title: markdown(f.label),
        value: clip(markdown(f.value || '—'), 1000),
      })),
    },
  ];
  for (const w of preview.warnings ?? [])
    blocks.push({ type: 'TextBlock', text: `⚠️ ${markdown(w)}`, wrap: true, color: 'Warning' });
  return blocks;
}

function renderPrompt(
  prompt: Prompt,
  v: number | undefined,
  maxButtons: number,
): { body: CardElement[]; actions: CardElement[] } {
  const body: CardElement[] = [
    { type: 'TextBlock', text: markdown(prompt.text), wrap: true, weight: 'Bolder' },
  ];
  if (prompt.hint && prompt.kind !== 'confirm') body.push(hintBlock(prompt.hint));
  const base = {
    tat: 'answer' as const,
    field: prompt.field,
    kind: prompt.kind,
    ...(v !== undefined ? { v } : {}),
  };
  const choices = prompt.choices ?? [];
  // Few choices (and every yes/no) are buttons, one click answers; more are a choice set and OK.
  if ((prompt.kind === 'choice' || prompt.kind === 'confirm') && choices.length <= maxButtons) {
    const options = choices.length
      ? choices
      : [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ];
    return {
      body,
      actions: options.map((c, i) =>
        submit(
          c.label,
          { ...base, value: c.value },
          c.value === 'cancel' ? 'destructive' : i === 0 ? 'positive' : undefined,
        ),
      ),
    };
  }
  if (prompt.kind === 'form') {
    const fields = prompt.fields ?? [];
    for (const f of fields) body.push(...inputsFor(f));
    // Multi-selects come back as "a,b": the envelope says which fields to split.
    const multi = fields.filter((f) => f.kind === 'multi_choice').map((f) => f.field);
    return { body, actions: [submit('Submit', { ...base, ...(multi.length ? { multi } : {}) }, 'positive')] };
  }
  body.push(...inputsFor({ ...prompt, text: '' }));
  return { body, actions: [submit(prompt.kind === 'text' ? 'Send' : 'OK', base, 'positive')] };
}

/** The input(s) answering one prompt (a form's field or the prompt itself). */
function inputsFor(prompt: Prompt): CardElement[] {
  const id = inputId(prompt.field);
  const label = prompt.text ? { label: stripMarks(prompt.text) } : {};
  const optional = { isRequired: false };
  const def = prompt.defaultValue;
  const defText = Array.isArray(def) ? def.join(',') : def;
  const choices = (prompt.choices ?? []).map((c) => ({ title: c.label, value: c.value }));
  switch (prompt.kind) {
    case 'choice':
    case 'confirm':
    case 'multi_choice':
      return [
        {
          type: 'Input.ChoiceSet',
          id,
          ...label,
          ...optional,
          choices,
          style: prompt.kind === 'multi_choice' || choices.length <= 6 ? 'expanded' : 'compact',
          isMultiSelect: prompt.kind === 'multi_choice',
          ...(defText ? { value: defText } : {}),
        },
      ];
    case 'date':
      // The "or type it" box is never prefilled: Teams sends its text with every submit, and a typed
      // answer wins, so a prefilled default would override the day picked. Empty means the default.
      return [
        { type: 'Input.Date', id, ...label, ...optional, ...(isIsoDay(defText) ? { value: defText } : {}) },
        {
          type: 'Input.Text',
          id: typedId(prompt.field),
          placeholder:
            defText && !isIsoDay(defText)
              ? `or type it (left empty: ${defText})`
              : 'or type it, e.g. Nov 3-4 or yesterday',
          ...optional,
        },
      ];
    default: {
      const pick: CardElement[] = choices.length
        ? [{ type: 'Input.ChoiceSet', id, ...label, ...optional, choices, style: 'compact' }]
        : [];
      const textId = choices.length ? typedId(prompt.field) : id;
      return [
        ...pick,
        {
          type: 'Input.Text',
          id: textId,
          ...(choices.length ? {} : label),
          ...optional,
          isMultiline: prompt.kind === 'text',
          placeholder:
            prompt.kind === 'person'
              ? 'a name or e-mail'
              : choices.length
                ? 'or type it'
                : prompt.optional
                  ? 'optional'
                  : 'type your answer',
          ...(defText ? { value: defText } : {}),
        },
      ];
    }
  }
}

function submit(title: string, data: SubmitData, style?: 'positive' | 'destructive'): CardElement {
  return { type: 'Action.Submit', title, data, ...(style ? { style } : {}) };
}

const nav = (title: string, text: string, v: number | undefined) =>
  submit(title, { tat: 'nav', text, ...(v !== undefined ? { v } : {}) });

const commandButton = (a: Action) =>
  submit(
    a.label,
    { tat: 'command', command: a.command },
    a.style === 'danger' ? 'destructive' : a.style === 'primary' ? 'positive' : undefined,
  );

const hintBlock = (text: string): CardElement => ({
  type: 'TextBlock',
  text: markdown(text),
  wrap: true,
  isSubtle: true,
  size: 'Small',
});

const stripMarks = (text: string) => text.replace(/\*([^*\n]+)\*/g, '$1').replace(/`([^`\n]+)`/g, '$1');
const isIsoDay = (s: string | undefined): s is string => Boolean(s && /^\d{4}-\d{2}-\d{2}$/.test(s));
