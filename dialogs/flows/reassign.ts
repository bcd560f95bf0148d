// `/ta reassign [#]`: a new primary center and primary staff person (R9: the staff person is a
// member of the primary center), effective at once. The new primary staff is told in chat through
// the nudges' channels, and the reminders follow them (they read the current primary staff).
import { ok as okResult } from '../../src/errors.js';
import type { NudgeMessage } from '../../src/reminders/channel-port.js';
import { listCenters, searchPeople } from '../../src/services/lookups.js';
import { reassignPrimaryStaff } from '../../src/services/reassign-primary-staff.js';
import { answerText, type Flow, type FlowEnv, ok, retry, type Step, type Values } from '../flow.js';
import { notEditorReply } from './activity-editor.js';
import { type ActivityPick, activityDetail, activityStep, activityTitle, startOnActivity } from './common.js';
import { choiceStep, yesNoStep } from './steps.js';

const pick: ActivityPick = {
  question: 'Which activity gets a new primary staff person?',
  refuse: (a) =>
    a.completionStatus === 'open'
      ? undefined
      : `TA request #${a.id} is ${a.completionStatus}, so it cannot be reassigned.`,
};

async function detailOf(env: FlowEnv, v: Values) {
  const d = await activityDetail(env, Number(v.activityId));
  return d.ok ? d.value : undefined;
}

// Values are center codes, not ids: a select's submitted id would read as a position in the list.
const centers = (env: FlowEnv) => env.memo('centers', () => listCenters(env.ctx));
const centerChoices = async (env: FlowEnv) =>
  (await centers(env)).map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }));

const centerStep = choiceStep({
  field: 'centerCode',
  label: 'Primary center',
  text: 'Primary center (R9)? Press Enter to keep the current one.',
  choices: (_v, env) => centerChoices(env),
  also: (c) => ({ centerLabel: c.value }),
  resets: ['staffId'],
});
const centerPrompt = centerStep.prompt;
centerStep.prompt = async (v, env) => {
  const d = await detailOf(env, v);
  const p = await centerPrompt(v, env);
  return d ? { ...p, defaultValue: d.primaryCenter.code, hint: `Now: ${d.primaryCenter.code}.` } : p;
};
const centerAccept = centerStep.accept;
centerStep.accept = async (answer, v, env, source) => {
  const d = await detailOf(env, v);
  const text = answerText(answer);
  return centerAccept(text || (d?.primaryCenter.code ?? ''), v, env, text ? source : 'picked');
};

const staffStep: Step = {
  field: 'staffId',
  label: 'Primary staff',
  prompt: (v) => ({
    kind: 'person',
    field: 'staffId',
    personPool: 'staff',
    text: `New primary staff person: a member of ${v.centerLabel} (R9). Name or e-mail?`,
  }),
  async accept(answer, v, env) {
    const text = answerText(answer);
    if (!text) return retry(`Type the name or e-mail of a staff person of ${v.centerLabel}.`);
    const me = /^me$/i.test(text);
    const people = me
      ? await searchPeople(env.ctx, 'staff', env.me.email, { limit: 1 })
      : await searchPeople(env.ctx, 'staff', text, { limit: 5 });
    const inCenter = people.filter((p) => p.centerCode === v.centerLabel);
    const found = inCenter.length === 1 ? inCenter[0]! : people.length === 1 ? people[0]! : undefined;
    if (!found)
      return retry(
        people.length
          ? `"${text}" fits several staff: ${people.map((p) => `${p.name} <${p.email}> (${p.centerCode})`).join(', ')}. Use the e-mail.`
          : `No active staff person matches "${text}". Type a name or e-mail.`,
      );
    if (found.centerCode !== v.centerLabel)
      return retry(
        `${found.name} belongs to ${found.centerCode}, not ${v.centerLabel}: the primary staff must be a member of the primary center (R9). Pick a staff person of ${v.centerLabel}, or type back and choose ${found.centerCode} as primary center.`,
      );
    const d = await detailOf(env, v);
    if (d && found.id === d.primaryStaff.id && v.centerCode === d.primaryCenter.code)
      return retry(
        `${found.name} is already the primary staff of #${v.activityId}. Name someone else, or cancel.`,
      );
    return ok({ staffId: found.id, staffLabel: `${found.name} (${found.centerCode})` });
  },
};

const keepStep = yesNoStep({
  field: 'keepPrevious',
  label: 'Keep previous as collaborator',
  text: 'Keep the previous primary staff on the activity as collaborating staff?',
});

/** The chat notice to the new primary staff (R9). */
function notice(v: Values, env: FlowEnv, label: string): NudgeMessage {
  const id = Number(v.activityId);
  return {
    kind: 'reassigned',
    text: `You are now the primary staff of ${label} (reassigned by ${env.me.name}). Its reminders now come to you (R9).`,
    items: [{ activityId: id, label, detail: `Primary center ${v.centerLabel}` }],
    buttons: [{ label: `Open #${id}`, command: `show ${id}` }],
  };
}

export const reassignFlow: Flow = {
  kind: 'dialog',
  name: 'reassign',
  title: 'reassign the primary staff',
  async start(args, env) {
    const s = await startOnActivity(args, env, pick);
    if (s.kind === 'dialog' && typeof s.values.activityId === 'number')
      return (await notEditorReply(env, s.values.activityId)) ?? s;
    return s;
  },
  steps: [activityStep(pick), centerStep, staffStep, keepStep],
  async preview(v, env) {
    const d = await detailOf(env, v);
    const was = d ? `${d.primaryStaff.name} (${d.primaryCenter.code})` : '—';
    return {
      title: 'Reassign primary staff',
      fields: [
        { field: 'activityId', label: 'Activity', value: String(v.activityLabel) },
        {
          field: 'centerCode',
          label: 'Primary center',
          value: `${v.centerLabel} (was ${d?.primaryCenter.code ?? '—'})`,
        },
        { field: 'staffId', label: 'Primary staff', value: `${v.staffLabel} (was ${was})` },
        {
          field: 'keepPrevious',
          label: 'Previous primary',
          value: v.keepPrevious ? 'kept as collaborating staff' : 'removed',
        },
      ],
      warnings: ['Effective at once: the reminders for this activity go to the new primary staff (R9).'],
    };
  },
  async commit(v, env) {
    const d = await detailOf(env, v);
    const r = await reassignPrimaryStaff(env.ctx, env.actor, {
      activityId: Number(v.activityId),
      staffId: Number(v.staffId),
      centerId: (await centers(env)).find((c) => c.code === v.centerCode)?.id,
      keepPreviousAsCollaborator: v.keepPrevious === true,
    });
    if (!r.ok) return r;
    const messages = [`${v.staffLabel} is now the primary staff of ${v.activityLabel}.`];
    if (r.value.primaryStaffId !== env.me.id) {
      const label = d
        ? `TA request #${d.activity.id} (${d.activity.stateCode}) — ${activityTitle(d.activity)}`
        : String(v.activityLabel);
      const told = env.notifyStaff
        ? await env.notifyStaff(r.value.primaryStaffId, notice(v, env, label)).catch((err: unknown) => ({
            sent: false as const,
            reason: err instanceof Error ? err.message : 'error',
          }))
        : { sent: false as const, reason: 'no chat channel is running' };
      messages.push(
        told.sent
          ? `I told them in ${told.channel === 'console' ? 'the console' : told.channel === 'slack' ? 'Slack' : 'Teams'}.`
          : `I could not tell them in chat (${told.reason}); please let them know.`,
      );
    }
    return okResult({
      messages,
      recordId: Number(v.activityId),
      actions: [{ id: 'show', label: `Open #${v.activityId}`, command: `show ${v.activityId}` }],
    });
  },
};
