// The dialog engine: turns one user Turn into one Reply, channel-neutrally. State lives in the
// dialog_states table (see state-store.ts) so a restart resumes, and every write is conditional on
// the version read, so two concurrent turns cannot corrupt a dialog.
//
// Choices where the issue was silent:
// - A new dialog verb while a dialog is active ASKS (yes/no) before replacing it; read-only verbs
//   (mine, show, find, help) and one-shot nudge verbs (no-ta, snooze) answer at once and the active
//   dialog's question is shown again.
// - An expired dialog keeps its answers for a while: the user is told nothing was saved and can
//   type `resume` to pick up where they left off.
// - `edit <field>` works in the preview and on any already-answered field during the steps.
import type { TatError } from '../src/errors.js';
import { dateInZone } from '../src/rules/dates.js';
import type { ServiceContext } from '../src/services/context.js';
import { loadActiveStaff } from '../src/services/permissions.js';
import { DIALOG_VERBS, helpText, type ParsedInput, parseInput, VERB_HELP, type Verb } from './commands.js';
import {
  advance,
  answeredSummary,
  applyAnswer,
  asData,
  type DialogData,
  editableFields,
  emptyData,
  forget,
  STEP_EXPIRED,
  STEP_PREVIEW,
  STEP_SAVING,
  STEP_SWITCH,
  stepOf,
} from './dialog-data.js';
import type { Answer, Flow, FlowEnv, Handler } from './flow.js';
import { defaultHandlers } from './flows/index.js';
import { matchChoice, parseYesNo } from './parse/choice.js';
import { confirmPrompt, endReply, render } from './reply.js';
import {
  type DialogKey,
  deleteDialog,
  insertDialog,
  loadDialog,
  type StoredDialog,
  touchDialog,
  updateDialog,
} from './state-store.js';
import type { Reply, Speaker, Turn } from './types.js';

export { type DialogData, STEP_EXPIRED, STEP_PREVIEW, STEP_SAVING, STEP_SWITCH } from './dialog-data.js';

export interface DialogEngineOptions {
  ctx: ServiceContext;
  /** Idle minutes before a dialog expires. */
  idleMinutes: number;
  /** The verbs' handlers (default: every dialog in dialogs/flows). */
  handlers?: Partial<Record<Verb, Handler>>;
  /** How long an expired dialog's answers are kept for `resume` (minutes, default 24 h). */
  keepExpiredMinutes?: number;
  /** A save still marked in progress after this many seconds is treated as interrupted. */
  savingStaleSeconds?: number;
}

export interface DialogEngine {
  handle(turn: Turn): Promise<Reply>;
  /** The active dialog of a speaker, if any (adapters use it to decide how to render). */
  active(speaker: Speaker): Promise<{ name: string; step: string; version: number } | undefined>;
}

const keyOf = (s: Speaker): DialogKey => ({
  channel: s.channel,
  workspace: s.workspace,
  conversation: s.conversation,
  userKey: s.userKey,
});

const CANCEL_WORDS = new Set(['cancel', 'stop', 'quit', 'abort', 'never mind', 'nevermind']);
const GLOBAL_HELP =
  'Type *back* to change the previous answer, *cancel* to stop (nothing is saved), *edit <field>* to change an earlier answer, or */ta help* for all commands.';

export function createDialogEngine(options: DialogEngineOptions): DialogEngine {
  const { ctx } = options;
  const idleMs = options.idleMinutes * 60_000;
  const keepExpiredMs = (options.keepExpiredMinutes ?? 24 * 60) * 60_000;
  const savingStaleMs = (options.savingStaleSeconds ?? 120) * 1000;
  const handlers = options.handlers ?? defaultHandlers;

  const flowOf = (name: string): Flow | undefined => {
    const h = handlers[name as Verb];
    return h?.kind === 'dialog' ? h : undefined;
  };

  // Per-turn read caches (one turn = one env).
  const memos = new WeakMap<FlowEnv, Map<string, Promise<unknown>>>();
  const clearMemo = (env: FlowEnv) => memos.get(env)?.clear();

  async function makeEnv(speaker: Speaker): Promise<FlowEnv | string> {
    const me = await loadActiveStaff(ctx.db, speaker.staffId);
    if (!me) return 'Your staff profile was not found or is inactive. Ask a TAT administrator to add you.';
    const now = ctx.now();
    const cache = new Map<string, Promise<unknown>>();
    const env: FlowEnv = {
      memo: <T>(key: string, load: () => Promise<T>) => {
        if (!cache.has(key)) cache.set(key, load());
        return cache.get(key) as Promise<T>;
      },
      ctx,
      actor: { kind: 'staff', staffId: me.id, channel: speaker.channel },
      me,
      speaker,
      now,
      timeZone: me.timeZone,
      today: dateInZone(now, me.timeZone),
    };
    memos.set(env, cache);
    return env;
  }

  // ---------- persistence helpers ----------

  const times = () => {
    const at = ctx.now();
    return { updatedAt: at, expiresAt: new Date(at.getTime() + idleMs) };
  };

  /** Writes the new step/data over the version read, or answers the race politely. */
  async function save(
    key: DialogKey,
    row: StoredDialog | undefined,
    name: string,
    step: string,
    data: DialogData,
  ): Promise<number | false> {
    const write = { dialog: name, step, data: data as unknown as Record<string, unknown>, ...times() };
    return row ? updateDialog(ctx.db, key, row.version, write) : insertDialog(ctx.db, key, write);
  }

  async function conflictReply(key: DialogKey, env: FlowEnv): Promise<Reply> {
    const now = await loadDialog(ctx.db, key);
    const flow = now ? flowOf(now.dialog) : undefined;
    const lead = 'Two messages arrived at once; I kept the first one.';
    if (!now || !flow || now.step === STEP_EXPIRED) {
      return endReply(
        now?.dialog ?? 'none',
        now?.version ?? 0,
        [lead, 'That dialog has already ended.'],
        undefined,
      );
    }
    return render(flow, { step: now.step, data: asData(now.data), version: now.version }, env, [
      `${lead} Here is where we are now:`,
    ]);
  }

  // ---------- commands ----------

  async function runCommand(
    key: DialogKey,
    row: StoredDialog | undefined,
    verb: Verb,
    args: string,
    env: FlowEnv,
    pre: string[],
  ): Promise<Reply> {
    const handler = handlers[verb];
    if (!handler) return endReply(verb, 0, [...pre, `/ta ${verb} is not available here yet.`], undefined);
    if (handler.kind === 'oneshot') {
      const out = await handler.run(args, env);
      return endReply(verb, 0, [...pre, ...out.messages], undefined, {
        ...(out.error ? { error: out.error } : {}),
        ...(out.actions ? { actions: out.actions } : {}),
      });
    }
    const start = await handler.start(args, env);
    if (start.kind === 'reply') {
      // The dialog ended before it began (nothing to pick from, or everything done in one go).
      if (row) await deleteDialog(ctx.db, key, row.version);
      return endReply(
        verb,
        0,
        [...pre, ...start.messages],
        start.recordId ? { outcome: 'completed', recordId: start.recordId } : undefined,
        {
          ...(start.error ? { error: start.error } : {}),
          ...(start.actions ? { actions: start.actions } : {}),
        },
      );
    }
    const data = emptyData(start.values, start.answered);
    const notes: string[] = [];
    const step = await advance(handler, data, env, notes);
    const version = await save(key, row, handler.name, step, data);
    if (version === false) return conflictReply(key, env);
    return render(handler, { step, data, version }, env, [...pre, ...notes, ...(start.messages ?? [])]);
  }

  /** A command typed while a dialog is active: read-only ones answer at once, dialogs ask first. */
  async function commandDuringDialog(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    parsed: Extract<ParsedInput, { kind: 'command' }>,
    env: FlowEnv,
  ): Promise<Reply> {
    const data = asData(row.data);
    const current = { step: row.step, data, version: row.version };
    if (parsed.verb === 'help' && !parsed.args) return helpReply(flow, current, env);
    if (!DIALOG_VERBS.has(parsed.verb)) {
      const side = await runCommand(key, undefined, parsed.verb, parsed.args, env, []);
      const back = await render(flow, current, env, [
        ...side.messages,
        `(You are still in /ta ${flow.name}.)`,
      ]);
      return {
        ...back,
        ...(side.error ? { error: side.error } : {}),
        ...(side.actions ? { actions: side.actions } : {}),
      };
    }
    if (parsed.verb === flow.name && !parsed.args) {
      return render(flow, current, env, [`You are already in /ta ${flow.name}; here is where we are:`]);
    }
    const next: DialogData = {
      ...data,
      pendingCommand: `/ta ${parsed.verb}${parsed.args ? ` ${parsed.args}` : ''}`,
      returnStep: row.step === STEP_SWITCH ? (data.returnStep ?? STEP_PREVIEW) : row.step,
    };
    const version = await save(key, row, flow.name, STEP_SWITCH, next);
    if (version === false) return conflictReply(key, env);
    return render(flow, { step: STEP_SWITCH, data: next, version }, env, [
      `So far you answered: ${answeredSummary(flow, data)}.`,
    ]);
  }

  async function helpReply(
    flow: Flow,
    current: { step: string; data: DialogData; version: number },
    env: FlowEnv,
  ): Promise<Reply> {
    const reply = await render(flow, current, env, []);
    const hint = reply.prompt?.hint;
    reply.messages = [`You are in /ta ${flow.name} (${flow.title}).`, ...(hint ? [hint] : []), GLOBAL_HELP];
    return reply;
  }

  // ---------- answers ----------

  async function answerDuringDialog(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    answer: Answer | Record<string, Answer>,
    env: FlowEnv,
  ): Promise<Reply> {
    const data = asData(row.data);
    const current = { step: row.step, data, version: row.version };
    const text = typeof answer === 'string' ? answer.trim() : undefined;
    const lower = text?.toLowerCase();

    if (lower !== undefined && CANCEL_WORDS.has(lower)) {
      if (!(await deleteDialog(ctx.db, key, row.version))) return conflictReply(key, env);
      return endReply(flow.name, row.version + 1, [`Cancelled /ta ${flow.name}. Nothing was saved.`], {
        outcome: 'cancelled',
      });
    }
    if (lower === 'help' || lower === '?') {
      await touchDialog(ctx.db, key, row.version, ...timesPair());
      return helpReply(flow, current, env);
    }
    if (row.step === STEP_SWITCH) return answerSwitch(key, row, flow, data, text ?? '', env);
    if (row.step === STEP_SAVING) {
      if (ctx.now().getTime() - row.updatedAt.getTime() < savingStaleMs) {
        return render(flow, current, env, [
          'I am still saving your previous answer; one moment, then try again.',
        ]);
      }
      const version = await save(key, row, flow.name, STEP_PREVIEW, data);
      if (version === false) return conflictReply(key, env);
      return render(flow, { step: STEP_PREVIEW, data, version }, env, [
        'Your last save was interrupted and may not have finished. Check /ta mine before saving again.',
      ]);
    }
    if (lower === 'back') return goBack(key, row, flow, data, env);
    const edit = lower ? /^(?:edit|change)\s+(.+)$/.exec(lower) : null;
    if (edit) return editField(key, row, flow, data, edit[1]!, env);

    if (row.step === STEP_PREVIEW) {
      if (typeof answer !== 'string' && !Array.isArray(answer)) {
        return applyForm(key, row, flow, data, answer, env);
      }
      return answerPreview(key, row, flow, data, answer, env);
    }
    if (typeof answer !== 'string' && !Array.isArray(answer))
      return applyForm(key, row, flow, data, answer, env);

    const step = stepOf(flow, row.step);
    if (!step) {
      // The flow changed under a persisted dialog (a new release): start the step search again.
      return moveOn(key, row, flow, data, env, []);
    }
    const accepted = await step.accept(answer, data.values, env);
    if (!accepted.ok) {
      await touchDialog(ctx.db, key, row.version, ...timesPair());
      return render(flow, current, env, [], { error: accepted.error });
    }
    applyAnswer(flow, step, data, accepted.set);
    return moveOn(key, row, flow, data, env, accepted.note ? [accepted.note] : []);
  }

  const timesPair = (): [Date, Date] => {
    const t = times();
    return [t.updatedAt, t.expiresAt];
  };

  async function moveOn(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    data: DialogData,
    env: FlowEnv,
    notes: string[],
  ): Promise<Reply> {
    const step = await advance(flow, data, env, notes);
    const version = await save(key, row, flow.name, step, data);
    if (version === false) return conflictReply(key, env);
    return render(flow, { step, data, version }, env, notes);
  }

  /** A form (several fields at once, from a modal): each field is accepted in step order. */
  async function applyForm(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    data: DialogData,
    form: Record<string, Answer>,
    env: FlowEnv,
  ): Promise<Reply> {
    const notes: string[] = [];
    for (const step of flow.steps) {
      if (!(step.field in form)) continue;
      if (step.applies && !step.applies(data.values, env)) continue;
      const accepted = await step.accept(form[step.field]!, data.values, env);
      if (!accepted.ok) {
        // Keep what was accepted so far, and ask the refused field on its own.
        forget(data, step.field);
        data.force = step.field;
        const version = await save(key, row, flow.name, step.field, data);
        if (version === false) return conflictReply(key, env);
        return render(flow, { step: step.field, data, version }, env, notes, { error: accepted.error });
      }
      applyAnswer(flow, step, data, accepted.set);
      if (accepted.note) notes.push(accepted.note);
    }
    return moveOn(key, row, flow, data, env, notes);
  }

  async function goBack(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    data: DialogData,
    env: FlowEnv,
  ): Promise<Reply> {
    const asked = data.done.filter((f) => !data.auto.includes(f));
    const last = asked.at(-1);
    if (!last) {
      await touchDialog(ctx.db, key, row.version, ...timesPair());
      return render(flow, { step: row.step, data, version: row.version }, env, [
        'This is the first question; there is nothing to go back to. Type *cancel* to stop.',
      ]);
    }
    forget(data, last);
    data.force = last;
    return moveOn(key, row, flow, data, env, []);
  }

  async function editField(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    data: DialogData,
    wanted: string,
    env: FlowEnv,
  ): Promise<Reply> {
    const w = wanted.trim().toLowerCase();
    const candidates = flow.steps.filter((s) => !s.applies || s.applies(data.values, env));
    const step =
      candidates.find((s) => s.field.toLowerCase() === w || s.label.toLowerCase() === w) ??
      candidates.find((s) => s.field.toLowerCase().startsWith(w) || s.label.toLowerCase().startsWith(w));
    if (!step || !data.done.includes(step.field)) {
      await touchDialog(ctx.db, key, row.version, ...timesPair());
      const fields = editableFields(flow, data, env);
      return render(flow, { step: row.step, data, version: row.version }, env, [], {
        error: step
          ? `${step.label} is not answered yet; it will be asked in turn.`
          : `There is no field "${wanted}". You can edit: ${fields.join(', ') || 'nothing yet'}.`,
      });
    }
    forget(data, step.field);
    data.force = step.field;
    return moveOn(key, row, flow, data, env, []);
  }

  async function answerSwitch(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    data: DialogData,
    text: string,
    env: FlowEnv,
  ): Promise<Reply> {
    const yes = parseYesNo(text) ?? (/^1$/.test(text) ? true : /^2$/.test(text) ? false : undefined);
    if (yes === undefined) {
      await touchDialog(ctx.db, key, row.version, ...timesPair());
      return render(flow, { step: row.step, data, version: row.version }, env, [], {
        error: 'Please answer yes (start the new command) or no (go on with this one).',
      });
    }
    const pending = data.pendingCommand ?? '';
    const returnStep = data.returnStep ?? STEP_PREVIEW;
    delete data.pendingCommand;
    delete data.returnStep;
    if (!yes) {
      const version = await save(key, row, flow.name, returnStep, data);
      if (version === false) return conflictReply(key, env);
      return render(flow, { step: returnStep, data, version }, env, [`OK, back to /ta ${flow.name}.`]);
    }
    const parsed = parseInput(pending, { bare: true });
    if (parsed.kind !== 'command') return endReply(flow.name, row.version, [helpText()], undefined);
    return runCommand(key, row, parsed.verb, parsed.args, env, [`Dropped /ta ${flow.name}.`]);
  }

  async function answerPreview(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    data: DialogData,
    answer: Answer,
    env: FlowEnv,
  ): Promise<Reply> {
    const text = (Array.isArray(answer) ? answer[0] : answer)?.trim() ?? '';
    const prompt = confirmPrompt(flow, data, env);
    const yes = parseYesNo(text);
    let choice: string | undefined = yes === true ? 'yes' : undefined;
    if (yes === false) {
      await touchDialog(ctx.db, key, row.version, ...timesPair());
      return render(flow, { step: row.step, data, version: row.version }, env, [
        `Nothing is saved yet. Type *edit <field>* to change something (${editableFields(flow, data, env).join(', ')}), or *cancel*.`,
      ]);
    }
    if (!choice) {
      const m = matchChoice(text, prompt.choices ?? []);
      if (!m.ok) {
        await touchDialog(ctx.db, key, row.version, ...timesPair());
        return render(flow, { step: row.step, data, version: row.version }, env, [], { error: m.error });
      }
      choice = m.value.value;
    }
    if (choice === 'cancel') return answerDuringDialog(key, row, flow, 'cancel', env);
    const notes: string[] = [];
    if (choice !== 'yes') {
      const handled = await flow.onConfirmChoice?.(choice, data.values, env);
      if (!handled?.ok) {
        await touchDialog(ctx.db, key, row.version, ...timesPair());
        return render(flow, { step: row.step, data, version: row.version }, env, [], {
          error: handled && !handled.ok ? handled.error : `"${text}" is not one of the choices.`,
        });
      }
      Object.assign(data.values, handled.set);
      if (handled.note) notes.push(handled.note);
      if (!handled.commit) return moveOn(key, row, flow, data, env, notes);
    }
    return commit(key, row, flow, data, env, notes);
  }

  /** Claims the save (version bump) before calling the service, so a double "yes" saves once. */
  async function commit(
    key: DialogKey,
    row: StoredDialog,
    flow: Flow,
    data: DialogData,
    env: FlowEnv,
    notes: string[],
  ): Promise<Reply> {
    const claimed = await save(key, row, flow.name, STEP_SAVING, data);
    if (claimed === false) return conflictReply(key, env);
    let error: TatError;
    clearMemo(env);
    try {
      const result = await flow.commit(data.values, env);
      if (result.ok) {
        await deleteDialog(ctx.db, key, claimed);
        const out = result.value;
        return endReply(
          flow.name,
          claimed + 1,
          [...notes, ...out.messages],
          out.recordId !== undefined
            ? { outcome: 'completed', recordId: out.recordId }
            : { outcome: 'completed' },
          out.actions ? { actions: out.actions } : {},
        );
      }
      error = result.error;
    } catch (err) {
      error = {
        code: 'unavailable',
        message: `Something went wrong while saving (${(err as Error).message}). Nothing you typed is lost; try *yes* again in a moment.`,
      };
    }
    clearMemo(env);
    const learned = flow.onCommitError?.(error, data.values);
    if (learned) Object.assign(data.values, learned);
    // A failure about one answer asks that answer again; otherwise back to the preview.
    let step = STEP_PREVIEW;
    const reask = flow.fieldForError?.(error, data.values);
    if (reask && stepOf(flow, reask)) {
      forget(data, reask);
      data.force = reask;
      step = await advance(flow, data, env, notes);
    }
    const saved: StoredDialog = { ...row, step: STEP_SAVING, version: claimed };
    const version = await save(key, saved, flow.name, step, data);
    if (version === false) return conflictReply(key, env);
    return render(flow, { step, data, version }, env, notes, { error: error.message });
  }

  // ---------- the turn ----------

  async function handle(turn: Turn): Promise<Reply> {
    const key = keyOf(turn.speaker);
    const [env, loaded] = await Promise.all([makeEnv(turn.speaker), loadDialog(ctx.db, key)]);
    if (typeof env === 'string') return endReply('none', 0, [], undefined, { error: env });
    let row = loaded;
    const pre: string[] = [];
    let expiredNow = false;
    const now = ctx.now();

    if (row && row.expiresAt <= now) {
      if (row.step === STEP_EXPIRED) {
        await deleteDialog(ctx.db, key, row.version);
        row = undefined;
      } else {
        const flow = flowOf(row.dialog);
        const data: DialogData = { ...asData(row.data), expiredStep: row.step };
        const write = {
          dialog: row.dialog,
          step: STEP_EXPIRED,
          data: data as unknown as Record<string, unknown>,
          updatedAt: now,
          expiresAt: new Date(now.getTime() + keepExpiredMs),
        };
        const version = await updateDialog(ctx.db, key, row.version, write);
        if (version === false) return conflictReply(key, env);
        // Starting another dialog replaces the expired one; anything else keeps it for `resume`.
        const next = parseInput(turn.command ?? turn.text ?? '', { bare: true });
        const replaced = next.kind === 'command' && DIALOG_VERBS.has(next.verb);
        const answers = flow && data.done.length ? answeredSummary(flow, data) : undefined;
        pre.push(
          `Your /ta ${row.dialog} dialog expired after ${options.idleMinutes} minutes without an answer. Nothing was saved to TAT.` +
            (answers
              ? replaced
                ? ` Your answers (${answers}) were dropped.`
                : ` I kept your answers (${answers}): type *resume* to pick up where you left off.`
              : ''),
        );
        row = { ...row, ...write, version };
        expiredNow = true;
      }
    }
    const active = row && row.step !== STEP_EXPIRED ? row : undefined;
    const activeFlow = active ? flowOf(active.dialog) : undefined;

    if (turn.expectedVersion !== undefined && turn.command === undefined) {
      if (!active || !activeFlow) {
        return endReply(
          row?.dialog ?? 'none',
          row?.version ?? 0,
          [...pre, 'That button belongs to a conversation that has ended. Type /ta help to start again.'],
          expiredNow ? { outcome: 'expired' } : undefined,
        );
      }
      if (active.version !== turn.expectedVersion) {
        return render(
          activeFlow,
          { step: active.step, data: asData(active.data), version: active.version },
          env,
          [`That button is from an earlier step of /ta ${activeFlow.name}. Here is where we are now:`],
        );
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
      if (row?.step === STEP_EXPIRED && word === 'resume') {
        const flow = flowOf(row.dialog);
        const data = asData(row.data);
        const step = data.expiredStep ?? STEP_PREVIEW;
        delete data.expiredStep;
        if (!flow)
          return endReply(row.dialog, row.version, ['That dialog can no longer be resumed.'], undefined);
        const version = await save(key, row, flow.name, step, data);
        if (version === false) return conflictReply(key, env);
        return render(flow, { step, data, version }, env, [`Resuming /ta ${flow.name}.`]);
      }
      if (parsed.kind === 'command') {
        if (active && activeFlow) {
          return commandDuringDialog(key, active, activeFlow, parsed, env);
        }
        return runCommand(key, row, parsed.verb, parsed.args, env, pre);
      }
      if (dialogWord && active && activeFlow) return answerDuringDialog(key, active, activeFlow, word, env);
      if (parsed.kind === 'unknown' && (parsed.explicit || parsed.suggestion || active)) {
        const lead = parsed.suggestion
          ? `I don't know "${parsed.word}". Did you mean \`/ta ${parsed.suggestion}\`? ${VERB_HELP[parsed.suggestion]}`
          : `I don't know "${parsed.word}".`;
        if (active && activeFlow) {
          return render(
            activeFlow,
            { step: active.step, data: asData(active.data), version: active.version },
            env,
            [lead],
          );
        }
        return endReply(
          'help',
          0,
          [...pre, lead, helpText()],
          expiredNow ? { outcome: 'expired' } : undefined,
        );
      }
    }
    if (expiredNow || !active || !activeFlow) {
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
    return answerDuringDialog(key, active, activeFlow, answer, env);
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
