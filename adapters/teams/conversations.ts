// Conversation references for proactive nudges: the personal chat where a staff member last talked to
// the bot, or where the app was installed for them. Teams only lets a bot message someone in a
// conversation it already has.
import { TurnContext } from 'botbuilder';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { teamsConversations, teamsRequesterConversations } from '../../db/schema.js';

export interface StoredReference {
  staffId: number;
  reference: Record<string, unknown>;
}

export async function saveReference(
  db: DbOrTx,
  staffId: number,
  reference: { conversation?: { id?: string; tenantId?: string }; serviceUrl?: string } & Record<
    string,
    unknown
  >,
  now: Date,
): Promise<void> {
  const conversationId = reference.conversation?.id;
  const serviceUrl = reference.serviceUrl;
  if (!conversationId || !serviceUrl) return;
  const row = {
    staffId,
    tenantId: reference.conversation?.tenantId ?? null,
    conversationId,
    serviceUrl,
    reference,
    updatedAt: now,
  };
  await db
    .insert(teamsConversations)
    .values(row)
    .onConflictDoUpdate({
      target: teamsConversations.staffId,
      set: { ...row, staffId: sql`excluded.staff_id` },
    });
}

export async function loadReference(
  db: DbOrTx,
  staffId: number,
): Promise<Record<string, unknown> | undefined> {
  const [row] = await db
    .select({ reference: teamsConversations.reference })
    .from(teamsConversations)
    .where(eq(teamsConversations.staffId, staffId));
  return row?.reference;
}

/** Stores the conversation of this activity as the staff member's nudge target and marks them reachable. */
export async function rememberConversation(
  db: DbOrTx,
  reachable: Set<number>,
  staffId: number,
  context: TurnContext,
  now: Date,
): Promise<void> {
  await saveReference(db, staffId, TurnContext.getConversationReference(context.activity) as never, now);
  reachable.add(staffId);
}

/** Uninstalled: the conversation can no longer be reached, so its stored reference goes (staff ids returned). */
export async function forgetConversation(
  db: DbOrTx,
  reachable: Set<number>,
  conversationId: string,
): Promise<number[]> {
  const gone = await db
    .delete(teamsConversations)
    .where(eq(teamsConversations.conversationId, conversationId))
    .returning({ staffId: teamsConversations.staffId });
  for (const g of gone) reachable.delete(g.staffId);
  await db
    .delete(teamsRequesterConversations)
    .where(eq(teamsRequesterConversations.conversationId, conversationId));
  return gone.map((g) => g.staffId);
}

/** Whether a reference is stored for this conversation already (a second install event says nothing new). */
export async function knownConversation(db: DbOrTx, conversationId: string): Promise<boolean> {
  const rows = await db
    .select({ staffId: teamsConversations.staffId })
    .from(teamsConversations)
    .where(eq(teamsConversations.conversationId, conversationId));
  return rows.length > 0;
}

/** Staff ids with a stored reference (canReach is synchronous, so the port keeps this set warm). */
export async function reachableStaffIds(db: DbOrTx): Promise<Set<number>> {
  const rows = await db.select({ staffId: teamsConversations.staffId }).from(teamsConversations);
  return new Set(rows.map((r) => r.staffId));
}
