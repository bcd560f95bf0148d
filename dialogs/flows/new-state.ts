// The State of `/ta new`: a State the person does not cover is named (never swapped for the one they
// do cover), and a State with no open goal says so and who can add one (R21, R26), instead of the
// State silently missing or "not one of the choices".
import { goalKeepers, listStates } from '../../src/services/lookups.js';
import type { FlowEnv } from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';

const label = (s: { code: string; name: string }) => `${s.name} (${s.code})`;

/** Every State and Territory as a choice, to name one the person does not cover. */
async function allStateChoices(env: FlowEnv): Promise<Choice[]> {
  const all = await env.memo('states', () => listStates(env.ctx));
  return all.map((s) => ({ value: s.code, label: label(s) }));
}

/** The State a typed word names among all of them, whether or not the person covers it. */
export async function anyState(word: string, env: FlowEnv): Promise<Choice | undefined> {
  const m = matchChoice(word, await allStateChoices(env), 'typed');
  return m.ok ? m.value : undefined;
}

export function notCovered(state: Choice, mine: Choice[]): string {
  return `You do not cover ${state.label}, so you cannot open a TA request for it. Your States: ${mine.map((c) => c.label).join(', ')}. Pick one, or ask the State Systems Specialist of ${state.value} to open it.`;
}

/** "California (CA) has no open goal … Carmen Ortiz (its State Systems Specialist) can add one." */
export async function noOpenGoal(state: Choice, env: FlowEnv): Promise<string> {
  const { specialists, admins } = await goalKeepers(env.ctx, state.value);
  const names = (people: { name: string; email: string }[]) =>
    people.map((p) => `${p.name} <${p.email}>`).join(', ');
  const admin = admins.length ? `a TAT administrator (${names(admins)})` : 'a TAT administrator';
  const who = specialists.length
    ? `${names(specialists)} (State Systems Specialist for ${state.value}) or ${admin} can add one`
    : `${state.value} has no State Systems Specialist on record; ${admin} can add one`;
  return `${state.label} has no open goal, so no TA request can be opened for it yet (every activity sits under a goal's strategic area). ${who}.`;
}
