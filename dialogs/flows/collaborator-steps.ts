// R9 other collaborators (consultants, the Regional Office, a university…) and their details: the
// optional questions of `/ta new` and the fields `/ta edit` changes. "none" clears the list; "Other"
// needs details naming the person or organization.
import { otherCollaboratorOptions } from '../../src/services/lookups.js';
import { answerText, type FlowEnv, ok, retry, type Step, type Values } from '../flow.js';
import { matchChoices } from '../parse/choice.js';
import type { Choice } from '../types.js';

const NONE = new Set(['', 'none', 'no', 'skip', '-', 'n/a']);

const optionChoices = (env: FlowEnv): Promise<Choice[]> =>
  env.memo('other-collaborator-options', async () =>
    (await otherCollaboratorOptions(env.ctx)).map((o) => ({ value: o.code, label: o.label })),
  );

export interface OtherCollaboratorsOptions {
  applies?: Step['applies'];
  /** The current codes (for `/ta edit`): shown as the default, kept on an empty answer. */
  current?: (v: Values, env: FlowEnv) => Promise<string[] | undefined>;
}

/** The other collaborators, as codes in `otherCollaborators` and labels in `otherCollaboratorsLabel`. */
export function otherCollaboratorsStep(o: OtherCollaboratorsOptions = {}): Step {
  const step: Step = {
    field: 'otherCollaborators',
    label: 'Other collaborators',
    async prompt(v, env) {
      const current = await o.current?.(v, env);
      return {
        kind: 'multi_choice',
        field: 'otherCollaborators',
        text: 'Other collaborators (R9)? Pick any that work on this TA with you — or "none".',
        choices: await optionChoices(env),
        optional: true,
        ...(current?.length ? { defaultValue: current } : {}),
        hint: 'Numbers or names, separated by commas. Their details (names, organization) come next.',
      };
    },
    async accept(answer, v, env, source) {
      let text = answerText(answer);
      const current = await o.current?.(v, env);
      if (!text && current?.length) {
        answer = current;
        text = current.join(', ');
      }
      if (NONE.has(text.toLowerCase()))
        return ok({ otherCollaborators: [], otherCollaboratorsLabel: undefined });
      const choices = await optionChoices(env);
      const m = matchChoices(answer, choices, source);
      if (!m.ok) return retry(m.error);
      return ok({
        otherCollaborators: m.value.map((c) => c.value),
        otherCollaboratorsLabel: m.value.map((c) => c.label).join(', '),
      });
    },
    resets: ['otherCollaboratorDetails'],
  };
  if (o.applies) step.applies = o.applies;
  return step;
}

const picked = (v: Values) => (Array.isArray(v.otherCollaborators) ? (v.otherCollaborators as string[]) : []);

/** Details of the other collaborators: required for "Other", optional otherwise. */
export function otherDetailsStep(
  o: {
    applies?: Step['applies'];
    current?: (v: Values, env: FlowEnv) => Promise<string | null | undefined>;
  } = {},
): Step {
  return {
    field: 'otherCollaboratorDetails',
    label: 'Other collaborator details',
    applies: (v, env) => (o.applies ? o.applies(v, env) : true) && picked(v).length > 0,
    async prompt(v, env) {
      const current = (await o.current?.(v, env)) ?? undefined;
      const needed = picked(v).includes('other');
      return {
        kind: 'text',
        field: 'otherCollaboratorDetails',
        text: needed
          ? 'Details of the other collaborators: you picked Other, so name the person (first and last name, title, organization) or the organization.'
          : 'Details of the other collaborators (optional): names, titles, organizations.',
        ...(current ? { defaultValue: current } : {}),
        ...(needed ? {} : { optional: true }),
      };
    },
    async accept(answer, v, env) {
      const text = answerText(answer);
      const current = (await o.current?.(v, env)) ?? undefined;
      if (!text && current) return ok({ otherCollaboratorDetails: current });
      if (NONE.has(text.toLowerCase())) {
        if (picked(v).includes('other'))
          return retry(
            'Other collaborator "Other" needs details: name the person or the organization (or go back and change the list).',
          );
        return ok({ otherCollaboratorDetails: undefined });
      }
      return ok({ otherCollaboratorDetails: text });
    },
  };
}

/** The preview line for the other collaborators and their details. */
export function otherCollaboratorsPreview(v: Values): string {
  const label = typeof v.otherCollaboratorsLabel === 'string' ? v.otherCollaboratorsLabel : '—';
  return typeof v.otherCollaboratorDetails === 'string' ? `${label} (${v.otherCollaboratorDetails})` : label;
}
