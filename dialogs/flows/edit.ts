// `/ta edit [#] [fields]`: change an open activity after creation (R9): priority (R6), activity type
// (R13), outcome plan (R10), requesters (R7), collaborating centers and staff, other collaborators and
// their details, TA focus (R5) and strategic area — a new focus or area re-runs the R22 duplicate
// check. Several fields in one go; the preview shows each change; the service checks R25 and audits.
import { ErrorCode, ok as okResult, type TatError } from '../../src/errors.js';
import { focusProblem, OutcomePlanSchema } from '../../src/rules/schemas.js';
import { focusOptions, goalsForState } from '../../src/services/lookups.js';
import { updateActivity } from '../../src/services/update-activity.js';
import {
  type Answer,
  answerText,
  type Flow,
  type FlowEnv,
  ok,
  retry,
  type Step,
  type Values,
} from '../flow.js';
import { matchChoices } from '../parse/choice.js';
import type { Choice } from '../types.js';
import { notEditorReply } from './activity-editor.js';
import { otherCollaboratorsPreview, otherCollaboratorsStep, otherDetailsStep } from './collaborator-steps.js';
import { type ActivityPick, activityRow, activityStep, activityTitle, startOnActivity } from './common.js';
import { collaboratorsEditStep, detailFor, requestersEditStep } from './edit-lists.js';
import { choiceStep, textStep } from './steps.js';

const pick: ActivityPick = {
  question: 'Which activity do you want to change?',
  refuse: (a) =>
    a.completionStatus === 'open'
      ? undefined
      : `TA request #${a.id} is ${a.completionStatus}; only requester feedback can be added now.`,
};

const FIELDS: Choice[] = [
  { value: 'priority', label: 'Priority' },
  { value: 'activityType', label: 'Activity type' },
  { value: 'outcomePlan', label: 'Outcome plan' },
  { value: 'requesterIds', label: 'Requesters' },
  { value: 'collaborators', label: 'Collaborating centers and staff' },
  { value: 'otherCollaborators', label: 'Other collaborators and details' },
  { value: 'focus', label: 'TA focus' },
  { value: 'strategicAreaId', label: 'Strategic area' },
];

const chosen = (field: string) => (v: Values) =>
  Array.isArray(v.fields) && (v.fields as string[]).includes(field);

const fieldsStep: Step = {
  field: 'fields',
  label: 'What to change',
  prompt: () => ({
    kind: 'multi_choice',
    field: 'fields',
    text: 'What do you want to change? Pick one or more.',
    choices: FIELDS,
    hint: 'Numbers or names separated by commas, e.g. "priority, requesters".',
  }),
  accept(answer, _v, _env, source) {
    const m = matchChoices(answer, FIELDS, source);
    return m.ok ? ok({ fields: m.value.map((c) => c.value) }) : retry(m.error);
  },
};

/** A step whose empty answer keeps the activity's current value (shown as the default). */
function keepCurrent(step: Step, current: (v: Values, env: FlowEnv) => Promise<string | undefined>): Step {
  return {
    ...step,
    async prompt(v, env) {
      const p = await step.prompt(v, env);
      const now = await current(v, env);
      return now ? { ...p, defaultValue: now } : p;
    },
    async accept(answer: Answer, v, env, source) {
      const text = answerText(answer);
      const now = await current(v, env);
      // "#value" picks a choice by its value, never by its position in the list.
      return step.accept(text || (now === undefined ? '' : `#${now}`), v, env, text ? source : 'picked');
    },
  };
}
const row = (v: Values, env: FlowEnv) => activityRow(env, Number(v.activityId));

const priorityStep = keepCurrent(
  choiceStep({
    field: 'priority',
    label: 'Priority',
    text: 'New priority level (R6)? Press Enter to keep it.',
    applies: chosen('priority'),
    choices: () => [
      { value: 'low', label: 'Low' },
      { value: 'medium', label: 'Medium' },
      { value: 'high', label: 'High' },
    ],
  }),
  async (v, env) => (await row(v, env))?.priority,
);

const typeStep = keepCurrent(
  choiceStep({
    field: 'activityType',
    label: 'Activity type',
    text: 'New activity type (R13)? Press Enter to keep it.',
    applies: chosen('activityType'),
    choices: () => [
      { value: 'universal', label: 'Universal' },
      { value: 'targeted', label: 'Targeted' },
      { value: 'tailored', label: 'Tailored/individualized' },
    ],
  }),
  async (v, env) => (await row(v, env))?.activityType,
);

const outcomeStep = textStep({
  field: 'outcomePlan',
  label: 'Outcome plan',
  applies: chosen('outcomePlan'),
  text: 'The outcome plan (R10): what will the State achieve, concretely and measurably? Press Enter to keep it.',
  defaultValue: async (v, env) => (await row(v, env))?.outcomePlan,
  check: (text) => {
    const p = OutcomePlanSchema.safeParse(text);
    return p.success ? undefined : p.error.issues[0]?.message;
  },
});

const focusStep = keepCurrent(
  choiceStep({
    field: 'focus',
    label: 'TA focus',
    text: 'New TA focus (R5)? A new focus is checked for duplicates (R22).',
    applies: chosen('focus'),
    async choices(v, env) {
      const d = await detailFor(env, v);
      const names = d ? await focusOptions(env.ctx, d.goal.categoryCode) : [];
      return names.map((n) => ({ value: n, label: n }));
    },
  }),
  async (v, env) => (await row(v, env))?.focus,
);

const otherFocusStep = textStep({
  field: 'otherFocusNotes',
  label: 'Other-focus notes',
  applies: (v) => chosen('focus')(v) && v.focus === 'Other',
  text: 'You chose Other: briefly describe the TA focus (R5).',
  defaultValue: async (v, env) => (await row(v, env))?.otherFocusNotes ?? undefined,
  check: (text, v) => focusProblem(String(v.focus), text),
});

const areaStep = keepCurrent(
  choiceStep({
    field: 'strategicAreaId',
    label: 'Strategic area',
    text: "New strategic area (one of the goal's, R22)? It is checked for duplicates.",
    applies: chosen('strategicAreaId'),
    async choices(v, env) {
      const d = await detailFor(env, v);
      if (!d) return [];
      const goals = await goalsForState(env.ctx, d.activity.stateCode, { includeClosed: true });
      const areas = goals.find((g) => g.id === d.goal.id)?.strategicAreas ?? [];
      // "area:<id>": a select's submitted id would otherwise read as a position in the list.
      return areas.map((a) => ({ value: `area:${a.id}`, label: a.name }));
    },
    also: (c) => ({ areaLabel: c.label }),
  }),
  async (v, env) => {
    const r = await row(v, env);
    return r ? `area:${r.strategicAreaId}` : undefined;
  },
);

const othersChosen = chosen('otherCollaborators');

export const editFlow: Flow = {
  kind: 'dialog',
  name: 'edit',
  title: 'change a TA activity',
  async start(args, env) {
    const s = await startOnActivity(args, env, pick);
    if (s.kind !== 'dialog') return s;
    if (typeof s.values.activityId === 'number') {
      const refused = await notEditorReply(env, s.values.activityId);
      if (refused) return refused;
      // "/ta edit 12 priority" names the fields too.
      const rest = args.replace(/^\s*#?\d+\s*/, '');
      const m = rest ? matchChoices(rest, FIELDS, 'typed') : undefined;
      if (m?.ok) {
        s.values.fields = m.value.map((c) => c.value);
        s.answered = [...(s.answered ?? []), 'fields'];
      }
    }
    return s;
  },
  steps: [
    activityStep(pick),
    fieldsStep,
    priorityStep,
    typeStep,
    outcomeStep,
    requestersEditStep(chosen('requesterIds')),
    collaboratorsEditStep(chosen('collaborators')),
    otherCollaboratorsStep({
      applies: othersChosen,
      current: async (v, env) => (await detailFor(env, v))?.otherCollaborators.map((o) => o.code),
    }),
    otherDetailsStep({
      applies: othersChosen,
      current: async (v, env) => (await row(v, env))?.otherCollaboratorDetails,
    }),
    focusStep,
    otherFocusStep,
    areaStep,
  ],
  ...editPreviewAndCommit(),
};

function editPreviewAndCommit(): Pick<
  Flow,
  'preview' | 'confirmChoices' | 'onConfirmChoice' | 'onCommitError' | 'commit'
> {
  return {
    async preview(v, env) {
      const d = await detailFor(env, v);
      const a = d?.activity;
      const was = (s: string | undefined) => (s ? ` (was ${s})` : '');
      const fields: { field: string; label: string; value: string }[] = [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
      ];
      const add = (f: string, label: string, value: string, before?: string) => {
        if (chosen(f)(v)) fields.push({ field: f, label, value: `${value}${was(before)}` });
      };
      add('priority', 'Priority', String(v.priority), a?.priority);
      add('activityType', 'Activity type', String(v.activityType), a?.activityType);
      add('outcomePlan', 'Outcome plan', String(v.outcomePlan));
      add(
        'requesterIds',
        'Requesters',
        String(v.requesterLabels),
        d?.requesters.map((r) => r.name).join('; '),
      );
      add('collaborators', 'Collaborators', String(v.collaborators));
      add(
        'otherCollaborators',
        'Other collaborators',
        otherCollaboratorsPreview(v),
        d?.otherCollaborators.map((o) => o.label).join(', ') || '—',
      );
      add(
        'focus',
        'TA focus',
        activityTitle({ focus: String(v.focus), otherFocusNotes: v.otherFocusNotes as string | undefined }),
        a ? activityTitle(a) : undefined,
      );
      add(
        'strategicAreaId',
        'Strategic area',
        String(v.areaLabel ?? v.strategicAreaId),
        d?.strategicArea.name,
      );
      const warnings =
        typeof v.duplicateOf === 'number'
          ? [`#${v.duplicateOf} is already open for this State, strategic area and focus (R22).`]
          : [];
      return { title: 'Change TA activity', fields, ...(warnings.length ? { warnings } : {}) };
    },
    confirmChoices: (v) =>
      typeof v.duplicateOf === 'number' ? [{ value: 'anyway', label: 'Save anyway (separate work)' }] : [],
    async onConfirmChoice(value, v) {
      if (typeof v.duplicateOf === 'number' && value === 'anyway')
        return { ok: true, set: { ignoreDuplicate: true }, commit: true };
      return { ok: false, error: 'Answer yes to save, or cancel.' };
    },
    onCommitError(error: TatError) {
      if (error.code === ErrorCode.DuplicateActivity && typeof error.details?.existingActivityId === 'number')
        return { duplicateOf: error.details.existingActivityId };
      return undefined;
    },
    async commit(v, env) {
      const r = await updateActivity(env.ctx, env.actor, updateInput(v));
      if (!r.ok) return r;
      const id = Number(v.activityId);
      const changed = r.value.changed;
      return okResult({
        messages: [
          changed.length
            ? `Updated #${id}: ${FIELD_WORDS(changed)}.`
            : `Nothing changed on #${id}: the values were already as given.`,
        ],
        recordId: id,
        actions: [{ id: 'show', label: `Open #${id}`, command: `show ${id}` }],
      });
    },
  };
}

const WORDS: Record<string, string> = {
  priority: 'priority',
  activityType: 'activity type',
  outcomePlan: 'outcome plan',
  requesterIds: 'requesters',
  indirectRequest: 'indirect request (R8)',
  collaboratingStaffIds: 'collaborating staff',
  collaboratingCenterIds: 'collaborating centers',
  otherCollaborators: 'other collaborators',
  otherCollaboratorDetails: 'other collaborator details',
  focus: 'TA focus',
  otherFocusNotes: 'other-focus notes',
  strategicAreaId: 'strategic area',
};
const FIELD_WORDS = (changed: string[]) => changed.map((c) => WORDS[c] ?? c).join(', ');

/** The service input: only the chosen fields. */
function updateInput(v: Values): Record<string, unknown> {
  const has = (f: string) => chosen(f)(v);
  return {
    activityId: Number(v.activityId),
    ...(has('priority') ? { priority: v.priority } : {}),
    ...(has('activityType') ? { activityType: v.activityType } : {}),
    ...(has('outcomePlan') ? { outcomePlan: v.outcomePlan } : {}),
    ...(has('requesterIds') ? { requesterIds: v.requesterIds } : {}),
    ...(has('collaborators')
      ? { collaboratingCenterIds: v.collabCenterIds, collaboratingStaffIds: v.collabStaffIds }
      : {}),
    ...(has('otherCollaborators')
      ? {
          otherCollaborators: v.otherCollaborators ?? [],
          otherCollaboratorDetails:
            typeof v.otherCollaboratorDetails === 'string' ? v.otherCollaboratorDetails : null,
        }
      : {}),
    ...(has('focus')
      ? { focus: v.focus, otherFocusNotes: v.focus === 'Other' ? v.otherFocusNotes : null }
      : {}),
    ...(has('strategicAreaId')
      ? { strategicAreaId: Number(String(v.strategicAreaId).replace('area:', '')) }
      : {}),
    ...(v.ignoreDuplicate === true ? { ignoreDuplicate: true } : {}),
  };
}
