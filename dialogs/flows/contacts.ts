// `/ta contacts <State> [list|add]` — a State's contacts (CCDF Administrator, CCDF staff, others) and
// its region's RPM, for the specialist of the State and admins (R25, R26). A contact added here is on
// record, so a CCDF Administrator or RPM added can then be chosen as an approver (R7, R8).
import { ok as okResult } from '../../src/errors.js';
import { CONTACT_ROLE_LABELS, CONTACT_ROLES } from '../../src/rules/directory-schemas.js';
import { addContact, listContacts } from '../../src/services/contacts.js';
import type { RequesterRow } from '../../src/services/lookups.js';
import { errorReply, type Flow, type Values } from '../flow.js';
import { choiceStep, textStep } from './steps.js';

const USAGE = 'Use /ta contacts <State> (e.g. /ta contacts MD) or /ta contacts <State> add.';

const roleOf = (r: RequesterRow) =>
  r.isCcdfAdministrator
    ? 'CCDF Administrator'
    : r.isRpm
      ? `RPM, Region ${r.region}`
      : r.isCcdfStaff
        ? 'CCDF staff'
        : 'other';

export const contactLine = (r: RequesterRow) =>
  `#${r.id} ${r.name}, ${r.title} <${r.email}> — ${roleOf(r)}${r.approvalStatus === 'pending' ? ' (waiting for approval)' : ''}`;

export const contactsFlow: Flow = {
  kind: 'dialog',
  name: 'contacts',
  title: "manage a State's contacts",
  async start(args, env) {
    const [state, word = 'list'] = args.trim().split(/\s+/).filter(Boolean);
    if (!state) return errorReply(USAGE);
    const listed = await listContacts(env.ctx, env.actor, state);
    if (!listed.ok) return errorReply(listed.error.message);
    const stateCode = state.toUpperCase();
    if (/^list$/i.test(word))
      return {
        kind: 'reply',
        messages: [
          listed.value.length
            ? `Contacts of ${stateCode} and its region:\n${listed.value.map((r) => `• ${contactLine(r)}`).join('\n')}`
            : `No contacts of ${stateCode} are on record yet.`,
          `Add one with /ta contacts ${stateCode} add.`,
        ],
      };
    if (!/^add$/i.test(word)) return errorReply(USAGE);
    return { kind: 'dialog', values: { stateCode }, answered: [] };
  },
  steps: [
    textStep({ field: 'name', label: 'Name', text: 'The contact’s full name?' }),
    textStep({ field: 'title', label: 'Title', text: 'Their title, e.g. "CCDF Administrator"?' }),
    textStep({ field: 'email', label: 'E-mail', text: 'Their e-mail?' }),
    choiceStep({
      field: 'role',
      label: 'Role',
      text: (v: Values) => `Their role? (An RPM is recorded for ${v.stateCode}'s region.)`,
      choices: () => CONTACT_ROLES.map((r) => ({ value: r, label: CONTACT_ROLE_LABELS[r] })),
    }),
  ],
  async preview(v) {
    return {
      title: `New contact for ${v.stateCode}`,
      fields: [
        { field: 'name', label: 'Name', value: String(v.name) },
        { field: 'title', label: 'Title', value: String(v.title) },
        { field: 'email', label: 'E-mail', value: String(v.email) },
        {
          field: 'role',
          label: 'Role',
          value: CONTACT_ROLE_LABELS[v.role as (typeof CONTACT_ROLES)[number]],
        },
      ],
    };
  },
  fieldForError: (error) =>
    error.details?.issues || error.code === 'requester_exists' ? 'email' : undefined,
  async commit(v, env) {
    const r = await addContact(env.ctx, env.actor, {
      stateCode: v.stateCode,
      name: v.name,
      title: v.title,
      email: v.email,
      role: v.role,
    });
    if (!r.ok) return r;
    return okResult({ messages: [`Added ${contactLine(r.value)}.`], recordId: r.value.id });
  },
};
