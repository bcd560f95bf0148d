// Small text helpers shared by the parsers.

export { editDistance } from '../../src/rules/edit-distance.js';

const STOP = new Set(
  'a an and the of on in for to with at by or from about other their its into via'.split(' '),
);

/** Lower-case content words (3+ letters, or acronyms), for fuzzy topic matching. */
export function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9&]+/)
    .filter((w) => w.length >= 3 && !STOP.has(w));
}

/** Sentence-case a fragment and end it with a period. */
export function asSentence(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
