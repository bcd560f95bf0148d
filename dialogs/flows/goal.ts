// `/ta goal new|area|note|close` (R21): the State Systems Specialist enters and updates the goals of
// their States (new goal, strategic area, dated update note); only an admin closes a goal, with a note,
// once every activity under it is closed or cancelled. The services check permissions (R25).
import { ok as okResult, type Result } from '../../src/errors.js';
import { formatNoteDate } from '../../src/rules/dates.js';
import { addGoalNote } from '../../src/services/add-goal-note.js';
import { addStrategicArea } from '../../src/services/add-strategic-area.js';
import { closeGoal } from '../../src/services/close-goal.js';
import { createGoal } from '../../src/services/create-goal.js';
import { listGoalCategories, staffStates, strategicAreaOptions } from '../../src/services/lookups.js';
import {
  answerText,
  errorReply,
  type Flow,
  type FlowEnv,
  type Outcome,
  ok,
  recordDates,
  retry,
  type Step,
  type Values,
} from '../flow.js';
import { parseDateAnswer } from '../parse/dates.js';
import type { Choice } from '../types.js';
import { goalStep, leadingGoalId } from './goal-pick.js';
import { choiceStep, textStep } from './steps.js';

const ACTIONS = ['new', 'area', 'note', 'close'] as const;
type GoalAction = (typeof ACTIONS)[number];
const is = (a: GoalAction) => (v: Values) => v.action === a;
const USAGE =
  'Use /ta goal new [State], /ta goal area [#goal], /ta goal note [#goal] [text] or /ta goal close [#goal] (R21).';

const categoryChoices = async (env: FlowEnv): Promise<Choice[]> =>
  env.memo('categories', async () =>
    (await listGoalCategories(env.ctx)).map((c) => ({ value: c.code, label: c.name })),
  );

const areaChoices = async (v: Values, env: FlowEnv): Promise<Choice[]> =>
  (await strategicAreaOptions(env.ctx, String(v.categoryCode))).map((name) => ({ value: name, label: name }));

const stateStep: Step = {
  field: 'stateCode',
  label: 'State',
  applies: is('new'),
  async prompt(_v, env) {
    const mine = await staffStates(env.ctx, env.me.id);
    return {
      kind: 'choice',
      field: 'stateCode',
      text: 'Which State or Territory is the goal for?',
      choices: mine.map((s) => ({ value: s.code, label: `${s.name} (${s.code})` })),
    };
  },
  accept(answer) {
    const code = answerText(answer).toUpperCase();
    return /^[A-Z]{2}$/.test(code)
      ? ok({ stateCode: code })
      : retry('Give the two-letter State code, e.g. MD.');
  },
};

const startDateStep: Step = {
  field: 'startDate',
  label: 'Start date',
  applies: is('new'),
  prompt: () => ({
    kind: 'date',
    field: 'startDate',
    text: 'When did the goal start?',
    defaultValue: 'today',
  }),
  accept(answer, _v, env) {
    const parsed = parseDateAnswer(answerText(answer) || 'today', recordDates(env), {
      allowRange: false,
      what: 'start date',
    });
    return parsed.ok ? ok({ startDate: parsed.range.start }) : retry(parsed.error);
  },
};

const areaStep = (applies: Step['applies']) =>
  choiceStep({
    field: 'area',
    label: 'Strategic area',
    applies,
    text: 'Which strategic area (from the category’s standard list)?',
    choices: areaChoices,
  });

const areaNotesStep = (applies: Step['applies']) =>
  textStep({
    field: 'areaNotes',
    label: 'Strategic area notes',
    applies,
    optional: true,
    text: (v) =>
      v.area === 'Other' ? 'What does "Other" cover? (required)' : 'Notes on the strategic area (or skip)?',
    check: () => undefined,
  });

export const goalFlow: Flow = {
  kind: 'dialog',
  name: 'goal',
  title: 'enter or update a State goal (R21)',
  async start(args, env) {
    const [word = '', ...restWords] = args.trim().split(/\s+/);
    const action = word.toLowerCase() as GoalAction;
    if (!ACTIONS.includes(action)) return errorReply(USAGE);
    if (action === 'close' && env.me.role !== 'admin')
      return errorReply(
        'Only a TAT administrator can close a goal (R21). Send the administrator the State, the goal and why it should be closed.',
      );
    if (action !== 'close' && env.me.role === 'provider')
      return errorReply(
        "Only the State Systems Specialist of the State (or a TAT administrator) enters and updates its goals (R21). Ask your State's specialist.",
      );
    const rest = restWords.join(' ');
    const values: Values = { action };
    const answered: string[] = [];
    if (action === 'new' && /^[A-Za-z]{2}$/.test(rest)) {
      values.stateCode = rest.toUpperCase();
      answered.push('stateCode');
    } else if (action !== 'new') {
      const lead = leadingGoalId(rest);
      if (lead.id !== undefined) {
        const accepted = await goalStep('').accept(String(lead.id), values, env, 'picked');
        if (!accepted.ok) return errorReply(accepted.error);
        Object.assign(values, accepted.set);
        answered.push('goalId');
        if (action === 'note' && lead.rest) {
          values.text = lead.rest;
          answered.push('text');
        }
      }
    }
    return { kind: 'dialog', values, answered };
  },
  steps: [
    stateStep,
    choiceStep({
      field: 'categoryCode',
      label: 'Category',
      applies: is('new'),
      text: 'Goal category?',
      choices: (_v, env) => categoryChoices(env),
      resets: ['area', 'relatedCategoryCode'],
    }),
    choiceStep({
      field: 'relatedCategoryCode',
      label: 'Related category',
      applies: is('new'),
      text: 'Related goal category (optional, different from the main one)?',
      choices: async (v, env) => [
        { value: 'none', label: 'None' },
        ...(await categoryChoices(env)).filter((c) => c.value !== v.categoryCode),
      ],
    }),
    textStep({
      field: 'title',
      label: 'Goal',
      applies: is('new'),
      text: 'The goal, as agreed with the State (title/description)?',
    }),
    choiceStep({
      field: 'readiness',
      label: 'Readiness',
      applies: is('new'),
      text: 'How ready is the State?',
      choices: () => [
        { value: 'least', label: 'Least ready' },
        { value: 'somewhat', label: 'Somewhat ready' },
        { value: 'most', label: 'Most ready' },
      ],
    }),
    startDateStep,
    goalStep('Which goal?', (v) => v.action !== 'new'),
    areaStep((v) => v.action === 'new' || v.action === 'area'),
    areaNotesStep((v) => v.action === 'new' || v.action === 'area'),
    textStep({
      field: 'text',
      label: 'Update note',
      applies: is('note'),
      text: 'The update note (dated today, R14)?',
    }),
    textStep({
      field: 'closeNote',
      label: 'Completion note',
      applies: is('close'),
      text: 'Why is the goal being closed? (the explanatory completion note, R21)',
    }),
  ],
  async preview(v, env) {
    const f = (field: string, label: string, value: unknown) => ({
      field,
      label,
      value: String(value ?? '—'),
    });
    const area = f('area', 'Strategic area', v.areaNotes ? `${v.area} — ${v.areaNotes}` : v.area);
    switch (v.action as GoalAction) {
      case 'new':
        return {
          title: `New goal for ${v.stateCode}`,
          fields: [
            f('stateCode', 'State', v.stateCode),
            f('categoryCode', 'Category', v.categoryCode),
            f('relatedCategoryCode', 'Related category', v.relatedCategoryCode),
            f('title', 'Goal', v.title),
            f('readiness', 'Readiness', v.readiness),
            f('startDate', 'Start date', formatNoteDate(String(v.startDate))),
            area,
          ],
        };
      case 'area':
        return { title: 'Add a strategic area', fields: [f('goalId', 'Goal', v.goalLabel), area] };
      case 'note':
        return {
          title: 'Goal update note',
          fields: [
            f('goalId', 'Goal', v.goalLabel),
            f('text', 'Update note', `${formatNoteDate(env.today)}: ${v.text}`),
          ],
        };
      default:
        return {
          title: 'Close the goal',
          fields: [
            f('goalId', 'Goal', v.goalLabel),
            f('closeNote', 'Completion note', `${formatNoteDate(env.today)}: ${v.closeNote}`),
          ],
        };
    }
  },
  async commit(v, env): Promise<Result<Outcome>> {
    const area = v.area
      ? [{ name: String(v.area), ...(v.areaNotes ? { notes: String(v.areaNotes) } : {}) }]
      : [];
    switch (v.action as GoalAction) {
      case 'new': {
        const r = await createGoal(env.ctx, env.actor, {
          stateCode: v.stateCode,
          categoryCode: v.categoryCode,
          ...(v.relatedCategoryCode && v.relatedCategoryCode !== 'none'
            ? { relatedCategoryCode: v.relatedCategoryCode }
            : {}),
          title: v.title,
          readiness: v.readiness,
          startDate: v.startDate,
          strategicAreas: area,
        });
        if (!r.ok) return r;
        const others = r.value.otherOpenGoalsInCategory;
        return okResult({
          messages: [
            `Saved goal #${r.value.goal.id} for ${v.stateCode}. Activities can now be opened under it with /ta new.`,
            ...(others.length
              ? [`${v.stateCode} also has open goal(s) in this category: #${others.join(', #')}.`]
              : []),
          ],
          recordId: r.value.goal.id,
        });
      }
      case 'area': {
        const r = await addStrategicArea(env.ctx, env.actor, { goalId: v.goalId, ...area[0] });
        if (!r.ok) return r;
        return okResult({
          messages: [`Added "${r.value.name}" to ${v.goalLabel}.`],
          recordId: Number(v.goalId),
        });
      }
      case 'note': {
        const r = await addGoalNote(env.ctx, env.actor, { goalId: v.goalId, text: v.text });
        if (!r.ok) return r;
        return okResult({
          messages: [`Added the note to ${v.goalLabel} (${formatNoteDate(r.value.noteDate)}).`],
          recordId: Number(v.goalId),
        });
      }
      default: {
        const r = await closeGoal(env.ctx, env.actor, { goalId: v.goalId, note: v.closeNote });
        if (!r.ok) return r;
        return okResult({ messages: [`Closed ${v.goalLabel}.`], recordId: Number(v.goalId) });
      }
    }
  },
};
