// Nudges (src/reminders) delivered as Slack DMs: a staff member without a Slack id yet is found by the
// e-mail on their staff record (users.lookupByEmail, the id then stored), and the DM is opened with
// conversations.open, so everyone gets their reminders from day one.
// A short 429 is retried once (the `api` given is built with a small wait budget); a longer one is
// handed back as retryAfterMs so the reminder scheduler retries that nudge later and the rest of a
// sweep goes on.

import type { Logger } from '../../src/logger.js';
import type {
  ChannelPort,
  NudgeMessage,
  ReminderStaff,
  SendResult,
} from '../../src/reminders/channel-port.js';
import { type Block, context } from './blocks.js';
import { renderMessage } from './render-message.js';
import { RateLimited, type SlackApi } from './slack-api.js';

export function renderNudge(message: NudgeMessage): { text: string; blocks: Block[] } {
  const actions = message.buttons.map((b, i) => ({
    id: `nudge-${i}`,
    label: b.label,
    command: b.command,
    ...(b.style ? { style: b.style } : {}),
  }));
  const rendered = renderMessage({ messages: [message.text], actions });
  return {
    text: rendered.text,
    blocks: [...rendered.blocks, context('Reply here with `/ta help` to see what else I can do.')],
  };
}

/** The metadata event type our nudges carry; its payload lists the reminder_ledger ids delivered. */
export const NUDGE_EVENT = 'tat_nudge';
/** How far back in the DM a re-sent claim looks for its earlier post (a stale claim is minutes old). */
const HISTORY_LIMIT = 100;

/** Finds a staff member's Slack user by their e-mail and stores it on the staff record. */
export type SlackUserFinder = (staff: ReminderStaff) => Promise<string | undefined>;

export function createSlackChannelPort(
  api: SlackApi,
  logger: Logger,
  findUser: SlackUserFinder = async () => undefined,
): ChannelPort {
  return {
    /** Ledger ids found in the metadata of the bot's recent posts in the person's DM. */
    async findDelivered(staff, ledgerIds) {
      const found = new Set<number>();
      if (!staff.slackUserId) return found;
      const open = await api.call<{ channel: { id: string } }>('conversations.open', {
        users: staff.slackUserId,
      });
      const history = await api.call<{
        messages?: { metadata?: { event_type?: string; event_payload?: { ledger_ids?: unknown } } }[];
      }>('conversations.history', {
        channel: open.channel.id,
        limit: HISTORY_LIMIT,
        include_all_metadata: true,
      });
      const wanted = new Set(ledgerIds);
      for (const m of history.messages ?? []) {
        if (m.metadata?.event_type !== NUDGE_EVENT) continue;
        const ids = m.metadata.event_payload?.ledger_ids;
        if (Array.isArray(ids)) for (const id of ids) if (wanted.has(id as number)) found.add(id as number);
      }
      return found;
    },
    channel: 'slack',
    // Staff who never used the bot are found by e-mail at send time, unless Teams is theirs.
    canReach: (staff: ReminderStaff) =>
      staff.active &&
      (Boolean(staff.slackUserId) ||
        (Boolean(staff.email) && (staff.preferredChannel === 'slack' || !staff.teamsUserId))),
    async send(staff, message): Promise<SendResult> {
      try {
        const userId = staff.slackUserId ?? (await findUser(staff));
        if (!userId) return { ok: false, error: 'no Slack user has the e-mail on the staff record' };
        const dm = await api.call<{ channel: { id: string } }>('conversations.open', { users: userId });
        await api.call('chat.postMessage', {
          channel: dm.channel.id,
          ...renderNudge(message),
          // The ledger ids ride along so a re-sent stale claim can find this post first.
          ...(message.ledgerIds?.length
            ? { metadata: { event_type: NUDGE_EVENT, event_payload: { ledger_ids: message.ledgerIds } } }
            : {}),
        });
        return { ok: true };
      } catch (err) {
        if (err instanceof RateLimited)
          return { ok: false, retryAfterMs: err.retryAfterMs, error: err.message };
        const e = err as { data?: { error?: string }; message?: string };
        logger.warn('slack: nudge not delivered', { staffId: staff.id, error: e.data?.error ?? e.message });
        return { ok: false, error: e.data?.error ?? e.message ?? String(err) };
      }
    },
  };
}
