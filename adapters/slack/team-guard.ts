// SLACK_TEAM_ID set: requests from any other workspace get a polite refusal (commands) or are
// dropped (events, clicks), and are never seen by the dialogs.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

export const OTHER_WORKSPACE_TEXT =
  'TAT Bot is set up for another Slack workspace, so it cannot help you here. Ask your TAT administrator which workspace to use.';

/** The workspace a request comes from, whatever its shape. */
export function teamOf(body: Record<string, unknown>): string | undefined {
  const b = body as {
    team_id?: string;
    team?: { id?: string } | null;
    user?: { team_id?: string };
    view?: { team_id?: string };
  };
  return b.team_id ?? b.team?.id ?? b.user?.team_id ?? b.view?.team_id;
}

export function teamGuard(teamId: string | undefined, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const team = teamOf(body);
    if (!teamId || team === teamId) return args.next();
    logger.warn('slack: request from another workspace refused', { team: team ?? 'unknown' });
    const ack = (args as { ack?: (r?: unknown) => Promise<void> }).ack;
    if (!ack) return; // events are acked by Bolt already
    await ack(
      typeof body.command === 'string'
        ? { response_type: 'ephemeral', text: OTHER_WORKSPACE_TEXT }
        : undefined,
    );
  };
}
