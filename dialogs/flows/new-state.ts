// The State of `/ta new`: a State the person does not cover is named (never swapped for the one they
// do cover), and a State with no open goal says so and who can add one (R21, R26), instead of the
// State silently missing or "not one of the choices".
import { goalKeepers, goalsForState, listStates, staffStates } from '../../src/services/lookups.js';
import { answerText, type FlowEnv, retry, type Start, type Step, type Values } from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';
import { choiceStep } from './steps.js';

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

/** A State's open goals with their strategic areas, read once per turn. */
export const stateGoals = (env: FlowEnv, code: string) =>
  env.memo(`goals:${code}`, () => goalsForState(env.ctx, code));

/** The States the person opens requests for: those they cover (specialists and admins with none: all). */
async function myStateChoices(env: FlowEnv): Promise<Choice[]> {
  const mine = await staffStates(env.ctx, env.me.id);
  const list = mine.length || env.me.role === 'provider' ? mine : await listStates(env.ctx);
  return list.map((s) => ({ value: s.code, label: label(s) }));
}

export const stateStep: Step = {
  ...choiceStep({
    field: 'stateCode',
    label: 'State',
    text: 'Which State or Territory is the TA for?',
    choices: (_v, env) => myStateChoices(env),
    autoSingle: true,
    resets: ['goalId', 'requesterIds'],
  }),
};
const acceptState = stateStep.accept;
stateStep.accept = async (answer, v, env, source) => {
  const mine = await myStateChoices(env);
  const r = await acceptState(answer, v, env, source);
  if (!r.ok) {
    const other = await anyState(answerText(answer), env);
    return other && !mine.some((c) => c.value === other.value) ? retry(notCovered(other, mine)) : r;
  }
  const state = mine.find((c) => c.value === r.set.stateCode)!;
  if ((await stateGoals(env, state.value)).length === 0) return retry(await noOpenGoal(state, env));
  return r;
};
// Their only State is taken without asking, unless they named another one or it has no goal.
const autoState = stateStep.auto!;
stateStep.auto = async (v, env) => {
  if (v.stateRefused === true) return undefined;
  const only = await autoState(v, env);
  const code = only?.set.stateCode;
  return typeof code === 'string' && (await stateGoals(env, code)).length > 0 ? only : undefined;
};

/** `/ta new [State]`: the State named, or why it cannot be used (then the State is asked). */
export async function startWithState(word: string, env: FlowEnv): Promise<Start> {
  const values: Values = {};
  const answered: string[] = [];
  const messages: string[] = [];
  const mine = await myStateChoices(env);
  if (word) {
    const m = matchChoice(word, mine, 'typed');
    const state = m.ok ? m.value : await anyState(word, env);
    if (!state) messages.push(`"${word}" is not a State or Territory I know.`);
    else if (!mine.some((c) => c.value === state.value)) messages.push(notCovered(state, mine));
    else if ((await stateGoals(env, state.value)).length === 0) messages.push(await noOpenGoal(state, env));
    else {
      values.stateCode = state.value;
      answered.push('stateCode');
    }
    if (messages.length) values.stateRefused = true;
  } else if (mine.length === 1 && (await stateGoals(env, mine[0]!.value)).length === 0) {
    return { kind: 'reply', messages: [], error: await noOpenGoal(mine[0]!, env) };
  }
  return { kind: 'dialog', values, answered, messages };
}
