// One inbound Teams activity, after botbuilder authenticated it: tenant guard → dedupe → identity →
// remember the conversation (for nudges) → Turn → dialog engine → reply. Messages in personal chat
// and @mentions in channels (Teams delivers only those) are handled, and the install of the app in a
// personal chat (./on-install.ts) or in a team (./team-installs.ts); other activity types are not.
import { TurnContext } from 'botbuilder';
import type { Reply, Turn } from '../../dialogs/types.js';
import type { Logger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { claimOnce } from '../processed-events.js';
import { rememberConversation } from './conversations.js';
import { activityKey } from './dedupe.js';
import { resolveSender, unknownUserText } from './identity.js';
import { reportFailure } from './incident.js';
import { isPersonalInstall, isPersonalUninstall, onInstall, onUninstall } from './on-install.js';
import { toActivity } from './outbound.js';
import { markdown, renderReply } from './render-card.js';
import { onFileConsent, sendReplyFiles } from './reply-files.js';
import { onRequesterMessage, resolveRequester } from './requesters.js';
import { turnBody } from './submit.js';
import { isTeamInstall, isTeamUninstall, onTeamInstall, onTeamUninstall } from './team-installs.js';

export interface Engine {
  handle(turn: Turn): Promise<Reply>;
}

export interface MessageDeps {
  engine: Engine;
  ctx: ServiceContext;
  logger: Logger;
  /** Serve only this Azure AD tenant (TEAMS_TENANT_ID). */
  tenantId?: string | undefined;
  /** Bot Framework channels served (TEAMS_CHANNEL_IDS): an activity from Web Chat is not Teams. */
  channelIds: readonly string[];
  /** Staff ids with a stored conversation reference (the channel port reads it). */
  reachable: Set<number>;
}

export const OTHER_TENANT_TEXT =
  'TAT Bot is set up for another organisation, so it cannot help you here. Ask your TAT administrator how to reach it.';

export function tenantOf(context: TurnContext): string | undefined {
  const a = context.activity;
  return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

export async function onActivity(deps: MessageDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  // Another channel (e.g. webchat) could carry any AAD object id: nothing from it is trusted.
  if (!deps.channelIds.includes(activity.channelId)) {
    deps.logger.warn('teams: activity from another channel ignored', {
      channelId: String(activity.channelId).slice(0, 40),
      type: activity.type,
    });
    return;
  }
  const handler =
    activity.type === 'message'
      ? onMessage
      : isPersonalInstall(activity)
        ? onInstall
        : isPersonalUninstall(activity)
          ? onUninstall
          : isTeamInstall(activity)
            ? onTeamInstall
            : isTeamUninstall(activity)
              ? onTeamUninstall
              : activity.type === 'invoke' && activity.name === 'fileConsent/invoke'
                ? (d: MessageDeps, c: TurnContext) => onFileConsent(c, d.logger)
                : undefined;
  if (!handler) return;
  const tenant = tenantOf(context);
  if (deps.tenantId && tenant !== deps.tenantId) {
    deps.logger.warn('teams: activity from another tenant refused', {
      type: activity.type,
      tenant: tenant ?? 'unknown',
    });
    await context.sendActivity(OTHER_TENANT_TEXT);
    return;
  }
  try {
    const key = activityKey(activity);
    if (key && !(await claimOnce(deps.ctx.db, key))) {
      deps.logger.info('teams: repeated activity ignored', { key });
      return;
    }
    await handler(deps, context);
  } catch (err) {
    const text = reportFailure(deps.logger, err, {
      activity: activity.id,
      conversation: activity.conversation?.id,
    });
    await context
      .sendActivity(text)
      .catch((e: Error) =>
        deps.logger.warn('teams: could not tell the user about an error', { error: e.name }),
      );
  }
}

async function onMessage(deps: MessageDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  // Channels deliver "<at>TAT Bot</at> log …": strip our own mention before reading the text.
  const text = activity.text ? TurnContext.removeRecipientMention(activity) : undefined;
  const body = turnBody(text, activity.value);
  if (!body) return;
  const person = await resolveSender(deps.ctx, deps.logger, context);
  if (person.kind !== 'staff') {
    // A requester writing to the bot: their feedback (R17), as a Slack thread reply is.
    const requester = body.text ? await resolveRequester(deps.ctx, deps.logger, context) : undefined;
    if (requester) return onRequesterMessage(deps.ctx, requester, context, body.text!);
    await context.sendActivity(markdown(await unknownUserText(deps.ctx, person.email)));
    return;
  }
  const staffId = person.staff.id;
  if (activity.conversation?.conversationType === 'personal' || !activity.conversation?.conversationType)
    await rememberConversation(deps.ctx.db, deps.reachable, staffId, context, deps.ctx.now());
  const reply = await deps.engine.handle({
    speaker: {
      channel: 'teams',
      workspace: tenantOf(context) ?? 'teams',
      conversation: activity.conversation.id,
      userKey: activity.from.aadObjectId ?? activity.from.id,
      staffId,
    },
    ...body,
  });
  const out = toActivity(renderReply(reply));
  // A click on a card's question (not a command button) moves that card on in place, as in Slack,
  // so old cards do not keep live buttons.
  const clicked = activity.replyToId && (body.answer !== undefined || body.expectedVersion !== undefined);
  if (clicked) {
    try {
      await context.updateActivity({ ...out, id: activity.replyToId });
      await sendReplyFiles(context, reply);
      return;
    } catch (err) {
      deps.logger.info('teams: card not updated in place; replying instead', {
        error: (err as Error).message,
      });
    }
  }
  await context.sendActivity(out);
  await sendReplyFiles(context, reply);
}
