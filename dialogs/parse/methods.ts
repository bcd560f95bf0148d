// R16 delivery methods guessed from the user's words. The guess is always shown for confirmation;
// it never decides on its own. Codes match db/reference/delivery-methods.json.

interface MethodPattern {
  code: string;
  pattern: RegExp;
}

// Order = the reference list's order, so the result reads the same way as the pick list.
const PATTERNS: MethodPattern[] = [
  { code: 'onsite', pattern: /\bon[- ]?site\b|\bvisit(?:s|ed)?\b|\bin[- ]person\b/i },
  {
    code: 'remote',
    pattern: /\bzoom\b|\bvirtual(?:ly)?\b|\bremote(?:ly)?\b|\bvideo ?(?:call|conference)?\b|\bonline\b/i,
  },
  { code: 'phone', pattern: /\b(?:phone|telephone|call(?:s|ed)?)\b/i },
  { code: 'email', pattern: /\be-?mail(?:s|ed)?\b/i },
  { code: 'peer_to_peer', pattern: /\bpeer[- ]to[- ]peer\b|\bp2p\b/i },
  { code: 'webinar', pattern: /\bwebinars?\b/i },
  { code: 'training', pattern: /\btrain(?:ing|ings|ed)?\b/i },
  {
    code: 'information_product',
    pattern: /\bmemos?\b|\bbriefs?\b|\bproducts?\b|\bfact ?sheets?\b|\btip ?sheets?\b/i,
  },
  { code: 'data_analysis', pattern: /\bdata\b/i },
  { code: 'meeting_facilitation', pattern: /\bfacilitat\w*/i },
];

export interface InferredMethod {
  code: string;
  /** The words that suggested it, to show the user why. */
  because: string;
}

/** Delivery methods suggested by free text, in reference-list order. */
export function inferMethods(text: string): InferredMethod[] {
  const found: InferredMethod[] = [];
  for (const { code, pattern } of PATTERNS) {
    const m = pattern.exec(text);
    if (m) found.push({ code, because: m[0] });
  }
  // "a zoom call" is remote, not a phone call.
  const remote = found.some((f) => f.code === 'remote');
  return found.filter((f) => !(remote && f.code === 'phone' && /^call/i.test(f.because)));
}
