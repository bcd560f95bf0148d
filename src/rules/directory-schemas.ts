// R26 directory inputs from chat: staff (admins) and State contacts (specialists of the State and
// admins). Whether centers and State codes exist is checked by the services (needs the database).
import { z } from 'zod';
import { STAFF_ROLES } from '../../db/schema.js';
import { StateCodeSchema } from './goal-schemas.js';
import { EmailSchema } from './requester-schemas.js';
import { id } from './schemas.js';

const text = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(200, `${what} must be at most 200 characters`);

const Role = z.enum(STAFF_ROLES, { error: 'Role must be provider, specialist or admin' });
const StateList = z.array(StateCodeSchema).transform((codes) => [...new Set(codes)].sort());

export const AddStaffInput = z.object({
  name: text('Full name'),
  email: EmailSchema.transform((e) => e.toLowerCase()),
  title: text('Title'),
  centerCode: text('Center'),
  role: Role,
  states: StateList.default([]),
});

export const ChangeStaffInput = z
  .object({
    staffId: id('Staff person'),
    role: Role.optional(),
    centerCode: text('Center').optional(),
    states: StateList.optional(),
  })
  .refine((v) => v.role !== undefined || v.centerCode !== undefined || v.states !== undefined, {
    message: 'Say what to change: the role, the center or the States',
  });

export const DeactivateStaffInput = z.object({ staffId: id('Staff person') });

export const CONTACT_ROLES = ['ccdf_administrator', 'ccdf_staff', 'rpm', 'other'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];
export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  ccdf_administrator: 'CCDF Administrator',
  ccdf_staff: 'CCDF staff',
  rpm: 'RPM (Regional Program Manager)',
  other: 'Other',
};

export const AddContactInput = z.object({
  /** The State the contact is added from; an RPM is recorded for its region. */
  stateCode: StateCodeSchema,
  name: text('Full name'),
  title: text('Title'),
  email: EmailSchema,
  role: z.enum(CONTACT_ROLES, { error: 'Role must be CCDF Administrator, CCDF staff, RPM or other' }),
});
