// The app installed for a user: Teams sends a conversationUpdate in their personal chat with the bot
// among membersAdded. Storing that conversation now lets nudges reach people who never wrote to us.
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { rememberConversation } from './conversations.js';
import { resolveSender, unknownUserText } from './identity.js';

export interface InstallDeps {
  ctx: ServiceContext;
  logger: Logger;
  reachable: Set<number>;
}

export function welcomeText(name: string): string {
  return `Hi ${name} — I'm TAT Bot. I'll nudge you here about summaries due. Type help to see what I can do.`;
}

/** A personal-chat conversationUpdate that adds the bot itself (channel and group installs don't count). */
export function isPersonalInstall(activity: TurnContext['activity']): boolean {
  if (activity.type !== 'conversationUpdate') return false;
  if (activity.conversation?.conversationType !== 'personal') return false;
  const botId = activity.recipient?.id;
  return !!botId && (activity.membersAdded ?? []).some((m) => m.id === botId);
}

export async function onInstall(deps: InstallDeps, context: TurnContext): Promise<void> {
  const person = await resolveSender(deps.ctx, deps.logger, context);
  if (person.kind !== 'staff') {
    await context.sendActivity(await unknownUserText(deps.ctx, person.email));
    return;
  }
  await rememberConversation(deps.ctx.db, deps.reachable, person.staff.id, context, deps.ctx.now());
  deps.logger.info('teams: app installed, conversation stored', { staffId: person.staff.id });
  await context.sendActivity(welcomeText(person.staff.name));
}
