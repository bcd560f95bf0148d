// Direct messages to the bot through the real Slack app (fake Web API on 127.0.0.1): a plain
// sentence about TA delivered starts `log`, and text typed after a dialog expired is offered as its
// answer (with Yes / No buttons) instead of being read as an unknown command and lost.
import { afterEach, describe, expect, it } from 'vitest';
import { createDialogEngine } from '../dialogs/engine.js';
import { createActivity, createGoal, createStaff } from './support/fixtures.js';
import { eventEnvelope, type Harness, messageAction, startHarness, textOf } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

let ts = 1764001000;

async function setup() {
  h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
  const me = await createStaff(t.ctx.db, {
    name: 'Robin Provider',
    email: 'u0robin@center.example.org',
    states: ['MD', 'TX'],
  });
  h.fake.addUser({ id: 'U0ROBIN', email: me.email });
  return me;
}

/** Sends a DM and returns the text (and block text) of the bot's answer to it. */
async function dm(text: string): Promise<string> {
  const before = h!.fake.callsOf('chat.postMessage').length;
  await h!.slack.event(
    eventEnvelope(h!, {
      type: 'message',
      channel: 'D0ROBIN',
      channel_type: 'im',
      user: 'U0ROBIN',
      text,
      ts: `${++ts}.000100`,
    }),
  );
  const call = await h!.fake.waitFor(
    () => h!.fake.callsOf('chat.postMessage')[before],
    `the answer to "${text}"`,
  );
  return `${String(call.args.text ?? '')}\n${textOf(call.args.blocks)}`;
}

describe('Slack direct messages without a command', () => {
  it('a sentence about TA delivered starts /ta log', async () => {
    const me = await setup();
    const md = await createActivity(t.ctx.db, {
      primaryStaff: me,
      stateCode: 'MD',
      tracking: true,
      focus: 'QRIS strategic planning',
    });
    const answer = await dm('held a phone call with Maryland yesterday');
    expect(answer).toMatch(/I read that as \/ta log/);
    expect(answer).toContain(`#${md.id} MD — QRIS strategic planning`);
    expect(answer).toMatch(/Summary of TA delivered/);
  });

  it('text typed after the dialog expired is offered as its answer; yes resumes with it', async () => {
    await setup();
    await createGoal(t.ctx.db, { stateCode: 'MD' });
    await createGoal(t.ctx.db, { stateCode: 'TX' });
    expect(await dm('new')).toMatch(/Which State or Territory/);
    t.clock.now = new Date(t.clock.now.getTime() + 31 * 60_000);
    const offer = await dm('Maryland');
    expect(offer).toMatch(/expired after 30 minutes/);
    expect(offer).toMatch(/Resume \/ta new with “Maryland” as the answer/);
    expect(offer).toMatch(/Yes, resume \/ta new/);
    expect(offer).not.toMatch(/I don't know/);
    const resumed = await dm('yes');
    expect(resumed).toMatch(/Resuming \/ta new/);
    expect(resumed).toMatch(/TA focus/);
  });

  it("the offer's Yes button resumes with the kept text as the answer", async () => {
    await setup();
    await createGoal(t.ctx.db, { stateCode: 'MD' });
    await createGoal(t.ctx.db, { stateCode: 'TX' });
    await dm('new');
    t.clock.now = new Date(t.clock.now.getTime() + 31 * 60_000);
    await dm('Texas');
    const offer = h!.fake.callsOf('chat.postMessage').at(-1)!;
    type Json = Record<string, unknown>;
    const blocks = offer.args.blocks as Json[];
    const button = blocks
      .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
      .find((el) => el.type === 'button' && el.value === 'yes');
    expect(button, JSON.stringify(blocks)).toBeDefined();
    const block = blocks.find((b) => ((b.elements as Json[] | undefined) ?? []).includes(button!))!;
    const before = h!.fake.responses.length;
    const res = await h!.slack.interaction(
      messageAction(
        h!,
        'U0ROBIN',
        { ...button!, block_id: String(block.block_id) },
        {
          channel: 'D0ROBIN',
          ephemeral: false,
        },
      ),
    );
    expect(res.status).toBe(200);
    const next = await h!.fake.waitFor(() => h!.fake.responses[before], 'the resumed dialog');
    const text = `${String(next.body.text ?? '')}\n${textOf(next.body.blocks)}`;
    expect(text).toMatch(/Resuming \/ta new/);
    expect(text).toMatch(/TA focus/);
  });
});
