// Matching an answer to the choices of a prompt. A value picked from a button, select or card is
// always read as the choice's value; only a line typed in a text channel may also be the number shown
// in the list (a value such as "3" is otherwise a different record from the third line). Typed words
// match the value, the label, a unique part of the label, or, with one slip of the keys, the one
// closest label (and the reply says which one was taken). Multi-choice answers are lists separated by
// commas, "and" or spaces.
import type { AnswerSource, Choice } from '../types.js';
import { editDistance } from './text.js';

export type Match<T> = { ok: true; value: T; note?: string } | { ok: false; error: string };

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();

function listing(choices: Choice[]): string {
  const shown = choices.slice(0, 8).map((c, i) => `${i + 1}. ${c.label}`);
  return choices.length > 8 ? `${shown.join('; ')}; …` : shown.join('; ');
}

/** The one choice a mistyped word is closest to, when no other choice is as close. */
function closest(text: string, choices: Choice[]): Choice | undefined {
  if (text.length < 3 || /^[#\d ]+$/.test(text)) return undefined;
  const limit = text.length <= 5 ? 1 : 2;
  const scored = choices
    .map((c) => ({ c, d: Math.min(editDistance(text, norm(c.label)), editDistance(text, norm(c.value))) }))
    .sort((a, b) => a.d - b.d);
  const [best, next] = scored;
  if (!best || best.d > limit) return undefined;
  return next && next.d === best.d ? undefined : best.c;
}

/** One choice from an answer; `source` says whether a number may be a position in the list. */
export function matchChoice(input: string, choices: Choice[], source: AnswerSource): Match<Choice> {
  const raw = input.trim();
  const text = norm(raw);
  if (!text) return { ok: false, error: `Pick one: ${listing(choices)}.` };
  if (source === 'typed' && /^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= choices.length) return { ok: true, value: choices[n - 1]! };
  }
  const byValue = choices.find((c) => c.value.toLowerCase() === raw.toLowerCase() || `#${c.value}` === raw);
  if (byValue) return { ok: true, value: byValue };
  const byLabel = choices.find((c) => norm(c.label) === text);
  if (byLabel) return { ok: true, value: byLabel };
  // A number that is not on the list is not part of a label either ("9" is not "Goal 19").
  if (/^#?\d+$/.test(text)) {
    return source === 'picked'
      ? { ok: false, error: `That choice is no longer on the list. Pick one: ${listing(choices)}.` }
      : { ok: false, error: `${raw} is not on the list. Pick one: ${listing(choices)}.` };
  }
  const partial = choices.filter((c) => norm(c.label).includes(text) || norm(c.value) === text);
  if (partial.length === 1) return { ok: true, value: partial[0]! };
  if (partial.length > 1) {
    return {
      ok: false,
      error: `"${raw}" fits several: ${partial
        .slice(0, 5)
        .map((c) => c.label)
        .join(', ')}. Type the number or more of the name.`,
    };
  }
  const near = raw.includes('@') ? undefined : closest(text, choices);
  if (near) return { ok: true, value: near, note: `I took "${raw}" as ${near.label}.` };
  return { ok: false, error: `"${raw}" is not one of the choices. Pick one: ${listing(choices)}.` };
}

/** Several choices from a typed answer ("1, 3", "onsite and phone") or a list of picked values. */
export function matchChoices(
  input: string | string[],
  choices: Choice[],
  source: AnswerSource,
): Match<Choice[]> {
  const parts = Array.isArray(input)
    ? input
    : input
        .split(/\s*(?:,|;|\band\b|&|\+)\s*/i)
        .map((p) => p.trim())
        .filter(Boolean);
  if (parts.length === 0) return { ok: false, error: `Pick at least one: ${listing(choices)}.` };
  // "1 3 4" — numbers separated by spaces (list positions, typed only).
  const expanded =
    source === 'typed' ? parts.flatMap((p) => (/^\d+(\s+\d+)+$/.test(p) ? p.split(/\s+/) : [p])) : parts;
  const picked: Choice[] = [];
  const notes: string[] = [];
  for (const part of expanded) {
    const m = matchChoice(part, choices, source);
    if (!m.ok) return m;
    if (m.note) notes.push(m.note);
    if (!picked.includes(m.value)) picked.push(m.value);
  }
  return notes.length ? { ok: true, value: picked, note: notes.join(' ') } : { ok: true, value: picked };
}

const YES = new Set(['y', 'yes', 'yep', 'yeah', 'ok', 'okay', 'sure', 'save', 'confirm', 'correct', 'right']);
const NO = new Set(['n', 'no', 'nope', 'not now']);

/** yes / no / undefined when the answer is neither. */
export function parseYesNo(input: string): boolean | undefined {
  const t = norm(input);
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return undefined;
}
