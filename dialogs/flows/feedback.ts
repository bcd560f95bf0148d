// `/ta feedback [#] [text]`: record requester feedback staff received by e-mail or phone (R17): who
// gave it (one of the activity's requesters, or someone else with their full name and title or
// role), the feedback, and its date (default today). Closed activities still take it (late feedback).
import { ok as okResult } from '../../src/errors.js';
import { formatNoteDate } from '../../src/rules/dates.js';
import { addFeedback } from '../../src/services/add-feedback.js';
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
import { parseDateAnswer } from '../parse/dates.js';
import type { Choice } from '../types.js';
import { type ActivityPick, activityDetail, activityStep, startOnActivity } from './common.js';
import { choiceStep, textStep } from './steps.js';

const SOMEONE_ELSE = 'other';

const pick: ActivityPick = {
  filter: (a) => a.trackingOpen,
  question: 'Which activity is the feedback about?',
  editorsOnly: 'record feedback on it',
  refuse: (a) =>
    a.completionStatus === 'cancelled'
      ? `TA request #${a.id} is cancelled: no TA was delivered, so it takes no feedback.`
      : a.tracking.ok
        ? undefined
        : `You cannot add feedback on #${a.id} yet. ${a.tracking.message}`,
};

const activity: Step = { ...activityStep(pick), resets: ['from', 'fromName', 'fromTitle'] };

async function requesterChoices(v: Values, env: FlowEnv): Promise<Choice[]> {
  const d = await activityDetail(env, Number(v.activityId));
  const people = d.ok ? d.value.requesters : [];
  return [
    ...people.map((p) => ({ value: String(p.id), label: p.name, description: p.title })),
    { value: SOMEONE_ELSE, label: 'Someone else', description: 'you type their name and title or role' },
  ];
}

const isSomeoneElse = (v: Values) => v.from === SOMEONE_ELSE;

/** Who gave the feedback: the chosen requester's record, or the name and title typed. */
async function giver(v: Values, env: FlowEnv): Promise<{ fromName: string; fromTitle: string } | undefined> {
  if (isSomeoneElse(v)) return { fromName: String(v.fromName), fromTitle: String(v.fromTitle) };
  const d = await activityDetail(env, Number(v.activityId));
  const p = d.ok ? d.value.requesters.find((r) => String(r.id) === v.from) : undefined;
  return p ? { fromName: p.name, fromTitle: p.title } : undefined;
}

const noteDateStep: Step = {
  field: 'noteDate',
  label: 'Date',
  prompt: (_v, env) => ({
    kind: 'date',
    field: 'noteDate',
    text: 'When was the feedback given?',
    defaultValue: formatNoteDate(env.today),
    hint: 'e.g. "today", "yesterday", "last Tuesday" or "11/18".',
  }),
  accept(answer, _v, env) {
    const text = answerText(answer) || 'today';
    const parsed = parseDateAnswer(text, recordDates(env), { allowRange: false, what: 'feedback date' });
    return parsed.ok ? ok({ noteDate: parsed.range.start }) : retry(parsed.error);
  },
};

export const feedbackFlow: Flow = {
  kind: 'dialog',
  name: 'feedback',
  title: 'record requester feedback',
  async start(args, env) {
    // "/ta feedback 12 The sessions helped us plan" is the feedback itself.
    return startOnActivity(args, env, pick, (rest, into) => {
      if (!rest) return;
      into.values.text = rest;
      into.answered.push('text');
    });
  },
  steps: [
    activity,
    choiceStep({
      field: 'from',
      label: 'Given by',
      text: 'Who gave the feedback?',
      choices: requesterChoices,
      hint: 'R17: feedback is attributed with the full name and title or role.',
      resets: ['fromName', 'fromTitle'],
    }),
    textStep({
      field: 'fromName',
      label: 'Name',
      applies: isSomeoneElse,
      text: 'Their full name (first and last)?',
      check: (text) =>
        text.split(/\s+/).length >= 2
          ? undefined
          : `"${text}" is not a full name. Type their first and last name (R17), e.g. "Pat Rivera".`,
    }),
    textStep({
      field: 'fromTitle',
      label: 'Title or role',
      applies: isSomeoneElse,
      text: 'Their title or role, e.g. "Licensing Supervisor"?',
    }),
    textStep({
      field: 'text',
      label: 'Feedback',
      text: 'The feedback, as they gave it:',
      hint: 'Requester feedback only; event evaluations and outcomes do not go here (R17).',
    }),
    noteDateStep,
  ],
  async preview(v, env) {
    const who = await giver(v, env);
    return {
      title: 'Requester feedback',
      fields: [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
        { field: 'from', label: 'Given by', value: who ? `${who.fromName}, ${who.fromTitle}` : '—' },
        { field: 'text', label: 'Feedback', value: `${formatNoteDate(String(v.noteDate))}: ${v.text}` },
      ],
    };
  },
  async commit(v, env) {
    const who = await giver(v, env);
    const r = await addFeedback(env.ctx, env.actor, {
      activityId: Number(v.activityId),
      ...(who ?? {}),
      text: v.text,
      noteDate: v.noteDate,
    });
    if (!r.ok) return r;
    return okResult({
      messages: [
        `Saved the feedback from ${who?.fromName} on ${v.activityLabel} (${formatNoteDate(r.value.noteDate)}).`,
      ],
      recordId: Number(v.activityId),
    });
  },
};
