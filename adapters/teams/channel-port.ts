// Nudges (src/reminders) delivered in the personal chat a staff member last used with the bot, via
// the stored conversation reference (Teams does not let a bot open a chat with a user it has never
// talked to without the app being installed for them). botbuilder's connector client retries a 429
// itself (following Retry-After, a few times); one that outlasts that is handed back as retryAfterMs.
import type { CloudAdapter } from 'botbuilder';
import type { DbOrTx } from '../../db/client.js';
import type { Logger } from '../../src/logger.js';
import type { ChannelPort, SendResult } from '../../src/reminders/channel-port.js';
import { loadReference } from './conversations.js';
import { toActivity } from './outbound.js';
import { renderNudge } from './render-card.js';

export function createTeamsChannelPort(options: {
  adapter: CloudAdapter;
  appId: string;
  db: DbOrTx;
  /** Staff ids with a stored reference, kept current by the message handler. */
  reachable: Set<number>;
  logger: Logger;
}): ChannelPort {
  const { adapter, appId, db, reachable, logger } = options;
  return {
    channel: 'teams',
    canReach: (staff) => staff.active && reachable.has(staff.id),
    async send(staff, message): Promise<SendResult> {
      const reference = await loadReference(db, staff.id);
      if (!reference) return { ok: false, error: 'no Teams conversation with this person yet' };
      try {
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          await context.sendActivity(toActivity(renderNudge(message)));
        });
        return { ok: true };
      } catch (err) {
        const e = err as { statusCode?: number; message?: string; response?: { headers?: { get(n: string): string | undefined } } };
        if (e.statusCode === 429) {
          const seconds = Number(e.response?.headers?.get('retry-after'));
          return { ok: false, retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000, error: 'rate limited by Teams' };
        }
        logger.warn('teams: nudge not delivered', { staffId: staff.id, status: e.statusCode, error: e.message });
        return { ok: false, error: e.message ?? String(err) };
      }
    },
  };
}
