// `/ta staff [list|add|change <e-mail or #>|deactivate <e-mail or #>]` — the staff directory from chat,
// admins only (R25, R26). People are deactivated, never deleted, so history keeps its authors.
import { eq, sql } from 'drizzle-orm';
import { staff } from '../../db/schema.js';
import { ok as okResult, type Result } from '../../src/errors.js';
import { listCenters } from '../../src/services/lookups.js';
import {
  addStaff,
  changeStaff,
  deactivateStaff,
  listStaff,
  type StaffEntry,
} from '../../src/services/staff-directory.js';
import {
  answerText,
  errorReply,
  type Flow,
  type FlowEnv,
  type Outcome,
  ok,
  retry,
  type Step,
  type Values,
} from '../flow.js';
import { choiceStep, textStep } from './steps.js';

const ACTIONS = ['list', 'add', 'change', 'deactivate'] as const;
type StaffAction = (typeof ACTIONS)[number];
const is =
  (...a: StaffAction[]) =>
  (v: Values) =>
    a.includes(v.action as StaffAction);
const ROLE_LABEL = {
  provider: 'provider',
  specialist: 'State Systems Specialist',
  admin: 'TAT administrator',
};

export const staffLine = (s: StaffEntry) =>
  `#${s.id} ${s.name} <${s.email}> — ${ROLE_LABEL[s.role]}, ${s.centerCode}${s.states.length ? `, ${s.states.join(' ')}` : ''}${s.active ? '' : ' (inactive)'}`;

const splitStates = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);

async function findPerson(env: FlowEnv, text: string) {
  const t = text.trim().replace(/^#/, '');
  const where = /^\d+$/.test(t) ? eq(staff.id, Number(t)) : sql`lower(${staff.email}) = ${t.toLowerCase()}`;
  const [row] = await env.ctx.db.select().from(staff).where(where);
  return row;
}

const personStep: Step = {
  field: 'staffId',
  label: 'Person',
  applies: is('change', 'deactivate'),
  prompt: () => ({
    kind: 'person',
    field: 'staffId',
    personPool: 'staff',
    text: 'Who? Type their e-mail or staff #.',
  }),
  async accept(answer, _v, env) {
    const row = await findPerson(env, answerText(answer));
    if (!row)
      return retry(
        `No staff person has the e-mail or # "${answerText(answer)}". Check it with /ta staff list.`,
      );
    return ok({ staffId: row.id, staffLabel: `${row.name} <${row.email}>` });
  },
};

const roleChoices = () => [
  { value: 'provider', label: 'Provider' },
  { value: 'specialist', label: 'State Systems Specialist' },
  { value: 'admin', label: 'TAT administrator' },
];
const centerChoices = async (_v: Values, env: FlowEnv) =>
  (await listCenters(env.ctx)).map((c) => ({ value: c.code, label: `${c.code} — ${c.name}` }));

const statesStep = (applies: Step['applies']) =>
  textStep({
    field: 'states',
    label: 'States',
    applies,
    optional: true,
    text: 'Which States do they cover? Two-letter codes separated by spaces or commas (or skip for none).',
    check: (text) =>
      splitStates(text).every((s) => /^[A-Z]{2}$/.test(s))
        ? undefined
        : 'Use two-letter codes, e.g. MD DC VA.',
  });

export const staffFlow: Flow = {
  kind: 'dialog',
  name: 'staff',
  title: 'manage the staff directory (admins)',
  async start(args, env) {
    const [word = 'list', ...rest] = args.trim().split(/\s+/).filter(Boolean);
    const action = word.toLowerCase() as StaffAction;
    if (!ACTIONS.includes(action))
      return errorReply(
        'Use /ta staff list, /ta staff add, /ta staff change <e-mail> or /ta staff deactivate <e-mail>.',
      );
    const listed = await listStaff(env.ctx, env.actor, { includeInactive: rest[0] === 'all' });
    if (!listed.ok) return errorReply(listed.error.message);
    if (action === 'list')
      return {
        kind: 'reply',
        messages: [
          `Staff (${listed.value.length}):\n${listed.value.map((s) => `• ${staffLine(s)}`).join('\n')}`,
          'Change someone with /ta staff change <e-mail>; /ta staff list all shows inactive people too.',
        ],
      };
    const values: Values = { action };
    const answered: string[] = [];
    if (rest[0] && action !== 'add') {
      const accepted = await personStep.accept(rest[0], values, env, 'typed');
      if (!accepted.ok) return errorReply(accepted.error);
      Object.assign(values, accepted.set);
      answered.push('staffId');
    }
    return { kind: 'dialog', values, answered };
  },
  steps: [
    textStep({ field: 'email', label: 'E-mail', applies: is('add'), text: 'Their work e-mail?' }),
    textStep({ field: 'name', label: 'Name', applies: is('add'), text: 'Their full name?' }),
    textStep({
      field: 'title',
      label: 'Title',
      applies: is('add'),
      text: 'Their title, e.g. "TA Specialist"?',
    }),
    personStep,
    choiceStep({
      field: 'what',
      label: 'Change',
      applies: is('change'),
      text: 'What changes?',
      choices: () => [
        { value: 'role', label: 'Role' },
        { value: 'center', label: 'Center' },
        { value: 'states', label: 'States covered' },
      ],
      resets: ['role', 'centerCode', 'states'],
    }),
    choiceStep({
      field: 'centerCode',
      label: 'Center',
      applies: (v) => v.action === 'add' || (v.action === 'change' && v.what === 'center'),
      text: 'Which center?',
      choices: centerChoices,
    }),
    choiceStep({
      field: 'role',
      label: 'Role',
      applies: (v) => v.action === 'add' || (v.action === 'change' && v.what === 'role'),
      text: 'Which role?',
      choices: roleChoices,
    }),
    statesStep((v) => v.action === 'add' || (v.action === 'change' && v.what === 'states')),
  ],
  async preview(v) {
    const f = (field: string, label: string, value: unknown) => ({
      field,
      label,
      value: String(value ?? '—'),
    });
    if (v.action === 'add')
      return {
        title: 'Add staff',
        fields: [
          f('name', 'Name', v.name),
          f('email', 'E-mail', v.email),
          f('title', 'Title', v.title),
          f('centerCode', 'Center', v.centerCode),
          f('role', 'Role', v.role),
          f('states', 'States', v.states ? splitStates(String(v.states)).join(' ') : 'none'),
        ],
      };
    if (v.action === 'deactivate')
      return {
        title: 'Deactivate staff',
        fields: [f('staffId', 'Person', v.staffLabel)],
        warnings: ['They can no longer use TAT Bot; their activities and notes keep them as author (R26).'],
      };
    const value =
      v.what === 'states'
        ? v.states
          ? splitStates(String(v.states)).join(' ')
          : 'none'
        : v.what === 'center'
          ? v.centerCode
          : v.role;
    return {
      title: 'Change staff',
      fields: [f('staffId', 'Person', v.staffLabel), f(String(v.what), String(v.what), value)],
    };
  },
  async commit(v, env): Promise<Result<Outcome>> {
    const states = v.states ? splitStates(String(v.states)) : [];
    const r =
      v.action === 'add'
        ? await addStaff(env.ctx, env.actor, {
            name: v.name,
            email: v.email,
            title: v.title,
            centerCode: v.centerCode,
            role: v.role,
            states,
          })
        : v.action === 'deactivate'
          ? await deactivateStaff(env.ctx, env.actor, { staffId: v.staffId })
          : await changeStaff(env.ctx, env.actor, {
              staffId: v.staffId,
              ...(v.what === 'role'
                ? { role: v.role }
                : v.what === 'center'
                  ? { centerCode: v.centerCode }
                  : { states }),
            });
    if (!r.ok) return r;
    const verb = v.action === 'add' ? 'Added' : v.action === 'deactivate' ? 'Deactivated' : 'Changed';
    return okResult({ messages: [`${verb}: ${staffLine(r.value)}`], recordId: r.value.id });
  },
  fieldForError: (error) => {
    const field = error.details?.field;
    return typeof field === 'string' && ['email', 'centerCode', 'states'].includes(field) ? field : undefined;
  },
};
