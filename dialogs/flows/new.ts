// `/ta new [State]`: a new TA request. State (from my States), goal and strategic area, TA focus
// (+ other-focus notes, R5), date opened (R2 late entry shown), priority (R6), requesters (R7: a new
// e-mail is proposed and waits for approval; R8 shown after saving), primary center and staff (R9,
// default me), collaborating centers/staff and other collaborators with details (R9, optional),
// activity type (R13), outcome plan (R10), initial plan; preview; save.
// A duplicate (R22) is offered "add to the existing one" or "create anyway".

import { ErrorCode, fail, ok as okResult, type Result, type TatError } from '../../src/errors.js';
import { formatNoteDate } from '../../src/rules/dates.js';
import { focusProblem, OutcomePlanSchema } from '../../src/rules/schemas.js';
import { isLateEntry } from '../../src/rules/timeliness.js';
import { createActivity } from '../../src/services/create-activity.js';
import { joinActivity } from '../../src/services/join-activity.js';
import { focusOptions, listCenters, searchPeople } from '../../src/services/lookups.js';
import { allOrNothing } from '../../src/services/transaction.js';
import {
  answerText,
  type Flow,
  type FlowEnv,
  type Outcome,
  ok,
  recordDates,
  retry,
  type Step,
  type Values,
} from '../flow.js';
import { parseDateAnswer } from '../parse/dates.js';
import type { Choice } from '../types.js';
import { approverName } from './approver-step.js';
import { otherCollaboratorsPreview, otherCollaboratorsStep, otherDetailsStep } from './collaborator-steps.js';
import { leadingId } from './common.js';
import {
  hasNew,
  newApprovalStep,
  newNameStep,
  newRoleStep,
  requestersStep,
  settleNewRequester,
} from './new-requesters.js';
import { startWithState, stateGoals, stateStep } from './new-state.js';
import { choiceStep, textStep } from './steps.js';

const NONE = new Set(['', 'none', 'no', 'skip', '-', 'n/a']);

async function goalChoices(v: Values, env: FlowEnv): Promise<Choice[]> {
  const goals = await stateGoals(env, String(v.stateCode));
  return goals.map((g) => ({ value: String(g.id), label: `${g.categoryName}: ${g.title}` }));
}

async function areaChoices(v: Values, env: FlowEnv): Promise<Choice[]> {
  const goals = await stateGoals(env, String(v.stateCode));
  const goal = goals.find((g) => g.id === Number(v.goalId));
  return (goal?.strategicAreas ?? []).map((a) => ({ value: String(a.id), label: a.name }));
}

async function categoryOf(v: Values, env: FlowEnv): Promise<string | undefined> {
  const goals = await stateGoals(env, String(v.stateCode));
  return goals.find((g) => g.id === Number(v.goalId))?.categoryCode;
}

const goalStep = choiceStep({
  field: 'goalId',
  label: 'Goal',
  text: 'Which goal does this TA serve?',
  choices: goalChoices,
  autoSingle: true,
  also: (c) => ({ goalLabel: c.label }),
  resets: ['strategicAreaId', 'focus'],
});

const areaStep = choiceStep({
  field: 'strategicAreaId',
  label: 'Strategic area',
  text: 'Which strategic area? (R22: exactly one)',
  choices: areaChoices,
  autoSingle: true,
  also: (c) => ({ areaLabel: c.label }),
});

const focusStep = choiceStep({
  field: 'focus',
  label: 'TA focus',
  text: 'TA focus (it is the activity title; use Other only rarely):',
  async choices(v, env) {
    const category = await categoryOf(v, env);
    const names = category ? await focusOptions(env.ctx, category) : [];
    return names.map((n) => ({ value: n, label: n }));
  },
  resets: ['otherFocusNotes'],
});

const otherFocusStep = textStep({
  field: 'otherFocusNotes',
  label: 'Other-focus notes',
  applies: (v) => v.focus === 'Other',
  text: 'You chose Other: briefly describe the TA focus (R5), e.g. "Health and safety training".',
  check: (text, v) => focusProblem(String(v.focus), text),
});

const dateOpenedStep: Step = {
  field: 'dateOpened',
  label: 'Date opened',
  prompt: () => ({
    kind: 'date',
    field: 'dateOpened',
    text: 'When was the TA requested (date opened)?',
    defaultValue: 'today',
    hint: 'Requests should be entered within 3 business days of receipt (R2); later entries are saved and flagged.',
  }),
  accept(answer, _v, env) {
    const parsed = parseDateAnswer(answerText(answer) || 'today', recordDates(env), {
      allowRange: false,
      what: 'date opened',
    });
    if (!parsed.ok) return retry(parsed.error);
    const date = parsed.range.start;
    const late = isLateEntry(env.ctx.calendar, date, env.today);
    return ok(
      { dateOpened: date },
      late
        ? `Opened ${formatNoteDate(date)}: that is more than 3 business days ago, so the request will be saved and flagged as entered late (R2).`
        : undefined,
    );
  },
};

const priorityStep = choiceStep({
  field: 'priority',
  label: 'Priority',
  text: 'Priority level (R6)?',
  choices: () => [
    {
      value: 'low',
      label: 'Low',
      description: 'would like to address it but has limited resources or competing priorities',
    },
    { value: 'medium', label: 'Medium', description: 'motivated, may be limited in committing resources' },
    { value: 'high', label: 'High', description: 'highly motivated, willing and able to commit resources' },
  ],
});

const primaryStep: Step = {
  field: 'primaryStaffId',
  label: 'Primary staff',
  prompt: (_v, env) => ({
    kind: 'person',
    field: 'primaryStaffId',
    personPool: 'staff',
    text: 'Primary staff person (R9: one person, whose center is the primary center)?',
    defaultValue: 'me',
    hint: `Press Enter or type "me" for ${env.me.name}; otherwise a name or e-mail.`,
  }),
  async accept(answer, _v, env) {
    const text = answerText(answer);
    if (!text || /^me$/i.test(text) || text.toLowerCase() === env.me.email.toLowerCase()) {
      return ok({ primaryStaffId: env.me.id, primaryLabel: await staffLabel(env, env.me.id) });
    }
    const people = await searchPeople(env.ctx, 'staff', text, { limit: 5 });
    if (people.length !== 1) {
      return retry(
        people.length
          ? `"${text}" fits several staff: ${people.map((p) => `${p.name} <${p.email}>`).join(', ')}. Use the e-mail.`
          : `No active staff person matches "${text}". Type a name or e-mail, or "me".`,
      );
    }
    const p = people[0]!;
    return ok({ primaryStaffId: p.id, primaryLabel: `${p.name} (${p.centerCode})` });
  },
};

async function staffLabel(env: FlowEnv, id: number): Promise<string> {
  const center = (await listCenters(env.ctx)).find((c) => c.id === env.me.centerId);
  return id === env.me.id ? `${env.me.name} (${center?.code ?? 'my center'})` : `#${id}`;
}

const collaboratorsStep: Step = {
  field: 'collaborators',
  label: 'Collaborators',
  prompt: () => ({
    kind: 'text',
    field: 'collaborators',
    text: 'Collaborating centers or staff? Center codes (e.g. SCBC) and staff names or e-mails, separated by commas — or "none".',
    optional: true,
  }),
  async accept(answer, _v, env) {
    const text = answerText(answer);
    if (NONE.has(text.toLowerCase())) {
      return ok({ collaborators: undefined, collabCenterIds: [], collabStaffIds: [] });
    }
    const centers = await listCenters(env.ctx);
    const centerIds: number[] = [];
    const staffIds: number[] = [];
    const labels: string[] = [];
    for (const item of text.split(/\s*[,;]\s*|\s+and\s+/i).filter(Boolean)) {
      const center = centers.find(
        (c) => c.code.toLowerCase() === item.toLowerCase() || c.name.toLowerCase() === item.toLowerCase(),
      );
      if (center) {
        centerIds.push(center.id);
        labels.push(center.code);
        continue;
      }
      const people = await searchPeople(env.ctx, 'staff', item, { limit: 5 });
      if (people.length !== 1) {
        return retry(
          people.length
            ? `"${item}" fits several staff: ${people.map((p) => `${p.name} <${p.email}>`).join(', ')}. Use the e-mail.`
            : `"${item}" is neither a center code (${centers.map((c) => c.code).join(', ')}) nor a staff name or e-mail.`,
        );
      }
      staffIds.push(people[0]!.id);
      labels.push(`${people[0]!.name} (${people[0]!.centerCode})`);
    }
    return ok({ collaborators: labels.join(', '), collabCenterIds: centerIds, collabStaffIds: staffIds });
  },
};

const typeStep = choiceStep({
  field: 'activityType',
  label: 'Activity type',
  text: 'Activity type (R13)?',
  choices: () => [
    { value: 'universal', label: 'Universal' },
    { value: 'targeted', label: 'Targeted' },
    { value: 'tailored', label: 'Tailored/individualized' },
  ],
});

const MEASURABLE = /\d|\b(?:by|within|before|increase|decrease|reduce|all|every|each|percent)\b/i;

const outcomeStep = textStep({
  field: 'outcomePlan',
  label: 'Outcome plan',
  text: 'Outcome plan (R10): what will the State achieve, concretely and measurably, tied to the goal? e.g. "The State will adopt a revised QRIS framework with measurable tiers by June 2027."',
  check: (text) => {
    const p = OutcomePlanSchema.safeParse(text);
    return p.success ? undefined : p.error.issues[0]?.message;
  },
});

const initialPlanStep = textStep({
  field: 'initialPlan',
  label: 'Initial plan',
  optional: true,
  text: 'Initial plan description (optional): what TA is planned so far?',
});

function createInput(v: Values, requesterIds: number[]) {
  return {
    stateCode: v.stateCode,
    goalId: Number(v.goalId),
    strategicAreaId: Number(v.strategicAreaId),
    focus: v.focus,
    ...(v.focus === 'Other' ? { otherFocusNotes: v.otherFocusNotes } : {}),
    dateOpened: v.dateOpened,
    priority: v.priority,
    requesterIds,
    primaryStaffId: Number(v.primaryStaffId),
    collaboratingCenterIds: (v.collabCenterIds as number[] | undefined) ?? [],
    collaboratingStaffIds: (v.collabStaffIds as number[] | undefined) ?? [],
    otherCollaborators: (v.otherCollaborators as string[] | undefined) ?? [],
    ...(typeof v.otherCollaboratorDetails === 'string'
      ? { otherCollaboratorDetails: v.otherCollaboratorDetails }
      : {}),
    activityType: v.activityType,
    outcomePlan: v.outcomePlan,
    ...(typeof v.initialPlan === 'string' ? { initialPlan: { stage: 'initial', text: v.initialPlan } } : {}),
    ignoreDuplicate: v.ignoreDuplicate === true,
  };
}

async function addToExisting(
  v: Values,
  env: FlowEnv,
  existingId: number,
  requesterIds: number[],
): Promise<Result<Outcome>> {
  // R22: allowed to anyone who could have created the activity, not only its current staff.
  const r = await joinActivity(env.ctx, env.actor, {
    activityId: existingId,
    requesterIds,
    collaboratingStaffIds: (v.collabStaffIds as number[] | undefined) ?? [],
  });
  if (!r.ok) return r;
  return okResult({
    messages: [
      `Added your requesters and you as collaborating staff to #${existingId} instead of creating a duplicate (R22). Add your plan there with /ta plan ${existingId}.`,
    ],
    recordId: existingId,
    actions: [{ id: 'show', label: `Open #${existingId}`, command: `show ${existingId}` }],
  });
}

export const newFlow: Flow = {
  kind: 'dialog',
  name: 'new',
  title: 'a new TA request',
  async start(args, env) {
    return startWithState(leadingId(args).rest, env);
  },
  steps: [
    stateStep,
    goalStep,
    areaStep,
    focusStep,
    otherFocusStep,
    dateOpenedStep,
    priorityStep,
    requestersStep,
    newNameStep,
    newRoleStep,
    newApprovalStep,
    primaryStep,
    collaboratorsStep,
    otherCollaboratorsStep(),
    otherDetailsStep(),
    typeStep,
    outcomeStep,
    initialPlanStep,
  ],
  async preview(v, env) {
    const warnings: string[] = [];
    const late = isLateEntry(env.ctx.calendar, String(v.dateOpened), env.today);
    if (hasNew(v)) {
      warnings.push(
        typeof v.newRequesterApproval === 'number'
          ? `${v.newRequesterEmail} will be added as a requester, approved by ${await approverName(env, { stateCode: String(v.stateCode), region: null }, v.newRequesterApproval)} (R7).`
          : `${v.newRequesterEmail} will be proposed as a new requester and waits for approval by the CCDF Administrator or the RPM (R7); they join the request once approved.`,
      );
    }
    if (!MEASURABLE.test(String(v.outcomePlan))) {
      warnings.push(
        'The outcome plan has no number, date or target: make it measurable, e.g. "by June 2027" (R10).',
      );
    }
    if (typeof v.duplicateOf === 'number') {
      warnings.push(`#${v.duplicateOf} is already open for this State, strategic area and focus (R22).`);
    }
    return {
      title: 'New TA request',
      fields: [
        { field: 'stateCode', label: 'State', value: String(v.stateCode) },
        { field: 'goalId', label: 'Goal', value: String(v.goalLabel ?? v.goalId) },
        {
          field: 'strategicAreaId',
          label: 'Strategic area',
          value: String(v.areaLabel ?? v.strategicAreaId),
        },
        {
          field: 'focus',
          label: 'TA focus',
          value: v.focus === 'Other' ? `Other: ${v.otherFocusNotes}` : String(v.focus),
        },
        {
          field: 'dateOpened',
          label: 'Date opened',
          value: `${formatNoteDate(String(v.dateOpened))}${late ? ' — entered late (R2)' : ''}`,
        },
        { field: 'priority', label: 'Priority', value: String(v.priority) },
        { field: 'requesterIds', label: 'Requesters', value: String(v.requesterLabels ?? '—') },
        { field: 'primaryStaffId', label: 'Primary staff', value: String(v.primaryLabel ?? '—') },
        { field: 'collaborators', label: 'Collaborators', value: String(v.collaborators ?? '—') },
        { field: 'otherCollaborators', label: 'Other collaborators', value: otherCollaboratorsPreview(v) },
        { field: 'activityType', label: 'Activity type', value: String(v.activityType) },
        { field: 'outcomePlan', label: 'Outcome plan', value: String(v.outcomePlan) },
        { field: 'initialPlan', label: 'Initial plan', value: String(v.initialPlan ?? '—') },
      ],
      ...(warnings.length ? { warnings } : {}),
    };
  },
  confirmChoices: (v) =>
    typeof v.duplicateOf === 'number'
      ? [
          { value: 'existing', label: `Add to existing #${v.duplicateOf} instead` },
          { value: 'anyway', label: 'Create anyway (separate work)' },
        ]
      : [],
  // Plain Save would be refused as the same duplicate again: the choices are add-to or create-anyway.
  offersSave: (v) => typeof v.duplicateOf !== 'number',
  async onConfirmChoice(value, v) {
    if (typeof v.duplicateOf !== 'number') return { ok: false, error: 'Answer yes to save, or cancel.' };
    if (value === 'anyway') return { ok: true, set: { ignoreDuplicate: true }, commit: true };
    if (value === 'existing') return { ok: true, set: { addToExisting: true }, commit: true };
    return { ok: false, error: 'Pick one of the options.' };
  },
  onCommitError(error: TatError) {
    if (error.code === ErrorCode.DuplicateActivity && typeof error.details?.existingActivityId === 'number') {
      return { duplicateOf: error.details.existingActivityId, addToExisting: undefined };
    }
    return { addToExisting: undefined };
  },
  async commit(v, env) {
    // R7: the new requester and the request are saved in one transaction (each service's own is a
    // savepoint of it), so a request refused at creation (R22 duplicate, a State not yours…) leaves
    // no half-saved requester behind and the answers can be fixed and saved again. The one save that
    // stands alone is a proposal when no approved requester is named: it waits for approval (R7).
    const saved = await allOrNothing(env.ctx, (ctx) => saveNew(v, { ...env, ctx }));
    if (!saved.ok) return saved;
    if (saved.value === 'proposed_only') {
      return fail(
        ErrorCode.RequesterNotApproved,
        `${v.newRequesterEmail} is saved as a proposed requester, but a request needs at least one approved requester. Type edit requesters to add one, or come back once the CCDF Administrator or RPM has approved.`,
      );
    }
    return okResult(saved.value);
  },
};

/** The commit's writes; 'proposed_only' when only the new requester's proposal can be saved. */
async function saveNew(v: Values, env: FlowEnv): Promise<Result<Outcome | 'proposed_only'>> {
  const requesterIds = [...((v.requesterIds as number[] | undefined) ?? [])];
  const messages: string[] = [];
  if (hasNew(v)) {
    const settled = await settleNewRequester(v, env);
    if (!settled.ok) return settled;
    if (settled.value.approved) requesterIds.push(settled.value.id);
    else
      messages.push(
        `${v.newRequesterEmail} is proposed as a new requester and waits for approval by the CCDF Administrator or the RPM (R7). Once approved, add them with the State Systems Specialist.`,
      );
  }
  if (requesterIds.length === 0) return okResult('proposed_only');
  if (v.addToExisting === true && typeof v.duplicateOf === 'number') {
    return addToExisting(v, env, v.duplicateOf, requesterIds);
  }
  const r = await createActivity(env.ctx, env.actor, createInput(v, requesterIds));
  if (!r.ok) return r;
  const id = r.value.activityId;
  messages.unshift(`Created TA request #${id}.`);
  if (r.value.enteredLate)
    messages.push('It is flagged as entered late (more than 3 business days after the date opened, R2).');
  if (r.value.indirectRequest)
    messages.push(
      'No requester is the CCDF Administrator or their staff: before it can be approved, the CCDF Administrator or the RPM must approve it (R8). Record that with /ta status.',
    );
  messages.push('Next: add a final plan (/ta plan) and mark it approved (/ta status) to start logging TA.');
  return okResult({
    messages,
    recordId: id,
    actions: [
      { id: 'show', label: `Open #${id}`, command: `show ${id}` },
      { id: 'plan', label: 'Add plan', command: `plan ${id}` },
    ],
  });
}
