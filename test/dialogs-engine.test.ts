// The dialog engine on its own, with a small two-step flow: re-asking, back/help/cancel/edit,
// restart, optimistic concurrency, expiry and resume, stale buttons, commands during a dialog.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDialogEngine, type DialogEngine } from '../dialogs/engine.js';
import { answerText, type Flow, type OneShot, ok, retry, type Values } from '../dialogs/flow.js';
import { matchChoice } from '../dialogs/parse/choice.js';
import type { Reply, Speaker } from '../dialogs/types.js';
import { ErrorCode, fail, ok as okResult } from '../src/errors.js';
import { createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

const COLORS = [
  { value: 'red', label: 'Red' },
  { value: 'green', label: 'Green' },
  { value: 'blue', label: 'Blue' },
];
const Size = z.coerce.number().int().min(1, 'at least 1').max(10, 'at most 10');

/** Makes two turns meet inside a step, so both have read the same dialog version before writing. */
function meetingPoint() {
  let arrived = 0;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    async arrive() {
      if (++arrived >= 2) open();
      await gate;
    },
  };
}

function toyFlow(commits: Values[], failFirst = { on: false }, meet?: { arrive(): Promise<void> }): Flow {
  return {
    kind: 'dialog',
    name: 'note',
    title: 'Toy order',
    async start(args) {
      const m = args ? matchChoice(args, COLORS, 'typed') : undefined;
      return m?.ok
        ? { kind: 'dialog', values: { color: m.value.value }, answered: ['color'] }
        : { kind: 'dialog', values: {} };
    },
    steps: [
      {
        field: 'color',
        label: 'Color',
        prompt: () => ({
          kind: 'choice',
          field: 'color',
          text: 'Which color?',
          choices: COLORS,
          hint: 'A color.',
        }),
        async accept(answer, _v, _env, source) {
          await meet?.arrive();
          const m = matchChoice(answerText(answer), COLORS, source);
          return m.ok ? ok({ color: m.value.value }) : retry(m.error);
        },
        resets: ['size'],
      },
      {
        field: 'size',
        label: 'Size',
        prompt: () => ({ kind: 'text', field: 'size', text: 'What size (1–10)?' }),
        accept(answer) {
          const p = Size.safeParse(answerText(answer));
          return p.success ? ok({ size: p.data }) : retry(`Size ${p.error.issues[0]!.message}.`);
        },
      },
    ],
    async preview(v) {
      return {
        title: 'Order',
        fields: [
          { field: 'color', label: 'Color', value: String(v.color) },
          { field: 'size', label: 'Size', value: String(v.size) },
        ],
      };
    },
    async commit(v) {
      if (failFirst.on) {
        failFirst.on = false;
        return fail(ErrorCode.Unavailable, 'The tracker is busy; try again.');
      }
      commits.push({ ...v });
      return okResult({ messages: ['Saved.'], recordId: commits.length });
    },
  };
}

const mineShot: OneShot = {
  kind: 'oneshot',
  name: 'mine',
  run: async () => ({ kind: 'reply', messages: ['You have no open activities.'] }),
};

async function setup(
  opts: { idleMinutes?: number; failFirst?: { on: boolean }; meet?: { arrive(): Promise<void> } } = {},
) {
  const me = await createStaff(t.ctx.db);
  const speaker: Speaker = {
    channel: 'console',
    workspace: 'local',
    conversation: 'console',
    userKey: me.email,
    staffId: me.id,
  };
  const commits: Values[] = [];
  const handlers = { note: toyFlow(commits, opts.failFirst, opts.meet), mine: mineShot };
  const make = () => createDialogEngine({ ctx: t.ctx, idleMinutes: opts.idleMinutes ?? 30, handlers });
  const engine = make();
  const say = (text: string, e: DialogEngine = engine) => e.handle({ speaker, text });
  return { engine, make, say, speaker, commits };
}

describe('dialog engine', () => {
  it('asks again after a bad answer at every step, keeping earlier answers', async () => {
    const { say, commits } = await setup();
    let r = await say('/ta note');
    expect(r.prompt?.field).toBe('color');
    const rows: [string, string | undefined, string][] = [
      ['purple', 'not one of the choices', 'color'],
      ['2', undefined, 'size'],
      ['eleven', 'Size', 'size'],
      ['11', 'at most 10', 'size'],
      ['4', undefined, 'confirm'],
      ['maybe', 'not one of the choices', 'confirm'],
    ];
    for (const [answer, error, field] of rows) {
      r = await say(answer);
      if (error) expect(r.error).toContain(error);
      else expect(r.error).toBeUndefined();
      expect(r.prompt?.field).toBe(field);
    }
    expect(r.preview?.fields.map((f) => f.value)).toEqual(['green', '4']);
    r = await say('yes');
    expect(r.done).toEqual({ outcome: 'completed', recordId: 1 });
    expect(commits).toEqual([{ color: 'green', size: 4 }]);
  });

  it('sets dialog name, step and a version that grows with each accepted answer', async () => {
    const { say } = await setup();
    const a = await say('/ta note');
    const b = await say('nope');
    const c = await say('red');
    expect(a.dialog).toMatchObject({ name: 'note', step: 'color' });
    expect(b.dialog?.version).toBe(a.dialog?.version);
    expect(c.dialog).toMatchObject({ name: 'note', step: 'size', version: a.dialog!.version + 1 });
  });

  it('supports back, help, edit <field> and cancel', async () => {
    const { say, commits } = await setup();
    await say('/ta note red');
    let r = await say('back');
    expect(r.prompt?.field).toBe('color');
    r = await say('back');
    expect(r.messages.join(' ')).toContain('first question');
    r = await say('help');
    expect(r.messages.join(' ')).toContain('A color.');
    expect(r.prompt?.field).toBe('color');
    await say('blue');
    r = await say('3');
    expect(r.prompt?.field).toBe('confirm');
    r = await say('edit size');
    expect(r.prompt?.field).toBe('size');
    r = await say('7');
    expect(r.preview?.fields.map((f) => f.value)).toEqual(['blue', '7']);
    r = await say('edit colour');
    expect(r.error).toContain('You can edit: color, size');
    r = await say('edit color');
    // A changed color resets the size, which is asked again before the preview.
    r = await say('red');
    expect(r.prompt?.field).toBe('size');
    r = await say('cancel');
    expect(r.done).toEqual({ outcome: 'cancelled' });
    expect(commits).toEqual([]);
    r = await say('5');
    expect(r.messages.join(' ')).toContain('no question waiting');
    // The same words typed as commands.
    await say('/ta note red');
    r = await say('/ta back');
    expect(r.prompt?.field).toBe('color');
    r = await say('/ta cancel');
    expect(r.done).toEqual({ outcome: 'cancelled' });
  });

  it('resumes after a restart: a new engine on the same database', async () => {
    const { say, make } = await setup();
    await say('/ta note');
    await say('green');
    const restarted = make();
    const r = await say('6', restarted);
    expect(r.preview?.fields.map((f) => f.value)).toEqual(['green', '6']);
  });

  it('two concurrent answers for the same user do not corrupt the dialog', async () => {
    const { engine, speaker, say } = await setup();
    const start = await say('/ta note');
    const [a, b] = await Promise.all([
      engine.handle({ speaker, text: 'red' }),
      engine.handle({ speaker, text: 'blue' }),
    ]);
    // One answer moves the dialog on; the other either lost the race (told politely) or, when the
    // database ran them one after the other, was read as a (wrong) answer to the next question.
    const conflict = (r: Reply) => r.messages.join(' ').includes('Two messages arrived at once');
    const winners = [a, b].filter((r) => r.prompt?.field === 'size' && !r.error && !conflict(r));
    const others = [a, b].filter((r) => conflict(r) || r.error?.includes('Size'));
    expect(winners).toHaveLength(1);
    expect(others).toHaveLength(1);
    const state = await engine.active(speaker);
    expect(state).toMatchObject({ step: 'size', version: start.dialog!.version + 1 });
  });

  it('when two turns read the same version, only the first write lands; the other is told politely', async () => {
    const { engine, speaker, say } = await setup({ meet: meetingPoint() });
    const start = await say('/ta note');
    const [a, b] = await Promise.all([
      engine.handle({ speaker, text: 'red' }),
      engine.handle({ speaker, text: 'blue' }),
    ]);
    const polite = [a, b].filter((r) => r.messages.join(' ').includes('Two messages arrived at once'));
    expect(polite).toHaveLength(1);
    expect(polite[0]!.prompt?.field).toBe('size');
    const state = await engine.active(speaker);
    expect(state).toMatchObject({ step: 'size', version: start.dialog!.version + 1 });
  });

  it('two concurrent confirmations save exactly once', async () => {
    const { engine, speaker, say, commits } = await setup();
    await say('/ta note red');
    await say('2');
    const replies = await Promise.all([
      engine.handle({ speaker, text: 'yes' }),
      engine.handle({ speaker, text: 'yes' }),
    ]);
    expect(commits).toHaveLength(1);
    expect(replies.filter((r) => r.done?.outcome === 'completed')).toHaveLength(1);
    expect(await engine.active(speaker)).toBeUndefined();
  });

  it('a failed save keeps the dialog at the preview with the message; nothing typed is lost', async () => {
    const { say, commits } = await setup({ failFirst: { on: true } });
    await say('/ta note red');
    await say('2');
    let r = await say('yes');
    expect(r.error).toBe('The tracker is busy; try again.');
    expect(r.preview?.fields.map((f) => f.value)).toEqual(['red', '2']);
    r = await say('yes');
    expect(r.done?.outcome).toBe('completed');
    expect(commits).toEqual([{ color: 'red', size: 2 }]);
  });

  it('expires after the idle time, says so, and can resume with the kept answers', async () => {
    const { say } = await setup({ idleMinutes: 10 });
    await say('/ta note green');
    t.clock.now = new Date(t.clock.now.getTime() + 11 * 60_000);
    let r = await say('4');
    expect(r.done).toEqual({ outcome: 'expired' });
    expect(r.messages.join(' ')).toMatch(/expired after 10 minutes.*Nothing was saved.*Color.*resume/);
    r = await say('resume');
    expect(r.prompt?.field).toBe('size');
    r = await say('4');
    expect(r.preview?.fields.map((f) => f.value)).toEqual(['green', '4']);
    // Starting another dialog after an expiry replaces the expired one and says its answers were dropped.
    t.clock.now = new Date(t.clock.now.getTime() + 11 * 60_000);
    r = await say('/ta note blue');
    expect(r.messages.join(' ')).toMatch(/expired[\s\S]*Your answers \(Color, Size\) were dropped/);
    expect(r.prompt?.field).toBe('size');
  });

  it('answers a stale button click politely with the current question', async () => {
    const { engine, speaker, say } = await setup();
    const first = await say('/ta note');
    await say('red');
    const r = await engine.handle({ speaker, answer: 'blue', expectedVersion: first.dialog!.version });
    expect(r.error).toBeUndefined();
    expect(r.messages.join(' ')).toContain('earlier step');
    expect(r.prompt?.field).toBe('size');
    const ok = await engine.handle({ speaker, answer: '3', expectedVersion: r.dialog!.version });
    expect(ok.prompt?.field).toBe('confirm');
  });

  it('a read-only command runs during a dialog; another dialog verb asks before replacing it', async () => {
    const { say } = await setup();
    await say('/ta note');
    let r = await say('/ta mine');
    expect(r.messages.join(' ')).toContain('no open activities');
    expect(r.prompt?.field).toBe('color');
    r = await say('mine');
    expect(r.error).toContain('not one of the choices');
    r = await say('/ta note blue');
    expect(r.prompt?.field).toBe('switch');
    r = await say('no');
    expect(r.prompt?.field).toBe('color');
    await say('/ta note blue');
    r = await say('yes');
    expect(r.prompt?.field).toBe('size');
  });

  it('an unknown verb gets help and the closest verb', async () => {
    const { say } = await setup();
    const r = await say('/ta nte');
    expect(r.messages[0]).toContain('Did you mean `/ta note`');
    expect(r.messages.join('\n')).toContain('/ta help');
  });

  it('accepts a form answer for several fields at once', async () => {
    const { engine, speaker, say } = await setup();
    await say('/ta note');
    const r: Reply = await engine.handle({ speaker, answer: { color: 'blue', size: '9' } });
    expect(r.preview?.fields.map((f) => f.value)).toEqual(['blue', '9']);
    const bad = await engine.handle({ speaker, answer: { color: 'red', size: '0' } });
    expect(bad.error).toContain('at least 1');
    expect(bad.prompt?.field).toBe('size');
  });
});
