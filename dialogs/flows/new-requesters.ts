// The requesters of a new TA request (R7): pick approved contacts of the State and its region by
// number, name or e-mail; a new e-mail is proposed as a requester (pending) with its name, title and
// role, and a specialist or admin may record who approved it, picked from the recorded CCDF
// Administrator or RPM (never a typed name).
import { ErrorCode, ok as okResult, type Result } from '../../src/errors.js';
import { approveRequester } from '../../src/services/approve-requester.js';
import { findRequesterByEmail, requestersForState, searchPeople } from '../../src/services/lookups.js';
import { proposeRequester } from '../../src/services/propose-requester.js';
import { answerText, type FlowEnv, ok, retry, type Step, type Values } from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';
import { approverStep } from './approver-step.js';
import { choiceStep, textStep } from './steps.js';

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

async function requesterChoices(v: Values, env: FlowEnv): Promise<Choice[]> {
  const rows = await requestersForState(env.ctx, String(v.stateCode), { approvedOnly: true });
  return rows.map((r) => ({
    value: String(r.id),
    label: `${r.name}, ${r.title}`,
    description: r.isCcdfAdministrator ? 'CCDF Administrator' : r.stateCode ? r.email : `Region ${r.region}`,
  }));
}

export const requestersStep: Step = {
  field: 'requesterIds',
  label: 'Requesters',
  async prompt(v, env) {
    return {
      kind: 'person',
      field: 'requesterIds',
      personPool: 'requesters',
      text: 'Who requested the TA? Pick one or more (numbers, names or e-mails, separated by commas). A new e-mail proposes a new requester (R7).',
      choices: await requesterChoices(v, env),
      hint: 'Contacts of the State and of its region are listed. A new requester needs the approval of the CCDF Administrator or the RPM.',
    };
  },
  async accept(answer, v, env, source) {
    const choices = await requesterChoices(v, env);
    const items = (Array.isArray(answer) ? answer : answerText(answer).split(/\s*[,;]\s*|\s+and\s+/i))
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) return retry('Name at least one requester (R7).');
    const ids: number[] = [];
    let newEmail: string | undefined;
    const notes: string[] = [];
    for (const item of items) {
      const picked = matchChoice(item, choices, source);
      if (picked.ok) {
        ids.push(Number(picked.value.value));
        if (picked.note) notes.push(picked.note);
        continue;
      }
      if (EMAIL.test(item)) {
        const existing = await findRequesterByEmail(env.ctx, item);
        if (!existing) {
          if (newEmail) return retry('Propose one new requester at a time; add the other later.');
          newEmail = item.toLowerCase();
          continue;
        }
        if (existing.approvalStatus !== 'approved') {
          return retry(
            `${existing.name} (${existing.email}) is still waiting for approval by the CCDF Administrator or the RPM (R7), so cannot be named yet. Pick someone else too.`,
          );
        }
        if (!choices.some((c) => c.value === String(existing.id))) {
          return retry(
            `${existing.name} is not a contact of ${v.stateCode} or its region; pick one from the list.`,
          );
        }
        ids.push(existing.id);
        continue;
      }
      const people = await searchPeople(env.ctx, 'requesters', item, {
        stateCode: String(v.stateCode),
        limit: 5,
      });
      const approved = people.filter((p) => p.approved);
      if (approved.length === 1) ids.push(approved[0]!.id);
      else if (approved.length > 1)
        return retry(
          `"${item}" fits several: ${approved.map((p) => `${p.name} <${p.email}>`).join(', ')}. Use the e-mail.`,
        );
      else return retry(picked.error);
    }
    const unique = [...new Set(ids)];
    if (unique.length === 0 && !newEmail) return retry('Name at least one requester (R7).');
    const set: Values = { requesterIds: unique, newRequesterEmail: newEmail };
    const labels = choices.filter((c) => unique.includes(Number(c.value))).map((c) => c.label.split(',')[0]);
    set.requesterLabels = [...labels, ...(newEmail ? [`${newEmail} (new)`] : [])].join('; ');
    return ok(set, notes.length ? notes.join(' ') : undefined);
  },
  resets: ['newRequesterName', 'newRequesterRole', 'newRequesterApproval'],
};

export const hasNew = (v: Values) => typeof v.newRequesterEmail === 'string';

export const newNameStep = textStep({
  field: 'newRequesterName',
  label: 'New requester',
  applies: hasNew,
  text: (v) =>
    `${v.newRequesterEmail} is not on record yet. Their full name and title? e.g. "Jamie Fox, Licensing Manager"`,
  check: (text) =>
    /^.+\s.+,\s*.+$/.test(text) ? undefined : 'Give the full name (first and last), a comma, then the title.',
});

export const newRoleStep = choiceStep({
  field: 'newRequesterRole',
  label: 'New requester role',
  applies: hasNew,
  text: 'Is the new requester the CCDF Administrator, CCDF staff, or another partner?',
  choices: () => [
    { value: 'administrator', label: 'CCDF Administrator' },
    { value: 'staff', label: 'CCDF staff' },
    { value: 'partner', label: 'Another partner' },
  ],
});

export const newApprovalStep = approverStep({
  field: 'newRequesterApproval',
  label: 'New requester approved by',
  applies: (v, env) => hasNew(v) && env.me.role !== 'provider',
  optional: true,
  text: 'Who approved adding them (R7)? Pick the recorded CCDF Administrator or RPM, or "not approved yet".',
  place: (v) => ({ stateCode: String(v.stateCode), region: null }),
});

/** R7: propose the new requester (pending); record the approval when one was given. */
export async function settleNewRequester(
  v: Values,
  env: FlowEnv,
): Promise<Result<{ id: number; approved: boolean }>> {
  const [name, ...titleParts] = String(v.newRequesterName).split(',');
  const role = v.newRequesterRole;
  const proposed = await proposeRequester(env.ctx, env.actor, {
    name: name!.trim(),
    title: titleParts.join(',').trim(),
    email: v.newRequesterEmail,
    stateCode: v.stateCode,
    isCcdfAdministrator: role === 'administrator',
    isCcdfStaff: role === 'staff',
  });
  let id: number;
  let approved: boolean;
  if (proposed.ok) {
    id = proposed.value.id;
    approved = proposed.value.approvalStatus === 'approved';
  } else if (proposed.error.code === ErrorCode.RequesterExists) {
    id = Number(proposed.error.details?.existingRequesterId);
    const existing = await findRequesterByEmail(env.ctx, String(v.newRequesterEmail));
    approved = existing?.approvalStatus === 'approved';
  } else return proposed;
  if (!approved && typeof v.newRequesterApproval === 'number') {
    const r = await approveRequester(env.ctx, env.actor, {
      requesterId: id,
      approverId: v.newRequesterApproval,
    });
    if (!r.ok) return r;
    approved = true;
  }
  return okResult({ id, approved });
}
