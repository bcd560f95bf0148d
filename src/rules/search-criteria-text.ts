// `/ta find state:MD status:approved opened:2026-01-01..2026-06-30` → R24 search criteria. Keys may
// be abbreviated; values with spaces go in quotes. Bare words are read when unambiguous (a State
// code, "approved", "open", "#12"). Each criterion takes one value: a second, different one is
// refused, never silently replacing the first. Names as `/ta show` prints them are turned into codes
// (resolveCriteria); a value naming nothing known gets the closest ones. The rest of the values'
// validation is the search service's job.
import { type Named, resolveName } from './closest-names.js';
import { isIsoDate } from './dates.js';

/** A State as the parser recognizes it (by code or full name). */
export interface StateName {
  code: string;
  name: string;
}

/** The names search values may be given by (from the lookups service). */
export interface SearchVocabulary {
  categories: Named[];
  centers: Named[];
  otherCollaborators: Named[];
  /** Strategic area names: the standard lists and every name a goal uses. */
  strategicAreas: string[];
}

export type Criteria = Record<string, unknown>;

const KEYS: Record<string, string> = {
  id: 'requestId',
  request: 'requestId',
  '#': 'requestId',
  state: 'stateCode',
  region: 'region',
  category: 'goalCategory',
  goal: 'goalCategory',
  area: 'strategicArea',
  strategic: 'strategicArea',
  center: 'primaryCenter',
  primary: 'primaryCenter',
  collab: 'collaboratingCenter',
  collaborating: 'collaboratingCenter',
  staff: 'staff',
  type: 'activityType',
  status: 'activityStatus',
  completion: 'completionStatus',
  other: 'otherCollaborator',
  opened: 'opened',
  closed: 'closed',
  notes: 'responseNotes',
  summaries: 'summaries',
};

const RANGE_KEYS = new Set(['opened', 'closed', 'responseNotes', 'summaries']);

/** Criteria as messages name them. */
const LABELS: Record<string, string> = {
  requestId: 'TA request #',
  stateCode: 'State',
  region: 'Region',
  goalCategory: 'Goal category',
  strategicArea: 'Strategic area',
  primaryCenter: 'Primary center',
  collaboratingCenter: 'Collaborating center',
  staff: 'Staff',
  activityType: 'Activity type',
  activityStatus: 'Activity status',
  completionStatus: 'Completion status',
  otherCollaborator: 'Other collaborator',
  opened: 'Date opened',
  closed: 'Date closed',
  responseNotes: 'Response notes',
  summaries: 'Summaries',
};
const STATUSES = ['planning_in_progress', 'approved', 'on_hold', 'denied'];
const COMPLETIONS = ['open', 'closed', 'cancelled'];

export const CRITERIA_HELP =
  'Criteria: state: region: category: area: center: collab: staff: (e-mail, name or "me") type: status: completion: other: #, and date ranges opened: closed: notes: summaries: written 2026-01-01..2026-06-30 (either end may be left out).';

export type ParsedCriteria =
  | { ok: true; criteria: Criteria; staffQuery?: string }
  | { ok: false; error: string };

function tokens(text: string): string[] {
  return [...text.matchAll(/(\S+?:)?"([^"]*)"|\S+/g)].map((m) =>
    m[2] !== undefined ? `${m[1] ?? ''}${m[2]}` : m[0],
  );
}

function range(value: string): { from?: string; to?: string } | string {
  const [from, to] = value.includes('..') ? value.split('..') : [value, value];
  const out: { from?: string; to?: string } = {};
  for (const [k, v] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!v) continue;
    if (!isIsoDate(v)) return `"${v}" is not a date written YYYY-MM-DD`;
    out[k] = v;
  }
  return out;
}

/** Reads criteria; `staff:` is returned as a query for the caller to resolve to a staff id. */
export function parseCriteria(text: string, states: readonly StateName[]): ParsedCriteria {
  const criteria: Criteria = {};
  const typed: Record<string, string> = {};
  let staffQuery: string | undefined;
  let twice: string | undefined;
  // One value per criterion (R24): the same one again is harmless, another one is refused.
  const set = (key: string, value: unknown, shown: string) => {
    const before = key === 'staff' ? staffQuery : criteria[key];
    if (before !== undefined && JSON.stringify(before) !== JSON.stringify(value)) {
      twice ??= `${LABELS[key] ?? key} is given twice (${typed[key]} and ${shown}): each criterion takes one value, and criteria combine with AND (R24). Keep one, or run one search for each.`;
    }
    typed[key] ??= shown;
    if (key === 'staff') staffQuery = String(value);
    else criteria[key] = value;
  };
  const stateNamed = (value: string) =>
    states.find((s) => s.code === value.toUpperCase() || s.name.toLowerCase() === value.toLowerCase());
  for (const token of tokens(text.trim())) {
    const m = /^([^:]+):(.*)$/.exec(token);
    if (!m) {
      const word = token.toLowerCase().replace(/[\s-]+/g, '_');
      const state = stateNamed(token);
      if (/^#\d+$/.test(token)) set('requestId', Number(token.slice(1)), token);
      else if (STATUSES.includes(word) || word === 'hold')
        set('activityStatus', word === 'hold' ? 'on_hold' : word, token);
      else if (COMPLETIONS.includes(word)) set('completionStatus', word, token);
      else if (word === 'mine' || word === 'me') set('staff', 'me', token);
      else if (state) set('stateCode', state.code, state.code);
      else return { ok: false, error: `I don't understand "${token}" in the search. ${CRITERIA_HELP}` };
      continue;
    }
    const rawKey = m[1]!.toLowerCase();
    const key =
      KEYS[rawKey] ?? Object.entries(KEYS).find(([k]) => k.startsWith(rawKey) && rawKey.length >= 3)?.[1];
    const value = m[2]!.trim();
    if (!key) return { ok: false, error: `"${m[1]}" is not a search criterion. ${CRITERIA_HELP}` };
    if (!value) return { ok: false, error: `Give a value after ${m[1]}:, e.g. state:MD.` };
    if (key === 'staff') set('staff', value, value);
    else if (RANGE_KEYS.has(key)) {
      const r = range(value);
      if (typeof r === 'string')
        return { ok: false, error: `${m[1]}: ${r}, e.g. ${m[1]}:2026-01-01..2026-06-30.` };
      set(key, r, value);
    } else if (key === 'stateCode') {
      const state = stateNamed(value);
      if (!state) {
        const r = resolveName(
          value,
          states.map((s) => ({ code: s.code, name: s.name })),
          'State or Territory',
        );
        if (!r.ok) return r;
        set(key, r.code, r.code);
      } else set(key, state.code, state.code);
    } else set(key, value, value);
  }
  if (twice) return { ok: false, error: twice };
  return staffQuery === undefined ? { ok: true, criteria } : { ok: true, criteria, staffQuery };
}

/**
 * Turns names into the codes the search takes (categories, centers, other collaborators) and checks
 * strategic areas exist: `category:"Support continuous quality improvement"` works like
 * `category:quality_improvement`, and a value naming nothing known says so with the closest ones.
 */
export function resolveCriteria(
  criteria: Criteria,
  vocab: SearchVocabulary,
): { ok: true; criteria: Criteria } | { ok: false; error: string } {
  const out: Criteria = { ...criteria };
  const lists: [string, { code: string; name: string }[], string][] = [
    ['goalCategory', vocab.categories, 'goal category'],
    ['primaryCenter', vocab.centers, 'center'],
    ['collaboratingCenter', vocab.centers, 'center'],
    ['otherCollaborator', vocab.otherCollaborators, 'other collaborator'],
    ['strategicArea', vocab.strategicAreas.map((n) => ({ code: n, name: n })), 'strategic area'],
  ];
  for (const [key, items, what] of lists) {
    const value = out[key];
    if (typeof value !== 'string' || /^\d+$/.test(value)) continue;
    const r = resolveName(value, items, what);
    if (!r.ok) return r;
    out[key] = r.code;
  }
  return { ok: true, criteria: out };
}
