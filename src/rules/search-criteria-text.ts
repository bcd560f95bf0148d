// `/ta find state:MD status:approved opened:2026-01-01..2026-06-30` → R24 search criteria. Keys may
// be abbreviated; values with spaces go in quotes. Bare words are read when unambiguous (a State
// code, "approved", "open", "#12"). Validation of values is the search service's job.
import { isIsoDate } from './dates.js';

/** A State as the parser recognizes it (by code or full name). */
export interface StateName {
  code: string;
  name: string;
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
  let staffQuery: string | undefined;
  for (const token of tokens(text.trim())) {
    const m = /^([^:]+):(.*)$/.exec(token);
    if (!m) {
      const word = token.toLowerCase().replace(/[\s-]+/g, '_');
      const state = states.find(
        (s) => s.code === token.toUpperCase() || s.name.toLowerCase() === token.toLowerCase(),
      );
      if (/^#\d+$/.test(token)) criteria.requestId = Number(token.slice(1));
      else if (STATUSES.includes(word) || word === 'hold')
        criteria.activityStatus = word === 'hold' ? 'on_hold' : word;
      else if (COMPLETIONS.includes(word)) criteria.completionStatus = word;
      else if (word === 'mine' || word === 'me') staffQuery = 'me';
      else if (state) criteria.stateCode = state.code;
      else return { ok: false, error: `I don't understand "${token}" in the search. ${CRITERIA_HELP}` };
      continue;
    }
    const rawKey = m[1]!.toLowerCase();
    const key =
      KEYS[rawKey] ?? Object.entries(KEYS).find(([k]) => k.startsWith(rawKey) && rawKey.length >= 3)?.[1];
    const value = m[2]!.trim();
    if (!key) return { ok: false, error: `"${m[1]}" is not a search criterion. ${CRITERIA_HELP}` };
    if (!value) return { ok: false, error: `Give a value after ${m[1]}:, e.g. state:MD.` };
    if (key === 'staff') staffQuery = value;
    else if (RANGE_KEYS.has(key)) {
      const r = range(value);
      if (typeof r === 'string')
        return { ok: false, error: `${m[1]}: ${r}, e.g. ${m[1]}:2026-01-01..2026-06-30.` };
      criteria[key] = r;
    } else if (key === 'stateCode') {
      const state = states.find(
        (s) => s.code === value.toUpperCase() || s.name.toLowerCase() === value.toLowerCase(),
      );
      criteria.stateCode = state?.code ?? value;
    } else criteria[key] = value;
  }
  return staffQuery === undefined ? { ok: true, criteria } : { ok: true, criteria, staffQuery };
}
