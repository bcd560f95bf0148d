// Sends composed messages: one queue per recipient, all queues running side by side, so a slow or
// rate-limited recipient (Slack: about 1 message/s per channel; 429 retry-after) never holds up the
// others. Each message is claimed in the ledger right before it is sent and its outcome recorded.
import type { DbOrTx } from '../../db/client.js';
import type { ChannelName, ChannelPort, NudgeMessage, SendResult } from './channel-port.js';
import { type ClaimedItem, claimMessage, recordFailure, recordSent } from './ledger.js';
import type { PlannedMessage } from './plan-compose.js';
import type { SkippedItem } from './plan-types.js';
import { renderMessage } from './render.js';
import type { ChannelRouter } from './router.js';

export interface ReminderLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface DeliveryOptions {
  staleClaimMs: number;
  /** Least time between two messages to one person on a channel. */
  minIntervalMs: Record<ChannelName, number>;
  /** A retry-after up to this long is waited out within the sweep (that recipient only). */
  maxInlineRetryMs: number;
  maxInlineRetries: number;
  /** Database/platform calls in flight at once. */
  concurrency: number;
  sleep: (ms: number) => Promise<void>;
  /** Monotonic milliseconds, for spacing messages. */
  monotonicNow: () => number;
  /**
   * The current instant, for stamping claims and judging others' claims stale (the sweep's `at`
   * plus the time the sweep has run; a sweep can run many minutes).
   */
  now: () => Date;
  logger: ReminderLogger;
  signal?: AbortSignal;
}

export interface DeliveryTally {
  claimed: number;
  sent: number;
  failed: number;
  skipped: SkippedItem[];
}

export async function deliverMessages(
  db: DbOrTx,
  router: ChannelRouter,
  messages: readonly PlannedMessage[],
  at: Date,
  options: DeliveryOptions,
): Promise<DeliveryTally> {
  const tally: DeliveryTally = { claimed: 0, sent: 0, failed: 0, skipped: [] };
  const byRecipient = new Map<number, PlannedMessage[]>();
  for (const m of messages) {
    const list = byRecipient.get(m.recipient.id);
    if (list) list.push(m);
    else byRecipient.set(m.recipient.id, [m]);
  }
  const slot = semaphore(options.concurrency);
  await Promise.all(
    [...byRecipient.values()].map((queue) =>
      deliverQueue(db, router, queue, at, options, slot, tally).catch((err: unknown) => {
        // One person's database or channel trouble must not stop the others; claims left
        // 'claimed' are retried by a later sweep once stale.
        tally.failed++;
        options.logger.error('reminders: delivery to one recipient broke off', {
          staffId: queue[0]!.recipient.id,
          error: (err as Error)?.message ?? String(err),
        });
      }),
    ),
  );
  return tally;
}

async function deliverQueue(
  db: DbOrTx,
  router: ChannelRouter,
  queue: PlannedMessage[],
  at: Date,
  options: DeliveryOptions,
  slot: Semaphore,
  tally: DeliveryTally,
): Promise<void> {
  const recipient = queue[0]!.recipient;
  const port = router.route(recipient);
  if (!port) {
    options.logger.warn('reminders: no channel can reach this person; nudges held', {
      staffId: recipient.id,
      preferredChannel: recipient.preferredChannel,
    });
    for (const m of queue) for (const item of m.items) tally.skipped.push({ item, reason: 'no_channel' });
    return;
  }
  const gap = options.minIntervalMs[port.channel];
  let lastSentAt = Number.NEGATIVE_INFINITY;
  for (const message of queue) {
    if (options.signal?.aborted) return; // not claimed: the next sweep sends it
    const claim = await slot(() => claimMessage(db, message, options.now, options.staleClaimMs));
    if (claim.claimed.length === 0) {
      const reason = claim.capped ? 'cap' : 'in_flight';
      for (const item of message.items) tally.skipped.push({ item, reason });
      continue;
    }
    tally.claimed += claim.claimed.length;
    const pending = await dropDelivered(db, port, recipient, claim.claimed, at, options, slot);
    if (pending === 'unchecked') {
      tally.failed++;
      continue;
    }
    if (pending.length === 0) {
      tally.sent++; // it had arrived before its sender died; now recorded
      continue;
    }
    claim.claimed = pending;
    const wait = lastSentAt + gap - options.monotonicNow();
    if (wait > 0) await options.sleep(wait);
    const result = await sendWithRetryAfter(
      port.send.bind(port),
      recipient,
      message,
      claim.claimed,
      options,
      slot,
    );
    lastSentAt = options.monotonicNow();
    const ids = claim.claimed.map((c) => c.ledgerId);
    if (result.ok) {
      await slot(() => recordSent(db, ids, at));
      tally.sent++;
    } else {
      await slot(() => recordFailure(db, ids, at, result.error, result.retryAfterMs));
      tally.failed++;
      options.logger.warn('reminders: send failed; will retry with backoff', {
        staffId: recipient.id,
        channel: port.channel,
        message: message.key,
        error: result.error,
        retryAfterMs: result.retryAfterMs,
      });
    }
  }
}

/**
 * Items taken over from a stale claim or a failure may have reached the person before their sender
 * died. Where the channel can look (Slack: the ledger ids in message metadata), those are recorded
 * as sent instead of being sent again. If the look-up itself fails, nothing is sent now (a duplicate
 * is worse than a delay): the claim is recorded as failed and retried after its backoff.
 */
async function dropDelivered(
  db: DbOrTx,
  port: ChannelPort,
  recipient: PlannedMessage['recipient'],
  claimed: ClaimedItem[],
  at: Date,
  options: DeliveryOptions,
  slot: Semaphore,
): Promise<ClaimedItem[] | 'unchecked'> {
  const retaken = claimed.filter((c) => c.retaken).map((c) => c.ledgerId);
  if (retaken.length === 0 || !port.findDelivered) return claimed;
  let delivered: Set<number>;
  try {
    delivered = await slot(() => port.findDelivered!(recipient, retaken));
  } catch (err) {
    const error = `could not check whether an earlier send arrived: ${(err as Error)?.message ?? err}`;
    await slot(() =>
      recordFailure(
        db,
        claimed.map((c) => c.ledgerId),
        at,
        error,
      ),
    );
    options.logger.warn('reminders: delivery check failed; will retry with backoff', {
      staffId: recipient.id,
      channel: port.channel,
    });
    return 'unchecked';
  }
  const arrived = claimed.filter((c) => delivered.has(c.ledgerId)).map((c) => c.ledgerId);
  if (arrived.length > 0) {
    await slot(() => recordSent(db, arrived, at));
    options.logger.info('reminders: an unrecorded send had arrived; recorded, not re-sent', {
      staffId: recipient.id,
      channel: port.channel,
      items: arrived.length,
    });
  }
  return claimed.filter((c) => !delivered.has(c.ledgerId));
}

async function sendWithRetryAfter(
  send: (staff: PlannedMessage['recipient'], m: NudgeMessage) => Promise<SendResult>,
  recipient: PlannedMessage['recipient'],
  message: PlannedMessage,
  claimed: ClaimedItem[],
  options: DeliveryOptions,
  slot: Semaphore,
): Promise<SendResult> {
  const nudge = {
    ...renderMessage(
      message.kind,
      claimed.map((c) => c.item),
    ),
    ledgerIds: claimed.map((c) => c.ledgerId),
  };
  for (let tries = 0; ; tries++) {
    const result = await slot(async (): Promise<SendResult> => {
      try {
        return await send(recipient, nudge);
      } catch (err) {
        return { ok: false, error: (err as Error)?.message ?? String(err) };
      }
    });
    const wait = result.ok ? undefined : result.retryAfterMs;
    if (wait === undefined || wait > options.maxInlineRetryMs || tries >= options.maxInlineRetries)
      return result;
    await options.sleep(wait); // outside the semaphore: only this recipient waits
  }
}

type Semaphore = <T>(work: () => Promise<T>) => Promise<T>;

function semaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (active < limit) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
