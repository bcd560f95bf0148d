// An unexpected failure reaches the user as one short sentence with a reference id; the full error
// goes to the log under the same id. Dialog state is untouched, so the user can simply try again.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../src/logger.js';
import { DATABASE_UNAVAILABLE_TEXT, noteDatabaseUnavailable } from '../database-unavailable.js';

export function reportIncident(logger: Logger, err: unknown, where: Record<string, unknown>): string {
  const ref = `TAT-${randomBytes(3).toString('hex').toUpperCase()}`;
  const e = err as { name?: string; message?: string; statusCode?: number; stack?: string };
  logger.error('teams: unexpected error', {
    ref,
    ...where,
    error: { name: e?.name, message: e?.message ?? String(err), status: e?.statusCode },
    stack: e?.stack?.split('\n').slice(0, 6).join('\n'),
  });
  return ref;
}

export function incidentText(ref: string): string {
  return `Sorry, something went wrong on my side (reference ${ref}). Your answers so far are kept: try again in a moment, and quote ${ref} to a TAT administrator if it keeps happening.`;
}

/**
 * Logs `err` and returns what to tell the user: during a database outage the shared "nothing you
 * sent was saved, try again in a minute" (one warning line), otherwise the incident sentence.
 */
export function reportFailure(logger: Logger, err: unknown, where: Record<string, unknown>): string {
  if (noteDatabaseUnavailable(logger, 'teams', err, where)) return DATABASE_UNAVAILABLE_TEXT;
  return incidentText(reportIncident(logger, err, where));
}
