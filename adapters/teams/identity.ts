// Who is this Teams user in TAT? Staff by staff.teams_user_id (the AAD object id), else by the
// e-mail Teams gives for the member (TeamsInfo.getMember: email, else userPrincipalName), after which
// the AAD id is stored (audited) so the next lookup is one indexed read.
import { type TeamsChannelAccount, TeamsInfo, type TurnContext } from 'botbuilder';
import { and, eq, isNull } from 'drizzle-orm';
import { staff } from '../../db/schema.js';
import type { Logger } from '../../src/logger.js';
import { type ServiceContext, writeAudit } from '../../src/services/context.js';
import { findStaffByEmail, findStaffByTeamsId, type StaffRow } from '../../src/services/lookups.js';
import { unknownPersonHelp } from '../../src/services/unknown-person-help.js';

export type TeamsPerson = { kind: 'staff'; staff: StaffRow } | { kind: 'unknown'; email?: string };

/** Reads the member's e-mail from Teams (only called when the AAD id is not linked yet). */
export type MemberEmail = () => Promise<string | undefined>;

export async function resolveTeamsUser(
  ctx: ServiceContext,
  logger: Logger,
  aadObjectId: string | undefined,
  memberEmail: MemberEmail,
): Promise<TeamsPerson> {
  if (aadObjectId) {
    const linked = await findStaffByTeamsId(ctx, aadObjectId);
    if (linked)
      return linked.active ? { kind: 'staff', staff: linked } : { kind: 'unknown', email: linked.email };
  }
  let email: string | undefined;
  try {
    email = (await memberEmail())?.trim().toLowerCase() || undefined;
  } catch (err) {
    logger.warn('teams: member lookup failed', { error: (err as Error).message });
  }
  if (!email) return { kind: 'unknown' };
  const byEmail = await findStaffByEmail(ctx, email);
  if (!byEmail?.active) return { kind: 'unknown', email };
  if (aadObjectId && !byEmail.teamsUserId) await link(ctx, logger, byEmail.id, aadObjectId);
  return { kind: 'staff', staff: byEmail };
}

/** The sender of an inbound activity (a message, or the install of the app for them). */
export function resolveSender(
  ctx: ServiceContext,
  logger: Logger,
  context: TurnContext,
): Promise<TeamsPerson> {
  const from = context.activity.from;
  return resolveTeamsUser(ctx, logger, from?.aadObjectId, async () => {
    const member: TeamsChannelAccount = await TeamsInfo.getMember(context, from.id);
    return member.email ?? member.userPrincipalName;
  });
}

async function link(
  ctx: ServiceContext,
  logger: Logger,
  staffId: number,
  teamsUserId: string,
): Promise<void> {
  try {
    await ctx.db.transaction(async (tx) => {
      const updated = await tx
        .update(staff)
        .set({ teamsUserId })
        .where(and(eq(staff.id, staffId), isNull(staff.teamsUserId)))
        .returning({ id: staff.id });
      if (updated.length === 0) return;
      await writeAudit(
        tx,
        ctx,
        { kind: 'system', channel: 'teams' },
        { action: 'link_teams_user', entity: 'staff', entityId: staffId, changes: { teamsUserId } },
      );
    });
  } catch (err) {
    // A concurrent first message linked it already (unique index); the lookup still stands.
    logger.debug('teams: linking a Teams user skipped', { staffId, error: (err as Error).message });
  }
}

/** What the bot does and who the admins are, for someone not on record (any message, even help). */
export function unknownUserText(ctx: ServiceContext, email: string | undefined): Promise<string> {
  return unknownPersonHelp(ctx.db, email, 'your Teams account');
}
