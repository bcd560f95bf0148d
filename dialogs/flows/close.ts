// `/ta close [#]`: close an activity with the R20 checklist (completion date, outcome report, every
// delivery summarized, requester feedback asked), or cancel it — offered only when no TA was
// delivered (R19). What is still missing is shown in the preview before anything is saved.
import { ok as okResult } from '../../src/errors.js';
import { canCancel, closeChecklist } from '../../src/rules/completion.js';
import { formatNoteDate } from '../../src/rules/dates.js';
import { addResponseNote } from '../../src/services/add-response-note.js';
import { cancelActivity } from '../../src/services/cancel-activity.js';
import { closeActivity } from '../../src/services/close-activity.js';
import type { ActivityDetail } from '../../src/services/get-activity.js';
import { activityRole } from '../../src/services/permissions.js';
import { recordFeedbackRequest } from '../../src/services/request-feedback.js';
import { allOrNothing } from '../../src/services/transaction.js';
import {
  answerText,
  type Flow,
  type FlowEnv,
  ok,
  recordDates,
  retry,
  type Step,
  type Values,
} from '../flow.js';
import { parseYesNo } from '../parse/choice.js';
import { parseDateAnswer } from '../parse/dates.js';
import { sendFeedbackAsk } from './ask-feedback.js';
import { noWorkStep } from './close-no-work.js';
import { type ActivityPick, activityDetail, activityStep, startOnActivity } from './common.js';
import { choiceStep, textStep } from './steps.js';

const pick: ActivityPick = {
  question: 'Which activity do you want to close?',
  refuse: (a) =>
    a.completionStatus === 'open' ? undefined : `TA request #${a.id} is already ${a.completionStatus}.`,
};

async function detailOf(env: FlowEnv, v: Values): Promise<ActivityDetail | undefined> {
  const d = await activityDetail(env, Number(v.activityId));
  return d.ok ? d.value : undefined;
}

const modeStep: Step = {
  ...choiceStep({
    field: 'mode',
    label: 'Close or cancel',
    text: 'Close the activity (work was done) or cancel it (the requester no longer wants TA and no work was done)?',
    choices: () => [
      // Not labelled "Cancel": typing cancel stops the dialog itself.
      { value: 'close', label: 'Close it', description: 'TA was delivered or work was done' },
      { value: 'cancel', label: 'Mark it cancelled', description: 'no longer wanted, no work done (R19)' },
    ],
    resets: ['completionDate', 'outcomeReport', 'feedbackRequested', 'closingNote', 'reason'],
  }),
  async auto(v, env) {
    const d = await detailOf(env, v);
    if (!d || canCancel(d.deliveries.length).ok) return undefined;
    return {
      set: { mode: 'close' },
      note: `TA was already delivered on this activity, so it is closed, not cancelled (R19).`,
    };
  },
};
const acceptMode = modeStep.accept;
modeStep.accept = async (answer, v, env, source) => {
  const r = await acceptMode(answer, v, env, source);
  if (r.ok && r.set.mode === 'cancel') {
    const d = await detailOf(env, v);
    const check = canCancel(d?.deliveries.length ?? 0);
    if (!check.ok) return retry(check.reason);
  }
  return r;
};

const isClose = (v: Values) => v.mode === 'close';

const completionDateStep: Step = {
  field: 'completionDate',
  label: 'Completion date',
  applies: isClose,
  prompt: (_v, env) => ({
    kind: 'date',
    field: 'completionDate',
    text: 'Completion date: when was the work completed?',
    defaultValue: formatNoteDate(env.today),
  }),
  accept(answer, _v, env) {
    const text = answerText(answer) || 'today';
    const parsed = parseDateAnswer(text, recordDates(env), {
      allowRange: false,
      what: 'completion date',
    });
    return parsed.ok ? ok({ completionDate: parsed.range.start }) : retry(parsed.error);
  },
};

const outcomeStep = textStep({
  field: 'outcomeReport',
  label: 'Outcome report',
  applies: isClose,
  text: 'Outcome report: what did the State or Territory achieve as a result of the TA?',
  defaultValue: async (v, env) => (await detailOf(env, v))?.activity.outcomeReport ?? undefined,
});

const ASK_NOW = 'ask';

/** R20: the ask for requester feedback, offered here: already asked, ask them now, or not yet. */
const feedbackStep: Step = {
  field: 'feedbackRequested',
  label: 'Feedback asked',
  applies: isClose,
  prompt: (v) => ({
    kind: 'confirm',
    field: 'feedbackRequested',
    text: `Did you ask the requesters for feedback? (R20: closing needs an ask for requester feedback.) Answer yes, no, or *ask them now* and I ask them as the activity is closed (\`/ta ask-feedback ${v.activityId}\` asks them at once).`,
    choices: [
      { value: 'yes', label: 'Yes, I asked them' },
      { value: ASK_NOW, label: 'Ask them now' },
      { value: 'no', label: 'Not yet' },
    ],
  }),
  accept(answer) {
    const text = answerText(answer).toLowerCase();
    if (text === ASK_NOW || /^ask(?: them)?(?: now)?$/.test(text) || text === '2') {
      return ok({ feedbackRequested: true, askFeedbackNow: true });
    }
    const yes = parseYesNo(text) ?? (text === '1' ? true : text === '3' ? false : undefined);
    return yes === undefined
      ? retry('Please answer yes or no, or "ask them now".')
      : ok({ feedbackRequested: yes, askFeedbackNow: false });
  },
  async auto(v, env) {
    const d = await detailOf(env, v);
    if (d && (d.activity.feedbackRequestedAt !== null || d.feedback.length > 0)) {
      return { set: { feedbackRequested: true, askFeedbackNow: false } };
    }
    return undefined;
  },
};

/** The Quick Guide's closing note: the activity's status and why it is closed, as a response note. */
const closingNoteStep = textStep({
  field: 'closingNote',
  label: 'Closing note',
  applies: isClose,
  optional: true,
  text: 'Closing note (saved as a response note): the status of the activity and why it is being closed. Type *skip* for none.',
});

// Specialists may close but not write response notes (R18, R25): say so at this question, not at Save.
const acceptClosingNote = closingNoteStep.accept;
closingNoteStep.accept = async (answer, v, env, source) => {
  const r = await acceptClosingNote(answer, v, env, source);
  if (!r.ok || typeof r.set.closingNote !== 'string') return r;
  const d = await detailOf(env, v);
  if (d && (await activityRole(env.ctx.db, env.me, d.activity)) === 'specialist')
    return retry(
      'Closing notes are saved as response notes, which the primary and collaborating staff write (R18). Type *skip*, and send your note to the primary staff.',
    );
  return r;
};

const reasonStep = textStep({
  field: 'reason',
  label: 'Reason',
  applies: (v) => v.mode === 'cancel',
  optional: true,
  text: 'Why is it cancelled? (optional; saved as a response note)',
});

export const closeFlow: Flow = {
  kind: 'dialog',
  name: 'close',
  title: 'close or cancel an activity',
  start: (args, env) => startOnActivity(args, env, pick),
  steps: [
    activityStep(pick),
    modeStep,
    completionDateStep,
    outcomeStep,
    feedbackStep,
    closingNoteStep,
    noWorkStep,
    reasonStep,
  ],
  async preview(v, env) {
    const d = await detailOf(env, v);
    if (v.mode === 'cancel') {
      return {
        title: 'Cancel activity',
        fields: [
          { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
          { field: 'reason', label: 'Reason', value: typeof v.reason === 'string' ? v.reason : '—' },
        ],
      };
    }
    const missing = d
      ? closeChecklist({
          completionDate: v.completionDate as string | undefined,
          dateOpened: d.activity.dateOpened,
          lastDeliveryDate: d.deliveries.at(-1)?.endDate,
          outcomeReport: v.outcomeReport as string | undefined,
          unsummarizedDeliveries: d.pendingDeliveries,
          feedbackRequested: v.feedbackRequested === true,
        })
      : [];
    return {
      title: 'Close activity',
      fields: [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
        {
          field: 'completionDate',
          label: 'Completion date',
          value: formatNoteDate(String(v.completionDate)),
        },
        { field: 'outcomeReport', label: 'Outcome report', value: String(v.outcomeReport) },
        {
          field: 'feedbackRequested',
          label: 'Feedback asked',
          value: v.askFeedbackNow ? 'not yet: asked now, with the close' : v.feedbackRequested ? 'yes' : 'no',
        },
        {
          field: 'closingNote',
          label: 'Closing note',
          value: typeof v.closingNote === 'string' ? v.closingNote : '—',
        },
      ],
      ...(missing.length ? { warnings: missing.map((m) => `Still needed: ${m}`) } : {}),
    };
  },
  async commit(v, env) {
    const activityId = Number(v.activityId);
    if (v.mode === 'cancel') {
      const r = await cancelActivity(env.ctx, env.actor, {
        activityId,
        ...(typeof v.reason === 'string' ? { reason: v.reason } : {}),
        ...(v.noWorkConfirmed === true ? { noWorkConfirmed: true } : {}),
      });
      if (!r.ok) return r;
      return okResult({ messages: [`Cancelled ${v.activityLabel}.`], recordId: activityId });
    }
    // The ask, the closing note and the close are saved together or not at all.
    const r = await allOrNothing(env.ctx, async (ctx) => {
      const asked =
        v.askFeedbackNow === true ? await recordFeedbackRequest(ctx, env.actor, { activityId }) : undefined;
      if (asked && !asked.ok) return asked;
      if (typeof v.closingNote === 'string') {
        const note = await addResponseNote(ctx, env.actor, { activityId, text: v.closingNote });
        if (!note.ok) return note;
      }
      const closed = await closeActivity(ctx, env.actor, {
        activityId,
        completionDate: v.completionDate,
        outcomeReport: v.outcomeReport,
        feedbackRequested: v.feedbackRequested === true,
      });
      return closed.ok ? okResult({ closed: closed.value, asked: asked?.value }) : closed;
    });
    if (!r.ok) return r;
    const messages = [
      `Closed ${v.activityLabel} on ${formatNoteDate(r.value.closed.completionDate)}${typeof v.closingNote === 'string' ? ', with the closing note' : ''}. Late requester feedback can still be added.`,
    ];
    const asked = r.value.asked;
    if (asked) {
      messages.push(...(await sendFeedbackAsk(activityId, asked.requesters, asked.alreadyRequested, env)));
    }
    return okResult({ messages, recordId: activityId });
  },
};
