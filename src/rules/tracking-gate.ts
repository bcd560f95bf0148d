// R12 Tracking gate: deliveries, summaries, feedback and completion are accepted only when the
// current description is a final plan and the activity status is approved. Also the activity status
// changes (R8: approving an indirect request needs the CCDF Administrator's or RPM's approval).
import type { ACTIVITY_STATUSES, COMPLETION_STATUSES } from '../../db/schema.js';
import { type ChosenPlanStage, PLAN_STAGE_LABELS } from './plan-stages.js';

export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export type CompletionStatus = (typeof COMPLETION_STATUSES)[number];

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  planning_in_progress: 'planning in progress',
  approved: 'approved',
  on_hold: 'on hold',
  denied: 'denied',
};

export type TrackingGate = { ok: true } | { ok: false; missing: string[]; message: string };

/** R12: is the tracking tab open? If not, exactly what is missing, each with what to do. */
export function trackingGate(
  status: ActivityStatus,
  currentStage: ChosenPlanStage | undefined,
): TrackingGate {
  const missing: string[] = [];
  if (status !== 'approved') {
    missing.push(
      `the activity status is ${ACTIVITY_STATUS_LABELS[status]}; it must be approved (mark it approved once the COR approves it)`,
    );
  }
  if (currentStage !== 'final') {
    missing.push(
      currentStage === undefined
        ? 'there is no plan description yet; add a final plan'
        : `the current description is an ${PLAN_STAGE_LABELS[currentStage]}; add a final plan`,
    );
  }
  if (missing.length === 0) return { ok: true };
  return {
    ok: false,
    missing,
    message: `Tracking is not open yet: ${missing.join('; and ')}.`,
  };
}

export interface StatusChangeFacts {
  from: ActivityStatus;
  to: ActivityStatus;
  completionStatus: CompletionStatus;
  /** R8: no requester is the CCDF Administrator or their staff. */
  indirectRequest: boolean;
  /** R8: the CCDF Administrator's or RPM's approval is recorded (or given with this change). */
  indirectApproved: boolean;
}

export type StatusChangeProblem = { kind: 'closed' | 'same' | 'indirect'; message: string };

/** Why a status change is refused, or undefined when it is allowed. */
export function statusChangeProblem(f: StatusChangeFacts): StatusChangeProblem | undefined {
  if (f.completionStatus !== 'open') {
    return {
      kind: 'closed',
      message: `This activity is ${f.completionStatus}; its status can no longer change.`,
    };
  }
  if (f.from === f.to) {
    return { kind: 'same', message: `The activity is already ${ACTIVITY_STATUS_LABELS[f.to]}.` };
  }
  if (f.to === 'approved' && f.indirectRequest && !f.indirectApproved) {
    return {
      kind: 'indirect',
      message:
        'No requester on this activity is the CCDF Administrator or their staff, so the CCDF Administrator or the Regional Program Manager must approve it first. Give who approved it and their role (CCDF Administrator or RPM).',
    };
  }
  return undefined;
}
