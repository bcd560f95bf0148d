// The app installed for a user: Teams sends an installationUpdate (action add) and a conversationUpdate
// with the bot among membersAdded, in their personal chat. Storing that conversation now lets nudges
// reach people who never wrote to us; the welcome is sent once for the two. Uninstalled (installation-
// Update remove, or the bot among membersRemoved): the stored conversation is forgotten.
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { forgetConversation, knownConversation, rememberConversation } from './conversations.js';
import { resolveSender, unknownUserText } from './identity.js';
import { markdown } from './render-card.js';
import { rememberRequesterChat, resolveRequester } from './requesters.js';

export interface InstallDeps {
  ctx: ServiceContext;
  logger: Logger;
  reachable: Set<number>;
}

export function welcomeText(name: string): string {
  return `Hi ${name} — I'm TAT Bot. I'll nudge you here about summaries due. Type help to see what I can do.`;
}

const personal = (activity: TurnContext['activity']) =>
  activity.conversation?.conversationType === 'personal';
const botAmong = (activity: TurnContext['activity'], members: { id: string }[] | undefined) =>
  !!activity.recipient?.id && (members ?? []).some((m) => m.id === activity.recipient.id);

/** The app installed in a personal chat (channel and group installs don't count). */
export function isPersonalInstall(activity: TurnContext['activity']): boolean {
  if (!personal(activity)) return false;
  if (activity.type === 'installationUpdate') return /^add/.test(String(activity.action ?? ''));
  return activity.type === 'conversationUpdate' && botAmong(activity, activity.membersAdded);
}

/** The app uninstalled from a personal chat. */
export function isPersonalUninstall(activity: TurnContext['activity']): boolean {
  if (!personal(activity)) return false;
  if (activity.type === 'installationUpdate') return /^remove/.test(String(activity.action ?? ''));
  return activity.type === 'conversationUpdate' && botAmong(activity, activity.membersRemoved);
}

export async function onUninstall(deps: InstallDeps, context: TurnContext): Promise<void> {
  const staffIds = await forgetConversation(deps.ctx.db, deps.reachable, context.activity.conversation.id);
  deps.logger.info('teams: app uninstalled, conversation forgotten', { staffIds });
}

export async function onInstall(deps: InstallDeps, context: TurnContext): Promise<void> {
  const person = await resolveSender(deps.ctx, deps.logger, context);
  if (person.kind !== 'staff') {
    // A requester installing the app: their chat is where feedback requests will reach them.
    const requester = await resolveRequester(deps.ctx, deps.logger, context);
    if (requester) {
      await rememberRequesterChat(deps.ctx.db, requester.requesterId, context, deps.ctx.now(), null);
      await context.sendActivity(
        markdown(
          `Hi ${requester.name} — I'm TAT Bot. When your TA provider asks for your feedback on technical assistance you received, the request arrives here and your reply is recorded as your feedback.`,
        ),
      );
      return;
    }
    await context.sendActivity(markdown(await unknownUserText(deps.ctx, person.email)));
    return;
  }
  const known = await knownConversation(deps.ctx.db, context.activity.conversation.id);
  await rememberConversation(deps.ctx.db, deps.reachable, person.staff.id, context, deps.ctx.now());
  deps.logger.info('teams: app installed, conversation stored', { staffId: person.staff.id });
  if (!known) await context.sendActivity(markdown(welcomeText(person.staff.name)));
}
