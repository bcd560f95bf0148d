// Slack redelivers an event when it did not see our 200 in time (x-slack-retry-num) and may deliver
// the same event id twice. These keys are claimed once in processed_events (../processed-events.ts).
import { createHash } from 'node:crypto';

const MAX_KEY_LENGTH = 200;

/**
 * Keys go into a text primary key: control characters (NUL breaks the insert) are dropped, and a
 * key longer than MAX_KEY_LENGTH keeps its head plus a hash of the whole, so it stays unique.
 */
function cleanKey(key: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const clean = key.replace(/[\u0000-\u001f\u007f]/g, '');
  if (clean.length <= MAX_KEY_LENGTH) return clean;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `${clean.slice(0, MAX_KEY_LENGTH - hash.length - 1)}#${hash}`;
}

/** The dedupe key of an inbound Slack body, if it has a natural one. */
export function dedupeKey(body: Record<string, unknown>): string | undefined {
  const rawTeam = body.team_id ?? (body.team as { id?: unknown } | undefined)?.id;
  const team = typeof rawTeam === 'string' ? rawTeam : '-';
  if (typeof body.event_id === 'string') return cleanKey(`slack:${team}:event:${body.event_id}`);
  // Slash commands carry a trigger_id unique to the invocation; a redelivery repeats it.
  if (typeof body.command === 'string' && typeof body.trigger_id === 'string')
    return cleanKey(`slack:${team}:command:${body.trigger_id}`);
  return undefined;
}
