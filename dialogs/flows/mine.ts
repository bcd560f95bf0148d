// `/ta mine`: my open activities, most urgent first, with pending summaries (R1 due dates, overdue
// ones marked) and a Log button for each activity open for tracking.
import { formatNoteDate } from '../../src/rules/dates.js';
import { PLAN_STAGE_LABELS } from '../../src/rules/plan-stages.js';
import { ACTIVITY_STATUS_LABELS, trackingGate } from '../../src/rules/tracking-gate.js';
import type { MyActivity } from '../../src/services/list-my-activities.js';
import type { OneShot } from '../flow.js';
import { formatRange } from '../parse/dates.js';
import type { Action } from '../types.js';
import { activityLabel, myOpenActivities } from './common.js';

const TIMELINESS = {
  overdue: 'OVERDUE',
  due_today: 'due today',
  due_soon: 'due soon',
  on_time: 'due',
} as const;

function describe(a: MyActivity): string[] {
  const stage = a.currentStage ? PLAN_STAGE_LABELS[a.currentStage] : 'no plan yet';
  const head = `• ${activityLabel(a)} — ${ACTIVITY_STATUS_LABELS[a.activityStatus]}, ${stage}${a.role === 'collaborator' ? ' (collaborating)' : ''}`;
  const lines = [head];
  for (const p of a.pending) {
    lines.push(
      `    summary ${TIMELINESS[p.timeliness]} ${formatNoteDate(p.due)} for TA delivered ${formatRange({ start: p.startDate, end: p.endDate })}`,
    );
  }
  const gate = trackingGate(a.activityStatus, a.currentStage);
  if (!a.trackingOpen && !gate.ok) {
    // Exactly what is missing, with the command that supplies it.
    const fixes = [
      ...(a.currentStage !== 'final' ? [`/ta plan ${a.activityId}`] : []),
      ...(a.activityStatus !== 'approved' ? [`/ta status ${a.activityId}`] : []),
    ];
    lines.push(`    not open for tracking yet (R12): ${gate.missing.join('; and ')} (${fixes.join(', ')})`);
  }
  return lines;
}

export const mineCommand: OneShot = {
  kind: 'oneshot',
  name: 'mine',
  async run(_args, env) {
    const mine = await myOpenActivities(env);
    if (mine.length === 0) {
      return { kind: 'reply', messages: ['You have no open activities. Start one with /ta new.'] };
    }
    const overdue = mine.flatMap((a) => a.pending).filter((p) => p.timeliness === 'overdue').length;
    const pending = mine.flatMap((a) => a.pending).length;
    const head = `Your open activities (${mine.length})${pending ? ` — ${pending} summar${pending === 1 ? 'y' : 'ies'} pending${overdue ? `, ${overdue} overdue` : ''}` : ''}:`;
    const actions: Action[] = mine
      .filter((a) => a.trackingOpen)
      .map((a) => ({
        id: `log-${a.activityId}`,
        label: `Log #${a.activityId}`,
        command: `log ${a.activityId}`,
        ...(a.worst === 'overdue' ? { style: 'primary' as const } : {}),
      }));
    return { kind: 'reply', messages: [[head, ...mine.flatMap(describe)].join('\n')], actions };
  },
};
