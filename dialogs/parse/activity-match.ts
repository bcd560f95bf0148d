// Picks the activity a free-text utterance is about: State names or codes ("Maryland", "MD") and the
// words of the activity's focus ("QRIS strategic planning"). Only a clear winner counts; anything
// else makes the dialog show a short pick list instead.
import { contentWords } from './text.js';

export interface StateName {
  code: string;
  name: string;
}

export interface MatchTarget {
  id: number;
  stateCode: string;
  focus: string;
  otherFocusNotes?: string | null;
}

export interface Scored<T> {
  target: T;
  score: number;
}

/** State codes named in the text: full names (any case) or two-letter codes written in capitals. */
export function statesMentioned(text: string, states: readonly StateName[]): string[] {
  const found = new Set<string>();
  let rest = text;
  // Longest names first, so "West Virginia" is not also read as "Virginia".
  for (const s of [...states].sort((a, b) => b.name.length - a.name.length)) {
    const re = new RegExp(`\\b${s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
    if (re.test(rest)) {
      found.add(s.code);
      rest = rest.replace(re, ' ');
    }
  }
  const codes = new Set(states.map((s) => s.code));
  for (const m of rest.matchAll(/\b[A-Z]{2}\b/g)) if (codes.has(m[0])) found.add(m[0]);
  return [...found];
}

/** Replaces State codes written in capitals by their names ("with MD" → "with Maryland"). */
export function spellOutStates(text: string, states: readonly StateName[]): string {
  const byCode = new Map(states.map((s) => [s.code, s.name]));
  return text.replace(/\b[A-Z]{2}\b/g, (code) => byCode.get(code) ?? code);
}

/** Activities scored by how well the text names them, best first; States named in the text filter. */
export function scoreActivities<T extends MatchTarget>(
  text: string,
  targets: readonly T[],
  states: readonly StateName[],
): Scored<T>[] {
  const named = statesMentioned(text, states);
  const words = new Set(contentWords(text));
  return targets
    .filter((t) => named.length === 0 || named.includes(t.stateCode))
    .map((target) => {
      const focusWords = contentWords(`${target.focus} ${target.otherFocusNotes ?? ''}`).filter(
        (w) => w !== 'other',
      );
      const hits = focusWords.filter((w) => words.has(w)).length;
      const score = focusWords.length ? hits / focusWords.length : 0;
      return { target, score: score + (named.length ? 0.01 : 0) };
    })
    .sort((a, b) => b.score - a.score || a.target.id - b.target.id);
}

/** The one activity the text clearly means, if any. */
export function clearMatch<T extends MatchTarget>(
  text: string,
  targets: readonly T[],
  states: readonly StateName[],
): T | undefined {
  const named = statesMentioned(text, states);
  const scored = scoreActivities(text, targets, states);
  const [best, second] = scored;
  if (!best) return undefined;
  if (best.score >= 0.5 && (!second || second.score < best.score)) return best.target;
  // A State named, and only one of the candidates is in it.
  if (named.length > 0 && scored.length === 1) return best.target;
  return undefined;
}
