// Exactly-once bookkeeping in reminder_ledger, keyed (recipient, subject, kind, slot). A nudge is
// claimed with INSERT … ON CONFLICT DO NOTHING RETURNING before it is sent, and its outcome recorded
// after. A claim left 'claimed' by a process that died, or a 'failed' one whose backoff is over, is
// taken over by a conditional UPDATE, so two sweeps never both win it.
import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { queryRows } from '../../db/client.js';
import { reminderLedger } from '../../db/schema.js';
import type { LedgerEntry, LedgerState, PlannedMessage } from './plan-compose.js';
import { itemKey, type PlannedItem } from './plan-types.js';

/** Advisory lock namespace: one recipient's claims are serialized across processes. */
const LOCK_NAMESPACE = 727_273;
export const BACKOFF_BASE_MS = 5 * 60_000;
export const BACKOFF_MAX_MS = 6 * 60 * 60_000;

/** Delay before the next attempt after `attempts` failed attempts (5 min, 10, 20 … at most 6 h). */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

const ms = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)));

/** The ledger rows of the planned items, and each recipient's recent messages (for the cap). */
export async function loadLedgerState(
  db: DbOrTx,
  items: readonly PlannedItem[],
  at: Date,
): Promise<LedgerState> {
  const state: LedgerState = { entries: new Map(), recent: new Map() };
  if (items.length === 0) return state;
  // The recipients' entries from the earliest planned slot on, not a lookup key per item: a month
  // end plans ~140k items at 1M activities, and their keys alone would double the sweep's memory.
  // A nudge is claimed on or after its slot day, so entries claimed a week before it cannot match.
  const recipientSet = new Set<number>();
  let minSlot = items[0]!.slot;
  for (const i of items) {
    recipientSet.add(i.recipientStaffId);
    if (i.slot < minSlot) minSlot = i.slot;
  }
  const recipients = JSON.stringify([...recipientSet]);
  const claimedSince = new Date(Date.parse(`${minSlot}T00:00:00Z`) - 7 * 86_400_000).toISOString();
  const since = new Date(at.getTime() - 2 * 86_400_000).toISOString();
  const rows = await queryRows<{
    q: string;
    r: number;
    s: string | null;
    k: string | null;
    t: string | null;
    status: LedgerEntry['status'];
    claimed_ms: number;
    next_ms: number | null;
    attempts: number;
    message: string | null;
  }>(
    db,
    sql`
select 'e' as q, l.recipient_staff_id as r, l.subject as s, l.kind as k, l.slot as t, l.status,
  (extract(epoch from l.claimed_at) * 1000)::float8 as claimed_ms,
  (extract(epoch from l.next_attempt_at) * 1000)::float8 as next_ms, l.attempts::int as attempts,
  null::text as message
from reminder_ledger l
where l.recipient_staff_id in (select value::int from jsonb_array_elements_text(${recipients}::jsonb))
  and l.claimed_at >= ${claimedSince}::timestamptz and l.slot >= ${minSlot}
union all
select 'm', l.recipient_staff_id, null, null, null, l.status,
  (extract(epoch from l.claimed_at) * 1000)::float8, null, 0, l.payload->>'message'
from reminder_ledger l
where l.recipient_staff_id in (select value::int from jsonb_array_elements_text(${recipients}::jsonb))
  and l.claimed_at >= ${since}::timestamptz and l.status <> 'failed'`,
  );
  for (const row of rows) {
    if (row.q === 'e') {
      state.entries.set(
        itemKey({ recipientStaffId: row.r, subject: row.s!, kind: row.k as never, slot: row.t! }),
        {
          status: row.status,
          claimedAt: ms(row.claimed_ms)!,
          nextAttemptAt: ms(row.next_ms),
          attempts: row.attempts,
        },
      );
    } else {
      const list = state.recent.get(row.r) ?? [];
      list.push({ message: row.message ?? '', claimedAt: ms(row.claimed_ms)!, status: row.status });
      state.recent.set(row.r, list);
    }
  }
  return state;
}

export interface ClaimedItem {
  ledgerId: number;
  item: PlannedItem;
  /** Taken over from a stale claim or a failure: it may have reached the person already. */
  retaken: boolean;
}

export type ClaimOutcome = { claimed: ClaimedItem[]; capped: boolean };

/**
 * Claims the message's items for this process, in one transaction holding the recipient's advisory
 * lock (so the daily cap holds across processes). Items another process holds are left out.
 * `now` is the instant of the claim itself, not the sweep's start: a claim made late in a long sweep
 * must not look stale to another process's sweep started 5 minutes after this one began (R9).
 */
export async function claimMessage(
  db: DbOrTx,
  message: PlannedMessage,
  now: () => Date,
  staleClaimMs: number,
): Promise<ClaimOutcome> {
  const recipientId = message.recipient.id;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, ${recipientId}::int)`);
    const at = now(); // read after the lock: waiting for it is part of the claim's time
    // Items joining a message already sent today do not count twice — except a second digest.
    const sameMessage = message.kind === 'daily_digest' ? '' : message.key;
    // A stale claim (its process died) is not a message sent: it is about to be retaken, and
    // counting it would hold a dead process's digest back forever.
    const staleBefore = new Date(at.getTime() - staleClaimMs);
    const [today] = await queryRows<{ n: number }>(
      tx,
      sql`select count(distinct payload->>'message')::int as n from reminder_ledger
          where recipient_staff_id = ${recipientId} and claimed_at >= ${message.dayStart.toISOString()}::timestamptz
            and (status = 'sent' or (status = 'claimed' and claimed_at >= ${staleBefore.toISOString()}::timestamptz))
            and coalesce(payload->>'message', '') <> ${sameMessage}`,
    );
    if ((today?.n ?? 0) >= message.cap) return { claimed: [], capped: true };
    const payload = { message: message.key };
    const inserted = await tx
      .insert(reminderLedger)
      .values(
        message.items.map((i) => ({
          recipientStaffId: recipientId,
          subject: i.subject,
          kind: i.kind,
          slot: i.slot,
          status: 'claimed' as const,
          claimedAt: at,
          payload,
        })),
      )
      .onConflictDoNothing()
      .returning({
        id: reminderLedger.id,
        subject: reminderLedger.subject,
        kind: reminderLedger.kind,
        slot: reminderLedger.slot,
      });
    const byKey = new Map(message.items.map((i) => [itemKey(i), i]));
    const claimed: ClaimedItem[] = [];
    for (const row of inserted) {
      const item = byKey.get(itemKey({ recipientStaffId: recipientId, ...row, kind: row.kind as never }))!;
      byKey.delete(itemKey(item));
      claimed.push({ ledgerId: row.id, item, retaken: false });
    }
    for (const item of byKey.values()) {
      const [taken] = await tx
        .update(reminderLedger)
        .set({ status: 'claimed', claimedAt: at, payload })
        .where(
          and(
            eq(reminderLedger.recipientStaffId, recipientId),
            eq(reminderLedger.subject, item.subject),
            eq(reminderLedger.kind, item.kind),
            eq(reminderLedger.slot, item.slot),
            or(
              and(
                eq(reminderLedger.status, 'failed'),
                or(
                  sql`${reminderLedger.nextAttemptAt} is null`,
                  sql`${reminderLedger.nextAttemptAt} <= ${at.toISOString()}::timestamptz`,
                ),
              ),
              and(eq(reminderLedger.status, 'claimed'), lt(reminderLedger.claimedAt, staleBefore)),
            ),
          ),
        )
        .returning({ id: reminderLedger.id });
      if (taken) claimed.push({ ledgerId: taken.id, item, retaken: true });
    }
    return { claimed, capped: false };
  });
}

export async function recordSent(db: DbOrTx, ledgerIds: number[], at: Date): Promise<void> {
  if (ledgerIds.length === 0) return;
  await db
    .update(reminderLedger)
    .set({
      status: 'sent',
      sentAt: at,
      attempts: sql`${reminderLedger.attempts} + 1`,
      nextAttemptAt: null,
      lastError: null,
    })
    .where(inArray(reminderLedger.id, ledgerIds));
}

/** Records a failed attempt; the next sweep after `nextAttemptAt` tries again (backoff, or retry-after). */
export async function recordFailure(
  db: DbOrTx,
  ledgerIds: number[],
  at: Date,
  error: string,
  retryAfterMs?: number,
): Promise<void> {
  if (ledgerIds.length === 0) return;
  const rows = await db
    .select({ id: reminderLedger.id, attempts: reminderLedger.attempts })
    .from(reminderLedger)
    .where(inArray(reminderLedger.id, ledgerIds));
  for (const row of rows) {
    const attempts = row.attempts + 1;
    const delay = Math.max(backoffMs(attempts), retryAfterMs ?? 0);
    await db
      .update(reminderLedger)
      .set({
        status: 'failed',
        attempts,
        nextAttemptAt: new Date(at.getTime() + delay),
        lastError: error.slice(0, 500),
      })
      .where(eq(reminderLedger.id, row.id));
  }
}
