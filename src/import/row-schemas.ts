// Zod schemas for one row of each import file (R26). Keys are the documented column names, so a
// failing key is the column to report; messages say what is wrong and how to fix it.
import { z } from 'zod';

export const cellText = (fix: string, max = 200) =>
  z.string().trim().min(1, `empty; ${fix}`).max(max, `longer than ${max} characters; shorten it`);

export const cellEmail = z
  .string()
  .trim()
  .min(1, 'empty; give the work e-mail, e.g. name@agency.gov')
  .pipe(z.email({ error: 'not an e-mail address; write it like name@agency.gov' }))
  .transform((e) => e.toLowerCase());

/** Maps a cell to one of `values` through `words` (lower-cased, spaces and dashes as `_`). */
export function cellChoice<T extends string>(words: Record<string, T>, fix: string) {
  return z.string().transform((raw, ctx) => {
    const key = raw
      .trim()
      .toLowerCase()
      .replace(/[\s\-/]+/g, '_');
    const value = words[key];
    if (value) return value;
    ctx.addIssue({
      code: 'custom',
      message: `${raw.trim() ? `"${raw.trim()}" is not accepted` : 'empty'}; ${fix}`,
    });
    return z.NEVER;
  });
}

const optionalPattern = (re: RegExp, message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || re.test(v), message)
    .transform((v) => (v === '' ? undefined : v));

export const STAFF_ROLE_WORDS = {
  provider: 'provider',
  ta_provider: 'provider',
  specialist: 'specialist',
  state_systems_specialist: 'specialist',
  sss: 'specialist',
  admin: 'admin',
  administrator: 'admin',
  tat_administrator: 'admin',
} as const;

export const StaffRow = z.object({
  name: cellText('give the full name, e.g. "Robin Reyes"'),
  email: cellEmail,
  title: cellText('give the job title, e.g. "TA Specialist"'),
  center: cellText('give the center code or name, e.g. SCBC'),
  role: cellChoice(STAFF_ROLE_WORDS, 'use provider, specialist or admin'),
  states: z.string(),
  slack_user_id: optionalPattern(
    /^[UW][A-Z0-9]{2,20}$/,
    'not a Slack member id; copy it from the Slack profile (⋮ → Copy member ID), e.g. U01ABCDEF, or leave it empty',
  ),
  teams_aad_object_id: optionalPattern(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'not a Microsoft Entra (AAD) object id; copy it from the user in the Entra admin center, e.g. 6f1c…-…, or leave it empty',
  ),
});
export type StaffRowValues = z.output<typeof StaffRow>;

export const CONTACT_ROLE_WORDS = {
  ccdf_administrator: 'ccdf_administrator',
  administrator: 'ccdf_administrator',
  ccdf_staff: 'ccdf_staff',
  staff: 'ccdf_staff',
  rpm: 'rpm',
  regional_program_manager: 'rpm',
  other: 'other',
  partner: 'other',
} as const;
export type ContactRole = (typeof CONTACT_ROLE_WORDS)[keyof typeof CONTACT_ROLE_WORDS];

export const ContactRow = z.object({
  name: cellText('give the full name, e.g. "Morgan Ellis"'),
  title: cellText('give the title, e.g. "CCDF Administrator"'),
  email: cellEmail,
  state: z.string().trim(),
  role: cellChoice(CONTACT_ROLE_WORDS, 'use CCDF Administrator, CCDF staff, RPM or other'),
  region: z.string().trim(),
});
export type ContactRowValues = z.output<typeof ContactRow>;

export const READINESS_WORDS = {
  least: 'least',
  least_ready: 'least',
  somewhat: 'somewhat',
  somewhat_ready: 'somewhat',
  most: 'most',
  most_ready: 'most',
} as const;

export const GoalRow = z.object({
  state: z.string().trim(),
  title: cellText('give the goal as the State wrote it', 300),
  category: z.string().trim(),
  related_category: z.string().trim(),
  readiness: z.string().trim(),
  start_date: z.string().trim(),
  strategic_area: z.string().trim(),
  strategic_area_notes: z.string().trim(),
});
export type GoalRowValues = z.output<typeof GoalRow>;
