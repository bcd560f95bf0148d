// What every channel tells a user while the database cannot be reached (db/client.ts
// isDatabaseUnavailable): one text for Slack, Teams and the rest, so the wording never drifts.
import { isDatabaseUnavailable } from '../db/client.js';
import type { Logger } from '../src/logger.js';

export const DATABASE_UNAVAILABLE_TEXT =
  'The database is unavailable right now, so nothing you sent was saved. Please try again in a minute; your earlier answers are kept.';

/**
 * True (and logged as one warning line, with the error code only) when `err` is a database outage:
 * the caller then answers DATABASE_UNAVAILABLE_TEXT instead of an incident reference.
 */
export function noteDatabaseUnavailable(
  logger: Logger,
  channel: string,
  err: unknown,
  where: Record<string, unknown>,
): boolean {
  if (!isDatabaseUnavailable(err)) return false;
  logger.warn(`${channel}: database unavailable`, { ...where, code: codeOf(err) });
  return true;
}

function codeOf(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; i++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}
