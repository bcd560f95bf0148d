// Names closest to a typed value, for "No X is called …; closest: …" messages (R24).
import { editDistance } from './edit-distance.js';

export interface Named {
  /** The value used when this one is picked (a code). */
  code: string;
  /** How it is shown (a name). */
  name: string;
}

export const normalizeName = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** How far a typed value is from a name or code: 0 = contains it, else relative edit distance. */
function distance(typed: string, item: Named): number {
  const t = normalizeName(typed);
  let best = Number.POSITIVE_INFINITY;
  for (const key of [item.code, item.name]) {
    const k = normalizeName(key);
    // A short code ("MD") says nothing about how close a long typed name is.
    if (!k || (k.length <= 3 && t.length > k.length + 2)) continue;
    if (t.length >= 3 && (k.includes(t) || t.includes(k))) return 0;
    best = Math.min(best, editDistance(t, k) / Math.max(t.length, k.length));
  }
  return best;
}

/** Up to `n` items nearest to `typed`, nearest first. */
export function closestNames<T extends Named>(typed: string, items: T[], n = 3): T[] {
  return items
    .map((item) => ({ item, d: distance(typed, item) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, n)
    .map((x) => x.item);
}

export type Resolved = { ok: true; code: string } | { ok: false; error: string };

/**
 * The one item a typed value names: its code or its name (any case), or a part of one name only.
 * `what` names the list in messages ("goal category"); `show` renders an item in them.
 */
export function resolveName(
  typed: string,
  items: Named[],
  what: string,
  show: (item: Named) => string = (i) => (i.code === i.name ? i.name : `${i.name} (${i.code})`),
): Resolved {
  const t = normalizeName(typed);
  const exact = items.find((i) => normalizeName(i.code) === t || normalizeName(i.name) === t);
  if (exact) return { ok: true, code: exact.code };
  const partial = t.length >= 3 ? items.filter((i) => normalizeName(i.name).includes(t)) : [];
  if (partial.length === 1) return { ok: true, code: partial[0]!.code };
  if (partial.length > 1) {
    return {
      ok: false,
      error: `"${typed}" fits several ${what} values: ${partial.slice(0, 5).map(show).join('; ')}. Type more of the name, in quotes.`,
    };
  }
  const near = closestNames(typed, items);
  return {
    ok: false,
    error: `No ${what} is called "${typed}". Closest: ${near.map(show).join('; ')}.`,
  };
}
