// An unexpected failure reaches the user as one short sentence with a reference id; the full error
// goes to the log under the same id (the logger masks tokens). Dialog state is never touched here,
// so the user can simply try again.

import type { Logger } from '../../src/logger.js';
import { newIncidentRef } from '../../src/process-guards.js';
import { DATABASE_UNAVAILABLE_TEXT, noteDatabaseUnavailable } from '../database-unavailable.js';

export const newReference = newIncidentRef;

export function reportIncident(logger: Logger, err: unknown, where: Record<string, unknown>): string {
  const ref = newReference();
  const e = err as {
    name?: string;
    message?: string;
    code?: string;
    data?: { error?: string };
    stack?: string;
  };
  logger.error('slack: unexpected error', {
    ref,
    ...where,
    error: { name: e?.name, message: e?.message ?? String(err), code: e?.code, slackError: e?.data?.error },
    stack: e?.stack?.split('\n').slice(0, 6).join('\n'),
  });
  return ref;
}

export function incidentText(ref: string): string {
  return `Sorry, something went wrong on my side (reference ${ref}). Your answers so far are kept: try again in a moment, and quote ${ref} to a TAT administrator if it keeps happening.`;
}

export { DATABASE_UNAVAILABLE_TEXT };

/**
 * Logs `err` and returns what to tell the user: during a database outage a plain "try again in a
 * minute" (logged as a warning, one line), otherwise the incident sentence with its reference.
 */
export function reportFailure(logger: Logger, err: unknown, where: Record<string, unknown>): string {
  if (noteDatabaseUnavailable(logger, 'slack', err, where)) return DATABASE_UNAVAILABLE_TEXT;
  return incidentText(reportIncident(logger, err, where));
}
