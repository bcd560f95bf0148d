// R17 over Teams: requesters in the tenant are known by their Entra object id once they write to the
// bot or install it (found by the e-mail Teams gives for them), and their personal chat is stored so
// a feedback request reaches them proactively; what they write there is recorded as their feedback.
import { TeamsInfo, TurnContext } from 'botbuilder';
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { activities, activityRequesters, requesters, teamsRequesterConversations } from '../../db/schema.js';
import type { Logger } from '../../src/logger.js';
import { type ServiceContext, writeAudit } from '../../src/services/context.js';
import { findRequesterByEmail } from '../../src/services/lookups.js';
import { recordRequesterMessage } from '../../src/services/requester-message.js';
import { feedbackRequestText, requesterMessageText } from '../requester-message-text.js';
import type { OpenRequesterChat } from './open-requester-chat.js';
import { toActivity } from './outbound.js';
import { renderReply } from './render-card.js';

export interface TeamsRequester {
  requesterId: number;
  name: string;
}

/** The requester behind the sender of this activity, linked by Entra id (audited) on first sight. */
export async function resolveRequester(
  ctx: ServiceContext,
  logger: Logger,
  context: TurnContext,
): Promise<TeamsRequester | undefined> {
  const from = context.activity.from;
  const aad = from?.aadObjectId;
  if (aad) {
    const [linked] = await ctx.db.select().from(requesters).where(eq(requesters.teamsUserId, aad));
    if (linked) return { requesterId: linked.id, name: linked.name };
  }
  let email: string | undefined;
  try {
    const member = await TeamsInfo.getMember(context, from.id);
    email = (member.email ?? member.userPrincipalName)?.trim().toLowerCase() || undefined;
  } catch (err) {
    logger.warn('teams: member lookup failed', { error: (err as Error).message });
  }
  const found = email ? await findRequesterByEmail(ctx, email) : undefined;
  if (!found) return undefined;
  if (aad && !found.teamsUserId) await linkRequesterToTeamsUser(ctx, logger, found.id, aad);
  return { requesterId: found.id, name: found.name };
}

/** Links a requester to their Entra object id (audited), unless they are linked already. */
export async function linkRequesterToTeamsUser(
  ctx: ServiceContext,
  logger: Logger,
  requesterId: number,
  aad: string,
): Promise<void> {
  await ctx.db
    .transaction(async (tx) => {
      const updated = await tx
        .update(requesters)
        .set({ teamsUserId: aad })
        .where(and(eq(requesters.id, requesterId), isNull(requesters.teamsUserId)))
        .returning({ id: requesters.id });
      if (updated.length === 0) return;
      await writeAudit(
        tx,
        ctx,
        { kind: 'system', channel: 'teams' },
        {
          action: 'link_teams_user',
          entity: 'requester',
          entityId: requesterId,
          changes: { teamsUserId: aad },
        },
      );
    })
    .catch((err: Error) => logger.debug('teams: linking a requester skipped', { error: err.message }));
}

/** Stores the requester's personal chat with the bot (where feedback requests go). */
export async function rememberRequesterChat(
  db: DbOrTx,
  requesterId: number,
  context: TurnContext,
  now: Date,
  /** null: their own install (kept whatever happens to teams); a team id: opened through that team. */
  viaTeamId?: string | null,
) {
  const reference = TurnContext.getConversationReference(context.activity) as Record<string, unknown>;
  await saveRequesterChat(db, requesterId, reference, now, viaTeamId);
}

export async function saveRequesterChat(
  db: DbOrTx,
  requesterId: number,
  reference: Record<string, unknown> & {
    conversation?: { id?: string; tenantId?: string };
    serviceUrl?: string;
  },
  now: Date,
  viaTeamId?: string | null,
) {
  const conversationId = reference.conversation?.id;
  if (!conversationId || !reference.serviceUrl) return;
  const row = {
    requesterId,
    tenantId: reference.conversation?.tenantId ?? null,
    conversationId,
    serviceUrl: reference.serviceUrl,
    reference,
    updatedAt: now,
    ...(viaTeamId !== undefined ? { viaTeamId } : {}),
  };
  await db
    .insert(teamsRequesterConversations)
    .values(row)
    .onConflictDoUpdate({ target: teamsRequesterConversations.requesterId, set: row });
}

/** A requester's message in their chat with the bot: their feedback, or the question which activity. */
export async function onRequesterMessage(
  ctx: ServiceContext,
  requester: TeamsRequester,
  context: TurnContext,
  text: string,
): Promise<void> {
  if (context.activity.conversation?.conversationType === 'personal')
    await rememberRequesterChat(ctx.db, requester.requesterId, context, ctx.now());
  const outcome = await recordRequesterMessage(
    ctx,
    { requesterId: requester.requesterId, channel: 'teams' },
    text,
  );
  await context.sendActivity(
    toActivity(renderReply({ messages: [requesterMessageText(requester.name, outcome)] })),
  );
}

/**
 * Sends the activity's requesters a feedback request in their chat with the bot, opening one through
 * a team the app is installed in when they have none; the rest are returned as unreachable.
 */
export async function requestFeedbackOnTeams(
  options: {
    ctx: ServiceContext;
    logger: Logger;
    appId: string;
    continueConversation: (
      reference: Record<string, unknown>,
      logic: (context: TurnContext) => Promise<void>,
    ) => Promise<void>;
    /** Opens a chat with a requester who has none (found in a team's roster); undefined when not found. */
    openChat?: OpenRequesterChat;
  },
  activityId: number,
): Promise<{ sent: number; unreachable: string[] }> {
  const { ctx, logger } = options;
  const [activity] = await ctx.db.select().from(activities).where(eq(activities.id, activityId));
  if (!activity) return { sent: 0, unreachable: [] };
  const people = await ctx.db
    .select({
      id: requesters.id,
      name: requesters.name,
      email: requesters.email,
      reference: teamsRequesterConversations.reference,
    })
    .from(activityRequesters)
    .innerJoin(requesters, eq(requesters.id, activityRequesters.requesterId))
    .leftJoin(teamsRequesterConversations, eq(teamsRequesterConversations.requesterId, requesters.id))
    .where(eq(activityRequesters.activityId, activityId));
  let sent = 0;
  const unreachable: string[] = [];
  for (const p of people) {
    const reference = p.reference ?? (await openChat(options, p));
    if (!reference) {
      unreachable.push(p.email);
      continue;
    }
    const text = feedbackRequestText(
      p.name,
      { activityId, stateCode: activity.stateCode, focus: activity.focus },
      'Reply here in this chat.',
    );
    let posted: string | undefined;
    try {
      await options.continueConversation(reference, async (context) => {
        posted = (await context.sendActivity(toActivity(renderReply({ messages: [text] }))))?.id;
      });
    } catch (err) {
      logger.warn('teams: feedback request not delivered', {
        requesterId: p.id,
        error: (err as Error).message,
      });
    }
    if (posted) sent++;
    else unreachable.push(p.email);
  }
  return { sent, unreachable };
}

async function openChat(
  options: { logger: Logger; openChat?: OpenRequesterChat | undefined },
  requester: { id: number; email: string },
): Promise<Record<string, unknown> | undefined> {
  if (!options.openChat) return undefined;
  try {
    return await options.openChat(requester);
  } catch (err) {
    options.logger.warn('teams: no chat opened with a requester', {
      requesterId: requester.id,
      error: (err as Error).message,
    });
    return undefined;
  }
}
