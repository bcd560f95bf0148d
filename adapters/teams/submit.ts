// Turns what arrived from Teams back into the channel-neutral parts of a Turn: a typed line (the
// bot's @mention stripped), or an Adaptive Card Action.Submit (its `tat` envelope plus the inputs'
// values, which Teams sends together in activity.value).
import type { Turn } from '../../dialogs/types.js';
import { inputId, type SubmitData, typedId } from './render-card.js';

export type TurnBody = Omit<Turn, 'speaker'>;
type Answer = string | string[];

/**
 * The bot's command menu (manifest/teams/manifest.json commandLists): picking one sends its title as
 * text. Sent as a command, so mid-dialog it runs (or asks to switch) instead of becoming the answer.
 */
export const MENU_COMMANDS = ['help', 'new', 'log', 'mine', 'show', 'find', 'close'] as const;
const MENU = new Set<string>(MENU_COMMANDS);

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : undefined);

/** The Turn body for a message activity, or undefined when there is nothing to hand to the dialogs. */
export function turnBody(text: string | undefined, value: unknown): TurnBody | undefined {
  const data = envelope(value);
  if (!data) {
    const line = text?.trim();
    if (!line) return undefined;
    return MENU.has(line.toLowerCase()) ? { command: line.toLowerCase() } : { text: line };
  }
  const expected = 'v' in data && typeof data.v === 'number' ? { expectedVersion: data.v } : {};
  if (data.tat === 'command') return { command: data.command };
  if (data.tat === 'nav') return { text: data.text, ...expected };
  const inputs = value as Record<string, unknown>;
  if (data.value !== undefined) return { answer: data.value, ...expected };
  if (data.kind === 'form') {
    const fields: Record<string, Answer> = {};
    for (const key of Object.keys(inputs)) {
      const m = /^(in|tx):(.+)$/.exec(key);
      if (!m) continue;
      const answer = readField(inputs, m[2]!, data.multi?.includes(m[2]!) ? 'multi_choice' : 'text');
      if (answer !== undefined) fields[m[2]!] = answer;
    }
    return { answer: fields, ...expected };
  }
  // An empty single input is still an answer: '' accepts a default or skips an optional question.
  return { answer: readField(inputs, data.field, data.kind) ?? '', ...expected };
}

/** One field's answer: what was typed in its "or type it" box wins over what was picked. */
function readField(inputs: Record<string, unknown>, field: string, kind: string): Answer | undefined {
  const typed = str(inputs[typedId(field)]);
  if (typed) return typed;
  const picked = str(inputs[inputId(field)]);
  if (!picked) return undefined;
  // Teams sends a multi-select ChoiceSet as "a,b,c".
  return kind === 'multi_choice' ? picked.split(',').filter(Boolean) : picked;
}

function envelope(value: unknown): SubmitData | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (v.tat === 'command' && typeof v.command === 'string') return { tat: 'command', command: v.command };
  const version = typeof v.v === 'number' ? { v: v.v } : {};
  if (v.tat === 'nav' && typeof v.text === 'string') return { tat: 'nav', text: v.text, ...version };
  if (v.tat === 'answer' && typeof v.field === 'string')
    return {
      tat: 'answer',
      field: v.field,
      kind: typeof v.kind === 'string' ? v.kind : 'text',
      ...(typeof v.value === 'string' ? { value: v.value } : {}),
      ...(Array.isArray(v.multi) ? { multi: v.multi.filter((f): f is string => typeof f === 'string') } : {}),
      ...version,
    };
  return undefined;
}
