// Modal submissions. The answer must be known before the ack (a refused answer is shown on its field
// through response_action: errors, the input left as typed), so the dialog turn runs first — but never
// past Slack's 3 s: if it is slow, the ack swaps in a "one moment" page and views.update follows.
import type { App } from '@slack/bolt';
import type { Reply } from '../../dialogs/types.js';
import { type Answer, collectState, resolveMentions, type StateValues } from './answers.js';
import { blockId, VIEW_CALLBACK } from './blocks.js';
import { type SlackDeps, speakerFor, textReply } from './deps.js';
import { reportFailure, reportIncident } from './incident.js';
import { renderMessage } from './render-message.js';
import { loadingModal, type ModalMeta, metaBase, parseMeta, renderModal } from './render-modal.js';

/** How long a submission may take before the ack goes out with a "one moment" page. */
export const ACK_BUDGET_MS = 2200;

interface ViewBody {
  user: { id: string; team_id?: string };
  team?: { id: string } | null;
  view: { id: string; team_id?: string; private_metadata?: string; state?: { values: StateValues } };
}

type Ack = (response?: Record<string, unknown>) => Promise<void>;

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(VIEW_CALLBACK, async ({ ack, body }) => {
    const b = body as unknown as ViewBody;
    const meta = parseMeta(b.view.private_metadata);
    if (!meta) return void (await ack());
    const team = b.team?.id ?? b.user.team_id ?? b.view.team_id ?? '';
    const where = { kind: 'view_submission', team, user: b.user.id };
    const submitted = Object.fromEntries(collectState(b.view.state?.values));
    let acked = false;
    const ackOnce: Ack = async (response) => {
      if (acked) return;
      acked = true;
      await (ack as Ack)(response);
    };
    try {
      const turn = runTurn(deps, meta, team, b.user.id, submitted);
      const quick = await within(turn, ACK_BUDGET_MS);
      if (quick === undefined) {
        await ackOnce({ response_action: 'update', view: loadingModal(meta) });
        const reply = await turn;
        if (meta.m) await updateMessage(deps, meta, reply);
        else
          await deps.api.call('views.update', {
            view_id: b.view.id,
            view: renderModal(reply, metaBase(meta), submitted),
          });
        await announceOutcome(deps, meta, reply);
        return;
      }
      const reply = quick;
      const field = refusedInPlace(reply, meta);
      if (field) {
        await ackOnce({ response_action: 'errors', errors: { [field]: reply.error } });
      } else if (meta.m) {
        await ackOnce({ response_action: 'clear' });
        await updateMessage(deps, meta, reply);
      } else {
        await ackOnce({ response_action: 'update', view: renderModal(reply, metaBase(meta), submitted) });
        await announceOutcome(deps, meta, reply);
      }
    } catch (err) {
      const told = reportFailure(deps.logger, err, where);
      const firstInput = Object.keys(b.view.state?.values ?? {})[0];
      // The modal stays as the user left it, with the reference on the first field.
      if (!acked && firstInput) await ackOnce({ response_action: 'errors', errors: { [firstInput]: told } });
      else if (!acked)
        await ackOnce({
          response_action: 'update',
          view: renderModal(textReply(told), metaBase(meta)),
        });
      else
        await deps.api
          .call('views.update', {
            view_id: b.view.id,
            view: renderModal(textReply(told), metaBase(meta)),
          })
          .catch(() => undefined);
    }
  });

  // Closing the modal (Cancel or ×) cancels its dialog; a stale close (an older page) changes nothing.
  app.view({ callback_id: VIEW_CALLBACK, type: 'view_closed' }, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as ViewBody;
    const meta = parseMeta(b.view.private_metadata);
    if (!meta || meta.m) return;
    const team = b.team?.id ?? b.user.team_id ?? b.view.team_id ?? '';
    try {
      const speaker = await speakerFor(deps, team, b.user.id, meta.c);
      if ('unknown' in speaker) return;
      await deps.engine.handle({
        speaker,
        text: 'cancel',
        ...(meta.v !== undefined ? { expectedVersion: meta.v } : {}),
      });
    } catch (err) {
      reportIncident(deps.logger, err, { kind: 'view_closed', team, user: b.user.id });
    }
  });
}

async function runTurn(
  deps: SlackDeps,
  meta: ModalMeta,
  team: string,
  userId: string,
  submitted: Record<string, Answer>,
): Promise<Reply> {
  const speaker = await speakerFor(deps, team, userId, meta.c);
  if ('unknown' in speaker) return textReply(speaker.unknown);
  const answer: Answer | Record<string, Answer> =
    meta.k === 'form' ? submitted : (submitted[meta.f ?? ''] ?? meta.y ?? '');
  return deps.engine.handle({
    speaker,
    answer: await resolveMentions(answer, deps.identity.email),
    ...(meta.v !== undefined ? { expectedVersion: meta.v } : {}),
  });
}

/** The block to show a refusal on, when the same question is asked again on this very page. */
function refusedInPlace(reply: Reply, meta: ModalMeta): string | undefined {
  if (!reply.error || !reply.prompt || meta.k === 'form' || meta.y !== undefined) return undefined;
  if (reply.prompt.field !== meta.f || reply.dialog?.version !== meta.v) return undefined;
  return blockId({ version: meta.v, field: meta.f, part: 'main' });
}

/** A modal opened from a chat question: its answer moves that message on. */
async function updateMessage(deps: SlackDeps, meta: ModalMeta, reply: Reply): Promise<void> {
  if (meta.r) await deps.api.respond(meta.r, { replace_original: true, ...renderMessage(reply) });
}

/** When a modal dialog ends, the outcome also goes to the channel it was started from. */
async function announceOutcome(deps: SlackDeps, meta: ModalMeta, reply: Reply): Promise<void> {
  if (reply.done?.outcome !== 'completed' || !meta.r || meta.m) return;
  await deps.api.respond(meta.r, {
    response_type: 'ephemeral',
    ...renderMessage({ messages: reply.messages, ...(reply.actions ? { actions: reply.actions } : {}) }),
  });
}

/** The promise's value if it settles within `ms`, else undefined (it keeps running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
