// R19 cancelled vs closed, R20 closing an activity, R21 closing a goal. Pure checks that return
// what is missing, so the services (and dialogs) can tell the user exactly what to do.
import { formatNoteDate, type IsoDate } from './dates.js';

export type CancelCheck = { ok: true } | { ok: false; reason: string };

/** R19: cancelled only when no work was done; any delivery means the activity must be closed. */
export function canCancel(deliveriesCount: number): CancelCheck {
  if (deliveriesCount === 0) return { ok: true };
  return {
    ok: false,
    reason: `TA was already delivered on this activity (${deliveriesCount} ${deliveriesCount === 1 ? 'delivery' : 'deliveries'}), so it cannot be cancelled; close it instead with a completion date and an outcome report.`,
  };
}

// Past-tense verbs of TA work (the Quick Guide's delivery methods and the work around them). A
// response note using one is read as recording work; a false alarm only costs a confirmation.
const WORK_DONE =
  /\b(?:drafted|wrote|written|delivered|provided|held|hosted|met|facilitated|trained|presented|conducted|reviewed|developed|prepared|created|designed|revised|edited|analy[sz]ed|shared|sent|emailed|e-mailed|called|visited|consulted|coached|completed|finished|began|started|worked|led|ran|compiled|researched|gave|produced|built|planned|organized|organised|convened)\b/i;

/** R19: the response notes that record work done (a cancel then needs "no work was done" confirmed). */
export function notesRecordingWork<T extends { text: string }>(notes: readonly T[]): T[] {
  return notes.filter((n) => !/^Cancelled:/.test(n.text) && WORK_DONE.test(n.text));
}

export interface CloseFacts {
  completionDate?: IsoDate | undefined;
  dateOpened: IsoDate;
  outcomeReport?: string | undefined;
  /** The last day of the latest TA delivered, if any: the work cannot be completed before it. */
  lastDeliveryDate?: IsoDate | undefined;
  /** Deliveries still without a summary (their end dates, to name them). */
  unsummarizedDeliveries: readonly { endDate: IsoDate }[];
  /** Requesters were asked for feedback (now or before). */
  feedbackRequested: boolean;
}

/** R20: what is missing before the activity can be closed; empty when it can. */
export function closeChecklist(f: CloseFacts): string[] {
  const missing: string[] = [];
  if (!f.completionDate) missing.push('a completion date (the date work on the activity was completed)');
  else if (f.completionDate < f.dateOpened)
    missing.push(
      `a completion date on or after the date opened (${formatNoteDate(f.dateOpened)}); ${formatNoteDate(f.completionDate)} is earlier`,
    );
  else if (f.lastDeliveryDate && f.completionDate < f.lastDeliveryDate)
    missing.push(
      `a completion date on or after the last day of TA delivered (${formatNoteDate(f.lastDeliveryDate)}); ${formatNoteDate(f.completionDate)} is earlier`,
    );
  if (!f.outcomeReport?.trim())
    missing.push('an outcome report (what the State or Territory achieved as a result of the TA)');
  if (f.unsummarizedDeliveries.length > 0) {
    const dates = f.unsummarizedDeliveries.map((d) => formatNoteDate(d.endDate)).join(', ');
    missing.push(`a summary of TA delivered for every delivery (missing for ${dates})`);
  }
  if (!f.feedbackRequested) missing.push('an ask for requester feedback (confirm you asked the requesters)');
  return missing;
}

export interface GoalCloseFacts {
  goalStatus: 'open' | 'closed';
  actorIsAdmin: boolean;
  note?: string | undefined;
  /** Activities under the goal that are still open. */
  openActivities: readonly { id: number; focus: string }[];
}

/** R21: a goal closes only when all its activities are closed or cancelled, by an admin, with a note. */
export function goalCloseProblems(f: GoalCloseFacts): string[] {
  const problems: string[] = [];
  if (f.goalStatus === 'closed') problems.push('the goal is already closed');
  if (!f.actorIsAdmin) problems.push('only a TAT administrator can close a goal; ask one to close it');
  if (!f.note?.trim()) problems.push('an explanatory note saying why the goal is being closed');
  if (f.openActivities.length > 0) {
    const list = f.openActivities.map((a) => `#${a.id} (${a.focus})`).join(', ');
    problems.push(`every TA activity under the goal must be closed or cancelled first; still open: ${list}`);
  }
  return problems;
}
