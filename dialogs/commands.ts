// The command grammar: `/ta <verb> [args]`. The slash (or a leading "ta") is optional when no dialog
// is waiting for an answer (console, DMs); while one is, bare words are answers and only an explicit
// `/ta …` (or a button's command) starts something else. Unknown verbs get help plus the nearest verb.
import { editDistance } from './parse/text.js';

export const VERBS = [
  'new',
  'edit',
  'reassign',
  'log',
  'close',
  'plan',
  'status',
  'note',
  'feedback',
  'ask-feedback',
  'mine',
  'show',
  'find',
  'help',
  'no-ta',
  'snooze',
  // Directory and goals (R7, R21, R26)
  'goal',
  'requesters',
  'contacts',
  'staff',
  'export',
  'report',
] as const;
export type Verb = (typeof VERBS)[number];

/** Verbs that run a multi-step dialog (the rest answer in one reply). */
export const DIALOG_VERBS: ReadonlySet<Verb> = new Set([
  'new',
  'edit',
  'reassign',
  'log',
  'close',
  'plan',
  'status',
  'note',
  'feedback',
  'goal',
  'requesters',
  'contacts',
  'staff',
]);

const ALIASES: Record<string, Verb> = {
  nota: 'no-ta',
  'no-ta': 'no-ta',
  no_ta: 'no-ta',
  search: 'find',
  my: 'mine',
  list: 'mine',
  open: 'show',
  view: 'show',
  summary: 'log',
  '?': 'help',
};

export const VERB_HELP: Record<Verb, string> = {
  new: '/ta new — open a new TA request (State, goal, focus, requesters, outcome plan…)',
  edit: '/ta edit <#> — change priority, type, outcome plan, requesters, collaborators, TA focus or strategic area',
  reassign: '/ta reassign <#> — give the activity a new primary center and primary staff (they are told)',
  log: '/ta log [what you did, when] — log TA delivered and its summary, e.g. `/ta log onsite visit with MD Nov 3-4`',
  close: '/ta close <#> — close (or cancel) a TA activity with the completion checklist',
  plan: '/ta plan <#> — add a plan description (initial, intermediate or final)',
  status: '/ta status <#> — approve, deny or put a TA activity on hold',
  note: '/ta note <#> — add a response note',
  feedback: '/ta feedback <#> — record requester feedback you received by e-mail or phone',
  'ask-feedback': '/ta ask-feedback <#> — ask the requesters for feedback (needed before closing)',
  mine: '/ta mine — your open activities with due and overdue summaries',
  show: '/ta show <#> — one TA activity in full',
  find: '/ta find <criteria> — search, e.g. `/ta find state:MD status:approved opened:2026-01-01..2026-06-30`',
  help: '/ta help — this list',
  'no-ta':
    '/ta no-ta <#> [month] — no TA was delivered that month (e.g. `October`, `last month`), so no summary is due',
  snooze: '/ta snooze <#> [until] — pause reminders for an activity',
  goal: '/ta goal new|area|note|close — enter or update a State goal (specialists); close one (admins)',
  requesters:
    '/ta requesters pending — requesters waiting for approval; /ta requesters approve <#> records who approved',
  contacts: "/ta contacts <State> [add] — a State's contacts (specialists of the State, admins)",
  staff: '/ta staff [list|add|change <e-mail>|deactivate <e-mail>] — the staff directory (admins)',
  export:
    '/ta export <criteria> — the /ta find results as a CSV file with every TAT field, e.g. `/ta export state:MD completion:open`',
  report: '/ta report [YYYY-MM] [state:… | center:… | program] — the monthly review report with a chart',
};

export function helpText(): string {
  return ['Here is what I can do:', ...VERBS.map((v) => `• ${VERB_HELP[v]}`)].join('\n');
}

export type ParsedInput =
  | { kind: 'command'; verb: Verb; args: string; explicit: boolean }
  | { kind: 'unknown'; word: string; suggestion?: Verb; explicit: boolean }
  | { kind: 'text'; text: string };

function resolveVerb(word: string): Verb | undefined {
  const w = word.toLowerCase();
  return (VERBS as readonly string[]).includes(w) ? (w as Verb) : ALIASES[w];
}

/** The verb nearest to a mistyped word (edit distance ≤ 2, or a shared prefix). */
export function closestVerb(word: string): Verb | undefined {
  const w = word.toLowerCase();
  if (!/^[a-z][a-z-]+$/.test(w)) return undefined;
  let best: { verb: Verb; d: number } | undefined;
  const names: [string, Verb][] = [
    ...VERBS.map((v): [string, Verb] => [v, v]),
    ...Object.entries(ALIASES).filter(([a]) => a.length > 1),
  ];
  for (const [name, verb] of names) {
    const d = name.startsWith(w) && w.length >= 2 ? 0.5 : editDistance(w, name);
    if (!best || d < best.d) best = { verb, d };
  }
  return best && best.d <= 2 ? best.verb : undefined;
}

/**
 * Reads one line. `bare` allows commands without the slash (no dialog waiting for an answer).
 * A leading "/ta", "ta" or "@TAT Bot"-style mention is stripped by the adapter or here ("/ta").
 */
export function parseInput(line: string, opts: { bare: boolean }): ParsedInput {
  const text = line.trim();
  const m = /^(?:\/ta|\/tat)(?:\s+(.*))?$/is.exec(text);
  const explicit = m !== null;
  if (!explicit && !opts.bare) return { kind: 'text', text };
  const rest = (explicit ? (m?.[1] ?? '') : text.replace(/^ta\s+/i, '')).trim();
  if (!rest) return explicit ? { kind: 'command', verb: 'help', args: '', explicit } : { kind: 'text', text };
  const [word = ''] = rest.split(/\s+/);
  const args = rest.slice(word.length).trim();
  const verb = resolveVerb(word);
  if (verb) return { kind: 'command', verb, args, explicit };
  const suggestion = closestVerb(word);
  return suggestion ? { kind: 'unknown', word, suggestion, explicit } : { kind: 'unknown', word, explicit };
}
