// Nudges (src/reminders) delivered as Slack DMs. Posting to a user id opens the bot's DM with them.
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

export function createSlackChannelPort(api: SlackApi, logger: Logger): ChannelPort {
  return {
    channel: 'slack',
    canReach: (staff: ReminderStaff) => staff.active && Boolean(staff.slackUserId),
    async send(staff, message): Promise<SendResult> {
      if (!staff.slackUserId) return { ok: false, error: 'no Slack user id on the staff record' };
      try {
        await api.call('chat.postMessage', { channel: staff.slackUserId, ...renderNudge(message) });
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
