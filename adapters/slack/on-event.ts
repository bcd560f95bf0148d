// Events API: App Home opened → publish the user's home; a DM to the bot → one dialog turn (typed
// answers and bare commands such as "log held a call yesterday"); a reply in a thread → feedback if
// the thread is a feedback request. Events are acked by Bolt before this runs, and repeats are
// dropped by the dedupe middleware.
import type { App } from '@slack/bolt';
import { parseInput } from '../../dialogs/commands.js';
import { recordRequesterMessage } from '../../src/services/requester-message.js';
import { claimOnce } from '../processed-events.js';
import { requesterMessageText } from '../requester-message-text.js';
import { resolveMentions } from './answers.js';
import { mrkdwn, section } from './blocks.js';
import { dedupeKey } from './dedupe.js';
import { guarded, type SlackDeps, speakerFor, textReply, unknownUserText } from './deps.js';
import { onThreadReply } from './feedback-threads.js';
import { loadHome, renderHome } from './render-home.js';
import { renderMessage } from './render-message.js';
import { uploadReplyFiles } from './reply-files.js';

interface MessageEvent {
  type: 'message';
  subtype?: string;
  bot_id?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
}

export async function publishHome(deps: SlackDeps, teamId: string, userId: string): Promise<void> {
  const person = await deps.identity.staff(teamId, userId);
  const view =
    person.kind === 'staff'
      ? renderHome(await deps.gate(() => loadHome(deps.ctx, person.staffId)))
      : { type: 'home', blocks: [section(await unknownUserText(deps, person.email))] };
  await deps.api.call('views.publish', { user_id: userId, view });
}

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const team = (body as { team_id?: string }).team_id ?? '';
    const where = { kind: 'app_home_opened', team, user: event.user };
    await guarded(
      deps,
      where,
      async () => undefined,
      () => publishHome(deps, team, event.user),
    );
  });

  app.event('message', async ({ event, body, context }) => {
    const m = event as unknown as MessageEvent;
    // Edits, joins, bot posts (ours included) are not turns.
    if (m.subtype || m.bot_id || !m.user) return;
    const team = (body as { team_id?: string }).team_id ?? '';
    const isThreadReply = Boolean(m.thread_ts && m.thread_ts !== m.ts);
    if (!isThreadReply && m.channel_type !== 'im') return;
    const where = { kind: 'message', team, user: m.user, channel: m.channel };
    const tell = (text: string) =>
      deps.api.call('chat.postMessage', {
        channel: m.channel,
        ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
        text: mrkdwn(text),
      });
    // Slack redelivers an event it thinks we missed (x-slack-retry-num): act on each event id once.
    // A failed claim (database down) is answered like any other failure.
    const key = dedupeKey(body as unknown as Record<string, unknown>);
    let first: boolean | undefined;
    await guarded(deps, where, tell, async () => {
      first = !key || (await deps.gate(() => claimOnce(deps.ctx.db, key)));
    });
    if (first === undefined) return; // the user was told why
    if (!first) {
      deps.logger.info('slack: repeated event ignored', { key, retryNum: context.retryNum });
      return;
    }
    if (isThreadReply) {
      const reply = {
        channel: m.channel,
        ...(m.channel_type ? { channelType: m.channel_type } : {}),
        user: m.user,
        text: m.text ?? '',
        ts: m.ts,
        thread_ts: m.thread_ts!,
      };
      await guarded(deps, where, tell, () => onThreadReply(deps, reply));
      return;
    }
    await guarded(deps, where, tell, async () => {
      const speaker = await speakerFor(deps, team, m.user!, m.channel);
      if ('unknown' in speaker) {
        // A requester writing outside the feedback thread: their message is feedback (R17).
        const requester = await deps.identity.requester(m.user!);
        if (requester) {
          const outcome = await deps.gate(() =>
            recordRequesterMessage(
              deps.ctx,
              { requesterId: requester.requesterId, channel: 'slack' },
              m.text ?? '',
            ),
          );
          await tell(requesterMessageText(requester.name, outcome));
          return;
        }
      }
      // A typed @mention answers a person question with that person's e-mail.
      const text = await resolveMentions(m.text ?? '', deps.identity.email);
      const reply =
        'unknown' in speaker ? textReply(speaker.unknown) : await deps.engine.handle({ speaker, text });
      await deps.api.call('chat.postMessage', {
        channel: m.channel,
        // "More" runs a typed command again; a typed answer to a question is not one.
        ...renderMessage(
          reply,
          parseInput(text, { bare: true }).kind === 'command' ? { command: text } : undefined,
        ),
      });
      await uploadReplyFiles(deps, m.user!, reply);
    });
  });
}
