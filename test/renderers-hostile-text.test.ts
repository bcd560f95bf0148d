// Everything a renderer interpolates is escaped by its channel's one helper (Slack: mrkdwn(), Teams:
// markdown()): hostile text typed by anyone (a requester's name, a summary, a focus) never becomes a
// Slack mention or disguised link, nor a Teams tag, mention or link, wherever it appears.
import { describe, expect, it } from 'vitest';
import { renderNudge as slackNudge } from '../adapters/slack/channel-port.js';
import { renderHome } from '../adapters/slack/render-home.js';
import { renderMessage } from '../adapters/slack/render-message.js';
import { renderModal } from '../adapters/slack/render-modal.js';
import { renderReply, renderNudge as teamsNudge } from '../adapters/teams/render-card.js';
import type { Prompt, Reply } from '../dialogs/types.js';
import type { NudgeMessage } from '../src/reminders/channel-port.js';
import type { MyActivity } from '../src/services/list-my-activities.js';

const H =
  '<!channel> <https://evil.example|Click to confirm> <@U0BOSS> [Click](https://evil.example) <at>Boss</at>';

const prompts: Prompt[] = [
  { kind: 'text', field: 'summary', text: `Summary for ${H}?`, hint: H, defaultValue: H },
  {
    kind: 'choice',
    field: 'a',
    text: H,
    choices: [1, 2, 3].map((i) => ({ value: String(i), label: `${H} ${i}`, description: H })),
  },
  {
    kind: 'choice',
    field: 'b',
    text: H,
    choices: [1, 2, 3, 4, 5, 6, 7].map((i) => ({ value: String(i), label: `${H} ${i}` })),
  },
  { kind: 'multi_choice', field: 'm', text: H, choices: [{ value: 'x', label: H }], defaultValue: [H] },
  { kind: 'person', field: 'p', text: H, choices: [{ value: '1', label: H }], personPool: 'requesters' },
  { kind: 'date', field: 'd', text: H, defaultValue: H },
  { kind: 'confirm', field: 'confirm', text: H, choices: [{ value: 'yes', label: H }], hint: H },
  { kind: 'form', field: 'f', text: H, fields: [{ kind: 'text', field: 't', text: H, defaultValue: H }] },
];

const replies: Reply[] = prompts.map((prompt) => ({
  messages: [H, `${'x'.repeat(2990)}${H}`],
  error: H,
  prompt,
  preview: { title: H, fields: [{ field: 'summary', label: H, value: H }], warnings: [H] },
  actions: [{ id: 'a', label: H, command: `show 1 ${H}` }],
  dialog: { name: 'log', step: 'summary', version: 3 },
}));
replies.push({ messages: [H], done: { outcome: 'completed' } });

const nudge: NudgeMessage = {
  kind: 'summary_due',
  text: `A summary is due on ${H}`,
  items: [{ activityId: 1, label: H, detail: H }],
  buttons: [{ label: H, command: 'log 1' }],
};

const activity: MyActivity = {
  activityId: 1,
  stateCode: 'CA',
  focus: H,
  otherFocusNotes: H,
  role: 'primary',
  activityStatus: 'approved',
  currentStage: 'final',
  trackingOpen: true,
  dateOpened: '2026-11-02',
  pending: [
    { deliveryId: 1, startDate: '2026-11-20', endDate: '2026-11-20', methods: ['onsite'], due: '2026-11-24' },
  ] as MyActivity['pending'],
  nextDue: '2026-11-24',
  worst: 'due_soon',
};

/** Every string Slack reads as mrkdwn: mrkdwn text objects and a message's top-level text. */
function slackMrkdwn(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, topLevel: boolean) => {
    if (Array.isArray(v)) for (const x of v) walk(x, false);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      if (topLevel && typeof o.text === 'string') out.push(o.text);
      for (const x of Object.values(o)) walk(x, false);
    }
  };
  walk(payload, true);
  return out;
}

/** Every string Teams reads as markdown: message text, TextBlock text, fact titles and values. */
function teamsMarkdown(message: { text: string; card?: unknown }): string[] {
  const out = [message.text];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      if (o.type === 'FactSet')
        for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
      Object.values(o).forEach(walk);
    }
  };
  walk(message.card);
  return out;
}

const slackSafe = (texts: string[]) => {
  expect(texts.join('\n')).toContain('&lt;!channel&gt;'); // the walk saw the hostile text
  for (const t of texts) expect(t).not.toMatch(/<[!@#]|<https?:/);
};
const teamsSafe = (texts: string[]) => {
  expect(texts.join('\n')).toContain('&lt;at>Boss');
  for (const t of texts) {
    expect(t).not.toContain('<');
    expect(t).not.toMatch(/(^|[^\\])\[[^\]]*(^|[^\\])\]\(/);
  }
};

describe('hostile text in every renderer', () => {
  it('R25 Slack messages, modals, App Home and nudges escape it', () => {
    for (const r of replies) slackSafe(slackMrkdwn(renderMessage(r)));
    for (const r of replies) slackSafe(slackMrkdwn(renderModal(r, { c: 'D1', d: 'log' })));
    slackSafe(
      slackMrkdwn(
        renderHome({
          today: '2026-11-23',
          activities: [activity],
          feedback: [{ activityId: 1, fromName: H, fromTitle: H, noteDate: '2026-11-20', text: H }],
        }),
      ),
    );
    slackSafe(slackMrkdwn(slackNudge(nudge)));
  });

  it('R25 Teams messages, cards and nudges escape it', () => {
    for (const r of replies) teamsSafe(teamsMarkdown(renderReply(r)));
    teamsSafe(teamsMarkdown(teamsNudge(nudge)));
  });

  it('Teams: a line indented by four spaces is not a code block', () => {
    const [text] = teamsMarkdown(renderReply({ messages: ['Open:\n    #1 CA — QRIS'] }));
    expect(text).not.toMatch(/^ {4}/m);
    expect(text).toContain('#1 CA — QRIS');
  });

  it('Slack: the Save prompt has no bold inside bold', () => {
    const m = renderMessage({
      messages: [],
      prompt: {
        kind: 'confirm',
        field: 'confirm',
        text: 'Save this? Answer *yes*, pick an option, or type *edit <field>* to change something.',
        choices: [{ value: 'yes', label: 'Save' }],
      },
    });
    const question = slackMrkdwn(m.blocks).find((t) => t.includes('Save this?'))!;
    expect(question).toBe(
      '*Save this? Answer yes, pick an option, or type edit &lt;field&gt; to change something.*',
    );
  });

  it('Slack: long text split into sections loses no character, however many it escapes', () => {
    const text = `${'a&b<c>'.repeat(900)}end`;
    const blocks = renderMessage({ messages: [text] }).blocks as { text?: { text: string } }[];
    const joined = blocks
      .map((b) => b.text?.text ?? '')
      .join('')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(joined).toBe(text);
    for (const b of blocks) expect(b.text!.text.length).toBeLessThanOrEqual(3000);
  });
});
