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

const RETRY_LATER_MS = 60_000;

export function createTeamsChannelPort(options: {
  adapter: CloudAdapter;
  appId: string;
  db: DbOrTx;
  /** Staff ids with a stored reference, kept current by the message and install handlers. */
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
        let posted: string | undefined;
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          posted = (await context.sendActivity(toActivity(renderNudge(message))))?.id;
        });
        if (posted) return { ok: true };
        // botbuilder hands back an error answer (a 429 after its retries, a 5xx) without throwing;
        // the Bot Connector always returns the new activity's id on success.
        logger.warn('teams: nudge not accepted by the Bot Connector', { staffId: staff.id });
        return {
          ok: false,
          retryAfterMs: RETRY_LATER_MS,
          error: 'Teams did not accept the message; try later',
        };
      } catch (err) {
        const e = err as {
          statusCode?: number;
          message?: string;
          response?: { headers?: { get(n: string): string | undefined } };
        };
        if (e.statusCode === 429) {
          const seconds = Number(e.response?.headers?.get('retry-after'));
          return {
            ok: false,
            retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : RETRY_LATER_MS,
            error: 'rate limited by Teams',
          };
        }
        logger.warn('teams: nudge not delivered', {
          staffId: staff.id,
          status: e.statusCode,
          error: e.message,
        });
        return { ok: false, error: e.message ?? String(err) };
      }
    },
  };
}
