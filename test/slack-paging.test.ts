// Long answers in Slack are paged from the top within Slack's limits (≤ 50 blocks a message, section
// text ≤ 3000 characters), with a More button that shows the next page; nothing is cut from the top.
import { afterEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../adapters/slack/render-message.js';
import { deliveries } from '../db/schema.js';
import { createDialogEngine } from '../dialogs/engine.js';
import { createActivity, createStaff } from './support/fixtures.js';
import { commandFields, type Harness, messageAction, startHarness, textOf } from './support/slack-harness.js';
import { useTestDb } from './support/test-db.js';

const t = useTestDb();
type Json = Record<string, unknown>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const withinLimits = (blocks: Json[]) => {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) {
    const text = (b.text as { text?: string } | undefined)?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(3000);
  }
};

describe('Slack paging', () => {
  it('R14 /ta show of a long record starts with its title and pages on with More', async () => {
    h = await startHarness({ engine: createDialogEngine({ ctx: t.ctx, idleMinutes: 30 }), ctx: t.ctx });
    const me = await createStaff(t.ctx.db, { email: 'u0page@center.example.org' });
    h.fake.addUser({ id: 'U0PAGE', email: me.email });
    const a = await createActivity(t.ctx.db, { primaryStaff: me, tracking: true });
    await t.ctx.db.insert(deliveries).values(
      Array.from({ length: 70 }, (_, i) => ({
        activityId: a.id,
        startDate: '2026-11-02',
        endDate: '2026-11-02',
        dueDate: '2026-11-12',
        methods: ['remote'],
        summary: `Session ${i + 1}: ${'SCBC & the State <QRIS> team reviewed tiers. '.repeat(60)}`,
        summaryDate: '2026-11-03',
        summaryEnteredAt: new Date('2026-11-03T15:00:00Z'),
      })),
    );
    await h.slack.command(commandFields(h, 'U0PAGE', `show ${a.id}`));
    const first = await h.fake.waitFor(() => h!.fake.responses[0], 'page 1');
    const blocks = first.body.blocks as Json[];
    withinLimits(blocks);
    expect(textOf(blocks.slice(0, 1))).toContain(`#${a.id}`);
    const more = (blocks.at(-1)!.elements as Json[])[0]!;
    expect(more.action_id).toBe('tat_more');
    await h.slack.interaction(messageAction(h, 'U0PAGE', { ...more, block_id: 'more' }));
    const second = await h.fake.waitFor(() => h!.fake.responses[1], 'page 2');
    withinLimits(second.body.blocks as Json[]);
    expect(second.body.replace_original).toBe(false);
    // Page 2 goes on where page 1 stopped.
    const lastOnPage1 = Number([...textOf(blocks).matchAll(/Session (\d+):/g)].at(-1)![1]);
    expect(textOf(second.body.blocks)).toContain(`Session ${lastOnPage1 + 1}:`);
    expect(textOf(second.body.blocks)).not.toContain('Session 1:');
  });

  it('/ta mine with hundreds of Log buttons keeps its title and list on page 1', () => {
    const actions = Array.from({ length: 300 }, (_, i) => ({
      id: `log-${i}`,
      label: `Log #${i}`,
      command: `log ${i}`,
    }));
    const lines = Array.from(
      { length: 300 },
      (_, i) => `• #${i} CA — QRIS strategic planning — approved, final plan`,
    );
    const reply = { messages: [['Your open activities (300):', ...lines].join('\n')], actions };
    const page1 = renderMessage(reply, { command: 'mine' }).blocks as Json[];
    withinLimits(page1);
    expect(textOf(page1.slice(0, 1))).toContain('Your open activities (300)');
    let seen = 0;
    for (let page = 0; ; page++) {
      const blocks = renderMessage(reply, { command: 'mine', page }).blocks as Json[];
      withinLimits(blocks);
      seen += blocks
        .flatMap((b) => (b.elements as Json[] | undefined) ?? [])
        .filter((e) => e.action_id !== 'tat_more' && e.type === 'button').length;
      if (!blocks.some((b) => (b.elements as Json[] | undefined)?.some((e) => e.action_id === 'tat_more')))
        break;
    }
    expect(seen).toBe(300);
  });

  it('a text question never prefills more than Slack takes (3000 characters)', () => {
    const long = 'x'.repeat(4271);
    const m = renderMessage({
      messages: [],
      prompt: { kind: 'text', field: 'summary', text: 'Summary?', defaultValue: long },
    });
    const inputs = (m.blocks as Json[]).filter((b) => b.type === 'input');
    for (const i of inputs)
      expect(String((i.element as Json).initial_value ?? '').length).toBeLessThanOrEqual(3000);
  });
});
