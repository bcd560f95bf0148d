// Environment parsed once, with zod, at the composition root. Nothing else reads process.env.
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

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number from 0 to 65535' })
    .int()
    .min(0)
    .max(65535)
    .default(fallback);

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
  DIALOG_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  PORT: port(3000),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_TEAM_ID: optionalText,
  SLACK_API_URL: optionalText,
  TEAMS_APP_ID: optionalText,
  TEAMS_PORT: port(3978),
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
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  REMINDER_CRON: z.string().default('*/15 * * * *'),
  REMINDER_DUE_SOON_BUSINESS_DAYS: z.coerce.number().int().min(0).max(9).default(2),
  CONSOLE_USER_EMAIL: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
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
