// `/ta requesters [pending]` lists the requesters waiting for approval that I may approve;
// `/ta requesters approve [#]` records an approval at any time (R7): the approver is picked from the
// recorded CCDF Administrator of the State or the RPM of its region, never typed (R7, R8).
import { eq } from 'drizzle-orm';
import { requesters } from '../../db/schema.js';
import { ok as okResult } from '../../src/errors.js';
import { approveRequester } from '../../src/services/approve-requester.js';
import { listPendingRequesters } from '../../src/services/contacts.js';
import type { RequesterRow } from '../../src/services/lookups.js';
import {
  answerText,
  errorReply,
  type Flow,
  type FlowEnv,
  ok,
  retry,
  type Step,
  type Values,
} from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';
import { approverName, approverStep } from './approver-step.js';

const where = (r: RequesterRow) => r.stateCode ?? `Region ${r.region}`;
const label = (r: RequesterRow) => `#${r.id} ${r.name}, ${r.title} (${where(r)}) <${r.email}>`;

async function pending(env: FlowEnv) {
  return env.memo('pending-requesters', () => listPendingRequesters(env.ctx, env.actor));
}

async function requester(env: FlowEnv, id: number): Promise<RequesterRow | undefined> {
  return env.memo(
    `requester:${id}`,
    async () => (await env.ctx.db.select().from(requesters).where(eq(requesters.id, id)))[0],
  );
}

const placeOf = async (v: Values, env: FlowEnv) => {
  const r = await requester(env, Number(v.requesterId));
  return { stateCode: r?.stateCode ?? null, region: r?.region ?? null };
};

const requesterStep: Step = {
  field: 'requesterId',
  label: 'Requester',
  async prompt(_v, env) {
    const list = await pending(env);
    const choices: Choice[] = list.ok
      ? list.value.map((r) => ({ value: String(r.id), label: label(r) }))
      : [];
    return { kind: 'choice', field: 'requesterId', text: 'Which pending requester was approved?', choices };
  },
  async accept(answer, _v, env, source) {
    const list = await pending(env);
    if (!list.ok) return retry(list.error.message);
    const choices = list.value.map((r) => ({ value: String(r.id), label: label(r) }));
    const text = answerText(answer);
    const m = matchChoice(text, choices, source);
    if (!m.ok)
      return retry(`${m.error} Only requesters waiting for approval that you may approve are listed.`);
    return ok({ requesterId: Number(m.value.value), requesterLabel: m.value.label });
  },
};

export const requestersFlow: Flow = {
  kind: 'dialog',
  name: 'requesters',
  title: 'approve a pending requester (R7)',
  async start(args, env) {
    const [word = 'pending', id] = args.trim().split(/\s+/).filter(Boolean);
    const list = await pending(env);
    if (!list.ok) return errorReply(list.error.message);
    if (/^pending$|^list$/i.test(word)) {
      if (list.value.length === 0)
        return { kind: 'reply', messages: ['No requesters are waiting for approval in your States.'] };
      return {
        kind: 'reply',
        messages: [
          `Waiting for approval by the CCDF Administrator or the RPM (R7):\n${list.value.map((r) => `• ${label(r)}`).join('\n')}`,
          'Record an approval with /ta requesters approve <#>.',
        ],
      };
    }
    if (!/^approve$/i.test(word))
      return errorReply('Use /ta requesters pending, or /ta requesters approve <#>.');
    if (!id) return { kind: 'dialog', values: {} };
    const accepted = await requesterStep.accept(`#${id.replace(/^#/, '')}`, {}, env, 'typed');
    if (!accepted.ok) return errorReply(accepted.error);
    return { kind: 'dialog', values: accepted.set, answered: ['requesterId'] };
  },
  steps: [
    requesterStep,
    approverStep({
      field: 'approverId',
      label: 'Approved by',
      text: 'Who approved them? Pick the recorded CCDF Administrator of the State or the RPM of its region (R7).',
      place: placeOf,
    }),
  ],
  async preview(v, env) {
    return {
      title: 'Requester approval',
      fields: [
        { field: 'requesterId', label: 'Requester', value: String(v.requesterLabel) },
        {
          field: 'approverId',
          label: 'Approved by',
          value: await approverName(env, await placeOf(v, env), v.approverId),
        },
      ],
    };
  },
  fieldForError: (error) => (error.details?.field === 'approverId' ? 'approverId' : undefined),
  async commit(v, env) {
    const r = await approveRequester(env.ctx, env.actor, {
      requesterId: v.requesterId,
      approverId: v.approverId,
    });
    if (!r.ok) return r;
    return okResult({
      messages: [
        `${r.value.name} is approved (by ${r.value.approvedBy}) and can now be named as a requester.`,
      ],
      recordId: r.value.id,
    });
  },
};
