// `/ta log [free text]`: log TA delivered and its summary (R1, R12, R15, R16). Everything the free
// text says is pre-filled — the activity (State and focus words), the dates ("Nov 3-4"), the methods
// ("onsite visit") and a draft summary — so only what is missing is asked. Inferred methods are
// shown in the preview for confirmation; the R15 coaching and its suggested rewrite come with it.
import { ErrorCode, fail, ok as okResult } from '../../src/errors.js';
import { formatNoteDate, type IsoDate } from '../../src/rules/dates.js';
import { DELIVERY_METHOD_LABELS } from '../../src/rules/schemas.js';
import { coachSummary } from '../../src/rules/summary-coaching.js';
import { type SummaryDue, summaryDue, summaryTimeliness } from '../../src/rules/timeliness.js';
import { coachingPeople } from '../../src/services/activity-common.js';
import { addSummary } from '../../src/services/add-summary.js';
import { summarizedDeliveriesOn } from '../../src/services/get-activity.js';
import { deliveryMethods } from '../../src/services/lookups.js';
import { recordDelivery } from '../../src/services/record-delivery.js';
import {
  answerText,
  errorReply,
  type Flow,
  type FlowEnv,
  ok,
  recordDates,
  retry,
  type Step,
  type Values,
} from '../flow.js';
import { spellOutStates } from '../parse/activity-match.js';
import { matchChoice, matchChoices } from '../parse/choice.js';
import { type DateContext, type FoundDate, findDate, formatRange, parseDateAnswer } from '../parse/dates.js';
import { inferMethods } from '../parse/methods.js';
import { asSentence } from '../parse/text.js';
import type { Choice } from '../types.js';
import {
  type ActivityPick,
  activityDetail,
  activityRow,
  activityStep,
  leadingId,
  myOpenActivities,
  presetActivity,
  stateNames,
} from './common.js';
import { textStep } from './steps.js';

const NEW = 'new';

const pick: ActivityPick = {
  filter: (a) => a.trackingOpen,
  question: 'Which activity was the TA for?',
  editorsOnly: 'log TA on it',
  refuse: (a) =>
    a.completionStatus !== 'open'
      ? `TA request #${a.id} is ${a.completionStatus}; TA can only be logged on open activities.`
      : a.tracking.ok
        ? undefined
        : `You cannot log TA on #${a.id} yet. ${a.tracking.message}`,
};

const dateContext = (env: FlowEnv): DateContext => recordDates(env);

const methodLabel = (code: string) => DELIVERY_METHOD_LABELS[code] ?? code;

/** "held a two-day onsite visit with MD on QRIS planning Nov 3-4" → a one-sentence draft summary. */
function draftSummary(
  text: string,
  date: FoundDate | undefined,
  states: Parameters<typeof spellOutStates>[1],
) {
  let t = text;
  if (date) {
    t = `${t.slice(0, date.index)} ${t.slice(date.index + date.text.length)}`;
    t = t.replace(/\s+(?:on|from|between|during)\s*$/i, '');
  }
  t = spellOutStates(t.replace(/\s+/g, ' ').trim(), states).replace(/[,;:]\s*$/, '');
  return t.split(/\s+/).length >= 3 ? asSentence(t) : undefined;
}

function explainDue(d: SummaryDue): string {
  const why =
    d.reason === 'end_of_month'
      ? `end of the month, before the 10th business day on ${formatNoteDate(d.tenthBusinessDay)}`
      : d.reason === 'both'
        ? 'the 10th business day after delivery and the end of the month'
        : `the 10th business day after ${formatNoteDate(d.delivered)}`;
  return `${formatNoteDate(d.due)} (${why})`;
}

function dueLine(env: FlowEnv, end: IsoDate): string {
  const due = summaryDue(env.ctx.calendar, end);
  const t = summaryTimeliness(env.ctx.calendar, due.due, env.today);
  return t === 'overdue'
    ? `Summary was due ${explainDue(due)}; it is late, but log it now all the same.`
    : `Summary due ${explainDue(due)}: writing it today is on time.`;
}

/** "Delivered 05/01/26 (…the most recent 5/1). Summary due …": what was understood, and its due date. */
function deliveredLine(env: FlowEnv, range: { start: IsoDate; end: IsoDate }, lastYear?: boolean): string {
  const year = lastYear ? ' (no year given: the most recent one, since TA delivered is in the past)' : '';
  return `Delivered ${formatRange(range)}${year}. ${dueLine(env, range.end)}`;
}

/** The delivery dates: a new delivery's, or the chosen pending delivery's. */
async function deliveryRange(v: Values, env: FlowEnv): Promise<{ start: IsoDate; end: IsoDate } | undefined> {
  if (v.deliveryId === NEW || v.deliveryId === undefined) {
    return typeof v.start === 'string' && typeof v.end === 'string'
      ? { start: v.start, end: v.end }
      : undefined;
  }
  const pending = await pendingOf(env, Number(v.activityId));
  const d = pending.find((p) => p.deliveryId === Number(v.deliveryId));
  return d ? { start: d.startDate, end: d.endDate } : undefined;
}

async function pendingOf(env: FlowEnv, activityId: number) {
  const mine = await myOpenActivities(env);
  const found = mine.find((a) => a.activityId === activityId);
  if (found) return found.pending;
  const detail = await activityDetail(env, activityId);
  return detail.ok ? detail.value.pendingDeliveries : [];
}

/** R15 coaching of the summary, kept with the answers so the preview can offer the rewrite. */
async function coach(v: Values, env: FlowEnv): Promise<Values> {
  if (typeof v.summary !== 'string') return {};
  const row = await activityRow(env, Number(v.activityId));
  const people = row ? await coachingPeople(env.ctx.db, row) : [];
  let methods = Array.isArray(v.methods) ? (v.methods as string[]) : [];
  if (v.deliveryId !== NEW) {
    const pending = await pendingOf(env, Number(v.activityId));
    methods = pending.find((p) => p.deliveryId === Number(v.deliveryId))?.methods ?? [];
  }
  const c = coachSummary(v.summary, { people, methods: methods.map(methodLabel) });
  return { coachWarnings: c.warnings.map((w) => w.message), coachSuggestion: c.suggestion };
}

const sameText = (a: string, b: string) => {
  const n = (x: string) =>
    x
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return n(a) === n(b);
};

/** A delivery already logged with the same dates, methods and summary: likely the same TA twice. */
async function likelyDuplicate(v: Values, env: FlowEnv) {
  if (v.deliveryId !== NEW || typeof v.summary !== 'string') return undefined;
  if (typeof v.start !== 'string' || typeof v.end !== 'string') return undefined;
  const methods = [...((v.methods as string[] | undefined) ?? [])].sort().join();
  const sameDates = await summarizedDeliveriesOn(env.ctx, Number(v.activityId), v.start, v.end);
  const twin = sameDates.find(
    (d) => [...d.methods].sort().join() === methods && sameText(d.summary, String(v.summary)),
  );
  return twin ? { ...twin, deliveryId: twin.id } : undefined;
}

const SECOND = 'second';

function pendingChoice(p: {
  deliveryId: number;
  startDate: IsoDate;
  endDate: IsoDate;
  methods: string[];
  due: IsoDate;
}): Choice {
  return {
    value: String(p.deliveryId),
    label: `Delivered ${formatRange({ start: p.startDate, end: p.endDate })} (${p.methods.map(methodLabel).join(', ')})`,
    description: `summary due ${formatNoteDate(p.due)}`,
  };
}

const deliveryStep: Step = {
  field: 'deliveryId',
  label: 'Delivery',
  async auto(v, env) {
    const pending = await pendingOf(env, Number(v.activityId));
    if (pending.length === 0) return { set: { deliveryId: NEW } };
    if (typeof v.end === 'string') {
      const same = pending.find((p) => p.endDate === v.end && p.startDate === v.start);
      if (same) {
        return {
          set: { deliveryId: String(same.deliveryId) },
          note: `This is the summary for the delivery of ${formatRange({ start: same.startDate, end: same.endDate })} recorded earlier.`,
        };
      }
      return { set: { deliveryId: NEW } };
    }
    return undefined;
  },
  async prompt(v, env) {
    const pending = await pendingOf(env, Number(v.activityId));
    return {
      kind: 'choice',
      field: 'deliveryId',
      text: 'Is this the summary for TA already recorded, or new TA delivered?',
      choices: [...pending.map(pendingChoice), { value: NEW, label: 'New TA delivered (not recorded yet)' }],
    };
  },
  async accept(answer, v, env, source) {
    const pending = await pendingOf(env, Number(v.activityId));
    const m = matchChoice(
      answerText(answer),
      [...pending.map(pendingChoice), { value: NEW, label: 'New TA delivered (not recorded yet)' }],
      source,
    );
    return m.ok ? ok({ deliveryId: m.value.value }, m.note) : retry(m.error);
  },
  resets: ['dates', 'methods'],
};

const datesStep: Step = {
  field: 'dates',
  label: 'Delivered',
  applies: (v) => v.deliveryId === NEW,
  prompt: () => ({
    kind: 'date',
    field: 'dates',
    text: 'When was the TA delivered? (e.g. "yesterday", "last Tuesday", "11/18", or a range like "Nov 3-4")',
    hint: 'For a multi-day event give the range; the summary is due from its last day (R1).',
  }),
  accept(answer, _v, env) {
    const parsed = parseDateAnswer(answerText(answer), dateContext(env), {
      allowRange: true,
      what: 'delivery date',
    });
    if (!parsed.ok) return retry(parsed.error);
    const { start, end } = parsed.range;
    return ok(
      { dates: formatRange(parsed.range), start, end },
      deliveredLine(env, parsed.range, parsed.lastYear),
    );
  },
};

const methodsStep: Step = {
  field: 'methods',
  label: 'Methods',
  applies: (v) => v.deliveryId === NEW,
  async prompt(v, env) {
    const options = await deliveryMethods(env.ctx);
    const guessed = inferMethods(typeof v.hint === 'string' ? v.hint : '').map((m) => methodLabel(m.code));
    return {
      kind: 'multi_choice',
      field: 'methods',
      text: 'How was it delivered? Pick one or more (R16).',
      choices: options.map((o) => ({ value: o.code, label: o.label })),
      ...(guessed.length ? { defaultValue: guessed } : {}),
      hint: 'Only TA actually delivered, never planning for future activities.',
    };
  },
  async accept(answer, v, env, source) {
    const options = (await deliveryMethods(env.ctx)).map((o) => ({ value: o.code, label: o.label }));
    const text = answerText(answer);
    const guessed = inferMethods(typeof v.hint === 'string' ? v.hint : '').map((m) => m.code);
    let codes: string[];
    if (!text && guessed.length) codes = guessed;
    else {
      const m = matchChoices(Array.isArray(answer) ? answer : text, options, source);
      if (m.ok) codes = m.value.map((c) => c.value);
      else {
        // Words such as "visited, zoom" are read part by part; a part that names no method is
        // reported, never dropped (the rest would be saved without it).
        const parts = text.split(/\s*(?:,|;|\band\b|&|\+)\s*/i).filter(Boolean);
        const unread = parts.filter(
          (p) => !matchChoice(p, options, 'typed').ok && inferMethods(p).length === 0,
        );
        const inferred = inferMethods(text).map((x) => x.code);
        if (!inferred.length || unread.length) {
          return retry(
            unread.length && unread.length < parts.length
              ? `I did not understand ${unread.map((u) => `"${u}"`).join(', ')} as a delivery method. Type the methods again: ${options.map((o) => o.label).join(', ')}.`
              : m.error,
          );
        }
        codes = inferred;
      }
    }
    const set: Values = { methods: codes, methodsInferred: undefined };
    return ok({ ...set, ...(await coach({ ...v, ...set }, env)) });
  },
};

const summaryStep: Step = {
  ...textStep({
    field: 'summary',
    label: 'Summary',
    text: 'Summary of TA delivered: one or two sentences on the TA the State received.',
    hint: 'R15: no future plans or planning; name people by title or role and credit actions to centers; no step-by-step detail; say how it was delivered.',
    defaultValue: (v) => (typeof v.summaryDraft === 'string' ? v.summaryDraft : undefined),
  }),
};
const acceptSummaryText = summaryStep.accept;
summaryStep.accept = async (answer, v, env, source) => {
  const r = await acceptSummaryText(answer, v, env, source);
  if (!r.ok) return r;
  return ok({ ...r.set, ...(await coach({ ...v, ...r.set }, env)) });
};

export const logFlow: Flow = {
  kind: 'dialog',
  name: 'log',
  title: 'log TA delivered and its summary',
  async start(args, env) {
    const { id, rest } = leadingId(args);
    const values: Values = {};
    const answered: string[] = [];
    const messages: string[] = [];
    if (id !== undefined) {
      const refused = await presetActivity(env, id, pick, { values, answered });
      if (refused) return errorReply(refused);
    } else {
      const mine = await myOpenActivities(env);
      if (!mine.some((a) => a.trackingOpen)) {
        return {
          kind: 'reply',
          messages: [
            mine.length
              ? 'None of your open activities is ready for tracking: TA can be logged once the activity is approved and has a final plan (R12). Use /ta plan and /ta status, or type /ta log #<number> for someone else’s activity.'
              : 'You have no open activities. Start one with /ta new, or type /ta log #<number> for an activity you collaborate on.',
          ],
        };
      }
    }
    if (rest) {
      values.hint = rest;
      const dc = dateContext(env);
      const found = findDate(rest, dc);
      if (found && found.end <= env.today && found.start <= found.end) {
        Object.assign(values, { dates: formatRange(found), start: found.start, end: found.end });
        answered.push('dates');
        messages.push(deliveredLine(env, found, found.lastYear));
      } else if (found) {
        messages.push(
          `${formatRange(found)} is in the future (today is ${formatNoteDate(env.today)}), so I did not use it as the delivery date: TA is logged once delivered.`,
        );
      }
      const methods = inferMethods(rest);
      if (methods.length) {
        values.methods = methods.map((m) => m.code);
        values.methodsInferred = methods
          .map((m) => `${methodLabel(m.code)} (from “${m.because}”)`)
          .join(', ');
        answered.push('methods');
      }
      const draft = draftSummary(rest, found, await stateNames(env));
      if (draft) values.summaryDraft = draft;
    }
    return { kind: 'dialog', values, answered, messages };
  },
  steps: [activityStep(pick), deliveryStep, datesStep, methodsStep, summaryStep],
  async preview(v, env) {
    const range = await deliveryRange(v, env);
    const methods =
      v.deliveryId === NEW
        ? (v.methods as string[] | undefined)?.map(methodLabel).join(', ')
        : (await pendingOf(env, Number(v.activityId)))
            .find((p) => p.deliveryId === Number(v.deliveryId))
            ?.methods.map(methodLabel)
            .join(', ');
    const warnings = [...((v.coachWarnings as string[] | undefined) ?? [])];
    if (typeof v.coachSuggestion === 'string') warnings.push(`Suggested rewrite: “${v.coachSuggestion}”`);
    const twin = await likelyDuplicate(v, env);
    if (twin) {
      warnings.unshift(
        `This TA was already logged on ${v.activityLabel}: ${formatRange({ start: twin.startDate, end: twin.endDate })}, the same methods and the same summary. Save it only if it was a second delivery.`,
      );
    }
    return {
      title: 'Log TA delivered',
      fields: [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
        { field: 'dates', label: 'Delivered', value: range ? formatRange(range) : '—' },
        {
          field: 'methods',
          label: 'Methods',
          value: v.methodsInferred
            ? `${methods} — inferred from your words; type edit methods to change`
            : (methods ?? '—'),
        },
        { field: 'summary', label: 'Summary', value: String(v.summary) },
        { field: 'due', label: 'Due', value: range ? dueLine(env, range.end) : '—' },
      ],
      ...(warnings.length ? { warnings } : {}),
    };
  },
  confirmChoices: (v) => [
    ...(typeof v.coachSuggestion === 'string'
      ? [{ value: 'suggested', label: 'Save with the suggested rewrite' }]
      : []),
    ...(v.deliveryId === NEW && v.duplicateAsked === true
      ? [{ value: SECOND, label: 'Save as a second delivery' }]
      : []),
  ],
  async onConfirmChoice(value, v) {
    if (value === 'suggested' && typeof v.coachSuggestion === 'string') {
      return { ok: true, set: { summary: v.coachSuggestion }, commit: true };
    }
    if (value === SECOND && v.deliveryId === NEW) {
      return { ok: true, set: { secondDelivery: true }, commit: true };
    }
    return { ok: false, error: 'Answer yes to save, or pick one of the options.' };
  },
  onCommitError: (error) =>
    error.details?.likelyDuplicateOf !== undefined ? { duplicateAsked: true } : undefined,
  async commit(v, env) {
    const activityId = Number(v.activityId);
    const summary = String(v.summary);
    const actions = [{ id: 'show', label: `Open #${activityId}`, command: `show ${activityId}` }];
    if (v.deliveryId !== NEW) {
      const r = await addSummary(env.ctx, env.actor, { deliveryId: Number(v.deliveryId), summary });
      if (!r.ok) return r;
      return okResult({
        messages: [
          `Saved the summary for ${v.activityLabel}${r.value.late ? ' (after its due date)' : ', on time'}.`,
        ],
        recordId: activityId,
        actions,
      });
    }
    if (typeof v.start !== 'string' || typeof v.end !== 'string') {
      return fail(ErrorCode.InvalidInput, 'The delivery date is missing; type edit dates.');
    }
    const twin = v.secondDelivery === true ? undefined : await likelyDuplicate(v, env);
    if (twin) {
      return fail(
        ErrorCode.InvalidInput,
        `Not saved: this looks like the TA already logged for ${formatRange({ start: twin.startDate, end: twin.endDate })} (same methods and summary). Answer *Save as a second delivery* if it really happened twice, or *cancel*.`,
        { likelyDuplicateOf: twin.deliveryId },
      );
    }
    const r = await recordDelivery(env.ctx, env.actor, {
      activityId,
      startDate: v.start,
      endDate: v.end,
      methods: v.methods,
      summary,
    });
    if (!r.ok) return r;
    const onTime = r.value.timeliness === 'summarized_on_time';
    return okResult({
      messages: [
        `Logged TA delivered ${formatRange({ start: v.start, end: v.end })} on ${v.activityLabel} with its summary — ${onTime ? 'on time' : 'late'} (due ${formatNoteDate(r.value.due.due)}).`,
        ...(r.value.removedNoTaMonth
          ? [`I removed the “no TA in ${r.value.removedNoTaMonth}” mark, since TA was delivered that month.`]
          : []),
      ],
      recordId: activityId,
      actions,
    });
  },
};
