// The app installed in a team (not a chat): Teams sends an installationUpdate (add) and a
// conversationUpdate with the bot among membersAdded, in the team's channel, with channelData.team.
// The team's conversation reference is stored: through it the bot can look a requester up in the
// team's roster by UPN and open a 1:1 chat with them (./open-requester-chat.ts). Uninstalled
// (installationUpdate remove, the bot among membersRemoved, or the team deleted): the team is
// forgotten, and so are the chats the bot opened through it.
import { TurnContext } from 'botbuilder';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import { teamsRequesterConversations, teamsTeamInstalls } from '../../db/schema.js';
import type { Logger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';

interface TeamInstallDeps {
  ctx: ServiceContext;
  logger: Logger;
}

type Activity = TurnContext['activity'];

const teamChannelData = z.object({
  team: z.object({ id: z.string().min(1).max(400) }),
  eventType: z.string().max(100).optional(),
  tenant: z.object({ id: z.string().max(100) }).optional(),
});

/** The team an activity happened in (Teams puts it in channelData for channel and team events). */
export function teamOf(activity: Activity): string | undefined {
  const parsed = teamChannelData.safeParse(activity.channelData);
  return parsed.success ? parsed.data.team.id : undefined;
}

const botAmong = (activity: Activity, members: { id: string }[] | undefined) =>
  !!activity.recipient?.id && (members ?? []).some((m) => m.id === activity.recipient.id);

export function isTeamInstall(activity: Activity): boolean {
  if (!teamOf(activity)) return false;
  if (activity.type === 'installationUpdate') return /^add/.test(String(activity.action ?? ''));
  return activity.type === 'conversationUpdate' && botAmong(activity, activity.membersAdded);
}

export function isTeamUninstall(activity: Activity): boolean {
  if (!teamOf(activity)) return false;
  if (activity.type === 'installationUpdate') return /^remove/.test(String(activity.action ?? ''));
  if (activity.type !== 'conversationUpdate') return false;
  const eventType = (activity.channelData as { eventType?: string }).eventType;
  return eventType === 'teamDeleted' || botAmong(activity, activity.membersRemoved);
}

export async function onTeamInstall(deps: TeamInstallDeps, context: TurnContext): Promise<void> {
  const activity = context.activity;
  const teamId = teamOf(activity)!;
  const tenantId =
    activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } }).tenant?.id;
  // The members API and the 1:1 chats are addressed from the team itself, not the channel posted in.
  const reference = {
    ...TurnContext.getConversationReference(activity),
    activityId: undefined,
    user: undefined,
    conversation: { id: teamId, conversationType: 'channel', isGroup: true, tenantId },
  } as Record<string, unknown>;
  const row = {
    teamId,
    tenantId: tenantId ?? null,
    serviceUrl: activity.serviceUrl,
    reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
    updatedAt: deps.ctx.now(),
  };
  await deps.ctx.db
    .insert(teamsTeamInstalls)
    .values(row)
    .onConflictDoUpdate({ target: teamsTeamInstalls.teamId, set: { ...row, teamId: sql`excluded.team_id` } });
  deps.logger.info('teams: app installed in a team, team stored');
}

export async function onTeamUninstall(deps: TeamInstallDeps, context: TurnContext): Promise<void> {
  const teamId = teamOf(context.activity)!;
  const chats = await forgetTeam(deps.ctx.db, teamId);
  deps.logger.info('teams: app removed from a team, team forgotten', { chatsForgotten: chats });
}

/** Forgets the team and the requester chats opened through it (one transaction); returns how many chats. */
export async function forgetTeam(db: DbOrTx, teamId: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.delete(teamsTeamInstalls).where(eq(teamsTeamInstalls.teamId, teamId));
    const chats = await tx
      .delete(teamsRequesterConversations)
      .where(eq(teamsRequesterConversations.viaTeamId, teamId))
      .returning({ requesterId: teamsRequesterConversations.requesterId });
    return chats.length;
  });
}
