// Slack redelivers an event when it did not see our 200 in time (x-slack-retry-num) and may deliver
// the same event id twice. Each inbound item is claimed once in processed_events before we act on it.
import { lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { processedEvents } from '../../db/schema.js';

/** True the first time `key` is claimed, false for every repeat. */
export async function claimOnce(db: DbOrTx, key: string): Promise<boolean> {
  const rows = await db
    .insert(processedEvents)
    .values({ key })
    .onConflictDoNothing()
    .returning({ key: processedEvents.key });
  return rows.length > 0;
}

/** Forget keys older than `maxAgeMs` (Slack stops retrying after about an hour). */
export async function pruneProcessed(db: DbOrTx, now: Date, maxAgeMs = 24 * 3600_000): Promise<void> {
  await db.delete(processedEvents).where(lt(processedEvents.at, new Date(now.getTime() - maxAgeMs)));
}

/** The dedupe key of an inbound Slack body, if it has a natural one. */
export function dedupeKey(body: Record<string, unknown>): string | undefined {
  const team = (body.team_id as string | undefined) ?? (body.team as { id?: string } | undefined)?.id ?? '-';
  if (typeof body.event_id === 'string') return `slack:${team}:event:${body.event_id}`;
  // Slash commands carry a trigger_id unique to the invocation; a redelivery repeats it.
  if (typeof body.command === 'string' && typeof body.trigger_id === 'string')
    return `slack:${team}:command:${body.trigger_id}`;
  return undefined;
}
