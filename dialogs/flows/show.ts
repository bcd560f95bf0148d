// `/ta show <#>`: one activity in full, notes as `MM/DD/YY: text` (R14).
import { formatNoteDate } from '../../src/rules/dates.js';
import { PLAN_STAGE_LABELS } from '../../src/rules/plan-stages.js';
import { ACTIVITY_STATUS_LABELS } from '../../src/rules/tracking-gate.js';
import type { ActivityDetail } from '../../src/services/get-activity.js';
import { errorReply, type OneShot } from '../flow.js';
import { formatRange } from '../parse/dates.js';
import type { Action } from '../types.js';
import { activityDetail, activityLabel, leadingId } from './common.js';

/** R14: a note's author, after the note. */
const by = (author: string | undefined) => (author ? ` — ${author}` : '');

export function describeActivity(d: ActivityDetail): string {
  const a = d.activity;
  const lines = [
    `*${activityLabel({ ...a, activityId: a.id })}*`,
    `${d.state.name} (Region ${d.state.region}) · Goal: ${d.goal.title} (${d.goal.categoryName}) · Strategic area: ${d.strategicArea.name}`,
    `Opened ${formatNoteDate(a.dateOpened)}${a.enteredLate ? ' (entered late, R2)' : ''} · Priority ${a.priority} · Type ${a.activityType} · Status ${ACTIVITY_STATUS_LABELS[a.activityStatus]} · ${a.completionStatus}${a.completionDate ? ` ${formatNoteDate(a.completionDate)}` : ''}`,
    `Primary: ${d.primaryStaff.name} (${d.primaryCenter.code})${d.collaboratingStaff.length ? ` · Collaborating staff: ${d.collaboratingStaff.map((s) => s.name).join(', ')}` : ''}${d.collaboratingCenters.length ? ` · Collaborating centers: ${d.collaboratingCenters.map((c) => c.code).join(', ')}` : ''}`,
    ...(d.otherCollaborators.length
      ? [
          `Other collaborators: ${d.otherCollaborators.map((o) => o.label).join(', ')}${a.otherCollaboratorDetails ? ` (${a.otherCollaboratorDetails})` : ''}`,
        ]
      : []),
    `Requesters: ${d.requesters.map((r) => `${r.name}, ${r.title}`).join('; ')}${a.indirectRequest ? ` · indirect request (R8)${a.indirectApprovedBy ? `, approved by ${a.indirectApprovedBy}` : ', not yet approved by the CCDF Administrator or RPM'}` : ''}`,
    `Outcome plan: ${a.outcomePlan}`,
    `Plan: ${d.currentStage ? PLAN_STAGE_LABELS[d.currentStage] : 'none yet'}${d.tracking.ok ? ' · tracking open' : ` · ${d.tracking.message}`}`,
  ];
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`${title}:`, ...items.map((i) => `  ${i}`));
  };
  section(
    'Plan descriptions',
    d.planNotes.map((p) => `${p.line} (${p.stageLabel})${by(p.author)}`),
  );
  section(
    'Deliveries',
    d.deliveries.map(
      (x) =>
        `${formatRange({ start: x.startDate, end: x.endDate })} ${x.methodLabels.join(', ')}: ${x.summary ? `${formatNoteDate(x.summaryDate!)}: ${x.summary}${by(x.author)}` : `summary due ${formatNoteDate(x.due)}`}`,
    ),
  );
  section(
    'Response notes',
    d.responseNotes.map((n) => `${n.line}${by(n.author)}`),
  );
  section(
    'Feedback',
    d.feedback.map((f) => `${f.line}${f.author ? ` (entered by ${f.author})` : ''}`),
  );
  if (d.noTaMonths.length) lines.push(`No TA in: ${d.noTaMonths.join(', ')}`);
  if (a.outcomeReport) lines.push(`Outcome report: ${a.outcomeReport}`);
  return lines.join('\n');
}

export const showCommand: OneShot = {
  kind: 'oneshot',
  name: 'show',
  async run(args, env) {
    const { id } = leadingId(args);
    if (id === undefined) return errorReply('Which one? Type /ta show <#>, e.g. /ta show 12.');
    const detail = await activityDetail(env, id);
    if (!detail.ok) return errorReply(detail.error.message);
    const actions: Action[] =
      detail.value.activity.completionStatus === 'open'
        ? [
            ...(detail.value.tracking.ok ? [{ id: 'log', label: 'Log TA', command: `log ${id}` }] : []),
            { id: 'note', label: 'Add note', command: `note ${id}` },
            { id: 'plan', label: 'Add plan', command: `plan ${id}` },
          ]
        : [];
    return { kind: 'reply', messages: [describeActivity(detail.value)], actions };
  },
};
