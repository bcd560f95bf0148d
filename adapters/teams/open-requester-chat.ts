// R17: a requester who never talked to the bot is reached through a team the app is installed in.
// The Bot Connector's members API finds them in the team's roster by UPN (their e-mail on file;
// GET /v3/conversations/{teamId}/members/{upn}), and createConversation opens the 1:1 chat with
// the member id it returns. The chat is stored like any requester chat (noting the team, so the
// team's uninstall forgets it) and the requester is linked to their Entra id, so their reply there
// is recognised as theirs. Not in any team's roster: undefined, and they are asked by e-mail.
import {
  type CloudAdapter,
  type ConversationParameters,
  type TeamsChannelAccount,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import { eq } from 'drizzle-orm';
import { teamsTeamInstalls } from '../../db/schema.js';
import type { Logger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { linkRequesterToTeamsUser, saveRequesterChat } from './requesters.js';

export type OpenRequesterChat = (requester: {
  id: number;
  email: string;
}) => Promise<Record<string, unknown> | undefined>;

export function createRequesterChatOpener(options: {
  adapter: CloudAdapter;
  appId: string;
  ctx: ServiceContext;
  logger: Logger;
  /** Only teams of this tenant are asked (TEAMS_TENANT_ID). */
  tenantId?: string | undefined;
}): OpenRequesterChat {
  const { adapter, appId, ctx, logger } = options;

  async function findMember(
    team: typeof teamsTeamInstalls.$inferSelect,
    upn: string,
  ): Promise<TeamsChannelAccount | undefined> {
    let member: TeamsChannelAccount | undefined;
    try {
      await adapter.continueConversationAsync(appId, team.reference as never, async (context) => {
        member = await TeamsInfo.getTeamMember(context, team.teamId, upn);
      });
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      // 404: not in this team's roster. Anything else (403 after an uninstall we missed, 5xx) is logged.
      // Only status and error name: the message can carry the UPN asked for.
      if (status !== 404) logger.warn('teams: roster lookup failed', { status, error: (err as Error).name });
      return undefined;
    }
    return member?.id ? member : undefined;
  }

  return async (requester) => {
    const upn = requester.email.trim().toLowerCase();
    const teams = await ctx.db
      .select()
      .from(teamsTeamInstalls)
      .where(options.tenantId ? eq(teamsTeamInstalls.tenantId, options.tenantId) : undefined)
      .orderBy(teamsTeamInstalls.teamId);
    for (const team of teams) {
      const member = await findMember(team, upn);
      if (!member) continue;
      const tenantId = team.tenantId ?? undefined;
      const parameters = {
        isGroup: false,
        bot: (team.reference as { bot?: { id: string } }).bot,
        members: [{ id: member.id }],
        ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
      } as ConversationParameters;
      let reference: Record<string, unknown> | undefined;
      try {
        await adapter.createConversationAsync(
          appId,
          'msteams',
          team.serviceUrl,
          undefined as never,
          parameters,
          async (context) => {
            const created = TurnContext.getConversationReference(context.activity);
            reference = JSON.parse(
              JSON.stringify({
                ...created,
                activityId: undefined,
                user: { id: member.id, aadObjectId: member.aadObjectId, name: member.name },
                conversation: { ...created.conversation, conversationType: 'personal' },
              }),
            ) as Record<string, unknown>;
          },
        );
      } catch (err) {
        logger.warn('teams: opening a chat with a requester failed', {
          requesterId: requester.id,
          status: (err as { statusCode?: number }).statusCode,
          error: (err as Error).name,
        });
        continue;
      }
      if (!reference) continue;
      await saveRequesterChat(ctx.db, requester.id, reference, ctx.now(), team.teamId);
      if (member.aadObjectId) await linkRequesterToTeamsUser(ctx, logger, requester.id, member.aadObjectId);
      logger.info('teams: chat opened with a requester through a team', { requesterId: requester.id });
      return reference;
    }
    return undefined;
  };
}
