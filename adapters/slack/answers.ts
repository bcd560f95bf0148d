// Turns what the user clicked, picked or typed in Slack back into a channel-neutral answer.
// Picked Slack users come back as `<@U…>` (Slack's own mention syntax) and are swapped for the
// person's e-mail before the dialog sees them, so a person prompt always gets a name or e-mail.
import { ACTION, parseBlockId } from './blocks.js';

export type Answer = string | string[];

/** One element's state as Slack sends it in view.state.values / body.state.values. */
export interface SlackInputState {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_date?: string | null;
  selected_user?: string | null;
  selected_users?: string[];
}

export type StateValues = Record<string, Record<string, SlackInputState>>;

/** The value of one element (button clicks carry `value` too). */
export function elementValue(el: SlackInputState): Answer | undefined {
  if (el.selected_option) return el.selected_option.value;
  if (el.selected_options) return el.selected_options.map((o) => o.value);
  if (el.selected_date) return el.selected_date;
  if (el.selected_user) return `<@${el.selected_user}>`;
  if (el.selected_users) return el.selected_users.map((u) => `<@${u}>`);
  if (typeof el.value === 'string') return el.value.trim() === '' ? undefined : el.value.trim();
  return undefined;
}

/** Field → answer from inputs' state. A typed text (the "or type it" box) wins over a pick. */
export function collectState(values: StateValues | undefined): Map<string, Answer> {
  const picked = new Map<string, Answer>();
  const typed = new Map<string, Answer>();
  for (const [id, elements] of Object.entries(values ?? {})) {
    const ref = parseBlockId(id);
    if (!ref) continue;
    for (const [actionId, el] of Object.entries(elements)) {
      if (!actionId.startsWith(ACTION.answer) && actionId !== ACTION.pick && actionId !== ACTION.text)
        continue;
      const v = elementValue(el);
      if (v === undefined) continue;
      (ref.part === 'text' ? typed : picked).set(ref.field, v);
    }
  }
  const fields = new Map(picked);
  for (const [field, v] of typed) fields.set(field, v);
  return fields;
}

/** Replaces `<@U…>` mentions with e-mails (or leaves them when a profile has none). */
export async function resolveMentions<T extends Answer | Record<string, Answer>>(
  answer: T,
  emailOf: (slackUserId: string) => Promise<string | undefined>,
): Promise<T> {
  const one = async (s: string) => {
    const ids = [...s.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]!);
    let out = s;
    for (const id of ids) {
      const email = await emailOf(id);
      if (email) out = out.replace(new RegExp(`<@${id}(?:\\|[^>]*)?>`, 'g'), email);
    }
    return out;
  };
  const value = async (v: Answer): Promise<Answer> => (Array.isArray(v) ? Promise.all(v.map(one)) : one(v));
  if (typeof answer === 'string' || Array.isArray(answer)) return (await value(answer)) as T;
  const out: Record<string, Answer> = {};
  for (const [k, v] of Object.entries(answer)) out[k] = await value(v);
  return out as T;
}
