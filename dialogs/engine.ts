// The dialog engine: turns one user Turn into one Reply, channel-neutrally. State lives in the
// dialog_states table (see state-store.ts) so a restart resumes, and every write is conditional on
// the version read, so two concurrent turns cannot corrupt a dialog. This file routes a turn; the
// parts are engine-core.ts (shared writes), run-command.ts, answer-dialog.ts, dialog-words.ts,
// preview-answers.ts, expiry.ts and turn-env.ts.
//
// Choices where the issue was silent:
// - A new dialog verb while a dialog is active ASKS (yes/no) before replacing it; read-only verbs
//   (mine, show, find, help) and one-shot nudge verbs (no-ta, snooze) answer at once and the active
//   dialog's question is shown again.
// - An expired dialog keeps its answers for a while: the user is told nothing was saved and can
//   type `resume` to pick up where they left off.
// - `edit <field>` works in the preview and on any already-answered field during the steps.
import { answerDuringDialog } from './answer-dialog.js';
import { helpText, parseInput, VERB_HELP } from './commands.js';
import { answeredSummary, asData, STEP_EXPIRED } from './dialog-data.js';
import { CANCEL_WORDS } from './dialog-words.js';
import {
  type ActiveTurn,
  createEngineCore,
  type DialogEngineOptions,
  flowOf,
  keyOf,
  renderCurrent,
} from './engine-core.js';
import { dropExpired, offerResume, resumeExpired, settleExpiry } from './expiry.js';
import type { Answer } from './flow.js';
import { defaultHandlers } from './flows/index.js';
import { parseYesNo } from './parse/choice.js';
import { looksLikeTaDelivered } from './parse/plain-sentence.js';
import { endReply } from './reply.js';
import { commandDuringDialog, runCommand } from './run-command.js';
import { loadDialog, loadSpeakerAndDialog } from './state-store.js';
import { turnEnv } from './turn-env.js';
import type { Reply, Speaker, Turn } from './types.js';

export { type DialogData, STEP_EXPIRED, STEP_PREVIEW, STEP_SAVING, STEP_SWITCH } from './dialog-data.js';
export type { DialogEngineOptions } from './engine-core.js';

export interface DialogEngine {
  handle(turn: Turn): Promise<Reply>;
  /** The active dialog of a speaker, if any (adapters use it to decide how to render). */
  active(speaker: Speaker): Promise<{ name: string; step: string; version: number } | undefined>;
}

export function createDialogEngine(options: DialogEngineOptions): DialogEngine {
  const core = createEngineCore(options, defaultHandlers);
  const { ctx } = core;

  // A dialog last touched before this process started is one a restart interrupted: say so once.
  const startedAt = ctx.now();

  async function handle(turn: Turn): Promise<Reply> {
    const restart: string[] = [];
    const reply = await route(turn, restart);
    return restart.length ? { ...reply, messages: [...restart, ...reply.messages] } : reply;
  }

  async function route(turn: Turn, restart: string[]): Promise<Reply> {
    const key = keyOf(turn.speaker);
    const { me, dialog: loaded } = await loadSpeakerAndDialog(ctx.db, turn.speaker.staffId, key);
    const env = turnEnv(ctx, turn.speaker, me, {
      feedbackRequester: core.feedbackRequester,
      notifyStaff: core.staffNotifier,
    });
    if (typeof env === 'string') return endReply('none', 0, [], undefined, { error: env });
    const settled = await settleExpiry(core, key, loaded, turn, env);
    if ('reply' in settled) return settled.reply;
    const { row, expiredNow, pre } = settled;
    const active = row && row.step !== STEP_EXPIRED ? row : undefined;
    const activeFlow = active ? flowOf(core, active.dialog) : undefined;
    // The dialog waiting for an answer, if any (its flow still exists).
    const t: ActiveTurn | undefined =
      active && activeFlow
        ? { core, key, row: active, flow: activeFlow, data: asData(active.data), env }
        : undefined;
    if (t && t.row.updatedAt < startedAt) {
      restart.push(
        `Picking up your unfinished /ta ${t.flow.name} from before the bot restarted (answered so far: ${answeredSummary(t.flow, t.data)}).`,
      );
    }

    // The answer to "resume with what you typed?" (typed, or a button of that question).
    if (row?.step === STEP_EXPIRED && !expiredNow && turn.command === undefined) {
      const said = typeof turn.answer === 'string' ? turn.answer : turn.text;
      const pending = asData(row.data).pendingAnswer;
      const yes = pending !== undefined && said !== undefined ? parseYesNo(said) : undefined;
      if (yes === true) return resumeExpired(core, key, row, env, true);
      if (yes === false) return dropExpired(core, key, row, env);
    }

    if (turn.expectedVersion !== undefined && turn.command === undefined) {
      if (!t) {
        return endReply(
          row?.dialog ?? 'none',
          row?.version ?? 0,
          [...pre, 'That button belongs to a conversation that has ended. Type /ta help to start again.'],
          expiredNow ? { outcome: 'expired' } : undefined,
        );
      }
      if (t.row.version !== turn.expectedVersion) {
        return renderCurrent(t, [
          `That button is from an earlier step of /ta ${t.flow.name}. Here is where we are now:`,
        ]);
      }
    }

    const raw = turn.command ?? (typeof turn.answer === 'string' ? turn.answer : turn.text) ?? '';
    const isCommand = turn.command !== undefined;
    // A button's or form's answer to the waiting prompt is never read as a command.
    const readAsText = isCommand || turn.answer === undefined || (!active && typeof turn.answer === 'string');

    if (readAsText) {
      const parsed = parseInput(raw, { bare: isCommand || !active });
      // The dialog words also work typed as commands: "/ta cancel", "/ta back", "/ta resume".
      const word = raw
        .replace(/^\/ta\s+/i, '')
        .trim()
        .toLowerCase();
      const dialogWord = parsed.kind === 'unknown' && /^(?:cancel|back|resume)$/.test(word);
      if (row?.step === STEP_EXPIRED && word === 'resume') return resumeExpired(core, key, row, env);
      if (row?.step === STEP_EXPIRED && CANCEL_WORDS.has(word)) {
        const dropped = await dropExpired(core, key, row, env);
        return { ...dropped, messages: [...pre, ...dropped.messages] };
      }
      // Text typed to an expired dialog was meant as its answer: offer to resume with it.
      const meantAsAnswer = parsed.kind === 'text' || (parsed.kind === 'unknown' && !parsed.explicit);
      // …unless it is a sentence about TA delivered and the expired dialog is not a log: that starts log.
      const newLog = meantAsAnswer && row?.dialog !== 'log' && looksLikeTaDelivered(raw, env);
      if (row?.step === STEP_EXPIRED && !isCommand && meantAsAnswer && raw.trim() && !newLog) {
        return offerResume(core, key, row, raw.trim(), env, pre, expiredNow);
      }
      if (parsed.kind === 'command') {
        if (t) return commandDuringDialog(t, parsed);
        return runCommand(core, key, row, parsed.verb, parsed.args, env, pre);
      }
      if (dialogWord && t) return answerDuringDialog(t, word, 'typed');
      // In a direct message, a sentence about TA delivered is the start of `log`.
      if (parsed.kind === 'unknown' && !parsed.explicit && !active && looksLikeTaDelivered(raw, env)) {
        const replaced =
          row?.step === STEP_EXPIRED && !expiredNow ? [`Your expired /ta ${row.dialog} is dropped.`] : [];
        return runCommand(core, key, row, 'log', raw.trim(), env, [
          ...pre,
          ...replaced,
          'I read that as /ta log (type *cancel* if you meant something else).',
        ]);
      }
      if (parsed.kind === 'unknown' && (parsed.explicit || parsed.suggestion || active)) {
        const lead = parsed.suggestion
          ? `I don't know "${parsed.word}". Did you mean \`/ta ${parsed.suggestion}\`? ${VERB_HELP[parsed.suggestion]}`
          : `I don't know "${parsed.word}". To log TA delivered, start with log, e.g. \`log held a call with MD yesterday\`.`;
        if (t) return renderCurrent(t, [lead]);
        return endReply(
          'help',
          0,
          [...pre, lead, helpText()],
          expiredNow ? { outcome: 'expired' } : undefined,
        );
      }
    }
    if (expiredNow || !t) {
      // An answer with no dialog waiting for it.
      return endReply(
        row?.dialog ?? 'help',
        row?.version ?? 0,
        pre.length
          ? pre
          : [
              'There is no question waiting for an answer. Type *help* to see what I can do, e.g. `log held a call with MD yesterday`.',
            ],
        expiredNow ? { outcome: 'expired' } : undefined,
      );
    }
    const answer = (turn.command === undefined ? (turn.answer ?? raw) : raw) as
      | Answer
      | Record<string, Answer>;
    // A button's, select's or card's answer is a value; only a typed line may be a list position.
    const source = turn.command === undefined && turn.answer !== undefined ? 'picked' : 'typed';
    return answerDuringDialog(t, answer, source);
  }

  return {
    handle,
    async active(speaker) {
      const row = await loadDialog(ctx.db, keyOf(speaker));
      if (!row || row.step === STEP_EXPIRED || row.expiresAt <= ctx.now()) return undefined;
      return { name: row.dialog, step: row.step, version: row.version };
    },
  };
}
