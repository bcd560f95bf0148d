// Clicks and picks (block_actions) and the requester search behind external selects. Every action is
// acknowledged first; then the answer goes to the dialog and the message (or modal) is updated in
// place. A click on an earlier step's button gets the engine's polite "here is where we are now".
import type { App } from '@slack/bolt';
import type { Turn } from '../../dialogs/types.js';
import { searchPeople } from '../../src/services/lookups.js';
import {
  type Answer,
  collectState,
  elementValue,
  resolveMentions,
  type SlackInputState,
  type StateValues,
} from './answers.js';
import { ACTION, clip, mrkdwn, parseBlockId } from './blocks.js';
import { guarded, type SlackDeps, speakerFor, textReply } from './deps.js';
import { renderMessage } from './render-message.js';
import { metaBase, parseMeta, questionModal, renderModal } from './render-modal.js';

/** The parts of a block_actions body we read. */
interface ActionBody {
  user: { id: string; team_id?: string };
  team?: { id: string } | null;
  trigger_id: string;
  response_url?: string;
  channel?: { id: string };
  container?: { type: string; channel_id?: string; message_ts?: string };
  view?: { id: string; hash: string; type: string; private_metadata?: string; team_id?: string };
  state?: { values: StateValues };
}

interface ClickedAction extends SlackInputState {
  action_id: string;
  block_id?: string;
}

export function registerActions(app: App, deps: SlackDeps): void {
  const dms = new Map<string, string>();
  /** The DM channel between the bot and a user (cached: it never changes). */
  async function dmWith(userId: string): Promise<string> {
    const hit = dms.get(userId);
    if (hit) return hit;
    const res = await deps.api.call<{ channel: { id: string } }>('conversations.open', { users: userId });
    dms.set(userId, res.channel.id);
    return res.channel.id;
  }

  app.action(/^tat_/, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as ActionBody;
    const a = action as unknown as ClickedAction;
    // Selections inside a form only count when it is submitted.
    if (a.action_id === ACTION.pick) return;
    const team = b.team?.id ?? b.user.team_id ?? b.view?.team_id ?? '';
    const where = { kind: 'action', action: a.action_id, team, user: b.user.id };
    if (b.view?.type === 'modal') return inModal(b, a, team, where);
    if (a.action_id.startsWith(ACTION.command) && (b.view?.type === 'home' || !b.response_url)) {
      return fromHome(b, a, team, where);
    }
    return inMessage(b, a, team, where);
  });

  /** A button on a message: the reply replaces the message (commands start a new one). */
  async function inMessage(b: ActionBody, a: ClickedAction, team: string, where: Record<string, unknown>) {
    const responseUrl = b.response_url!;
    const conversation = b.channel?.id ?? b.container?.channel_id ?? '';
    const isCommand = a.action_id.startsWith(ACTION.command);
    const show = (payload: Record<string, unknown>) =>
      deps.api.respond(
        responseUrl,
        isCommand
          ? { response_type: 'ephemeral', replace_original: false, ...payload }
          : { replace_original: true, ...payload },
      );
    await guarded(
      deps,
      where,
      (t) =>
        deps.api.respond(responseUrl, {
          response_type: 'ephemeral',
          replace_original: false,
          ...renderMessage(textReply(t)),
        }),
      async () => {
        if (a.action_id === ACTION.modal) return openTextModal(b, a, conversation);
        const speaker = await speakerFor(deps, team, b.user.id, conversation);
        if ('unknown' in speaker) return void (await show(renderMessage(textReply(speaker.unknown))));
        // "More": the next page of a long answer, its command run again, in a new message.
        if (a.action_id === ACTION.more) {
          const [, page, command] = /^(\d+) ([\s\S]*)$/.exec(a.value ?? '') ?? [];
          const reply = await deps.engine.handle({ speaker, command: command ?? '' });
          const payload = renderMessage(reply, { command: command ?? '', page: Number(page ?? 0) });
          return void (await deps.api.respond(responseUrl, {
            response_type: 'ephemeral',
            replace_original: false,
            ...payload,
          }));
        }
        const turn = await turnFor(a, b.state?.values);
        const reply = await deps.engine.handle({ speaker, ...turn });
        await show(renderMessage(reply, turn.command !== undefined ? { command: turn.command } : undefined));
      },
    );
  }

  /** App Home (and other places without a response_url): the dialog runs in the user's DM. */
  async function fromHome(b: ActionBody, a: ClickedAction, team: string, where: Record<string, unknown>) {
    await guarded(
      deps,
      where,
      async (t) => deps.api.call('chat.postMessage', { channel: b.user.id, text: mrkdwn(t) }),
      async () => {
        const channel = await dmWith(b.user.id);
        const speaker = await speakerFor(deps, team, b.user.id, channel);
        const reply =
          'unknown' in speaker
            ? textReply(speaker.unknown)
            : await deps.engine.handle({ speaker, command: a.value ?? '' });
        await deps.api.call('chat.postMessage', {
          channel,
          ...renderMessage(reply, { command: a.value ?? '' }),
        });
      },
    );
  }

  /** Back / Edit inside a modal: the modal is updated in place. */
  async function inModal(b: ActionBody, a: ClickedAction, team: string, where: Record<string, unknown>) {
    const view = b.view!;
    const meta = parseMeta(view.private_metadata);
    if (!meta) return;
    if (a.action_id.startsWith(ACTION.command)) return fromHome(b, a, team, where);
    const update = (reply: Parameters<typeof renderModal>[0]) =>
      deps.api.call('views.update', {
        view_id: view.id,
        hash: view.hash,
        view: renderModal(reply, metaBase(meta)),
      });
    await guarded(
      deps,
      where,
      (t) => update(textReply(t)),
      async () => {
        const speaker = await speakerFor(deps, team, b.user.id, meta.c);
        if ('unknown' in speaker) return void (await update(textReply(speaker.unknown)));
        const reply = await deps.engine.handle({
          speaker,
          text: a.value ?? '',
          ...(meta.v !== undefined ? { expectedVersion: meta.v } : {}),
        });
        await update(reply);
      },
    );
  }

  /** "Write it in a form": the current text question in a modal with a big text box. */
  async function openTextModal(b: ActionBody, a: ClickedAction, conversation: string) {
    const q = JSON.parse(a.value ?? '{}') as { f: string; t: string; d?: string; v?: number };
    const prompt = { kind: 'text' as const, field: q.f, text: q.t, ...(q.d ? { defaultValue: q.d } : {}) };
    await deps.api.call('views.open', {
      trigger_id: b.trigger_id,
      view: questionModal(prompt, q.v, { c: conversation, r: b.response_url!, m: 1 }),
    });
  }

  /** What the click means for the dialog. */
  async function turnFor(a: ClickedAction, values: StateValues | undefined): Promise<Omit<Turn, 'speaker'>> {
    if (a.action_id.startsWith(ACTION.command)) return { command: a.value ?? '' };
    const version = parseBlockId(a.block_id)?.version;
    const expected = version !== undefined ? { expectedVersion: version } : {};
    if (a.action_id.startsWith(ACTION.nav)) return { text: a.value ?? '', ...expected };
    let answer: Answer | Record<string, Answer>;
    if (a.action_id === ACTION.submit) {
      const fields = collectState(values);
      const field = a.value ?? '';
      // One question's picks, or a form's fields; nothing picked is an empty answer (asked again).
      answer = fields.has(field) ? fields.get(field)! : fields.size ? Object.fromEntries(fields) : [];
    } else {
      answer = elementValue(a) ?? '';
    }
    return { answer: await resolveMentions(answer, deps.identity.email), ...expected };
  }

  // Requester search for external selects: the options must come back within 3 s, so one query.
  app.options(
    { action_id: new RegExp(`^(${ACTION.answer}|${ACTION.pick})`) } as never,
    async ({ ack, options, body }) => {
      const query = String((options as { value?: string }).value ?? '');
      // The directory is for staff only: anyone else gets no options (and learns nothing).
      const b = body as unknown as { user: { id: string; team_id?: string }; team?: { id: string } | null };
      const team = b.team?.id ?? b.user.team_id ?? '';
      const people = await deps.identity
        .staff(team, b.user.id)
        .then((person) => {
          if (person.kind === 'staff')
            return deps.gate(() => searchPeople(deps.ctx, 'requesters', query, { limit: 50 }));
          deps.logger.warn('slack: requester search refused to someone who is not staff', {
            user: b.user.id,
          });
          return [];
        })
        .catch((err: Error) => {
          deps.logger.warn('slack: requester search failed', { error: err.message });
          return [];
        });
      await ack({
        options: people.map((p) => ({
          text: {
            type: 'plain_text',
            text: clip(`${p.name} (${p.email})${p.approved ? '' : ' — pending'}`, 75),
          },
          value: p.email.slice(0, 150),
        })),
      } as never);
    },
  );
}
