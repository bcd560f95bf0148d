// `/ta edit` list fields (R7 requesters, R9 collaborating centers and staff): the current list
// changed by "+ name" (add) and "- name" (remove) items; a bare name adds.
import { listCenters, requestersForState, searchPeople } from '../../src/services/lookups.js';
import { type Accepted, answerText, type FlowEnv, ok, retry, type Step, type Values } from '../flow.js';
import { matchChoice } from '../parse/choice.js';
import type { Choice } from '../types.js';
import { activityDetail } from './common.js';

type Op = { remove: boolean; text: string };

/** "+ Casey, - Morgan, remove SCBC" → the items with their sign. */
export function parseListEdits(text: string): Op[] {
  return text
    .split(/\s*[,;]\s*/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const m = /^(?:(\+|add\s+)|(-|remove\s+|drop\s+|delete\s+))\s*(.+)$/i.exec(item);
      return m ? { remove: m[2] !== undefined, text: m[3]!.trim() } : { remove: false, text: item };
    });
}

export async function detailFor(env: FlowEnv, v: Values) {
  const d = await activityDetail(env, Number(v.activityId));
  return d.ok ? d.value : undefined;
}

const KEEP = new Set(['', 'keep', 'same', 'no change', 'ok']);

async function acceptRequesters(text: string, v: Values, env: FlowEnv): Promise<Accepted> {
  const d = await detailFor(env, v);
  if (!d) return retry('That activity could not be read; cancel and try again.');
  const current = d.requesters.map((r) => ({ value: String(r.id), label: `${r.name}, ${r.title}` }));
  const pool: Choice[] = (
    await requestersForState(env.ctx, d.activity.stateCode, { approvedOnly: true })
  ).map((r) => ({ value: String(r.id), label: `${r.name}, ${r.title}` }));
  const ids = new Set(current.map((c) => Number(c.value)));
  const labels = new Map([...pool, ...current].map((c) => [Number(c.value), c.label.split(',')[0]!]));
  for (const op of parseListEdits(text)) {
    const m = matchChoice(op.text, op.remove ? current : pool, 'typed');
    if (m.ok) {
      if (op.remove) ids.delete(Number(m.value.value));
      else ids.add(Number(m.value.value));
      continue;
    }
    if (op.remove)
      return retry(
        `"${op.text}" is not a requester of #${d.activity.id}: ${current.map((c) => c.label).join('; ')}.`,
      );
    const people = (
      await searchPeople(env.ctx, 'requesters', op.text, { stateCode: d.activity.stateCode, limit: 5 })
    ).filter((p) => p.approved);
    if (people.length !== 1)
      return retry(
        people.length
          ? `"${op.text}" fits several: ${people.map((p) => `${p.name} <${p.email}>`).join(', ')}. Use the e-mail.`
          : `No approved requester of ${d.activity.stateCode} or its region matches "${op.text}". A new requester needs the approval of the CCDF Administrator or the RPM first, recorded by the State Systems Specialist (R7).`,
      );
    ids.add(people[0]!.id);
    labels.set(people[0]!.id, people[0]!.name);
  }
  if (ids.size === 0) return retry('Keep at least one requester on the activity (R7).');
  return ok({ requesterIds: [...ids], requesterLabels: [...ids].map((id) => labels.get(id)).join('; ') });
}

export const requestersEditStep = (applies: Step['applies']): Step => ({
  field: 'requesterIds',
  label: 'Requesters',
  applies,
  async prompt(v, env) {
    const d = await detailFor(env, v);
    return {
      kind: 'text',
      field: 'requesterIds',
      text: `Requesters now: ${d?.requesters.map((r) => `${r.name}, ${r.title}`).join('; ') || 'none'}. Type "+ name" to add, "- name" to remove, separated by commas (R7).`,
      hint: 'Approved contacts of the State and its region. Press Enter to keep the list as it is.',
    };
  },
  async accept(answer, v, env) {
    const text = answerText(answer);
    const d = await detailFor(env, v);
    if (KEEP.has(text.toLowerCase()) && d)
      return ok({
        requesterIds: d.requesters.map((r) => r.id),
        requesterLabels: d.requesters.map((r) => r.name).join('; '),
      });
    return acceptRequesters(text, v, env);
  },
});

async function acceptCollaborators(text: string, v: Values, env: FlowEnv): Promise<Accepted> {
  const d = await detailFor(env, v);
  if (!d) return retry('That activity could not be read; cancel and try again.');
  const centers = await listCenters(env.ctx);
  const centerIds = new Set(d.collaboratingCenters.map((c) => c.id));
  const staffIds = new Set(d.collaboratingStaff.map((s) => s.id));
  const names = new Map(d.collaboratingStaff.map((s) => [s.id, s.name]));
  for (const op of parseListEdits(text)) {
    const center = centers.find(
      (c) => c.code.toLowerCase() === op.text.toLowerCase() || c.name.toLowerCase() === op.text.toLowerCase(),
    );
    if (center) {
      if (op.remove) centerIds.delete(center.id);
      else centerIds.add(center.id);
      continue;
    }
    if (op.remove) {
      const m = matchChoice(
        op.text,
        d.collaboratingStaff.map((s) => ({ value: String(s.id), label: `${s.name} ${s.email}` })),
        'typed',
      );
      if (!m.ok)
        return retry(`"${op.text}" is not a collaborating center or staff person of #${d.activity.id}.`);
      staffIds.delete(Number(m.value.value));
      continue;
    }
    const people = await searchPeople(env.ctx, 'staff', op.text, { limit: 5 });
    if (people.length !== 1)
      return retry(
        people.length
          ? `"${op.text}" fits several staff: ${people.map((p) => `${p.name} <${p.email}>`).join(', ')}. Use the e-mail.`
          : `"${op.text}" is neither a center code (${centers.map((c) => c.code).join(', ')}) nor a staff name or e-mail.`,
      );
    staffIds.add(people[0]!.id);
    names.set(people[0]!.id, `${people[0]!.name} (${people[0]!.centerCode})`);
  }
  staffIds.delete(d.activity.primaryStaffId);
  centerIds.delete(d.activity.primaryCenterId);
  const codes = centers.filter((c) => centerIds.has(c.id)).map((c) => c.code);
  const label = [...codes, ...[...staffIds].map((id) => names.get(id) ?? `#${id}`)].join(', ');
  return ok({ collabCenterIds: [...centerIds], collabStaffIds: [...staffIds], collaborators: label || '—' });
}

export const collaboratorsEditStep = (applies: Step['applies']): Step => ({
  field: 'collaborators',
  label: 'Collaborators',
  applies,
  async prompt(v, env) {
    const d = await detailFor(env, v);
    const now = [
      ...(d?.collaboratingCenters.map((c) => c.code) ?? []),
      ...(d?.collaboratingStaff.map((s) => s.name) ?? []),
    ];
    return {
      kind: 'text',
      field: 'collaborators',
      text: `Collaborating centers and staff now: ${now.join(', ') || 'none'}. Type "+ SCBC" or "+ name" to add, "- …" to remove, separated by commas (R9).`,
      hint: 'Center codes, staff names or e-mails. Press Enter to keep the list as it is.',
    };
  },
  async accept(answer, v, env) {
    return acceptCollaborators(answerText(answer), v, env);
  },
});
