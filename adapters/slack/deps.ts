// What every Slack handler needs, built once by createSlackApp, plus the few helpers they share:
// resolve the speaker (or say how to get access), and run a body of work so that an unexpected error
// reaches the user as a short message with a reference id.
import type { Reply, Speaker, Turn } from '../../dialogs/types.js';
import type { Logger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { unknownPersonHelp } from '../../src/services/unknown-person-help.js';
import type { Gate } from './db-gate.js';
import type { Identity } from './identity.js';
import { reportFailure } from './incident.js';
import type { SlackApi } from './slack-api.js';

/** The dialog engine as the adapter uses it (dialogs/engine.ts createDialogEngine). */
export interface Engine {
  handle(turn: Turn): Promise<Reply>;
}

export interface SlackDeps {
  engine: Engine;
  ctx: ServiceContext;
  api: SlackApi;
  identity: Identity;
  /** Wraps database work done after an ack (see db-gate.ts); the engine is already wrapped. */
  gate: Gate;
  logger: Logger;
  /** The bot's own user id (auth.test), to recognise its messages. */
  botUserId(): string | undefined;
}

/** What the bot does and who the admins are, for someone not on record (any message, even help). */
export function unknownUserText(
  deps: Pick<SlackDeps, 'ctx' | 'gate'>,
  email: string | undefined,
): Promise<string> {
  return deps.gate(() => unknownPersonHelp(deps.ctx.db, email, 'your Slack profile'));
}

/** The Speaker for a Slack user in a conversation, or the text telling an unknown user what to do. */
export async function speakerFor(
  deps: SlackDeps,
  teamId: string,
  slackUserId: string,
  conversation: string,
): Promise<Speaker | { unknown: string }> {
  const person = await deps.identity.staff(teamId, slackUserId);
  if (person.kind !== 'staff') return { unknown: await unknownUserText(deps, person.email) };
  return { channel: 'slack', workspace: teamId, conversation, userKey: slackUserId, staffId: person.staffId };
}

/** A reply carrying only messages (unknown user, incident). */
export const textReply = (text: string): Reply => ({ messages: [text] });

/**
 * Runs `work`; an unexpected error is logged with a reference id and `tell` shows the user a short
 * message with that id (a database outage: "try again in a minute"). Dialog state is untouched, so
 * trying again resumes where they were.
 */
export async function guarded(
  deps: SlackDeps,
  where: Record<string, unknown>,
  tell: (text: string) => Promise<unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    const text = reportFailure(deps.logger, err, where);
    await tell(text).catch((e: Error) =>
      deps.logger.warn('slack: could not tell the user about an error', { ...where, error: e.message }),
    );
  }
}
