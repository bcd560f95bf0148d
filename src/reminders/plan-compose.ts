// Pure: turns what is due into messages, given what the ledger already holds. Drops what was sent
// or is being sent, waits out backoff, combines a digest user's items into one message a day, and
// keeps each person under their daily cap (most urgent first; the rest waits for tomorrow).
import type { NudgeKind, NudgeMessageKind, ReminderStaff } from './channel-port.js';
import { itemKey, type PlannedItem, type PlanResult, type SkippedItem } from './plan-types.js';
import { zoneClock } from './plan-window.js';

export interface LedgerEntry {
  status: 'claimed' | 'sent' | 'failed';
  claimedAt: Date;
  nextAttemptAt: Date | null;
  attempts: number;
}

export interface LedgerState {
  /** By itemKey. */
  entries: Map<string, LedgerEntry>;
  /** Recent claimed or sent rows per recipient: their message key and claim time (for the cap). */
  recent: Map<number, { message: string; claimedAt: Date; status?: LedgerEntry['status'] }[]>;
}

export interface PlannedMessage {
  recipient: ReminderStaff;
  /** Same for every item of the message; the cap counts distinct keys per local day. */
  key: string;
  kind: NudgeMessageKind;
  items: PlannedItem[];
  /** Local midnight of the recipient's today, and their cap (1 in digest mode). */
  dayStart: Date;
  cap: number;
}

export interface ComposeResult {
  messages: PlannedMessage[];
  skipped: SkippedItem[];
}

export const DEFAULT_STALE_CLAIM_MS = 5 * 60_000;

const PRIORITY: Record<NudgeKind, number> = {
  summary_overdue_escalation: 0,
  summary_overdue: 1,
  summary_due: 2,
  monthly_review: 3,
  monthly_notes: 4,
  summary_due_soon: 5,
};

/** What the ledger says about an item: send it (new or retry) or why not. */
export function ledgerVerdict(
  entry: LedgerEntry | undefined,
  at: Date,
  staleClaimMs: number,
): 'new' | 'retry' | 'already_sent' | 'in_flight' | 'backoff' {
  if (!entry) return 'new';
  if (entry.status === 'sent') return 'already_sent';
  if (entry.status === 'claimed') {
    return at.getTime() - entry.claimedAt.getTime() >= staleClaimMs ? 'retry' : 'in_flight';
  }
  return entry.nextAttemptAt && entry.nextAttemptAt > at ? 'backoff' : 'retry';
}

export function composeMessages(
  plan: PlanResult,
  ledger: LedgerState,
  staffById: Map<number, ReminderStaff>,
  options: { staleClaimMs?: number } = {},
): ComposeResult {
  const stale = options.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;
  const clockOf = zoneClock(plan.at);
  const skipped: SkippedItem[] = [];
  const byRecipient = new Map<number, PlannedItem[]>();
  for (const item of plan.items) {
    const verdict = ledgerVerdict(ledger.entries.get(itemKey(item)), plan.at, stale);
    if (verdict !== 'new' && verdict !== 'retry') {
      skipped.push({ item, reason: verdict });
      continue;
    }
    const list = byRecipient.get(item.recipientStaffId);
    if (list) list.push(item);
    else byRecipient.set(item.recipientStaffId, [item]);
  }
  const messages: PlannedMessage[] = [];
  for (const [recipientId, items] of byRecipient) {
    const recipient = staffById.get(recipientId)!;
    const clock = clockOf(recipient.timeZone);
    const digest = recipient.reminderMode === 'digest';
    const cap = digest ? Math.min(1, recipient.reminderDailyCap) : recipient.reminderDailyCap;
    const sentToday = new Set(
      (ledger.recent.get(recipientId) ?? [])
        // A stale claim is retried, not counted: a dead process's digest must still go out.
        .filter((r) => r.claimedAt >= clock.dayStart)
        .filter((r) => !(r.status === 'claimed' && plan.at.getTime() - r.claimedAt.getTime() >= stale))
        .map((r) => r.message),
    );
    const groups = digest ? [digestOf(items, clock.date)] : groupSeparate(items);
    groups.sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key));
    let room = cap - sentToday.size;
    for (const g of groups) {
      // A late addition to a message already sent today (same key) is not a new message — except
      // in digest mode, where a second digest the same day would break "one a day".
      const alreadyCounted = !digest && sentToday.has(g.key);
      if (room <= 0 && !alreadyCounted) {
        for (const item of g.items) skipped.push({ item, reason: 'cap' });
        continue;
      }
      if (!alreadyCounted) room--;
      messages.push({ recipient, key: g.key, kind: g.kind, items: g.items, dayStart: clock.dayStart, cap });
    }
  }
  return { messages, skipped };
}

interface Group {
  key: string;
  kind: NudgeMessageKind;
  items: PlannedItem[];
  priority: number;
}

const byPriority = (a: PlannedItem, b: PlannedItem) =>
  PRIORITY[a.kind] - PRIORITY[b.kind] || (a.activityId ?? 0) - (b.activityId ?? 0);

function digestOf(items: PlannedItem[], localDate: string): Group {
  return {
    key: `daily_digest:${localDate}`,
    kind: 'daily_digest',
    items: [...items].sort(byPriority),
    priority: 0,
  };
}

/** One message per nudge, except that a person's missing monthly notes share one message. */
function groupSeparate(items: PlannedItem[]): Group[] {
  const groups = new Map<string, Group>();
  for (const item of items) {
    const key =
      item.kind === 'monthly_notes'
        ? `monthly_notes:${item.slot}`
        : `${item.kind}:${item.subject}:${item.slot}`;
    const g = groups.get(key);
    if (g) g.items.push(item);
    else groups.set(key, { key, kind: item.kind, items: [item], priority: PRIORITY[item.kind] });
  }
  for (const g of groups.values()) g.items.sort(byPriority);
  return [...groups.values()];
}
