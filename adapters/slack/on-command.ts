// `/ta …`: acknowledged at once with an empty 200 (inside Slack's 3 s), then the work. `new`,
// `close`, `edit` and `reassign` open a modal with the trigger_id first (a "one moment" view), then
// fill it in with views.update; everything else answers with an ephemeral message through the
// command's response_url.
import type { App } from '@slack/bolt';
import { parseInput } from '../../dialogs/commands.js';
import { claimOnce } from '../processed-events.js';
import { dedupeKey } from './dedupe.js';
import { guarded, type SlackDeps, speakerFor, textReply } from './deps.js';
import { renderMessage } from './render-message.js';
import { loadingModal, type ModalMeta, renderModal } from './render-modal.js';
import { filesNote, uploadReplyFiles } from './reply-files.js';

/** Verbs whose dialog runs in a modal. */
export const MODAL_VERBS = new Set(['new', 'close', 'edit', 'reassign']);

/** Modal dialogs live under their own conversation key, so one never clobbers a chat dialog. */
export const modalConversation = (channelId: string) => `modal:${channelId}`;

interface CommandFields {
  team_id: string;
  user_id: string;
  channel_id: string;
  text?: string;
  trigger_id: string;
  response_url: string;
}

export function registerCommand(app: App, deps: SlackDeps): void {
  app.command('/ta', async ({ command, ack, body }) => {
    const c = command as unknown as CommandFields;
    const text = `/ta ${c.text ?? ''}`.trim();
    const parsed = parseInput(text, { bare: false });
    await ack();
    const where = { kind: 'command', team: c.team_id, user: c.user_id, channel: c.channel_id };
    if (parsed.kind === 'command' && MODAL_VERBS.has(parsed.verb)) {
      await inModal(deps, c, text, parsed.verb, where);
      return;
    }
    const respond = (payload: Record<string, unknown>) =>
      deps.api.respond(c.response_url, { response_type: 'ephemeral', ...payload });
    await guarded(
      deps,
      where,
      (t) => respond(renderMessage(textReply(t))),
      async () => {
        // A redelivered command (same trigger_id) is answered once. Inside the guard: with the
        // database down the user still hears why nothing happened.
        const key = dedupeKey(body as unknown as Record<string, unknown>);
        if (key && !(await deps.gate(() => claimOnce(deps.ctx.db, key)))) {
          deps.logger.info('slack: repeated command ignored', { key });
          return;
        }
        const speaker = await speakerFor(deps, c.team_id, c.user_id, c.channel_id);
        const reply =
          'unknown' in speaker ? textReply(speaker.unknown) : await deps.engine.handle({ speaker, text });
        await respond(renderMessage(filesNote(reply), { command: c.text ?? '' }));
        await uploadReplyFiles(deps, c.user_id, reply);
      },
    );
  });
}

async function inModal(
  deps: SlackDeps,
  c: CommandFields,
  text: string,
  verb: string,
  where: Record<string, unknown>,
): Promise<void> {
  const meta: ModalMeta = { c: modalConversation(c.channel_id), d: verb, r: c.response_url };
  let viewId: string | undefined;
  const tell = async (t: string) => {
    if (viewId)
      await deps.api.call('views.update', { view_id: viewId, view: renderModal(textReply(t), meta) });
    else
      await deps.api.respond(c.response_url, { response_type: 'ephemeral', ...renderMessage(textReply(t)) });
  };
  await guarded(deps, where, tell, async () => {
    // The trigger_id expires 3 s after the click: use it before any database work.
    const opened = await deps.api.call<{ view: { id: string } }>('views.open', {
      trigger_id: c.trigger_id,
      view: loadingModal(meta),
    });
    viewId = opened.view.id;
    const speaker = await speakerFor(deps, c.team_id, c.user_id, meta.c);
    const reply =
      'unknown' in speaker ? textReply(speaker.unknown) : await deps.engine.handle({ speaker, text });
    await deps.api.call('views.update', { view_id: viewId, view: renderModal(reply, meta) });
  });
}
