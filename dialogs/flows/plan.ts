// `/ta plan [#]`: add a plan description (R11). The stages offered are the ones the rule allows
// after the current description; a new final plan archives the current one.
import { ok as okResult } from '../../src/errors.js';
import { formatNoteDate } from '../../src/rules/dates.js';
import { nextPlanStages, PLAN_STAGE_LABELS } from '../../src/rules/plan-stages.js';
import { addPlanDescription } from '../../src/services/add-plan-description.js';
import type { Flow, FlowEnv, Values } from '../flow.js';
import { type ActivityPick, activityDetail, activityStep, startOnActivity } from './common.js';
import { noteNameWarnings } from './note-coaching.js';
import { choiceStep, textStep } from './steps.js';

const pick: ActivityPick = {
  question: 'Which activity is the plan for?',
  refuse: (a) =>
    a.completionStatus === 'open' ? undefined : `TA request #${a.id} is ${a.completionStatus}.`,
};

async function currentStage(env: FlowEnv, v: Values) {
  const d = await activityDetail(env, Number(v.activityId));
  return d.ok ? d.value.currentStage : undefined;
}

export const planFlow: Flow = {
  kind: 'dialog',
  name: 'plan',
  title: 'add a plan description',
  start: (args, env) => startOnActivity(args, env, pick),
  steps: [
    activityStep(pick),
    choiceStep({
      field: 'stage',
      label: 'Stage',
      text: 'Which stage is this description? (R11: stages may be skipped; a new final plan archives the current one)',
      async choices(v, env) {
        const current = await currentStage(env, v);
        return nextPlanStages(current).map((s) => ({
          value: s,
          label: PLAN_STAGE_LABELS[s],
          ...(current === 'final'
            ? {
                description:
                  s === 'final'
                    ? 'archives the current final plan'
                    : 'archives the final plan; tracking stops until a new one',
              }
            : {}),
        }));
      },
    }),
    textStep({
      field: 'text',
      label: 'Description',
      text: 'The plan description: what TA is planned, with whom, and how.',
    }),
  ],
  async preview(v, env) {
    const current = await currentStage(env, v);
    const stage = v.stage as keyof typeof PLAN_STAGE_LABELS;
    const warnings: string[] = [];
    if (stage === 'final' && current === 'final')
      warnings.push('The current final plan will be archived (only one final plan is current).');
    else if (current === 'final')
      // R11 with R12: planning restarts, so tracking stops until a new final plan.
      warnings.push(
        `Adding an ${PLAN_STAGE_LABELS[stage]} archives the current final plan: tracking stops (no TA can be logged, R12) until a new final plan is added.`,
      );
    warnings.push(...(await noteNameWarnings(env, Number(v.activityId), v.text)));
    return {
      title: 'Plan description',
      fields: [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
        {
          field: 'stage',
          label: 'Stage',
          value: `${PLAN_STAGE_LABELS[stage]} (now: ${current ? PLAN_STAGE_LABELS[current] : 'none'})`,
        },
        { field: 'text', label: 'Description', value: `${formatNoteDate(env.today)}: ${v.text}` },
      ],
      ...(warnings.length ? { warnings } : {}),
    };
  },
  async commit(v, env) {
    const r = await addPlanDescription(env.ctx, env.actor, {
      activityId: Number(v.activityId),
      stage: v.stage,
      text: String(v.text),
    });
    if (!r.ok) return r;
    const stage = PLAN_STAGE_LABELS[r.value.stage];
    return okResult({
      messages: [
        `Added the ${stage} to ${v.activityLabel}.${r.value.archivedFinalId ? ' The previous final plan is archived.' : ''}`,
        r.value.trackingOpen
          ? 'Tracking is open: log TA with /ta log.'
          : r.value.stage === 'final'
            ? 'Once the activity is approved (/ta status), you can log TA delivered.'
            : 'Deliveries can be logged once there is a final plan and the activity is approved (R12).',
      ],
      recordId: Number(v.activityId),
    });
  },
};
