// Teams (like any Bot Framework channel) may redeliver an activity when our 200 was late. Each
// activity id is claimed once in processed_events before anything is done with it.
import { and, like, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { processedEvents } from '../../db/schema.js';

/** True the first time `key` is claimed, false for every repeat. */
export async function claimActivity(db: DbOrTx, key: string): Promise<boolean> {
  const rows = await db
    .insert(processedEvents)
    .values({ key })
    .onConflictDoNothing()
    .returning({ key: processedEvents.key });
  return rows.length > 0;
}

export function activityKey(activity: { id?: string; conversation?: { id?: string } }): string | undefined {
  return activity.id ? `teams:${activity.conversation?.id ?? '-'}:${activity.id}` : undefined;
}

/** Forget keys older than `maxAgeMs`. Only `teams:` keys: Slack prunes its own. */
export async function pruneTeamsKeys(db: DbOrTx, now: Date, maxAgeMs = 24 * 3600_000): Promise<void> {
  await db
    .delete(processedEvents)
    .where(
      and(like(processedEvents.key, 'teams:%'), lt(processedEvents.at, new Date(now.getTime() - maxAgeMs))),
    );
}
