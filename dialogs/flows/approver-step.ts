// R7/R8: the approver is picked from the recorded CCDF Administrator of the State or the RPM of its
// region — a list, never a typed name. With nobody on record the step says whom to ask.
import { type ApprovalPlace, approverLabel, recordedApprovers } from '../../src/services/approvers.js';
import { answerText, type FlowEnv, ok, retry, type Step, type Values } from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';

export const SKIP_APPROVAL = 'not_yet';

export async function approverChoices(env: FlowEnv, place: ApprovalPlace): Promise<Choice[]> {
  const rows = await env.memo(`approvers:${place.stateCode}:${place.region}`, () =>
    recordedApprovers(env.ctx.db, place),
  );
  return rows.map((a) => ({ value: String(a.id), label: approverLabel(a) }));
}

export const noApproverText = (where: string) =>
  `No CCDF Administrator of ${where} nor RPM of its region is on record, so nobody can be chosen as the approver (R7, R8). Ask a TAT administrator to add them (/ta contacts ${where} add, or tat import contacts).`;

export interface ApproverStepOptions {
  field: string;
  label: string;
  text: string;
  place: (v: Values, env: FlowEnv) => Promise<ApprovalPlace> | ApprovalPlace;
  applies?: Step['applies'];
  /** Offer "not approved yet" (the requester stays pending). */
  optional?: boolean;
}

/** Sets `field` to the approver's id (a number), or undefined when skipped. */
export function approverStep(o: ApproverStepOptions): Step {
  const choices = async (v: Values, env: FlowEnv): Promise<Choice[]> => [
    ...(await approverChoices(env, await o.place(v, env))),
    ...(o.optional ? [{ value: SKIP_APPROVAL, label: 'Not approved yet (stays pending)' }] : []),
  ];
  const step: Step = {
    field: o.field,
    label: o.label,
    async prompt(v, env) {
      const list = await choices(v, env);
      const where = (await o.place(v, env)).stateCode ?? 'the region';
      const none = list.every((c) => c.value === SKIP_APPROVAL);
      return {
        kind: 'choice',
        field: o.field,
        text: none ? `${o.text} ${noApproverText(where)}` : o.text,
        choices: list,
        ...(o.optional ? { optional: true } : {}),
      };
    },
    async accept(answer, v, env, source) {
      const list = await choices(v, env);
      if (list.length === 0) return retry(noApproverText((await o.place(v, env)).stateCode ?? 'the region'));
      const text = answerText(answer);
      if (o.optional && /^(skip|none|no|not yet|-)$/i.test(text)) return ok({ [o.field]: undefined });
      const m = matchChoice(text, list, source);
      if (!m.ok) return retry(`${m.error} A typed name is not an approval (R7): pick from the list.`);
      return ok({ [o.field]: m.value.value === SKIP_APPROVAL ? undefined : Number(m.value.value) });
    },
  };
  if (o.applies) step.applies = o.applies;
  return step;
}

/** The preview text for a chosen approver id. */
export async function approverName(env: FlowEnv, place: ApprovalPlace, id: unknown): Promise<string> {
  if (typeof id !== 'number') return 'not approved yet';
  const found = (await approverChoices(env, place)).find((c) => c.value === String(id));
  return found?.label ?? `contact #${id}`;
}
