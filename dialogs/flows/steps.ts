// Step builders for the common prompt kinds: a choice, free text (with a default or skippable),
// and yes/no. Each validates its answer and says what is wrong when it is not accepted.
import { TEXT_LIMITS, tooLongMessage } from '../../src/rules/text-limits.js';
import { type Answer, answerText, type FlowEnv, ok, retry, type Step, type Values } from '../flow.js';
import { matchChoice, parseYesNo } from '../parse/choice.js';
import type { Choice, Prompt } from '../types.js';

export interface ChoiceStepOptions {
  field: string;
  label: string;
  text: string | ((v: Values) => string);
  choices: (v: Values, env: FlowEnv) => Promise<Choice[]> | Choice[];
  hint?: string;
  /** Extra values set with the chosen one (e.g. a goal's category). */
  also?: (choice: Choice, v: Values) => Values;
  applies?: Step['applies'];
  resets?: string[];
  /** Answer automatically when there is exactly one choice. */
  autoSingle?: boolean;
  defaultValue?: (v: Values) => string | undefined;
}

export function choiceStep(o: ChoiceStepOptions): Step {
  const step: Step = {
    field: o.field,
    label: o.label,
    async prompt(v, env): Promise<Prompt> {
      const def = o.defaultValue?.(v);
      return {
        kind: 'choice',
        field: o.field,
        text: typeof o.text === 'function' ? o.text(v) : o.text,
        choices: await o.choices(v, env),
        ...(def ? { defaultValue: def } : {}),
        ...(o.hint ? { hint: o.hint } : {}),
      };
    },
    async accept(answer, v, env, source) {
      const choices = await o.choices(v, env);
      let text = answerText(answer);
      if (!text) {
        const def = o.defaultValue?.(v);
        if (def) text = def;
      }
      // The default stands in for an empty answer as a value, never as a position.
      const m = matchChoice(text, choices, answerText(answer) ? source : 'picked');
      if (!m.ok) return retry(m.error);
      return ok({ [o.field]: m.value.value, ...(o.also?.(m.value, v) ?? {}) }, m.note);
    },
  };
  if (o.applies) step.applies = o.applies;
  if (o.resets) step.resets = o.resets;
  if (o.autoSingle) {
    step.auto = async (v, env) => {
      const choices = await o.choices(v, env);
      if (choices.length !== 1) return undefined;
      const only = choices[0]!;
      return {
        set: { [o.field]: only.value, ...(o.also?.(only, v) ?? {}) },
        note: `${o.label}: ${only.label} (the only one).`,
      };
    };
  }
  return step;
}

export interface TextStepOptions {
  field: string;
  label: string;
  text: string | ((v: Values) => string);
  hint?: string;
  optional?: boolean;
  applies?: Step['applies'];
  /** Pre-filled answer, accepted with an empty line or "ok". */
  defaultValue?: (v: Values, env: FlowEnv) => string | undefined | Promise<string | undefined>;
  /** Validates the text; returns an error message or undefined. */
  check?: (text: string, v: Values, env: FlowEnv) => string | undefined | Promise<string | undefined>;
  /** Turns the accepted text into values (default: `{[field]: text}`). */
  toValues?: (text: string | undefined) => Values;
  /** Longest text accepted (default: by field, see maxLengthOf; the services' schemas agree). */
  maxLength?: number;
}

// Fields whose limit is not the long-text one (src/rules/text-limits.ts).
const FIELD_MAX: Record<string, number> = {
  fromName: TEXT_LIMITS.short,
  fromTitle: TEXT_LIMITS.short,
  newRequesterApproval: TEXT_LIMITS.short,
  newRequesterName: TEXT_LIMITS.medium,
  otherFocusNotes: TEXT_LIMITS.medium,
  reason: TEXT_LIMITS.medium,
};

export const maxLengthOf = (field: string): number => FIELD_MAX[field] ?? TEXT_LIMITS.long;

const ACCEPT_DEFAULT = new Set(['', 'ok', 'okay', 'yes', 'y', 'keep', 'use it', 'same']);
const SKIP = new Set(['', 'skip', 'none', 'no', 'n/a', '-']);

/** Asked again (back, edit), the answer already given is the default: an empty answer keeps it. */
async function currentOrDefault(o: TextStepOptions, v: Values, env: FlowEnv): Promise<string | undefined> {
  const current = v[o.field];
  if (typeof current === 'string' && current.trim() && !o.toValues) return current;
  return o.defaultValue?.(v, env);
}

export function textStep(o: TextStepOptions): Step {
  const step: Step = {
    field: o.field,
    label: o.label,
    async prompt(v, env) {
      const def = await currentOrDefault(o, v, env);
      return {
        kind: 'text',
        field: o.field,
        text: typeof o.text === 'function' ? o.text(v) : o.text,
        ...(def ? { defaultValue: def } : {}),
        ...(o.optional ? { optional: true } : {}),
        ...(o.hint ? { hint: o.hint } : {}),
      };
    },
    async accept(answer: Answer, v, env) {
      let text = answerText(answer);
      const def = await currentOrDefault(o, v, env);
      if (def && ACCEPT_DEFAULT.has(text.toLowerCase())) text = def;
      if (o.optional && SKIP.has(text.toLowerCase())) {
        return ok(o.toValues ? o.toValues(undefined) : { [o.field]: undefined });
      }
      if (!text) return retry(`Please type the ${o.label.toLowerCase()}${o.optional ? ', or skip' : ''}.`);
      // Refused before it is kept in the dialog: asked again, the text stays in the user's chat/box.
      const max = o.maxLength ?? maxLengthOf(o.field);
      if (text.length > max) return retry(tooLongMessage(o.label, max, text.length));
      const problem = await o.check?.(text, v, env);
      if (problem) return retry(problem);
      return ok(o.toValues ? o.toValues(text) : { [o.field]: text });
    },
  };
  if (o.applies) step.applies = o.applies;
  return step;
}

export function yesNoStep(o: {
  field: string;
  label: string;
  text: string;
  hint?: string;
  applies?: Step['applies'];
}): Step {
  const step: Step = {
    field: o.field,
    label: o.label,
    prompt: () => ({
      kind: 'confirm',
      field: o.field,
      text: o.text,
      choices: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
      ...(o.hint ? { hint: o.hint } : {}),
    }),
    accept(answer) {
      const text = answerText(answer);
      const yes = parseYesNo(text) ?? (text === '1' ? true : text === '2' ? false : undefined);
      return yes === undefined ? retry('Please answer yes or no.') : ok({ [o.field]: yes });
    },
  };
  if (o.applies) step.applies = o.applies;
  return step;
}
