// `/ta status [#] [approved|on hold|denied|planning]`: set the activity status (R12). Approving an
// indirect request (R8) asks who approved it — picked from the recorded CCDF Administrator of the State
// or the RPM of its region — and records it.
import { ok as okResult } from '../../src/errors.js';
import { ACTIVITY_STATUS_LABELS, type ActivityStatus } from '../../src/rules/tracking-gate.js';
import { setActivityStatus } from '../../src/services/set-activity-status.js';
import type { Flow, FlowEnv, Values } from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';
import { approverName, approverStep } from './approver-step.js';
import { type ActivityPick, activityDetail, activityStep, startOnActivity } from './common.js';
import { choiceStep } from './steps.js';

const pick: ActivityPick = {
  question: 'Which activity?',
  refuse: (a) =>
    a.completionStatus === 'open' ? undefined : `TA request #${a.id} is ${a.completionStatus}.`,
};

const STATUS_CHOICES: Choice[] = [
  {
    value: 'approved',
    label: 'Approved',
    description: 'the COR approved the TA; tracking opens with a final plan',
  },
  { value: 'on_hold', label: 'On hold' },
  { value: 'denied', label: 'Denied' },
  { value: 'planning_in_progress', label: 'Planning in progress' },
];

async function needsIndirectApproval(v: Values, env: FlowEnv): Promise<boolean> {
  if (v.status !== 'approved') return false;
  const d = await activityDetail(env, Number(v.activityId));
  return d.ok && d.value.activity.indirectRequest && d.value.activity.indirectApprovedBy === null;
}

async function activityPlace(v: Values, env: FlowEnv) {
  const d = await activityDetail(env, Number(v.activityId));
  return { stateCode: d.ok ? d.value.activity.stateCode : null, region: null };
}

const approver = approverStep({
  field: 'approver',
  label: 'Indirect request approved by',
  text: 'No requester is the CCDF Administrator or their staff, so this is an indirect request (R8). Who approved it? Pick the recorded CCDF Administrator or RPM.',
  place: (v, env) => activityPlace(v, env),
});
approver.auto = async (v, env) =>
  (await needsIndirectApproval(v, env)) ? undefined : { set: { approver: undefined } };

export const statusFlow: Flow = {
  kind: 'dialog',
  name: 'status',
  title: 'approve, deny or hold an activity',
  start: (args, env) =>
    startOnActivity(args, env, pick, (rest, into) => {
      const status = rest
        ? matchChoice(
            rest
              .replace(/^approve$/i, 'approved')
              .replace(/^deny$/i, 'denied')
              .replace(/^hold$/i, 'on hold'),
            STATUS_CHOICES,
            'typed',
          )
        : undefined;
      if (status?.ok) {
        into.values.status = status.value.value;
        into.answered.push('status');
      }
    }),
  steps: [
    activityStep(pick),
    choiceStep({
      field: 'status',
      label: 'Status',
      text: 'New activity status?',
      choices: () => STATUS_CHOICES,
      resets: ['approver'],
    }),
    approver,
  ],
  async preview(v, env) {
    const chosen =
      typeof v.approver === 'number'
        ? await approverName(env, await activityPlace(v, env), v.approver)
        : undefined;
    return {
      title: 'Activity status',
      fields: [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
        { field: 'status', label: 'Status', value: ACTIVITY_STATUS_LABELS[v.status as ActivityStatus] },
        ...(chosen ? [{ field: 'approver', label: 'Approved by', value: chosen }] : []),
      ],
    };
  },
  fieldForError: (error) =>
    error.code === 'indirect_request_not_approved' || error.details?.field === 'approverId'
      ? 'approver'
      : undefined,
  async commit(v, env) {
    const r = await setActivityStatus(env.ctx, env.actor, {
      activityId: Number(v.activityId),
      status: v.status,
      ...(typeof v.approver === 'number' ? { indirectApproverId: v.approver } : {}),
    });
    if (!r.ok) return r;
    return okResult({
      messages: [
        `${v.activityLabel} is now ${ACTIVITY_STATUS_LABELS[r.value.status]}.`,
        r.value.tracking.ok ? 'Tracking is open: log TA with /ta log.' : r.value.tracking.message,
      ],
      recordId: Number(v.activityId),
    });
  },
};
