// Matching a typed answer to the choices of a prompt: the number shown, the value, the label, or a
// unique part of the label. Multi-choice answers are lists separated by commas, "and" or spaces.
import type { Choice } from '../types.js';

export type Match<T> = { ok: true; value: T } | { ok: false; error: string };

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();

function listing(choices: Choice[]): string {
  const shown = choices.slice(0, 8).map((c, i) => `${i + 1}. ${c.label}`);
  return choices.length > 8 ? `${shown.join('; ')}; …` : shown.join('; ');
}

/** One choice from a typed answer. */
export function matchChoice(input: string, choices: Choice[]): Match<Choice> {
  const raw = input.trim();
  const text = norm(raw);
  if (!text) return { ok: false, error: `Pick one: ${listing(choices)}.` };
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= choices.length) return { ok: true, value: choices[n - 1]! };
  }
  const byValue = choices.find((c) => c.value.toLowerCase() === raw.toLowerCase() || `#${c.value}` === raw);
  if (byValue) return { ok: true, value: byValue };
  const byLabel = choices.find((c) => norm(c.label) === text);
  if (byLabel) return { ok: true, value: byLabel };
  // A number that is not on the list is not part of a label either ("9" is not "Goal 19").
  if (/^#?\d+$/.test(text)) {
    return { ok: false, error: `${raw} is not on the list. Pick one: ${listing(choices)}.` };
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
  return { ok: false, error: `"${raw}" is not one of the choices. Pick one: ${listing(choices)}.` };
}

/** Several choices from a typed answer ("1, 3", "onsite and phone") or a list of values. */
export function matchChoices(input: string | string[], choices: Choice[]): Match<Choice[]> {
  const parts = Array.isArray(input)
    ? input
    : input
        .split(/\s*(?:,|;|\band\b|&|\+)\s*/i)
        .map((p) => p.trim())
        .filter(Boolean);
  if (parts.length === 0) return { ok: false, error: `Pick at least one: ${listing(choices)}.` };
  // "1 3 4" — numbers separated by spaces.
  const expanded = parts.flatMap((p) => (/^\d+(\s+\d+)+$/.test(p) ? p.split(/\s+/) : [p]));
  const picked: Choice[] = [];
  for (const part of expanded) {
    const m = matchChoice(part, choices);
    if (!m.ok) return m;
    if (!picked.includes(m.value)) picked.push(m.value);
  }
  return { ok: true, value: picked };
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
