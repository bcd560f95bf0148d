// `/ta status [#] [approved|on hold|denied|planning]`: set the activity status (R12). Approving an
// indirect request (R8) asks who approved it — the CCDF Administrator or the RPM — and records it.
import { ok as okResult } from '../../src/errors.js';
import { ACTIVITY_STATUS_LABELS, type ActivityStatus } from '../../src/rules/tracking-gate.js';
import { setActivityStatus } from '../../src/services/set-activity-status.js';
import { answerText, type Flow, ok, retry, type Step, type Values } from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';
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

const ROLES: Choice[] = [
  { value: 'ccdf_administrator', label: 'CCDF Administrator' },
  { value: 'rpm', label: 'RPM (Regional Program Manager)' },
];

/** "Pat Director, CCDF Administrator" / "Sam Lee (RPM)" → name and role. */
export function parseApprover(text: string): { approvedBy: string; approvedByRole: string } | string {
  const m = /^(.+?)\s*(?:,|\(|-|–)\s*(.+?)\)?$/.exec(text.trim());
  if (!m) return 'Give the name and role, e.g. "Pat Director, CCDF Administrator" or "Sam Lee, RPM".';
  const role = /rpm|regional/i.test(m[2]!)
    ? 'rpm'
    : /ccdf|admin/i.test(m[2]!)
      ? 'ccdf_administrator'
      : undefined;
  const fromList = role ? undefined : matchChoice(m[2]!, ROLES, 'typed');
  const approvedByRole = role ?? (fromList?.ok ? fromList.value.value : undefined);
  if (!approvedByRole)
    return `"${m[2]}" is not a role that can approve: the CCDF Administrator or the RPM (R8).`;
  return { approvedBy: m[1]!.trim(), approvedByRole };
}

async function needsIndirectApproval(v: Values, env: Parameters<Step['prompt']>[1]): Promise<boolean> {
  if (v.status !== 'approved') return false;
  const d = await activityDetail(env, Number(v.activityId));
  return d.ok && d.value.activity.indirectRequest && d.value.activity.indirectApprovedBy === null;
}

const approverStep: Step = {
  field: 'approver',
  label: 'Indirect request approved by',
  async auto(v, env) {
    return (await needsIndirectApproval(v, env)) ? undefined : { set: { approver: undefined } };
  },
  prompt: () => ({
    kind: 'text',
    field: 'approver',
    text: 'No requester is the CCDF Administrator or their staff, so this is an indirect request (R8). Who approved it? e.g. "Pat Director, CCDF Administrator" or "Sam Lee, RPM".',
  }),
  accept(answer) {
    const parsed = parseApprover(answerText(answer));
    return typeof parsed === 'string' ? retry(parsed) : ok({ approver: parsed });
  },
};

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
    approverStep,
  ],
  async preview(v) {
    const approver = v.approver as { approvedBy: string; approvedByRole: string } | undefined;
    return {
      title: 'Activity status',
      fields: [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
        { field: 'status', label: 'Status', value: ACTIVITY_STATUS_LABELS[v.status as ActivityStatus] },
        ...(approver
          ? [
              {
                field: 'approver',
                label: 'Approved by',
                value: `${approver.approvedBy} (${approver.approvedByRole === 'rpm' ? 'RPM' : 'CCDF Administrator'})`,
              },
            ]
          : []),
      ],
    };
  },
  fieldForError: (error) => (error.code === 'indirect_request_not_approved' ? 'approver' : undefined),
  async commit(v, env) {
    const r = await setActivityStatus(env.ctx, env.actor, {
      activityId: Number(v.activityId),
      status: v.status,
      ...(v.approver ? { indirectApproval: v.approver } : {}),
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
