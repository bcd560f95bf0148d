// R7 requester inputs. A requester belongs to a State or Territory, or to a region (regional
// contacts such as the RPM's office); e-mail uniqueness (case-insensitive) is checked by the service.
import { z } from 'zod';
import { StateCodeSchema } from './goal-schemas.js';
import { id } from './schemas.js';

export const APPROVER_ROLES = ['ccdf_administrator', 'rpm'] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/** An ACF region 1–10, also accepted as a Roman numeral or "Region V". */
export const RegionSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const raw = String(v)
    .trim()
    .toUpperCase()
    .replace(/^REGION\s+/, '');
  const n = /^\d+$/.test(raw) ? Number(raw) : ROMAN.indexOf(raw) + 1;
  if (Number.isInteger(n) && n >= 1 && n <= 10) return n;
  ctx.addIssue({ code: 'custom', message: 'Region must be an ACF region from 1 to 10 (or I to X)' });
  return z.NEVER;
});

export const EmailSchema = z
  .string({ error: 'E-mail is required' })
  .trim()
  .pipe(z.email({ error: 'E-mail must be an address such as name@agency.gov' }));

const text = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(200, `${what} must be at most 200 characters`);

export const ProposeRequesterInput = z
  .object({
    name: text('Full name'),
    email: EmailSchema,
    title: text('Title or role'),
    stateCode: StateCodeSchema.optional().nullable(),
    region: RegionSchema.optional().nullable(),
    isCcdfAdministrator: z.boolean().default(false),
    isCcdfStaff: z.boolean().default(false),
  })
  .refine((r) => Boolean(r.stateCode) || r.region != null, {
    path: ['stateCode'],
    message: 'State is required: give the State or Territory, or the region for a regional contact',
  })
  .refine((r) => !r.isCcdfAdministrator || Boolean(r.stateCode), {
    path: ['isCcdfAdministrator'],
    message: 'A CCDF Administrator belongs to one State or Territory: give the State',
  });
export type ProposeRequesterInput = z.output<typeof ProposeRequesterInput>;

/** R7: who approved a new requester — chosen from the recorded CCDF Administrator or RPM, by id. */
export const ApproveRequesterInput = z.object({
  requesterId: id('Requester'),
  approverId: id('Approver (the recorded CCDF Administrator or RPM)'),
});
export type ApproveRequesterInput = z.output<typeof ApproveRequesterInput>;
