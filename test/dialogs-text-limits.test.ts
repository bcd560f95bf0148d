// Free-text limits: every free-text field has a maximum length in the zod schemas, with a message
// saying the limit and how long the text is; the dialogs refuse an over-long answer before keeping it
// in dialog state and ask again, and an over-long command text never starts a dialog.
import { describe, expect, it } from 'vitest';
import { dialogStates } from '../db/schema.js';
import {
  AddFeedbackInput,
  AddSummaryInput,
  CreateActivityInput,
  UpdateActivityInput,
} from '../src/rules/schemas.js';
import { TEXT_LIMITS } from '../src/rules/text-limits.js';
import { converse, engineFor, speakerFor } from './support/dialog-driver.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
const long = TEXT_LIMITS.long;
const x = (n: number) => 'x'.repeat(n);
const firstMessage = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message).find((m) => m.includes('at most'));

describe('schemas bound every free-text field', () => {
  it.each([
    [
      'R15 summary',
      AddSummaryInput,
      { deliveryId: 1, summary: x(long + 1) },
      'Summary of TA delivered',
      long,
    ],
    [
      'R17 feedback text',
      AddFeedbackInput,
      { activityId: 1, fromName: 'Dana Director', fromTitle: 'Administrator', text: x(long + 5) },
      'Feedback',
      long,
    ],
    [
      'R17 feedback name',
      AddFeedbackInput,
      { activityId: 1, fromName: `Dana ${x(300)}`, fromTitle: 'Administrator', text: 'Useful.' },
      'Full name of who gave the feedback',
      TEXT_LIMITS.short,
    ],
    ['R10 outcome plan', CreateActivityInput, { outcomePlan: `State will ${x(long)}` }, 'Outcome plan', long],
    [
      'R5 other-focus notes',
      UpdateActivityInput,
      { id: 1, otherFocusNotes: x(TEXT_LIMITS.medium + 1) },
      'Other-focus notes',
      TEXT_LIMITS.medium,
    ],
  ] as const)('%s: says the limit and the length', (_what, schema, input, label, max) => {
    const result = (schema as unknown as { safeParse(v: unknown): never }).safeParse(input);
    const message = firstMessage(result);
    const length = Object.values(input).find((v) => typeof v === 'string' && v.length > max) as string;
    expect(message).toBe(
      `${label} can be at most ${max} characters; yours has ${length.length} — please shorten it and send it again.`,
    );
  });

  it('text at the limit is accepted', () => {
    expect(AddSummaryInput.safeParse({ deliveryId: 1, summary: x(long) }).success).toBe(true);
  });
});

describe('dialogs refuse over-long text before keeping it', () => {
  it('R15 a summary over the limit is asked again and never stored in dialog state', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD'], name: 'Robin Reyes' });
    await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    const engine = engineFor(t.ctx);
    const speaker = speakerFor(me);
    const huge = `Held a call. ${x(long)}`;
    await converse(engine, speaker, [
      ['/ta log held a call with MD yesterday', { prompt: 'summary' }],
      [
        huge,
        {
          prompt: 'summary',
          error: new RegExp(
            `^Summary can be at most ${long} characters; yours has ${huge.length} — please shorten`,
          ),
        },
      ],
    ]);
    const stored = await t.ctx.db.select().from(dialogStates);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0]!.data)).not.toContain(x(1000));
  });

  it('an over-long command text is refused before any dialog starts', async () => {
    const me = await createStaff(t.ctx.db, { states: ['MD'] });
    await createActivity(t.ctx.db, { primaryStaff: me, stateCode: 'MD', tracking: true });
    const text = `/ta log ${x(2_000_000)}`;
    const [reply] = await converse(engineFor(t.ctx), speakerFor(me), [
      [
        text,
        { prompt: null, error: /^The text after \/ta log can be at most 3000 characters; yours has 2000000/ },
      ],
    ]);
    expect(reply!.prompt).toBeUndefined();
    expect(await t.ctx.db.select().from(dialogStates)).toEqual([]);
  });
});
