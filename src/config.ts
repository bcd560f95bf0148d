// Environment parsed once, with zod, at the composition root. Nothing else reads process.env.
import cron from 'node-cron';
import { z } from 'zod';
import { isIsoDate } from './rules/dates.js';

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as America/New_York');

const portNumber = z.coerce
  .number({ error: 'must be a port number from 0 to 65535' })
  .int()
  .min(0)
  .max(65535);
const port = (fallback: number) => portNumber.default(fallback);

export const ConfigSchema = z.object({
  DATABASE_URL: optionalText,
  DATA_DIR: z.string().default('./.data'),
  TAT_TIMEZONE: timeZone.default('America/New_York'),
  TAT_CLOSURE_DAYS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    )
    .refine((days) => days.every(isIsoDate), 'must be a comma-separated list of YYYY-MM-DD dates'),
  DIALOG_IDLE_MINUTES: z.coerce
    .number({ error: 'must be a whole number of minutes, e.g. 30' })
    .int('must be a whole number of minutes, e.g. 30')
    .positive('must be a whole number of minutes, e.g. 30')
    .default(30),
  PORT: port(3000),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_TEAM_ID: optionalText,
  SLACK_API_URL: optionalText,
  TEAMS_APP_ID: optionalText,
  /** Teams on a port of its own; unset (the default): Teams shares PORT with Slack and /healthz. */
  TEAMS_PORT: z.preprocess((v) => (v === '' ? undefined : v), portNumber.optional()),
  TEAMS_APP_PASSWORD: optionalText,
  TEAMS_TENANT_ID: optionalText,
  /** Bot Framework channels served (activity.channelId); only Teams unless others are named. */
  TEAMS_CHANNEL_IDS: z
    .string()
    .default('msteams')
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.length > 0, 'must name at least one channel id, e.g. msteams'),
  REMINDERS_ENABLED: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true'),
  // Checked here so a typo stops the start with one line, not a stack trace from the scheduler.
  REMINDER_CRON: z
    .string()
    .trim()
    .refine(
      (v) => cron.validate(v),
      'must be a cron expression such as "*/15 * * * *" (minute hour day-of-month month day-of-week)',
    )
    .default('*/15 * * * *'),
  REMINDER_DUE_SOON_BUSINESS_DAYS: z.coerce
    .number({ error: 'must be a whole number of business days from 0 to 9' })
    .int('must be a whole number of business days from 0 to 9')
    .min(0, 'must be a whole number of business days from 0 to 9')
    .max(9, 'must be a whole number of business days from 0 to 9')
    .default(2),
  CONSOLE_USER_EMAIL: optionalText,
  // People made TAT administrators at every start (created as staff when absent), so a new
  // workspace has someone who can run the admin verbs before any directory file is imported.
  TAT_ADMIN_EMAILS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email({ error: 'must be a comma-separated list of e-mail addresses' }))),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' })
    .default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Thrown for a bad environment; the message lists every wrong variable and what it expects. */
export class ConfigError extends Error {
  constructor(issues: string[]) {
    super(`TAT Bot is misconfigured:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

export const slackConfigured = (c: Config) => Boolean(c.SLACK_BOT_TOKEN && c.SLACK_SIGNING_SECRET);
export const teamsConfigured = (c: Config) => Boolean(c.TEAMS_APP_ID && c.TEAMS_APP_PASSWORD);
