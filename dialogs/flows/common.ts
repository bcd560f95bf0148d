// Pieces shared by the dialogs: the activity picker (text → the one activity, else a short list),
// per-turn reads of my activities, and labels.

import { eq } from 'drizzle-orm';
import { activities } from '../../db/schema.js';
import { ok as okResult, type Result } from '../../src/errors.js';
import { formatNoteDate } from '../../src/rules/dates.js';
import { ACTIVITY_STATUS_LABELS, type TrackingGate, trackingGate } from '../../src/rules/tracking-gate.js';
import { getActivityDetail } from '../../src/services/get-activity.js';
import { listMyOpenActivities, type MyActivity } from '../../src/services/list-my-activities.js';
import { listStates } from '../../src/services/lookups.js';
import { activityRole } from '../../src/services/permissions.js';
import {
  type Accepted,
  answerText,
  errorReply,
  type FlowEnv,
  type OneShot,
  ok,
  retry,
  type Start,
  type Step,
  type Values,
} from '../flow.js';
import { clearMatch, type StateName, scoreActivities, statesMentioned } from '../parse/activity-match.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';

/** How many activities a pick list shows. */
export const PICK_LIST_SIZE = 8;

/** My open activities (primary or collaborating), read once per turn. */
export const myOpenActivities = (env: FlowEnv) =>
  env.memo('mine', () => listMyOpenActivities(env.ctx, env.me.id));

/** One activity in full, read once per turn. */
export const activityDetail = (env: FlowEnv, id: number) =>
  env.memo(`detail:${id}`, () => getActivityDetail(env.ctx, id));

let stateCache: StateName[] | undefined;
/** The States and Territories (reference data: read once per process). */
export async function stateNames(env: FlowEnv): Promise<StateName[]> {
  stateCache ??= (await listStates(env.ctx)).map((s) => ({ code: s.code, name: s.name }));
  return stateCache;
}

export const activityTitle = (a: { focus: string; otherFocusNotes?: string | null }) =>
  a.focus === 'Other' && a.otherFocusNotes ? `Other: ${a.otherFocusNotes}` : a.focus;

export const activityLabel = (a: {
  activityId: number;
  stateCode: string;
  focus: string;
  otherFocusNotes?: string | null;
}) => `#${a.activityId} ${a.stateCode} — ${activityTitle(a)}`;

const TIMELINESS_WORDS = {
  overdue: 'overdue',
  due_today: 'due today',
  due_soon: 'due soon',
  on_time: 'due',
} as const;

/** "summary overdue (due 11/17/26)" for the most urgent pending summary, if any. */
export function pendingNote(a: MyActivity): string | undefined {
  const first = a.pending[0];
  if (!first || !a.worst) return undefined;
  const n = a.pending.length;
  return `${n} summar${n === 1 ? 'y' : 'ies'} ${TIMELINESS_WORDS[a.worst]} (${formatNoteDate(first.due)})`;
}

/** "#12 ..." or "12 ..." at the start of command arguments. */
export function leadingId(args: string): { id?: number; rest: string } {
  const m = /^#?(\d+)\b\s*(.*)$/s.exec(args.trim());
  return m ? { id: Number(m[1]), rest: m[2]!.trim() } : { rest: args.trim() };
}

export interface ActivityPick {
  /** Which of my open activities qualify (e.g. tracking open, for `log`). */
  filter?: (a: MyActivity) => boolean;
  question: string;
  /** Why an activity typed by number cannot be used here, if it cannot. */
  refuse?: (facts: ActivityFacts) => string | undefined;
  /**
   * R25: only its editors may use the activity here; the words say what for ("log TA on it"). Checked
   * when the activity is picked, so nobody answers every question only to be refused at Save.
   */
  editorsOnly?: string;
}

/** R25: why the user may not change the activity, if they may not (`what`: "log TA on it"). */
export async function notAnEditor(env: FlowEnv, id: number, what: string): Promise<string | undefined> {
  const row = await activityRow(env, id);
  if (!row || (await activityRole(env.ctx.db, env.me, row))) return undefined;
  return `You are not primary or collaborating staff on TA request #${id}, nor the State Systems Specialist for ${row.stateCode}, so you cannot ${what}. Ask the primary staff to add you as a collaborator.`;
}

/** What the pickers need to know about an activity. */
export interface ActivityFacts {
  id: number;
  stateCode: string;
  focus: string;
  otherFocusNotes: string | null;
  completionStatus: string;
  tracking: TrackingGate;
}

/** From my open activities when it is one of them (already read this turn), else in full. */
export async function activityFacts(env: FlowEnv, id: number): Promise<Result<ActivityFacts>> {
  const mine = (await myOpenActivities(env)).find((a) => a.activityId === id);
  if (mine) {
    return okResult({
      id,
      stateCode: mine.stateCode,
      focus: mine.focus,
      otherFocusNotes: mine.otherFocusNotes,
      completionStatus: 'open',
      tracking: trackingGate(mine.activityStatus, mine.currentStage),
    });
  }
  const detail = await activityDetail(env, id);
  if (!detail.ok) return detail;
  const a = detail.value.activity;
  return okResult({
    id,
    stateCode: a.stateCode,
    focus: a.focus,
    otherFocusNotes: a.otherFocusNotes,
    completionStatus: a.completionStatus,
    tracking: detail.value.tracking,
  });
}

/** The activity row alone (for the R15 coaching people), read once per turn. */
export const activityRow = (env: FlowEnv, id: number) =>
  env.memo(
    `row:${id}`,
    async () => (await env.ctx.db.select().from(activities).where(eq(activities.id, id)))[0],
  );

/** Values the picker sets. */
export interface PickedActivity {
  activityId: number;
  activityLabel: string;
}

/** The value of `hint` (the free text typed after the verb) used to recognize the activity. */
const hintOf = (v: Values) => (typeof v.hint === 'string' ? v.hint : '');

async function candidates(env: FlowEnv, pick: ActivityPick): Promise<MyActivity[]> {
  const mine = await myOpenActivities(env);
  return pick.filter ? mine.filter(pick.filter) : mine;
}

/** The candidates, and the ones the pick list shows: best matches of the hint first, at most PICK_LIST_SIZE. */
async function pickList(
  env: FlowEnv,
  pick: ActivityPick,
  v: Values,
): Promise<{ list: MyActivity[]; shown: MyActivity[] }> {
  const list = await candidates(env, pick);
  const hint = hintOf(v);
  const ordered = hint
    ? scoreActivities(hint, list.map(asTarget), await stateNames(env)).map((s) => s.target.source)
    : list;
  return { list, shown: (ordered.length ? ordered : list).slice(0, PICK_LIST_SIZE) };
}

/** An activity by number (typed "#12"), checked to exist and be usable. */
export async function activityById(env: FlowEnv, id: number, pick: ActivityPick): Promise<Accepted> {
  const facts = await activityFacts(env, id);
  if (!facts.ok) return retry(facts.error.message);
  const refused =
    pick.refuse?.(facts.value) ?? (pick.editorsOnly && (await notAnEditor(env, id, pick.editorsOnly)));
  if (refused) return retry(refused);
  return ok({
    activityId: id,
    activityLabel: activityLabel({ ...facts.value, activityId: id }),
  } satisfies PickedActivity);
}

/** What a dialog about one activity starts with: the values so far and the fields already answered. */
export interface ActivityStart {
  values: Values;
  answered: string[];
}

/**
 * Puts the activity typed as "#12" into a starting dialog (answered), or says why it cannot be used.
 * Returns the refusal, or undefined once the activity is in `into`.
 */
export async function presetActivity(
  env: FlowEnv,
  id: number,
  pick: ActivityPick,
  into: ActivityStart,
): Promise<string | undefined> {
  const a = await activityById(env, id, pick);
  if (!a.ok) return a.error;
  Object.assign(into.values, a.set);
  into.answered.push('activityId');
  return undefined;
}

/**
 * Starts a dialog about one activity from the command arguments: "#12 rest" picks #12 at once (and
 * `withRest` may use the rest), otherwise the words help the picker recognize the activity.
 */
export async function startOnActivity(
  args: string,
  env: FlowEnv,
  pick: ActivityPick,
  withRest?: (rest: string, into: ActivityStart) => void,
): Promise<Start> {
  const { id, rest } = leadingId(args);
  const into: ActivityStart = { values: {}, answered: [] };
  if (id !== undefined) {
    const refused = await presetActivity(env, id, pick, into);
    if (refused) return errorReply(refused);
    withRest?.(rest, into);
  } else if (rest) into.values.hint = rest;
  return { kind: 'dialog', values: into.values, answered: into.answered };
}

/**
 * A one-shot command about one activity typed by number (`/ta <verb> <#> …`, e.g. a nudge's button);
 * without a number it answers with the usage.
 */
export function activityCommand(
  name: string,
  usage: string,
  run: (id: number, rest: string, env: FlowEnv) => Promise<Start & { kind: 'reply' }>,
): OneShot {
  return {
    kind: 'oneshot',
    name,
    async run(args, env) {
      const { id, rest } = leadingId(args);
      if (id === undefined) return errorReply(`Which activity? Type ${usage}.`);
      return run(id, rest, env);
    },
  };
}

/** The step that settles which activity a dialog is about. */
export function activityStep(pick: ActivityPick): Step {
  return {
    field: 'activityId',
    label: 'Activity',
    async auto(v, env) {
      const list = await candidates(env, pick);
      const hint = hintOf(v);
      const states = await stateNames(env);
      const targets = list.map(asTarget);
      let chosen = hint ? clearMatch(hint, targets, states) : undefined;
      if (!chosen && list.length === 1) {
        // The only candidate, unless the text names another State.
        const named = hint ? statesMentioned(hint, states) : [];
        if (named.length === 0 || named.includes(list[0]!.stateCode)) chosen = targets[0];
      }
      if (!chosen) return undefined;
      const a = list.find((x) => x.activityId === chosen.id)!;
      return {
        set: { activityId: a.activityId, activityLabel: activityLabel(a) },
        note: `Activity: ${activityLabel(a)}.`,
      };
    },
    async prompt(v, env) {
      const { shown } = await pickList(env, pick, v);
      return {
        kind: 'choice',
        field: 'activityId',
        text: pick.question,
        choices: shown.map((a) => activityChoice(a)),
        hint: 'Type the number in the list, the TA request # (e.g. #12), or words from the State and focus.',
      };
    },
    async accept(answer, v, env, source) {
      const text = answerText(answer);
      const { list, shown } = await pickList(env, pick, v);
      const explicit = /^#(\d+)$/.exec(text);
      if (explicit) return activityById(env, Number(explicit[1]), pick);
      const choice = matchChoice(text, shown.map(activityChoice), source);
      if (choice.ok) return activityById(env, Number(choice.value.value), pick);
      if (/^\d+$/.test(text)) return activityById(env, Number(text), pick);
      const byText = clearMatch(text, list.map(asTarget), await stateNames(env));
      if (byText) return activityById(env, byText.id, pick);
      return retry(
        list.length
          ? `I could not tell which activity "${text}" means. Type its number in the list or its TA request # (e.g. #${list[0]!.activityId}).`
          : 'You have no open activities that fit. Type a TA request # (e.g. #12), or cancel.',
      );
    },
    resets: ['deliveryId'],
  };
}

const asTarget = (a: MyActivity) => ({
  id: a.activityId,
  stateCode: a.stateCode,
  focus: a.focus,
  otherFocusNotes: a.otherFocusNotes,
  source: a,
});

function activityChoice(a: MyActivity): Choice {
  const note = pendingNote(a);
  const status = ACTIVITY_STATUS_LABELS[a.activityStatus];
  return {
    value: String(a.activityId),
    label: activityLabel(a),
    description: note ? `${status}; ${note}` : status,
  };
}
