// Platforms redeliver what they think we missed (Slack's x-slack-retry-num, repeated event ids, Bot
// Framework activity ids). Each inbound item is claimed once in processed_events before we act on it.
import { and, like, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { processedEvents } from '../db/schema.js';

/** True the first time `key` is claimed, false for every repeat. */
export async function claimOnce(db: DbOrTx, key: string): Promise<boolean> {
  const rows = await db
    .insert(processedEvents)
    .values({ key })
    .onConflictDoNothing()
    .returning({ key: processedEvents.key });
  return rows.length > 0;
}

/** Forget one channel's keys (`prefix`, e.g. `slack:`) older than `maxAgeMs`; retries stop long before. */
export async function pruneProcessed(
  db: DbOrTx,
  prefix: string,
  now: Date,
  maxAgeMs = 24 * 3600_000,
): Promise<void> {
  await db
    .delete(processedEvents)
    .where(
      and(
        like(processedEvents.key, `${prefix}%`),
        lt(processedEvents.at, new Date(now.getTime() - maxAgeMs)),
      ),
    );
}
