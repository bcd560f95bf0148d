// Renders channel-neutral replies and nudges as plain terminal text: prompts as numbered choices,
// previews as aligned fields, buttons as short codes the user can type (a1, a2…).

import type { Action, Prompt, Reply } from '../../dialogs/types.js';
import type { NudgeMessage } from '../../src/reminders/channel-port.js';

/** Strips Slack-style *bold* and `code` marks, which a plain terminal shows literally. */
export const plain = (text: string) => text.replace(/\*([^*\n]+)\*/g, '$1').replace(/`([^`\n]+)`/g, '$1');

export function renderPrompt(prompt: Prompt): string[] {
  const lines = [plain(prompt.text)];
  if (prompt.kind === 'form' && prompt.fields) {
    for (const f of prompt.fields) lines.push(`  - ${plain(f.text)}`);
  }
  prompt.choices?.forEach((c, i) => {
    lines.push(`  ${i + 1}. ${c.label}${c.description ? ` — ${c.description}` : ''}`);
  });
  if (prompt.kind === 'multi_choice')
    lines.push('  (type one or more numbers or names, separated by commas)');
  const def = Array.isArray(prompt.defaultValue) ? prompt.defaultValue.join(', ') : prompt.defaultValue;
  if (def) lines.push(`  [press Enter for: ${def}]`);
  if (prompt.optional) lines.push('  (optional: press Enter to skip)');
  return lines;
}

export function renderActions(actions: Action[], startIndex = 1): string[] {
  return actions.map((a, i) => `  [a${startIndex + i}] ${a.label}`);
}

/** The reply as lines of text; `actions` are numbered from `actionBase` (see ConsoleSession). */
export function renderReply(reply: Reply, actionBase = 1): string[] {
  const lines: string[] = [];
  for (const m of reply.messages) lines.push(...plain(m).split('\n'));
  if (reply.error) lines.push(`! ${plain(reply.error)}`);
  for (const f of reply.files ?? []) lines.push(`📎 ${f.title}: written to ${f.path}`);
  if (reply.preview) {
    lines.push(`— ${plain(reply.preview.title)} —`);
    const width = Math.max(...reply.preview.fields.map((f) => f.label.length), 0);
    for (const f of reply.preview.fields) {
      const [first = '', ...rest] = plain(f.value).split('\n');
      lines.push(`  ${f.label.padEnd(width)} : ${first}`);
      for (const r of rest) lines.push(`  ${' '.repeat(width)}   ${r}`);
    }
    for (const w of reply.preview.warnings ?? []) lines.push(`  ⚠ ${plain(w)}`);
  }
  if (reply.actions?.length) lines.push(...renderActions(reply.actions, actionBase));
  if (reply.prompt) lines.push(...renderPrompt(reply.prompt));
  return lines;
}

export function renderNudge(
  message: NudgeMessage,
  recipient: string | undefined,
  actionBase: number,
): string[] {
  const head = recipient ? `🔔 Reminder for ${recipient}:` : '🔔 Reminder:';
  const lines = [
    head,
    ...plain(message.text)
      .split('\n')
      .map((l) => `  ${l}`),
  ];
  message.buttons.forEach((b, i) => {
    lines.push(`  [a${actionBase + i}] ${b.label}`);
  });
  return lines;
}
