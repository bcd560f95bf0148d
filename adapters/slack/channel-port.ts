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

/** Finds a staff member's Slack user by their e-mail and stores it on the staff record. */
export type SlackUserFinder = (staff: ReminderStaff) => Promise<string | undefined>;

export function createSlackChannelPort(
  api: SlackApi,
  logger: Logger,
  findUser: SlackUserFinder = async () => undefined,
): ChannelPort {
  return {
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
        await api.call('chat.postMessage', { channel: dm.channel.id, ...renderNudge(message) });
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
